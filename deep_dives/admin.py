from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from cpp_portal.edit_conflicts import EditConflictAdminForm
from cpp_portal.processing import PixelsOnlyImageField
from deep_dives.models import ActionPlan, DeepDive, Participation, Session


class SessionInline(admin.StackedInline):
    model = Session
    extra = 0
    fields = [
        ("day", "position", "kind"),
        "title",
        "description",
        "host_organisation",
        ("attendance", "attendance_is_approximate"),
    ]


class ParticipationInline(admin.StackedInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["city"]

    def get_queryset(self, request):
        # Each participation's heading names its city and deep dive.
        return super().get_queryset(request).select_related("city", "deep_dive")


class ActionPlanInline(admin.StackedInline):
    model = ActionPlan
    extra = 0
    autocomplete_fields = ["city"]
    fields = ["city", "title", "goals", "next_steps", ("operation_id", "operation_name"), "status"]


@admin.register(DeepDive)
class DeepDiveAdmin(admin.ModelAdmin):
    form = EditConflictAdminForm
    list_display = ["title", "start_date", "end_date", "place", "host_list"]
    list_filter = ["themes", "host_cities", "start_date"]
    search_fields = ["title", "summary", "place"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes", "host_cities"]
    date_hierarchy = "start_date"
    inlines = [SessionInline, ParticipationInline, ActionPlanInline]
    formfield_overrides = {models.ImageField: {"form_class": PixelsOnlyImageField}}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("host_cities")

    @admin.display(description=_("Host cities"))
    def host_list(self, deep_dive: DeepDive) -> str:
        return ", ".join(city.name for city in deep_dive.host_cities.all())


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    form = EditConflictAdminForm
    list_display = ["title", "city", "deep_dive", "operation_id", "status"]
    list_filter = ["status", "deep_dive"]
    search_fields = ["title", "goals", "operation_id", "city__name"]
    autocomplete_fields = ["city", "deep_dive"]
    list_select_related = ["city", "deep_dive"]
