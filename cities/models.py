from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cpp_portal.slugs import SlugFromText
from cpp_portal.uploads import UnguessablePath


class Theme(SlugFromText, models.Model):
    """One entry of the taxonomy shared by cities, deep dives, outputs and lessons."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers come first in lists.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:theme_detail", kwargs={"slug": self.slug})


class CityQuerySet(models.QuerySet):
    def partners(self):
        return self.filter(role=City.Role.PARTNER)

    def clients(self):
        return self.filter(role=City.Role.CLIENT)

    def with_member(self, user):
        """The cities `user` is an official of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)

    def partners_first(self):
        return self.order_by(models.Case(models.When(role=City.Role.PARTNER, then=0), default=1), "name")

    def for_listing(self):
        return self.only(
            "name", "slug", "role", "country", "summary", "cover_image", "cpp_batch"
        ).prefetch_related("themes")

    def for_map(self):
        return self.only("name", "slug", "role", "country", "latitude", "longitude")


class City(SlugFromText, models.Model):
    class Role(models.TextChoices):
        PARTNER = "partner", _("Partner city")
        CLIENT = "client", _("Client city")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"), max_length=140, unique=True, help_text=_("Lower-case name used in the address.")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, db_index=True)
    country = models.CharField(_("country"), max_length=80)
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population figure year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    cover_image = models.ImageField(_("cover image"), upload_to=UnguessablePath("covers/cities"), blank=True)
    website = models.URLField(_("website"), blank=True)
    themes = models.ManyToManyField(
        Theme,
        verbose_name=_("themes"),
        related_name="cities",
        blank=True,
        help_text=_("For partner cities: the expertise they offer. For client cities: their interests."),
    )
    # Partner cities only.
    cpp_batch = models.PositiveSmallIntegerField(
        _("CPP batch"), null=True, blank=True, help_text=_("Partner cities: the batch they joined with.")
    )
    # With a context, so that it does not share the translation of Django's "date joined" of user accounts.
    joined_on = models.DateField(pgettext_lazy("joined the program", "date joined"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(population_year__isnull=True) | models.Q(population__isnull=False),
                name="city_population_year_needs_population",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cities:city_detail", kwargs={"slug": self.slug})

    @property
    def is_partner(self) -> bool:
        return self.role == self.Role.PARTNER

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Recognition(models.Model):
    """A designation or award a partner city received, such as Toyama's Environmental Model City."""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="recognitions"
    )
    title = models.CharField(_("title"), max_length=200)
    awarded_by = models.CharField(_("awarded by"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["year", "title"]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")

    def __str__(self) -> str:
        return self.title


class Challenge(models.Model):
    """A development challenge a client city brings to the program."""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="challenges"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="challenges", blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def __str__(self) -> str:
        return self.title


class CityMembership(models.Model):
    """A city official's link to a city they may submit outputs for."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="city_memberships",
    )
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="memberships"
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["city__name", "user__username"]
        verbose_name = _("city membership")
        verbose_name_plural = _("city memberships")
        constraints = [models.UniqueConstraint(fields=["user", "city"], name="city_membership_once")]

    def __str__(self) -> str:
        return f"{self.user} – {self.city}"
