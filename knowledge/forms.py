"""Forms of the staff admin that take files: every file goes through `prepare_upload` there too."""

from django import forms

from cpp_portal.edit_conflicts import EditConflictAdminForm
from knowledge.uploads import PreparedFile, prepare_upload


def _prepared(form: forms.ModelForm, name: str, *, images_only: bool = False) -> PreparedFile | None:
    upload = form.cleaned_data.get(name)
    if form.add_prefix(name) in form.files and upload:
        return prepare_upload(upload, images_only=images_only)
    return None


# The admin builds the real form classes from these (with its widgets), so they name no fields.
class OutputAdminForm(EditConflictAdminForm):
    prepared_cover: PreparedFile | None = None

    def clean_cover_image(self):
        self.prepared_cover = _prepared(self, "cover_image", images_only=True)
        return self.cleaned_data.get("cover_image")


class AttachmentAdminForm(forms.ModelForm):
    prepared_file: PreparedFile | None = None

    def clean_file(self):
        self.prepared_file = _prepared(self, "file")
        return self.cleaned_data.get("file")
