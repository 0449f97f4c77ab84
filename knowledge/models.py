from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cpp_portal.markdown import render_markdown
from cpp_portal.slugs import unique_slug
from cpp_portal.uploads import UnguessablePath
from knowledge.files import clean_display_name, guess_content_type, is_inline_type, type_label
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


class OutputQuerySet(models.QuerySet):
    def published(self):
        """Outputs anyone may see: published, and past any embargo date."""
        return self.filter(status=Output.Status.PUBLISHED, published_at__lte=timezone.now())

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
        published = models.Q(status=Output.Status.PUBLISHED, published_at__lte=timezone.now())
        return self.filter(published | models.Q(pk__in=self._ids_of_cities_of(user)))

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
                "featured",
                "deep_dive__title",
                "deep_dive__slug",
            )
        )

    def newest_first(self):
        return self.order_by(models.F("publication_date").desc(nulls_last=True), "-published_at", "-pk")

    def for_metadata(self):
        """What an output's page and its citations say about it (knowledge.metadata), in fixed queries."""
        return self.select_related("deep_dive").prefetch_related(
            "themes", "cities", models.Prefetch("attachments", Attachment.objects.for_file_list())
        )

    def related_to(self, output: "Output"):
        """Other outputs sharing themes or the deep dive with `output`, the closest first.

        Closeness is the number of shared themes, plus one for the same deep dive. The shared themes
        are counted in a subquery: counting over a join would also count the themes that are not shared.
        """
        theme_ids = [theme.pk for theme in output.themes.all()]
        shared_links = (
            Output.themes.through.objects.filter(output=models.OuterRef("pk"), theme__in=theme_ids)
            .order_by()
            .values("output")
            .annotate(total=models.Count("pk"))
            .values("total")
        )
        same_deep_dive = (
            models.Q(deep_dive_id=output.deep_dive_id) if output.deep_dive_id else models.Q(pk__in=[])
        )
        return (
            self.exclude(pk=output.pk)
            .annotate(shared_themes=Coalesce(models.Subquery(shared_links), 0))
            .filter(models.Q(shared_themes__gt=0) | same_deep_dive)
            .annotate(
                closeness=models.F("shared_themes")
                + models.Case(models.When(same_deep_dive, then=1), default=0)
            )
            .order_by("-closeness", models.F("publication_date").desc(nulls_last=True), "-pk")
        )


class Output(models.Model):
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
    body_html = models.TextField(editable=False, blank=True)
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
    cover_image = models.ImageField(_("cover image"), upload_to=UnguessablePath("covers/outputs"), blank=True)
    cover_thumbnail = models.ImageField(
        _("cover thumbnail"), upload_to=UnguessablePath("thumbnails/covers"), blank=True, editable=False
    )
    cover_sha256 = models.CharField(_("cover SHA-256"), max_length=64, blank=True, editable=False)
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
            # OAI-PMH selects records by datestamp: the later of the last change and the publication time.
            models.Index(Greatest("updated_at", "published_at"), "id", name="output_oai_datestamp"),
            models.Index(fields=["status", "submitted_at"], name="output_review_queue"),
        ]

    # Which stored file each recorded checksum belongs to (for `manage.py verify_files`).
    checksum_fields = {"cover_image": "cover_sha256"}

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, fallback="output")
        self.body_html = render_markdown(self.body)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("knowledge:output_detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.video_url and not video_embed_url(self.video_url):
            raise ValidationError({"video_url": _("Give a YouTube or Vimeo video address.")})

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
    def is_published(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_embargoed(self) -> bool:
        """Published, but with a publication time still to come."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def is_visible_to(self, user) -> bool:
        return Output.objects.visible_to(user).filter(pk=self.pk).exists()


class AttachmentQuerySet(models.QuerySet):
    def for_file_list(self):
        """What a list of files shows: name, type, size and thumbnail."""
        return self.only("output_id", "display_name", "content_type", "size", "position", "file", "thumbnail")


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

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

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
    def opens_in_browser(self) -> bool:
        """Re-encoded images and videos may be shown inline; every other file is only downloaded."""
        return is_inline_type(self.content_type)


class LessonQuerySet(models.QuerySet):
    def published(self):
        """Lessons whose source output is published."""
        return self.filter(output__status=Output.Status.PUBLISHED, output__published_at__lte=timezone.now())

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


class Lesson(models.Model):
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, fallback="lesson")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("knowledge:lesson_detail", kwargs={"slug": self.slug})
