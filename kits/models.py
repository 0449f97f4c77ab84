from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cpp_portal.uploads import UnguessablePath


class KitRevision(models.Model):
    """How many times what a deep dive's kit holds has changed: kits/signals.py counts each change (in
    the sync that claims it); a kit built from an older count is out of date, and neither offered nor
    served, so that a kit never hands out what has since been unpublished."""

    deep_dive = models.OneToOneField(
        "deep_dives.DeepDive", on_delete=models.CASCADE, primary_key=True, related_name="kit_revision"
    )
    number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.deep_dive_id}: {self.number}"


class KitQuerySet(models.QuerySet):
    def current(self):
        """Kits built from what their deep dive holds now."""
        return self.filter(revision=F("deep_dive__kit_revision__number"))


class Kit(models.Model):
    """A Technical Deep Dive in one ZIP for a workshop without connectivity: an offline page in each
    interface language (agenda, cities, action plans, outputs, lessons) and every public file of its
    outputs, videos above KIT_VIDEO_LIMIT left to its second, full kit."""

    class Variant(models.TextChoices):
        LIGHT = "light", _("Without large videos")
        FULL = "full", _("With every video")

    deep_dive = models.ForeignKey(
        "deep_dives.DeepDive", verbose_name=_("deep dive"), on_delete=models.CASCADE, related_name="kits"
    )
    variant = models.CharField(_("variant"), max_length=5, choices=Variant.choices)
    file = models.FileField(_("file"), upload_to=UnguessablePath("kits"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file_count = models.PositiveIntegerField(_("files"))
    videos_left_out = models.PositiveIntegerField(_("videos left out"), default=0)
    # What it was built from: the deep dive's KitRevision number, the outputs it holds (whose changes
    # concern it) and a digest of its pages and files (a rebuild that would change nothing keeps the file).
    revision = models.PositiveBigIntegerField(_("revision"), editable=False)
    output_ids = models.JSONField(_("outputs"), default=list, editable=False)
    content_digest = models.CharField(_("content digest"), max_length=64, editable=False)
    built_at = models.DateTimeField(_("built at"))

    objects = KitQuerySet.as_manager()

    checksum_fields = {"file": "sha256"}

    class Meta:
        verbose_name = _("deep dive kit")
        verbose_name_plural = _("deep dive kits")
        constraints = [models.UniqueConstraint(fields=["deep_dive", "variant"], name="one_kit_per_variant")]

    def __str__(self) -> str:
        return f"{self.deep_dive} ({self.get_variant_display()})"

    def get_absolute_url(self) -> str:
        name = "deep_dive_kit" if self.variant == self.Variant.LIGHT else "deep_dive_full_kit"
        return reverse(f"deep_dives:{name}", kwargs={"slug": self.deep_dive.slug})

    @property
    def download_name(self) -> str:
        suffix = "kit" if self.variant == self.Variant.LIGHT else "kit-with-videos"
        return f"{self.deep_dive.slug}-{suffix}.zip"
