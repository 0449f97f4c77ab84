from django.urls import path

from knowledge import feeds, views

app_name = "knowledge"

urlpatterns = [
    path("knowledge/", views.library, name="library"),
    path("knowledge/export.csv", views.library_export, {"extension": "csv"}, name="library_export_csv"),
    path("knowledge/export.jsonl", views.library_export, {"extension": "jsonl"}, name="library_export_jsonl"),
    path("knowledge/<slug:slug>/", views.output_detail, name="output_detail"),
    path("knowledge/<slug:slug>/cover/", views.output_cover, name="output_cover"),
    path(
        "knowledge/<slug:slug>/cover/thumbnail/", views.output_cover_thumbnail, name="output_cover_thumbnail"
    ),
    path(
        "knowledge/<slug:slug>/files/<int:pk>/thumbnail/",
        views.attachment_thumbnail,
        name="attachment_thumbnail",
    ),
    path(
        "knowledge/<slug:slug>/files/<int:pk>/<str:filename>",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "knowledge/<slug:slug>/citation.bib",
        views.output_citation,
        {"extension": "bib"},
        name="output_bibtex",
    ),
    path(
        "knowledge/<slug:slug>/citation.ris", views.output_citation, {"extension": "ris"}, name="output_ris"
    ),
    path("feeds/outputs.rss", feeds.OutputFeed(), name="output_feed"),
    path("feeds/outputs.atom", feeds.OutputAtomFeed(), name="output_feed_atom"),
    path("feeds/themes/<slug:slug>.rss", feeds.ThemeOutputFeed(), name="theme_feed"),
    path("feeds/themes/<slug:slug>.atom", feeds.ThemeOutputAtomFeed(), name="theme_feed_atom"),
    path("feeds/cities/<slug:slug>.rss", feeds.CityOutputFeed(), name="city_feed"),
    path("feeds/cities/<slug:slug>.atom", feeds.CityOutputAtomFeed(), name="city_feed_atom"),
    path("lessons/", views.lesson_list, name="lesson_list"),
    path("lessons/<slug:slug>/", views.lesson_detail, name="lesson_detail"),
    path("themes/", views.theme_list, name="theme_list"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme_detail"),
]
