"""Optimistic concurrency for edit forms: nobody's save silently undoes somebody else's.

An edit form carries, in a hidden field, a fingerprint of each of its fields as they were when the form
was opened. A save reads the row again under lock and compares, field by field, three versions: as
loaded, as saved now, as submitted.
- A field only somebody else changed meanwhile keeps their value (the two saves merge).
- A field both changed, to different values, is a conflict: nothing is saved, the form comes back with
  this person's input and, under each such field, what was saved meanwhile; the hidden fingerprints
  now describe that newer version, so saving again deliberately keeps this person's.
"""

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

FIELD_NAME = "opened_version"
_SALT = "cpp_portal.edit_conflicts"

CONFLICT_MESSAGE = _(
    "Someone else saved this after you opened it, and changed some of the same fields. Nothing was "
    "saved. Your version is below; what they saved is shown under each of those fields. Save again to "
    "keep your version."
)


def _comparable(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        # As a form shows it: to the second, in whatever time zone.
        return value.astimezone(UTC).replace(microsecond=0).isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, (models.QuerySet, list, tuple, set, frozenset)):
        return sorted(_comparable(item) for item in value)
    if isinstance(value, str):
        # Browsers send a text area's line ends as CRLF, and form fields strip what they clean.
        return value.replace("\r\n", "\n").strip()
    if hasattr(value, "read"):  # a file just uploaded: always a change
        return f"upload:{id(value)}"
    return str(value)


def fingerprint(value: Any) -> str:
    return hashlib.blake2b(repr(_comparable(value)).encode(), digest_size=8).hexdigest()


def saved_values(instance: models.Model, names: Iterable[str]) -> dict[str, Any]:
    """The values of `names` as the instance holds them (many-to-many fields as lists)."""
    values = {}
    for name in names:
        field = instance._meta.get_field(name)
        values[name] = list(getattr(instance, name).all()) if field.many_to_many else getattr(instance, name)
    return values


@dataclass(frozen=True)
class Merge:
    conflicts: tuple[str, ...]  # changed by both, differently
    theirs: tuple[str, ...]  # changed only by somebody else: their value stays


def merge(loaded: Mapping[str, str], saved: Mapping[str, Any], submitted: Mapping[str, Any]) -> Merge:
    conflicts, theirs = [], []
    for name, before in loaded.items():
        if name not in saved or name not in submitted:
            continue
        now, mine = fingerprint(saved[name]), fingerprint(submitted[name])
        if now == before:
            continue
        if mine == before:
            theirs.append(name)
        elif mine != now:
            conflicts.append(name)
    return Merge(tuple(conflicts), tuple(theirs))


class EditConflict(ValidationError):
    """Raised by a service that finds fields changed by both savers; `saved` is the row as saved now."""

    def __init__(self, fields: Iterable[str], saved: models.Model):
        self.fields = tuple(fields)
        self.saved = saved
        super().__init__(CONFLICT_MESSAGE, code="edit_conflict")


def encode(fingerprints: Mapping[str, str]) -> str:
    return signing.dumps(dict(fingerprints), salt=_SALT, compress=True)


def decode(token: str | None) -> dict[str, str] | None:
    if not token:
        return None
    try:
        loaded = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return loaded if isinstance(loaded, dict) else None


class EditConflictForm(forms.ModelForm):
    """A model form that knows the version of its instance it was opened on (see the module's text)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields[FIELD_NAME] = forms.CharField(widget=forms.HiddenInput, required=False)
            opened = self.values_when_opened()
            self.fields[FIELD_NAME].initial = encode(
                {name: fingerprint(value) for name, value in opened.items()}
            )

    def checked_field_names(self) -> list[str]:
        names = []
        for name in self.fields:
            try:
                field = self.instance._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.concrete or field.many_to_many:
                names.append(name)
        return names

    def values_when_opened(self) -> dict[str, Any]:
        """The instance's values as the form shows them (its initial values, read once already)."""
        return {name: self.initial.get(name) for name in self.checked_field_names()}

    def comparable_saved_values(self, instance: models.Model) -> dict[str, Any]:
        """The instance's values as this form compares them; a form that shows only part of a field's
        choices (an official's own cities) narrows them here."""
        return saved_values(instance, self.checked_field_names())

    def fingerprints_of(self, instance: models.Model) -> dict[str, str]:
        return {name: fingerprint(value) for name, value in self.comparable_saved_values(instance).items()}

    def fingerprints_when_opened(self) -> dict[str, str] | None:
        """What the person saw when they opened the form; None for a new object or a form from before."""
        if not self.instance.pk:
            return None
        return decode(self.data.get(self.add_prefix(FIELD_NAME)))

    def submitted_values(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name] for name in self.checked_field_names() if name in self.cleaned_data
        }

    def merge_with(self, saved: models.Model) -> bool:
        """Merge this person's input with the row as saved now (read under lock): their fields keep what
        others saved meanwhile; on a conflict the form is marked and False returned."""
        loaded = self.fingerprints_when_opened()
        if loaded is None:
            return True
        saved_now = self.comparable_saved_values(saved)
        result = merge(loaded, saved_now, self.submitted_values())
        if result.conflicts:
            self.show_conflict(result.conflicts, saved)
            return False
        for name in result.theirs:
            self.cleaned_data[name] = saved_now[name]
        return True

    def show_conflict(self, names: Iterable[str], saved: models.Model) -> None:
        data = self.data.copy()
        data[self.add_prefix(FIELD_NAME)] = encode(self.fingerprints_of(saved))
        self.data = data
        self.add_error(None, ValidationError(CONFLICT_MESSAGE, code="edit_conflict"))
        values = self.comparable_saved_values(saved)
        for name in names:
            self.add_error(
                name,
                ValidationError(
                    _("Saved meanwhile by someone else: “%(value)s”."),
                    code="edit_conflict",
                    params={"value": _display(saved, name, values[name])},
                ),
            )


def _display(instance: models.Model, name: str, value: Any) -> str:
    field = instance._meta.get_field(name)
    if field.many_to_many:
        text = ", ".join(str(item) for item in value) or "—"
    elif field.choices:
        text = str(dict(field.flatchoices).get(value, value))
    elif value in (None, ""):
        text = "—"
    else:
        text = str(value)
    return Truncator(text).chars(300)


class EditConflictAdminForm(EditConflictForm):
    """The staff admin's change forms. The admin validates and saves in one transaction, so the row is
    locked here and the form then works on it: fields the form does not show (processing states,
    review dates) are as saved now, not as they were when the page was requested."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            saved = type(self.instance)._base_manager.select_for_update().get(pk=self.instance.pk)
            if self.merge_with(saved):
                self.instance = saved
        return cleaned
