"""What an output's page and a theme's page show beyond their own fields, worked out only when the
template asks: a page served from the shared cache (content_state.rendering) runs none of these queries.
"""

from functools import cached_property

from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.translation import get_language

from cities.models import City, Theme
from content_state import rendering
from deep_dives.models import DeepDive
from knowledge.catalogue import current_catalogue
from knowledge.citations import bibtex, citation
from knowledge.library import outputs_in_order
from knowledge.metadata import OutputMetadata
from knowledge.models import Attachment, Lesson, Output
from knowledge.translations import work_of

RELATED_OUTPUTS = 4


def related_html(output: Output) -> str:
    """The outputs closest to `output` (sharing themes or its deep dive), as HTML kept in the shared cache
    until an output listed under those themes or that deep dive changes: a publish elsewhere leaves it."""

    def make() -> str:
        themes = list(output.themes.values_list("pk", flat=True))
        rendering.depends_on(
            f"output:{output.pk}",
            *(f"outputs-of-theme:{pk}" for pk in themes),
            *([f"outputs-of-deep-dive:{output.deep_dive_id}"] if output.deep_dive_id else []),
        )
        related = current_catalogue().related_to(
            output.pk,
            output.translation_of_id or output.pk,
            themes,
            output.deep_dive_id,
            limit=RELATED_OUTPUTS,
        )
        outputs = outputs_in_order(related.first(RELATED_OUTPUTS))
        return render_to_string("knowledge/related_outputs.html", {"outputs": outputs})

    return rendering.cached_html(f"related:{get_language()}:{output.pk}", make)


class OutputPage:
    def __init__(self, request, output: Output, *, preview=None):
        self.request = request
        self.output = output
        self.preview = preview

    @cached_property
    def full_output(self) -> Output:
        """The output with all its fields, its themes, cities and files: three queries, and one more if the
        view read only the fields that a cached page needs (`OutputQuerySet.for_page`)."""
        output = self.output
        if output.get_deferred_fields():
            output = Output.objects.select_related("deep_dive").get(pk=output.pk)
        prefetch_related_objects(
            [output],
            "themes",
            "cities",
            Prefetch("attachments", queryset=Attachment.objects.ready().for_file_list()),
        )
        return output

    @cached_property
    def metadata(self) -> OutputMetadata:
        return OutputMetadata(self.full_output, self.full_output.attachments.all())

    @property
    def attachments(self) -> list[Attachment]:
        return self.metadata.attachments

    @cached_property
    def lessons(self) -> list:
        return list(self.output.lessons.select_related("city").prefetch_related("themes"))

    @cached_property
    def citation(self) -> str:
        return citation(self.metadata)

    @cached_property
    def bibtex(self) -> str:
        return bibtex(self.metadata)

    @cached_property
    def work(self):
        return work_of(self.full_output, self.request.user)

    @cached_property
    def language_versions(self) -> list[tuple[str, str]]:
        return self.metadata.language_versions(self.work)


THEME_CITIES = 12
THEME_DEEP_DIVES = 6
THEME_OUTPUTS = 8
THEME_LESSONS = 6


class ThemePage:
    """What a theme's page lists: its cities, deep dives, published works (from the catalogue, one
    version per work) and published lessons, the first few of each and how many there are."""

    def __init__(self, theme: Theme):
        self.theme = theme

    @cached_property
    def _works(self):
        return current_catalogue().newest_works({"theme": [self.theme.pk]})

    @cached_property
    def outputs(self) -> list[Output]:
        return outputs_in_order(self._works.first(THEME_OUTPUTS))

    @property
    def output_count(self) -> int:
        return len(self._works)

    @cached_property
    def _cities(self):
        return City.objects.filter(themes=self.theme).partners_first().for_listing()

    @cached_property
    def cities(self) -> list[City]:
        return list(self._cities[:THEME_CITIES])

    @cached_property
    def city_count(self) -> int:
        return self._cities.count()

    @cached_property
    def _deep_dives(self):
        return DeepDive.objects.filter(themes=self.theme).for_listing().recent()

    @cached_property
    def deep_dives(self) -> list[DeepDive]:
        return list(self._deep_dives[:THEME_DEEP_DIVES])

    @cached_property
    def deep_dive_count(self) -> int:
        return self._deep_dives.count()

    @cached_property
    def _lessons(self):
        return Lesson.objects.published().filter(themes=self.theme).for_listing().newest_first()

    @cached_property
    def lessons(self) -> list[Lesson]:
        return list(self._lessons[:THEME_LESSONS])

    @cached_property
    def lesson_count(self) -> int:
        return self._lessons.count()
