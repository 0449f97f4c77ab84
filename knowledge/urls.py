from django.urls import path

from knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("knowledge/", views.library, name="library"),
    path("knowledge/<slug:slug>/", views.output_detail, name="output_detail"),
    path("knowledge/<slug:slug>/cover/", views.output_cover, name="output_cover"),
    path(
        "knowledge/<slug:slug>/files/<int:pk>/<str:filename>",
        views.attachment_download,
        name="attachment_download",
    ),
    path("lessons/", views.lesson_list, name="lesson_list"),
    path("lessons/<slug:slug>/", views.lesson_detail, name="lesson_detail"),
    path("themes/", views.theme_list, name="theme_list"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme_detail"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
