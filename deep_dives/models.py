from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cpp_portal.slugs import SlugFromText
from cpp_portal.text import list_items
from cpp_portal.uploads import UnguessablePath


class DeepDiveQuerySet(models.QuerySet):
    def recent(self):
        return self.order_by(models.F("start_date").desc(nulls_last=True), "-pk")

    def for_listing(self):
        return self.only("title", "slug", "start_date", "end_date", "place", "summary").prefetch_related(
            "themes", "host_cities"
        )


class DeepDive(SlugFromText, models.Model):
    """A Technical Deep Dive: workshops, site visits, peer exchange and action planning on one theme."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    themes = models.ManyToManyField(
        "cities.Theme", verbose_name=_("themes"), related_name="deep_dives", blank=True
    )
    host_cities = models.ManyToManyField(
        "cities.City",
        verbose_name=_("host partner cities"),
        related_name="hosted_deep_dives",
        limit_choices_to={"role": "partner"},
    )
    start_date = models.DateField(_("start date"), null=True, blank=True, db_index=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    summary = models.CharField(_("summary"), max_length=500)
    objectives = models.TextField(_("objectives"), blank=True, help_text=_("One objective per line."))
    description = models.TextField(_("description"), blank=True)
    cover_image = models.ImageField(
        _("cover image"), upload_to=UnguessablePath("covers/deep-dives"), blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DeepDiveQuerySet.as_manager()

    class Meta:
        ordering = [models.F("start_date").desc(nulls_last=True), "title"]
        verbose_name = _("technical deep dive")
        verbose_name_plural = _("technical deep dives")

    slug_source, slug_fallback = "title", "deep-dive"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("deep_dives:deep_dive_detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    @property
    def objective_list(self) -> list[str]:
        return list_items(self.objectives)


class Session(models.Model):
    """One item of a deep dive's agenda."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        SITE_VISIT = "site_visit", _("Site visit")
        PEER_EXCHANGE = "peer_exchange", _("Peer exchange")
        ACTION_PLANNING = "action_planning", _("Action planning")
        CONFERENCE = "conference", _("Conference")

    deep_dive = models.ForeignKey(
        DeepDive, verbose_name=_("deep dive"), on_delete=models.CASCADE, related_name="sessions"
    )
    day = models.PositiveSmallIntegerField(_("day"), default=1, help_text=_("Day of the deep dive, from 1."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    host_organisation = models.CharField(_("host organisation"), max_length=200, blank=True)
    attendance = models.PositiveIntegerField(
        _("attendance"), null=True, blank=True, help_text=_("Number of participants, where known.")
    )
    attendance_is_approximate = models.BooleanField(_("attendance is approximate"), default=False)

    class Meta:
        ordering = ["day", "position", "pk"]
        verbose_name = _("agenda session")
        verbose_name_plural = _("agenda sessions")

    def __str__(self) -> str:
        return self.title


class Participation(models.Model):
    """A client city taking part in a deep dive."""

    deep_dive = models.ForeignKey(
        DeepDive, verbose_name=_("deep dive"), on_delete=models.CASCADE, related_name="participations"
    )
    city = models.ForeignKey(
        "cities.City",
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="participations",
        limit_choices_to={"role": "client"},
    )
    delegation = models.TextField(_("delegation"), blank=True, help_text=_("Who came, e.g. the mayor."))
    challenge_statement = models.TextField(_("challenge statement"), blank=True)

    class Meta:
        ordering = ["city__name"]
        verbose_name = _("participating city")
        verbose_name_plural = _("participating cities")
        constraints = [
            models.UniqueConstraint(fields=["deep_dive", "city"], name="participation_once_per_deep_dive")
        ]

    def __str__(self) -> str:
        return f"{self.city} – {self.deep_dive}"


class ActionPlan(models.Model):
    """What a participating city plans to do after a deep dive, and the World Bank operation it feeds."""

    class Status(models.TextChoices):
        DRAFTED = "drafted", _("Drafted")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        ON_HOLD = "on_hold", _("On hold")

    deep_dive = models.ForeignKey(
        DeepDive, verbose_name=_("deep dive"), on_delete=models.CASCADE, related_name="action_plans"
    )
    city = models.ForeignKey(
        "cities.City", verbose_name=_("city"), on_delete=models.PROTECT, related_name="action_plans"
    )
    title = models.CharField(_("title"), max_length=200)
    goals = models.TextField(_("goals"), help_text=_("One goal per line."))
    next_steps = models.TextField(_("next steps"), blank=True, help_text=_("One step per line."))
    operation_id = models.CharField(
        _("World Bank operation"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^P\d{6}$", _("A World Bank project ID looks like P123456."))],
        help_text=_("Project ID such as P123456."),
    )
    operation_name = models.CharField(_("operation name"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFTED)

    class Meta:
        ordering = ["city__name", "pk"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return self.title

    @property
    def goal_list(self) -> list[str]:
        return list_items(self.goals)

    @property
    def next_step_list(self) -> list[str]:
        return list_items(self.next_steps)

    @property
    def operation_url(self) -> str:
        if not self.operation_id:
            return ""
        return f"https://projects.worldbank.org/en/projects-operations/project-detail/{self.operation_id}"
