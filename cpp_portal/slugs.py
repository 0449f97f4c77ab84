from django.db import models
from django.utils.text import slugify


def unique_slug(instance: models.Model, text: str, *, fallback: str = "item") -> str:
    """A slug made from `text` that no other row of the instance's model uses yet."""
    field = instance._meta.get_field("slug")
    base = (slugify(text) or fallback)[: field.max_length - 8].strip("-") or fallback
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug
