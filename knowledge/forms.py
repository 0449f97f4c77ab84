"""Forms of the staff admin that take files (every file goes through `prepare_upload` there too), and the
curators' dashboard."""

from django import forms
from django.utils.translation import gettext_lazy as _

from knowledge.statistics import DEFAULT_PERIOD, PERIODS
from knowledge.uploads import PreparedFile, prepare_upload


def _prepared(form: forms.ModelForm, name: str, *, images_only: bool = False) -> PreparedFile | None:
    upload = form.cleaned_data.get(name)
    if form.add_prefix(name) in form.files and upload:
        return prepare_upload(upload, images_only=images_only)
    return None


# The admin builds the real form classes from these (with its widgets), so they name no fields.
class OutputAdminForm(forms.ModelForm):
    prepared_cover: PreparedFile | None = None

    def clean_cover_image(self):
        self.prepared_cover = _prepared(self, "cover_image", images_only=True)
        return self.cleaned_data.get("cover_image")


class AttachmentAdminForm(forms.ModelForm):
    prepared_file: PreparedFile | None = None

    def clean_file(self):
        self.prepared_file = _prepared(self, "file")
        return self.cleaned_data.get("file")


class DashboardForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS.items(), required=False)

    def chosen_period(self) -> str:
        """The period asked for, or the default one when none (or a wrong one) was given."""
        if self.is_valid() and self.cleaned_data["period"]:
            return self.cleaned_data["period"]
        return DEFAULT_PERIOD

    def problems(self) -> list[str]:
        return [_("Period: there is no such period; showing the last 12 months.")] if self.errors else []
