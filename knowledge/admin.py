from django.contrib import admin
from django.db import models

from knowledge.models import Attachment, Lesson, Output


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["file", "display_name", "content_type", "size", "position"]
    readonly_fields = ["content_type", "size"]


class LessonInline(admin.StackedInline):
    model = Lesson
    extra = 0
    autocomplete_fields = ["city"]
    filter_horizontal = ["themes"]
    prepopulated_fields = {"slug": ["title"]}
    fields = [
        "title",
        "slug",
        "city",
        "themes",
        "challenge",
        "action",
        "result",
        "lesson",
        "transfer_conditions",
    ]


@admin.register(Output)
class OutputAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "featured", "language", "publication_date", "updated_at"]
    list_filter = ["status", "kind", "featured", "language", "themes", "deep_dive"]
    list_editable = ["featured"]
    search_fields = ["title", "summary", "authors"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    autocomplete_fields = ["cities", "deep_dive", "translation_of"]
    readonly_fields = ["content_changed_at"]
    date_hierarchy = "publication_date"
    list_select_related = []
    inlines = [AttachmentInline, LessonInline]
    # A video link typed without its scheme is taken as https (http is what Django assumes until 6.0).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "body", "authors"]}),
        (
            "Description",
            {"fields": ["language", "publication_date", "licence", "themes", "cities", "deep_dive"]},
        ),
        ("Translation", {"fields": ["translation_of", "content_changed_at"]}),
        ("Media", {"fields": ["cover_image", "video_url"]}),
        ("Publication", {"fields": ["status", "published_at", "featured"]}),
    ]


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["title", "city", "output"]
    list_filter = ["themes", "city"]
    search_fields = ["title", "lesson", "challenge", "output__title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["city", "output"]
    filter_horizontal = ["themes"]
    list_select_related = ["city", "output"]
