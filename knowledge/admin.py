from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cpp_portal.edit_conflicts import EditConflictAdminForm
from cpp_portal.file_types import clean_display_name
from cpp_portal.files import files_removed_on_error
from knowledge import services
from knowledge.forms import AttachmentAdminForm, OutputAdminForm
from knowledge.models import Attachment, Lesson, Output


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentAdminForm
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
    """Outputs for curators. Files go through the same checks as officials' uploads. Whether and when an
    output is public (its status and publication time) changes only through review (Submissions › Review
    queue), where every change is recorded and announced: an output added here waits there."""

    form = OutputAdminForm
    list_display = ["title", "kind", "status", "featured", "language", "publication_date", "updated_at"]
    list_filter = ["status", "kind", "featured", "language", "themes", "deep_dive"]
    list_editable = ["featured"]
    search_fields = ["title", "summary", "authors"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    autocomplete_fields = ["cities", "deep_dive", "translation_of"]
    readonly_fields = ["content_changed_at", "status", "published_at"]
    date_hierarchy = "publication_date"
    list_select_related = []
    inlines = [AttachmentInline, LessonInline]
    # A video link typed without its scheme is taken as https (http is what Django assumes until 6.0).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "body", "authors"]}),
        (
            _("Description"),
            {"fields": ["language", "publication_date", "licence", "themes", "cities", "deep_dive"]},
        ),
        (_("Translation"), {"fields": ["translation_of", "content_changed_at"]}),
        (_("Media"), {"fields": ["cover_image", "video_url"]}),
        (_("Publication"), {"fields": ["status", "published_at", "featured"]}),
    ]

    def changeform_view(self, *args, **kwargs):
        with files_removed_on_error():
            return super().changeform_view(*args, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.status, obj.submitted_at = Output.Status.SUBMITTED, timezone.now()
            self.message_user(request, _("It waits in the review queue: publish it from there."))
        if "cover_image" in form.changed_data:
            # The new cover is stored by the service, re-encoded; the model keeps the old one until then.
            obj.cover_image = form.initial.get("cover_image") or ""
            super().save_model(request, obj, form, change)
            services.output_cover_set(output=obj, prepared=form.prepared_cover)
        else:
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Attachment:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for deleted in formset.deleted_forms:
            if deleted.instance.pk:
                services.attachment_remove(attachment=deleted.instance)
                formset.deleted_objects.append(deleted.instance)
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            attachment = inline_form.instance
            prepared = inline_form.prepared_file
            if prepared is not None and "display_name" in inline_form.changed_data:
                prepared.display_name = clean_display_name(inline_form.cleaned_data["display_name"])
            if prepared is None:
                attachment.save()
                formset.changed_objects.append((attachment, inline_form.changed_data))
            elif attachment.pk:
                attachment.file = Attachment.objects.get(pk=attachment.pk).file
                services.attachment_replace(attachment=attachment, prepared=prepared)
                formset.changed_objects.append((attachment, inline_form.changed_data))
            else:
                added = services.attachment_add(
                    output=form.instance, prepared=prepared, position=attachment.position
                )
                formset.new_objects.append(added)


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    form = EditConflictAdminForm
    list_display = ["title", "city", "output"]
    list_filter = ["themes", "city"]
    search_fields = ["title", "lesson", "challenge", "output__title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["city", "output"]
    filter_horizontal = ["themes"]
    list_select_related = ["city", "output"]
