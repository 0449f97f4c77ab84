from django.urls import path

from submissions import views

app_name = "submissions"

urlpatterns = [
    path("submit/", views.dashboard, name="dashboard"),
    path("submit/new/", views.submission_new, name="new"),
    path("submit/<int:pk>/", views.submission_detail, name="detail"),
    path("submit/<int:pk>/edit/", views.submission_edit, name="edit"),
    path("submit/<int:pk>/action/", views.submission_action, name="action"),
    path("submit/<int:pk>/comments/", views.submission_comment, name="comment"),
    path("preview/<str:token>/", views.preview, name="preview"),
    path("preview/<str:token>/cover/", views.preview_cover, name="preview_cover"),
    path("preview/<str:token>/files/<int:pk>/thumbnail/", views.preview_thumbnail, name="preview_thumbnail"),
    path("preview/<str:token>/files/<int:pk>/<str:filename>", views.preview_file, name="preview_file"),
]
