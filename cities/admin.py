from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.db import models
from django.utils.translation import gettext_lazy as _

from cities.models import Challenge, City, CityMembership, Recognition, Theme
from cpp_portal.edit_conflicts import EditConflictAdminForm
from cpp_portal.processing import PixelsOnlyImageField


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    form = EditConflictAdminForm
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}


class RecognitionInline(admin.TabularInline):
    model = Recognition
    extra = 0


class ChallengeInline(admin.StackedInline):
    model = Challenge
    extra = 0
    filter_horizontal = ["themes"]


class CityMembershipInline(admin.TabularInline):
    model = CityMembership
    extra = 0
    autocomplete_fields = ["user"]
    verbose_name = _("official")
    verbose_name_plural = _("officials (may submit outputs for this city)")


class UserCityMembershipInline(admin.TabularInline):
    model = CityMembership
    extra = 0
    autocomplete_fields = ["city"]
    verbose_name_plural = _("cities this person submits outputs for")


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    form = EditConflictAdminForm
    list_display = ["name", "role", "country", "cpp_batch", "population", "population_year"]
    list_filter = ["role", "cpp_batch", "country", "themes"]
    search_fields = ["name", "country", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["themes"]
    inlines = [RecognitionInline, ChallengeInline, CityMembershipInline]
    formfield_overrides = {
        # A website typed without its scheme is taken as https (http is what Django assumes until 6.0).
        models.URLField: {"assume_scheme": "https"},
        models.ImageField: {"form_class": PixelsOnlyImageField},
    }
    fieldsets = [
        (None, {"fields": ["name", "slug", "role", "country", "summary", "description", "themes"]}),
        (_("Figures and location"), {"fields": ["population", "population_year", "latitude", "longitude"]}),
        (_("Partner city"), {"fields": ["cpp_batch", "joined_on"]}),
        (_("Links and images"), {"fields": ["website", "cover_image"]}),
    ]


admin.site.unregister(get_user_model())


class UserEditForm(EditConflictAdminForm, UserChangeForm):
    pass


@admin.register(get_user_model())
class UserWithCitiesAdmin(UserAdmin):
    """Django's user admin, with the cities each person is an official of."""

    form = UserEditForm
    inlines = [*UserAdmin.inlines, UserCityMembershipInline]
