from django.urls import path
app_name = "cities"
urlpatterns = []
