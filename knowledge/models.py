import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cpp_portal.file_types import clean_display_name, guess_content_type, is_inline_type, type_label
from cpp_portal.markdown import render_markdown
from cpp_portal.processing import processing_problem_message
from cpp_portal.slugs import SlugFromText
from cpp_portal.uploads import UnguessablePath
from knowledge.video import video_embed_url


class Language(models.TextChoices):
    """Languages outputs are written in (not the interface languages)."""

    ENGLISH = "en", _("English")
    JAPANESE = "ja", _("Japanese")
    ARABIC = "ar", _("Arabic")
    BENGALI = "bn", _("Bengali")
    CHINESE = "zh", _("Chinese")
    FRENCH = "fr", _("French")
    INDONESIAN = "id", _("Indonesian")
    PORTUGUESE = "pt", _("Portuguese")
    SPANISH = "es", _("Spanish")
    VIETNAMESE = "vi", _("Vietnamese")


class Sort(models.TextChoices):
    """The orders of the library (knowledge/catalogue.py implements them)."""

    # The search engine's order of the matches; without keywords, the newest first.
    RELEVANCE = "relevance", _("Best match")
    # By publication date, then publication time, then id; outputs without a date last.
    NEWEST = "newest", _("Newest first")
    OLDEST = "oldest", _("Oldest first")
    TITLE = "title", _("Title A–Z")


class FileProcessing(models.TextChoices):
    """Where a stored file is in its processing by the task queue (knowledge/processing.py)."""

    WAITING = "waiting", _("Being processed")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be processed")


# What a link to another language version of an output needs.
VERSION_FIELDS = ("title", "slug", "language", "translation_of", "content_changed_at")

# A change to these is a change of what a translation translates.
TRANSLATED_FIELDS = ("title", "summary", "body")


class Publication:
    """The rule of who may see an output: published, with a publication time that has come.

    One definition, in the three forms the portal needs: a `Q` for the ORM (also across a relation, as
    `q("output__")`), a condition for raw SQL naming the same columns, and a test on a loaded output.
    An output that is published with a publication time still to come is *scheduled* (embargoed): it
    appears by itself at that time; search keeps an entry for it that carries the time.
    """

    @classmethod
    def q(cls, prefix: str = "", *, now: datetime.datetime | None = None) -> models.Q:
        return models.Q(
            **{
                f"{prefix}status": Output.Status.PUBLISHED,
                f"{prefix}published_at__lte": now or timezone.now(),
            }
        )

    @classmethod
    def scheduled_q(cls, prefix: str = "", *, now: datetime.datetime | None = None) -> models.Q:
        """Published, with a publication time still to come (embargoed)."""
        return models.Q(
            **{f"{prefix}status": Output.Status.PUBLISHED, f"{prefix}published_at__gt": now or timezone.now()}
        )

    @classmethod
    def scheduled_or_public_q(cls, prefix: str = "") -> models.Q:
        return models.Q(
            **{f"{prefix}status": Output.Status.PUBLISHED, f"{prefix}published_at__isnull": False}
        )

    @classmethod
    def scheduled_or_public_sql(cls, alias: str) -> tuple[str, dict[str, str]]:
        """The SQL condition on table `alias` for `scheduled_or_public_q`, with its named parameter."""
        return (
            f"{alias}.status = %(published_status)s AND {alias}.published_at IS NOT NULL",
            {"published_status": Output.Status.PUBLISHED},
        )

    @classmethod
    def holds(cls, output: "Output", *, now: datetime.datetime | None = None) -> bool:
        return (
            output.status == Output.Status.PUBLISHED
            and output.published_at is not None
            and output.published_at <= (now or timezone.now())
        )

    @classmethod
    def is_scheduled(cls, output: "Output", *, now: datetime.datetime | None = None) -> bool:
        return (
            output.status == Output.Status.PUBLISHED
            and output.published_at is not None
            and output.published_at > (now or timezone.now())
        )


class OutputQuerySet(models.QuerySet):
    def published(self):
        """Outputs anyone may see: published, and past any embargo date."""
        return self.filter(Publication.q())

    def formerly_published(self):
        """Archived outputs that were public once: OAI-PMH tells harvesters they are deleted."""
        return self.filter(status=Output.Status.ARCHIVED, published_at__lte=timezone.now())

    def visible_to(self, user):
        """Everything `user` may open: curators see all; officials what is published and all of their
        cities' outputs; everyone else what is published."""
        if not (user.is_authenticated and user.is_active):
            return self.published()
        if user.has_perm("knowledge.view_output"):
            return self.all()
        return self.filter(Publication.q() | models.Q(pk__in=self._ids_of_cities_of(user)))

    def of_cities_of(self, user):
        """The outputs of the cities `user` is an official of, whatever their status."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(pk__in=self._ids_of_cities_of(user))

    @staticmethod
    def _ids_of_cities_of(user):
        return Output.cities.through.objects.filter(city__memberships__user=user).values("output_id")

    def for_listing(self):
        return (
            self.select_related("deep_dive")
            .prefetch_related("themes", "cities")
            .only(
                "kind",
                "title",
                "slug",
                "summary",
                "language",
                "publication_date",
                "published_at",
                "cover_image",
                "cover_processing",
                "featured",
                "translation_of",
                "content_changed_at",
                "deep_dive__title",
                "deep_dive__slug",
            )
        )

    def for_page(self):
        """What an output's page needs beside its cached parts: the fields the page's title, description,
        view counting and related outputs read, and the usage totals (knowledge.pages.OutputPage reads
        the rest on a miss)."""
        return self.only(
            "title", "slug", "summary", "status", "published_at", "translation_of", "deep_dive"
        ).with_usage_totals()

    def with_usage_totals(self):
        """Each output's views and downloads summed over all days (`Output.usage_totals`), in the same
        query as the output: its days joined and grouped by the output (which costs less to build than
        a subquery per total), so not for a queryset that joins other many-valued relations."""
        return self.annotate(
            views_total=Coalesce(models.Sum("usage__views"), 0),
            downloads_total=Coalesce(models.Sum("usage__downloads"), 0),
        )

    def for_metadata(self):
        """What an output's page and its citations say about it (knowledge.metadata), in fixed queries."""
        return self.select_related("deep_dive").prefetch_related(
            "themes", "cities", models.Prefetch("attachments", Attachment.objects.ready().for_file_list())
        )

    def with_versions(self):
        """Prefetch the published versions of each output's work, for `Output.other_versions`."""
        versions = Output.objects.published().only(*VERSION_FIELDS).order_by("language")
        published_translations = models.Prefetch(
            "translations", queryset=versions, to_attr="published_translations"
        )
        return self.prefetch_related(
            published_translations,
            models.Prefetch(
                "translation_of",
                queryset=Output.objects.only(*VERSION_FIELDS, "status", "published_at").prefetch_related(
                    published_translations
                ),
            ),
        )

    def versions_of(self, output: "Output"):
        """Every version of `output`'s work in this queryset, itself included: the original first."""
        original_id = output.translation_of_id or output.pk
        return (
            self.filter(models.Q(pk=original_id) | models.Q(translation_of=original_id))
            .only(*VERSION_FIELDS, "status", "published_at")
            .order_by(models.F("translation_of").asc(nulls_first=True), "language")
        )


class Output(SlugFromText, models.Model):
    """A knowledge output: a note, toolkit, guide, case study, video, report or presentation."""

    class Kind(models.TextChoices):
        KNOWLEDGE_NOTE = "knowledge_note", _("Knowledge note")
        TOOLKIT = "toolkit", _("Toolkit")
        GOOD_PRACTICE_GUIDE = "good_practice_guide", _("Good practice guide")
        CASE_STUDY = "case_study", _("Case study")
        VIDEO = "video", _("Video")
        REPORT = "report", _("Report")
        PRESENTATION = "presentation", _("Presentation")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Licence(models.TextChoices):
        CC_BY_3_IGO = "cc-by-3.0-igo", _("Creative Commons Attribution 3.0 IGO")
        CC_BY_4 = "cc-by-4.0", _("Creative Commons Attribution 4.0")
        CC_BY_NC_4 = "cc-by-nc-4.0", _("Creative Commons Attribution-NonCommercial 4.0")
        ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")

    LICENCE_URLS = {
        Licence.CC_BY_3_IGO: "https://creativecommons.org/licenses/by/3.0/igo/",
        Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
        Licence.CC_BY_NC_4: "https://creativecommons.org/licenses/by-nc/4.0/",
    }

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=270, unique=True)
    summary = models.TextField(_("summary"), max_length=2000)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown. Raw HTML is shown as text."))
    body_html = models.TextField(_("body as HTML"), editable=False, blank=True)
    authors = models.TextField(_("authors"), blank=True, help_text=_("One author per line."))
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.ENGLISH
    )
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    licence = models.CharField(
        _("licence"), max_length=30, choices=Licence.choices, default=Licence.CC_BY_3_IGO
    )
    themes = models.ManyToManyField(
        "cities.Theme", verbose_name=_("themes"), related_name="outputs", blank=True
    )
    cities = models.ManyToManyField(
        "cities.City", verbose_name=_("cities"), related_name="outputs", blank=True
    )
    deep_dive = models.ForeignKey(
        "deep_dives.DeepDive",
        verbose_name=_("deep dive"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outputs",
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        # Deleting an original leaves its translations as outputs of their own.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        help_text=_(
            "For a translation: the original output it translates. Leave empty for an original. "
            "An original and its translations are one work, listed once in the library."
        ),
    )
    content_changed_at = models.DateTimeField(
        _("content last changed"),
        default=timezone.now,
        editable=False,
        help_text=_("When the title, summary or body last changed."),
    )
    cover_image = models.ImageField(_("cover image"), upload_to=UnguessablePath("covers/outputs"), blank=True)
    cover_thumbnail = models.ImageField(
        _("cover thumbnail"), upload_to=UnguessablePath("thumbnails/covers"), blank=True, editable=False
    )
    cover_sha256 = models.CharField(_("cover SHA-256"), max_length=64, blank=True, editable=False)
    cover_processing = models.CharField(
        _("cover processing"),
        max_length=10,
        choices=FileProcessing.choices,
        default=FileProcessing.READY,
        editable=False,
    )
    cover_processing_problem = models.CharField(max_length=20, blank=True, editable=False)
    cover_processing_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    cover_processing_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    video_url = models.URLField(
        _("video link"),
        blank=True,
        help_text=_("A YouTube or Vimeo address; the video is embedded on the page."),
    )
    featured = models.BooleanField(_("featured"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_("Set when the output is published; a future date keeps it hidden until then."),
    )
    submitted_at = models.DateTimeField(
        _("submitted at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When it was last sent for review."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Where a harvested output came from (submissions/harvest.py): the OAI-PMH repository's base URL, the
    # record's identifier there and its datestamp, so that a second harvest updates instead of duplicating.
    source_repository = models.URLField(
        _("harvested from"), max_length=500, blank=True, editable=False, db_default=""
    )
    source_identifier = models.CharField(
        _("identifier at the source"), max_length=300, blank=True, editable=False, db_default=""
    )
    source_datestamp = models.CharField(max_length=30, blank=True, editable=False, db_default="")

    objects = OutputQuerySet.as_manager()

    class Meta:
        ordering = ["-publication_date", "-pk"]
        verbose_name = _("knowledge output")
        verbose_name_plural = _("knowledge outputs")
        indexes = [
            models.Index(fields=["status", "published_at"], name="output_status_published"),
            models.Index(fields=["publication_date", "id"], name="output_publication_date"),
            models.Index(fields=["kind"], name="output_kind"),
            models.Index(fields=["language"], name="output_language"),
            models.Index(fields=["title"], name="output_title"),
            models.Index(fields=["featured", "status"], name="output_featured"),
            # The periodic sweep looks for the few covers not ready.
            models.Index(
                fields=["cover_processing"],
                name="output_cover_not_ready",
                condition=~models.Q(cover_processing="ready"),
            ),
            # OAI-PMH selects records by datestamp: the later of the last change and the publication time.
            models.Index(Greatest("updated_at", "published_at"), "id", name="output_oai_datestamp"),
            models.Index(fields=["status", "submitted_at"], name="output_review_queue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(translation_of=models.F("pk")), name="output_not_own_translation"
            ),
            models.UniqueConstraint(
                fields=["translation_of", "language"], name="output_one_translation_per_language"
            ),
            models.UniqueConstraint(
                fields=["source_repository", "source_identifier"],
                condition=~models.Q(source_identifier=""),
                name="output_one_per_source_record",
            ),
        ]

    # Which stored file each recorded checksum belongs to (for `manage.py verify_files`).
    checksum_fields = {"cover_image": "cover_sha256"}
    slug_source, slug_fallback = "title", "output"

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        content_changed = self._content_changed()
        if content_changed:
            self.content_changed_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            update_fields = set(update_fields)
            if "body" in update_fields:
                update_fields.add("body_html")
            if content_changed:
                update_fields.add("content_changed_at")
            kwargs["update_fields"] = update_fields
        super().save(*args, **kwargs)
        deferred = self.get_deferred_fields()
        self._loaded_content = {
            name: getattr(self, name)
            for name in (*TRANSLATED_FIELDS, "content_changed_at")
            if name not in deferred
        }

    def get_absolute_url(self) -> str:
        return reverse("knowledge:output_detail", kwargs={"slug": self.slug})

    @property
    def home_language(self) -> str:
        """The interface whose address is the output's one address for machines: the interface in the
        output's own language, or the default interface for a language the portal does not speak."""
        interfaces = {code for code, _name in settings.LANGUAGES}
        return self.language if self.language in interfaces else settings.LANGUAGE_CODE

    def get_canonical_url(self) -> str:
        """The output's page in its home language: every interface's copy of the page names it canonical,
        so that search engines and Google Scholar hold one record for the work, not one per interface."""
        with translation.override(self.home_language):
            return self.get_absolute_url()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Kept to tell, on save, whether what a translation translates has changed.
        loaded = dict(zip(field_names, values, strict=True))
        instance._loaded_content = {
            name: loaded[name] for name in (*TRANSLATED_FIELDS, "content_changed_at") if name in loaded
        }
        return instance

    def clean(self):
        if self.video_url and not video_embed_url(self.video_url):
            raise ValidationError({"video_url": _("Give a YouTube or Vimeo video address.")})
        if self.translation_of_id:
            self._clean_translation()

    def _clean_translation(self):
        original = Output.objects.filter(pk=self.translation_of_id).only(
            "title", "language", "translation_of"
        )
        original = original.first()
        if original is None:
            return  # clean_fields() says that the chosen output does not exist
        if self.pk and original.pk == self.pk:
            message = _("An output cannot be a translation of itself.")
        elif original.translation_of_id:
            message = _("“%(title)s” is itself a translation: choose the original it translates.")
        elif self.pk and self.translations.exists():
            message = _("This output has translations of its own, so it cannot be a translation.")
        elif original.language == self.language:
            message = _("“%(title)s” is already in this language: a translation needs another language.")
        elif original.translations.filter(language=self.language).exclude(pk=self.pk).exists():
            message = _("“%(title)s” already has a translation in this language.")
        else:
            return
        raise ValidationError({"translation_of": message % {"title": original.title}})

    @property
    def author_list(self) -> list[str]:
        return [line.strip() for line in self.authors.splitlines() if line.strip()]

    @property
    def licence_url(self) -> str:
        return self.LICENCE_URLS.get(self.licence, "")

    @property
    def video_embed_url(self) -> str | None:
        return video_embed_url(self.video_url) if self.video_url else None

    @property
    def usage_totals(self) -> dict[str, int]:
        """Views and downloads over all days; from `with_usage_totals` when the output was read with it."""
        if hasattr(self, "views_total"):
            return {"views": self.views_total, "downloads": self.downloads_total}
        return self.usage.totals()

    @property
    def is_published(self) -> bool:
        return Publication.holds(self)

    def files_not_ready(self) -> dict[str, list[str]]:
        """The names of this output's files (the cover included) still waiting for processing, and of
        those that failed."""
        found: dict[str, list[str]] = {FileProcessing.WAITING: [], FileProcessing.FAILED: []}
        if self.cover_image and self.cover_processing != FileProcessing.READY:
            found[self.cover_processing].append(str(_("cover image")))
        for name, state in self.attachments.exclude(processing=FileProcessing.READY).values_list(
            "display_name", "processing"
        ):
            found[state].append(name)
        return found

    @property
    def shows_cover(self) -> bool:
        """A cover is shown once it has been re-encoded (until then it still holds its metadata)."""
        return bool(self.cover_image) and self.cover_processing == FileProcessing.READY

    @property
    def cover_processing_message(self) -> str:
        if self.cover_processing != FileProcessing.FAILED:
            return ""
        return processing_problem_message(self.cover_processing_problem, str(_("cover image")))

    @property
    def is_embargoed(self) -> bool:
        """Published, but with a publication time still to come."""
        return Publication.is_scheduled(self)

    @property
    def is_in_review(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def has_changes_requested(self) -> bool:
        return self.status == self.Status.CHANGES_REQUESTED

    @property
    def is_translation(self) -> bool:
        return self.translation_of_id is not None

    def is_older_than(self, original: "Output") -> bool:
        """Whether this translation last changed before `original` did: it may be out of date."""
        return self.content_changed_at < original.content_changed_at

    @property
    def is_possibly_outdated(self) -> bool:
        """A translation whose original changed after it did (known only if the original was fetched)."""
        if self.translation_of_id is None or not Output.translation_of.is_cached(self):
            return False
        return self.is_older_than(self.translation_of)

    @property
    def other_versions(self) -> list["Output"]:
        """The other published versions of this output's work, the original first.

        Only what `OutputQuerySet.with_versions()` fetched: without it, an empty list.
        """
        if self.translation_of_id is None:
            return list(getattr(self, "published_translations", []))
        if not Output.translation_of.is_cached(self):
            return []
        original = self.translation_of
        translations = getattr(original, "published_translations", [])
        siblings = [version for version in translations if version.pk != self.pk]
        return [original, *siblings] if original.is_published else siblings

    def _content_changed(self) -> bool:
        loaded = getattr(self, "_loaded_content", None)
        if self._state.adding or loaded is None:
            return False
        if loaded.get("content_changed_at", self.content_changed_at) != self.content_changed_at:
            # Set on purpose (an import keeping the date of the source): that date stands.
            return False
        return any(name in loaded and loaded[name] != getattr(self, name) for name in TRANSLATED_FIELDS)


class AttachmentQuerySet(models.QuerySet):
    def ready(self):
        """Files that have been processed: only these are ever served (an image still waiting holds its
        original metadata)."""
        return self.filter(processing=FileProcessing.READY)

    def for_file_list(self):
        """What a list of files shows: name, type, size, checksum and thumbnail."""
        return self.only(
            "output_id",
            "display_name",
            "content_type",
            "size",
            "sha256",
            "position",
            "file",
            "thumbnail",
            "processing",
            "processing_problem",
        )


class Attachment(models.Model):
    """A file that belongs to an output, stored under a random name and served through a checked view."""

    output = models.ForeignKey(
        Output, verbose_name=_("output"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=UnguessablePath("attachments"), max_length=200)
    display_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("type"), max_length=120, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)
    thumbnail = models.ImageField(
        _("thumbnail"), upload_to=UnguessablePath("thumbnails/attachments"), blank=True, editable=False
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    processing = models.CharField(
        _("processing"),
        max_length=10,
        choices=FileProcessing.choices,
        default=FileProcessing.READY,
        editable=False,
    )
    processing_problem = models.CharField(max_length=20, blank=True, editable=False)
    processing_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    processing_updated_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [
            # The periodic sweep looks for the few files not ready.
            models.Index(
                fields=["processing"],
                name="attachment_not_ready",
                condition=~models.Q(processing="ready"),
            )
        ]

    checksum_fields = {"file": "sha256"}

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        if self.file and not self.size:
            self.size = self.file.size
        if self.file:
            # A name typed in the admin also ends up in a URL and a header: clean it like an uploaded one.
            self.display_name = clean_display_name(self.display_name or self.file.name)
        if self.file and not self.content_type:
            self.content_type = guess_content_type(self.display_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "knowledge:attachment_download",
            kwargs={"slug": self.output.slug, "pk": self.pk, "filename": self.display_name},
        )

    @property
    def type_label(self) -> str:
        return type_label(self.content_type)

    @property
    def is_ready(self) -> bool:
        return self.processing == FileProcessing.READY

    @property
    def processing_message(self) -> str:
        if self.processing != FileProcessing.FAILED:
            return ""
        return processing_problem_message(self.processing_problem, self.display_name)

    @property
    def opens_in_browser(self) -> bool:
        """Re-encoded images and videos may be shown inline; every other file is only downloaded."""
        return is_inline_type(self.content_type)


class LessonQuerySet(models.QuerySet):
    def published(self):
        """Lessons whose source output is published."""
        return self.filter(Publication.q("output__"))

    def newest_first(self):
        return self.order_by(models.F("output__publication_date").desc(nulls_last=True), "pk")

    def for_listing(self):
        return (
            self.select_related("city", "output")
            .prefetch_related("themes")
            .only(
                "title",
                "slug",
                "lesson",
                "city__name",
                "city__slug",
                "output__title",
                "output__slug",
                "output__kind",
            )
        )


class Lesson(SlugFromText, models.Model):
    """A structured learning drawn from an output, for another city to apply."""

    output = models.ForeignKey(
        Output, verbose_name=_("source output"), on_delete=models.CASCADE, related_name="lessons"
    )
    city = models.ForeignKey(
        "cities.City", verbose_name=_("city"), on_delete=models.PROTECT, related_name="lessons"
    )
    themes = models.ManyToManyField(
        "cities.Theme", verbose_name=_("themes"), related_name="lessons", blank=True
    )
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=270, unique=True)
    challenge = models.TextField(_("challenge"))
    action = models.TextField(_("what was done"))
    result = models.TextField(_("result"), blank=True)
    lesson = models.TextField(_("the lesson"))
    transfer_conditions = models.TextField(
        _("conditions for transfer"),
        blank=True,
        help_text=_("What another city needs for this to work there."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    slug_source, slug_fallback = "title", "lesson"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:lesson_detail", kwargs={"slug": self.slug})


class OutputUsageQuerySet(models.QuerySet):
    def totals(self) -> dict[str, int]:
        """Views and downloads summed over these days, zero when there are none."""
        return self.aggregate(
            views=Coalesce(models.Sum("views"), 0), downloads=Coalesce(models.Sum("downloads"), 0)
        )


class OutputUsage(models.Model):
    """How many times an output's page was viewed and its files downloaded on one day.

    Only the counts: nothing about who viewed or downloaded (no address, no browser, no account).
    One row per output and day, so a view is a one-row UPDATE that locks only that day's row.
    Its "view" permission opens the curators' dashboard.
    """

    output = models.ForeignKey(
        Output, verbose_name=_("output"), on_delete=models.CASCADE, related_name="usage"
    )
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)
    downloads = models.PositiveIntegerField(_("downloads"), default=0)

    objects = OutputUsageQuerySet.as_manager()

    class Meta:
        verbose_name = _("output usage")
        verbose_name_plural = _("output usage")
        constraints = [models.UniqueConstraint(fields=["output", "day"], name="output_usage_once_a_day")]
        indexes = [models.Index(fields=["day"], name="output_usage_day")]

    def __str__(self) -> str:
        return f"{self.output_id} on {self.day}"
