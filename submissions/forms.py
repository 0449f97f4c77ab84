from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cities.models import City
from cpp_portal.edit_conflicts import EditConflictForm
from cpp_portal.file_types import ALLOWED_TYPES, IMAGE_TYPES, upload_limits_text
from knowledge.models import Attachment, Output
from knowledge.uploads import prepare_upload
from submissions.models import Comment, PreviewLink
from submissions.services import submission_values
from submissions.workflow import STEPS, Action, Role, available_actions


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class UploadField(forms.FileField):
    """A file checked, and prepared for storing, by `prepare_upload`: cleans to a `PreparedFile`."""

    def __init__(self, *, images_only: bool = False, **kwargs):
        self.images_only = images_only
        # An empty file gets our own message, which names the file.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(**kwargs)
        extensions = [ext for ext, kind in ALLOWED_TYPES.items() if kind in IMAGE_TYPES or not images_only]
        self.widget.attrs["accept"] = ",".join(f".{ext}" for ext in extensions)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        return prepare_upload(upload, images_only=self.images_only) if upload else None


class MultipleUploadField(UploadField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        uploads = [item for item in (data if isinstance(data, (list, tuple)) else [data]) if item]
        if not uploads:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(uploads) > settings.UPLOAD_MAX_FILES:
            raise ValidationError(
                ngettext_lazy(
                    "Add at most %(limit)d file at a time.", "Add at most %(limit)d files at a time.", "limit"
                ),
                code="too_many_files",
                params={"limit": settings.UPLOAD_MAX_FILES},
            )
        prepared, errors = [], []
        for upload in uploads:
            try:
                prepared.append(UploadField.clean(self, upload, initial))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return prepared


class SubmissionForm(EditConflictForm):
    """An official's output. Cities are limited to the official's own; status is never a field."""

    cover = UploadField(label=_("Cover image"), images_only=True, required=False)
    remove_cover = forms.BooleanField(label=_("Remove the cover image"), required=False)
    attachments = MultipleUploadField(label=_("Add files"), required=False)
    video_url = forms.URLField(
        label=capfirst(Output._meta.get_field("video_url").verbose_name),
        help_text=Output._meta.get_field("video_url").help_text,
        required=False,
        assume_scheme="https",
        max_length=200,
    )
    remove_attachments = forms.ModelMultipleChoiceField(
        label=_("Remove files"),
        queryset=Attachment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Output
        fields = [
            "title",
            "kind",
            "summary",
            "body",
            "themes",
            "cities",
            "deep_dive",
            "language",
            "authors",
            "publication_date",
            "video_url",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "cities": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "authors": forms.Textarea(attrs={"rows": 3}),
            "publication_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"cities": _("Only the cities you are an official of are listed.")}

    def __init__(self, *args, user, **kwargs):
        self.own_cities = City.objects.with_member(user).order_by("name")
        super().__init__(*args, **kwargs)
        cities = self.fields["cities"]
        cities.queryset = self.own_cities
        cities.required = True
        self.fields["deep_dive"].queryset = self.fields["deep_dive"].queryset.order_by("title")
        self.fields["cover"].help_text = _(
            "JPEG, PNG or WebP, up to %(size)s; shown at 1200 × 630 pixels."
        ) % {"size": filesizeformat(settings.UPLOAD_MAX_IMAGE_SIZE)}
        self.fields["attachments"].help_text = upload_limits_text()
        if self.instance.pk:
            self.fields["remove_attachments"].queryset = self.instance.attachments.all()
        else:
            del self.fields["remove_attachments"]
            del self.fields["remove_cover"]

    def values_when_opened(self) -> dict:
        return submission_values(self.instance, self.own_cities)

    def comparable_saved_values(self, instance: Output) -> dict:
        return submission_values(instance, self.own_cities)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("cover") and cleaned.get("remove_cover"):
            self.add_error("remove_cover", _("Either add a new cover image or remove the old one, not both."))
        return cleaned


class OfficialActionForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=())
    note = forms.CharField(
        label=_("Note for the curators"), required=False, max_length=5000, widget=forms.Textarea
    )

    def __init__(self, *args, output: Output, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = available_actions(output.status, Role.OFFICIAL)
        self.fields["action"].choices = [(action, Action(action).label) for action in allowed]


class ReviewForm(forms.Form):
    """What a curator decides about a submission, with the note the submitter receives."""

    action = forms.ChoiceField(label=_("Decision"), choices=())
    note = forms.CharField(
        label=_("Note to the submitter"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required when you request changes: say what to change."),
    )
    publish_at = forms.DateTimeField(
        label=_("Publish on"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "Leave empty to publish at once. A later date is an embargo: the output stays hidden until "
            "then and appears everywhere by itself."
        ),
    )

    def __init__(self, *args, output: Output, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = available_actions(output.status, Role.CURATOR)
        self.fields["action"].choices = [(action, Action(action).label) for action in allowed]
        self.takes_publication_time = any(STEPS[action].sets_publication_time for action in allowed)

    def clean(self):
        cleaned = super().clean()
        step = STEPS.get(cleaned.get("action"))
        if step and step.note_required and not cleaned.get("note", "").strip():
            self.add_error("note", step.note_prompt)
        if cleaned.get("publish_at") and step and not step.sets_publication_time:
            self.add_error("publish_at", _("A publication date only goes with “Publish”."))
        return cleaned


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}


class PreviewLinkForm(forms.ModelForm):
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=90, initial=14)

    class Meta:
        model = PreviewLink
        fields = ["note"]
        help_texts = {"note": _("For example the name of the reviewer you send it to.")}
