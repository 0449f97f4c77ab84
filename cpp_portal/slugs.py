from django.db import IntegrityError, models, router, transaction
from django.utils.crypto import get_random_string
from django.utils.text import slugify

# Attempts with the next free number (title-2, title-3, ...), then with a random ending, before giving up.
NUMBERED_ATTEMPTS = 3
RANDOM_ATTEMPTS = 3


def unique_slug(instance: models.Model, text: str, *, fallback: str = "item") -> str:
    """A slug made from `text` that no other row of the instance's model uses yet."""
    base = _slug_base(instance, text, fallback)
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def _slug_base(instance: models.Model, text: str, fallback: str) -> str:
    # Room is left for a suffix of up to eight characters.
    field = instance._meta.get_field("slug")
    return (slugify(text) or fallback)[: field.max_length - 8].strip("-") or fallback


def _random_slug(instance: models.Model, text: str, fallback: str) -> str:
    ending = get_random_string(6, allowed_chars="abcdefghijklmnopqrstuvwxyz0123456789")
    return f"{_slug_base(instance, text, fallback)}-{ending}"


class SlugFromText:
    """For a model with a unique `slug` field: a row saved without a slug gets one made from the field named
    by `slug_source`, unique even when other transactions save rows of the same name at the same moment.

    Two transactions can both find a slug free and both insert it; the second then fails on the unique
    index. Its insert runs in a savepoint, so it can choose the next free slug and try again; after a few
    numbered slugs, a random ending makes sure that even a storm of the same name ends. A slug someone
    typed (in the admin) is saved as it is: its conflict is theirs to see, as a form error."""

    slug_source: str = "name"
    slug_fallback: str = "item"

    def save(self, *args, **kwargs):
        if self.slug:
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        text = getattr(self, self.slug_source)
        for attempt in range(NUMBERED_ATTEMPTS + RANDOM_ATTEMPTS):
            if attempt < NUMBERED_ATTEMPTS:
                self.slug = unique_slug(self, text, fallback=self.slug_fallback)
            else:
                self.slug = _random_slug(self, text, self.slug_fallback)
            try:
                with transaction.atomic(using=using):
                    return super().save(*args, **kwargs)
            except IntegrityError:
                last_attempt = attempt == NUMBERED_ATTEMPTS + RANDOM_ATTEMPTS - 1
                if last_attempt or not self._slug_taken_by_another(using):
                    self.slug = ""  # not saved: the next save chooses again
                    raise

    def _slug_taken_by_another(self, using: str) -> bool:
        others = type(self)._default_manager.using(using).exclude(pk=self.pk)
        return others.filter(slug=self.slug).exists()
