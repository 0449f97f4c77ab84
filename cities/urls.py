from django.urls import path

from cities import views

app_name = "cities"

urlpatterns = [
    path("", views.city_list, name="city_list"),
    path("<slug:slug>/", views.city_detail, name="city_detail"),
    path("<slug:slug>/cover/", views.city_cover, name="city_cover"),
]
