"""Stored files follow their rows: when an output or an attachment is deleted (also by a cascade, which
calls no model method), its files are deleted from storage once the deletion is committed."""

from django.db import models

from cpp_portal.files import delete_file_on_commit


def delete_stored_files(sender, instance: models.Model, **kwargs) -> None:
    for field in instance._meta.fields:
        if isinstance(field, models.FileField):
            delete_file_on_commit(getattr(instance, field.name))
