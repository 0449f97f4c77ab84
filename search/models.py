from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """What search reads about one searchable record: a narrow row per published output, lesson (of a
    published output), city and deep dive. Unpublished records have no entry; an embargoed output has
    one whose `published_at` is still to come, so it is found from that moment on, with nobody acting.

    On PostgreSQL, `vector` holds everything weighted (title A, summary B, body C, attachment text D)
    and `head` only title and summary, small enough to scan for the first candidates of a common word.
    On SQLite (the demo), the weighted parts are the columns of the FTS5 table `search_entry_fts`, one row
    per entry under the same id (search/fts5.py). `text` is left empty on both (no reader is left).
    """

    class Kind(models.TextChoices):
        OUTPUT = "output", _("Output")
        LESSON = "lesson", _("Lesson")
        CITY = "city", _("City")
        DEEP_DIVE = "deep_dive", _("Deep dive")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.BigIntegerField()
    published_at = models.DateTimeField()
    language = models.CharField(max_length=5, blank=True)
    title = models.CharField(max_length=250)
    text = models.TextField(blank=True)
    head = SearchVectorField(null=True)
    vector = SearchVectorField(null=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once")]
        indexes = [models.Index(fields=["kind", "-published_at"], name="search_entry_newest")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


class SearchTerm(models.Model):
    """A word of a public title, city name or theme name: what "Did you mean" may suggest.

    Kept in lower case in `word`, shown as first written in `display`. Words are added as records are
    indexed and replaced as a whole by `rebuild_search_index`; a suggestion is only made if the word
    still finds public content, so a word left behind by an unpublished title is never offered.
    """

    word = models.CharField(max_length=100, unique=True)
    display = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self) -> str:
        return self.display


class SearchChange(models.Model):
    """A record whose entry was written again, with the vector it had before (empty for a new one): a
    cached search is still right if no changed record matches it now or matched it before, nor is among
    its results (search.engine). `object_id` empty: every entry of the kind changed. Kept a few hours."""

    kind = models.CharField(max_length=10)
    object_id = models.BigIntegerField(null=True)
    previous = SearchVectorField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("search change")
        verbose_name_plural = _("search changes")
        indexes = [models.Index(fields=["kind", "id"], name="search_change_since")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
