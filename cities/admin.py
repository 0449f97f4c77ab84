from django.contrib import admin
from django.db import models

from cities.models import Challenge, City, Recognition, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
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


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "country", "cpp_batch", "population", "population_year"]
    list_filter = ["role", "cpp_batch", "country", "themes"]
    search_fields = ["name", "country", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["themes"]
    inlines = [RecognitionInline, ChallengeInline]
    # A website typed without its scheme is taken as https (http is what Django assumes until 6.0).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "slug", "role", "country", "summary", "description", "themes"]}),
        ("Figures and location", {"fields": ["population", "population_year", "latitude", "longitude"]}),
        ("Partner city", {"fields": ["cpp_batch", "joined_on"]}),
        ("Links and images", {"fields": ["website", "cover_image"]}),
    ]
