"""Search entries follow every change of what they are made of: the record itself, its themes, cities
and attachments, the output a lesson comes from, and the names of themes and cities that other records
mention. Each receiver only says which records to reindex; `search.indexing.reindex` does the rest in
one statement per kind, so a renamed theme reindexes thousands of outputs as cheaply as one.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from cities.models import City, Theme
from deep_dives.models import DeepDive
from knowledge.models import Attachment, Lesson, Output
from search.indexing import add_theme_terms, reindex

# Saving only other fields (a cover image, a translation link, review dates) changes nothing searchable.
OUTPUT_FIELDS = {"title", "summary", "body", "status", "published_at", "language"}


def _output_changed(sender, instance: Output, update_fields=None, **kwargs) -> None:
    if update_fields is not None and not OUTPUT_FIELDS & set(update_fields):
        return
    reindex("output", [instance.pk])
    # Lessons are public when their output is, in the output's language.
    reindex("lesson", Lesson.objects.filter(output_id=instance.pk).values_list("pk", flat=True))


def _attachment_saved(sender, instance: Attachment, created: bool, update_fields=None, **kwargs) -> None:
    if created and not instance.extracted_text:
        return  # an image or a video: nothing to read
    if update_fields is not None and "extracted_text" not in update_fields:
        return
    reindex("output", [instance.output_id])


def _attachment_deleted(sender, instance: Attachment, **kwargs) -> None:
    if instance.extracted_text:
        reindex("output", [instance.output_id])


def _record_changed(kind: str):
    def receiver(sender, instance, **kwargs) -> None:
        reindex(kind, [instance.pk])

    return receiver


def _links_changed(kind: str, related_kind_fields: dict):
    """For a many-to-many field: reindex the owners whose links changed, from either side."""

    def receiver(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
        if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
            return
        if not reverse:
            reindex(kind, [instance.pk])
        elif action == "pre_clear":
            instance._search_owners = list(related_kind_fields["owners"](instance))
        elif action == "post_clear":
            reindex(kind, getattr(instance, "_search_owners", []))
        else:
            reindex(kind, pk_set or [])

    return receiver


def _mentions_of_city(city_id: int) -> dict[str, list[int]]:
    return {
        "output": list(
            Output.cities.through.objects.filter(city_id=city_id).values_list("output_id", flat=True)
        ),
        "lesson": list(Lesson.objects.filter(city_id=city_id).values_list("pk", flat=True)),
        "deep_dive": list(
            DeepDive.host_cities.through.objects.filter(city_id=city_id).values_list("deepdive_id", flat=True)
        ),
    }


def _mentions_of_theme(theme_id: int) -> dict[str, list[int]]:
    return {
        "output": list(
            Output.themes.through.objects.filter(theme_id=theme_id).values_list("output_id", flat=True)
        ),
        "lesson": list(
            Lesson.themes.through.objects.filter(theme_id=theme_id).values_list("lesson_id", flat=True)
        ),
        "city": list(City.themes.through.objects.filter(theme_id=theme_id).values_list("city_id", flat=True)),
        "deep_dive": list(
            DeepDive.themes.through.objects.filter(theme_id=theme_id).values_list("deepdive_id", flat=True)
        ),
    }


def _reindex_mentions(mentions: dict[str, list[int]]) -> None:
    for kind, ids in mentions.items():
        reindex(kind, ids)


def _city_saved(sender, instance: City, created: bool, **kwargs) -> None:
    reindex("city", [instance.pk])
    if not created:
        _reindex_mentions(_mentions_of_city(instance.pk))


def _city_deleting(sender, instance: City, **kwargs) -> None:
    instance._search_mentions = _mentions_of_city(instance.pk)


def _city_deleted(sender, instance: City, **kwargs) -> None:
    reindex("city", [instance.pk])
    _reindex_mentions(getattr(instance, "_search_mentions", {}))


def _theme_saved(sender, instance: Theme, created: bool, **kwargs) -> None:
    add_theme_terms([instance.pk])
    if not created:
        _reindex_mentions(_mentions_of_theme(instance.pk))


def _theme_deleting(sender, instance: Theme, **kwargs) -> None:
    instance._search_mentions = _mentions_of_theme(instance.pk)


def _theme_deleted(sender, instance: Theme, **kwargs) -> None:
    _reindex_mentions(getattr(instance, "_search_mentions", {}))


def _m2m(model, field: str, kind: str) -> None:
    through = model._meta.get_field(field).remote_field.through
    owner_column = f"{model._meta.model_name}_id"

    def owners(related_instance):
        related_column = next(
            f.column for f in through._meta.fields if f.is_relation and f.column != owner_column
        )
        return through.objects.filter(**{related_column: related_instance.pk}).values_list(
            owner_column, flat=True
        )

    m2m_changed.connect(
        _links_changed(kind, {"owners": owners}), sender=through, weak=False, dispatch_uid=f"search-{through}"
    )


def connect_signals() -> None:
    post_save.connect(_output_changed, sender=Output, dispatch_uid="search-output-saved")
    post_delete.connect(_output_changed, sender=Output, dispatch_uid="search-output-deleted")
    post_save.connect(_attachment_saved, sender=Attachment, dispatch_uid="search-attachment-saved")
    post_delete.connect(_attachment_deleted, sender=Attachment, dispatch_uid="search-attachment-deleted")
    for model, kind in ((Lesson, "lesson"), (DeepDive, "deep_dive")):
        receiver = _record_changed(kind)
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"search-{kind}-saved")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"search-{kind}-deleted")
    post_save.connect(_city_saved, sender=City, dispatch_uid="search-city-saved")
    pre_delete.connect(_city_deleting, sender=City, dispatch_uid="search-city-deleting")
    post_delete.connect(_city_deleted, sender=City, dispatch_uid="search-city-deleted")
    post_save.connect(_theme_saved, sender=Theme, dispatch_uid="search-theme-saved")
    pre_delete.connect(_theme_deleting, sender=Theme, dispatch_uid="search-theme-deleting")
    post_delete.connect(_theme_deleted, sender=Theme, dispatch_uid="search-theme-deleted")
    _m2m(Output, "themes", "output")
    _m2m(Output, "cities", "output")
    _m2m(Lesson, "themes", "lesson")
    _m2m(City, "themes", "city")
    _m2m(DeepDive, "themes", "deep_dive")
    _m2m(DeepDive, "host_cities", "deep_dive")
