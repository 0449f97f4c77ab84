from django.urls import path
app_name = "deep_dives"
urlpatterns = []
