from django.urls import path

from deep_dives import views

app_name = "deep_dives"

urlpatterns = [
    path("", views.deep_dive_list, name="deep_dive_list"),
    path("<slug:slug>/", views.deep_dive_detail, name="deep_dive_detail"),
    path("<slug:slug>/cover/", views.deep_dive_cover, name="deep_dive_cover"),
]
