"""Faceted filtering: counts beside each filter choice, and links that toggle a choice.

A FacetedFilterSet knows how to give its results without one of its filters, so a facet can count
what each of its choices would give under all the other active filters.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.text import Truncator

from cpp_portal.pagination import paginate


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)
    # Options beyond the first few, shown folded away.
    more: list[FacetOption] = field(default_factory=list)

    @property
    def selected(self) -> list[FacetOption]:
        return [option for option in self.options + self.more if option.selected]


class FacetedFilterSet(django_filters.FilterSet):
    FACETS: tuple[str, ...] = ()
    # Parameters that shape the page rather than narrow the results.
    PRESENTATION = ("sort",)

    def __init__(self, data: QueryDict | None = None, *args, **kwargs):
        # An empty value (`?kind=`, left by a cleared form field) means "no choice", not a wrong one.
        if data is not None:
            data = _without_blank_values(data)
        super().__init__(data, *args, **kwargs)

    @property
    def cleaned_data(self) -> dict:
        """The values that passed validation; the invalid ones are simply left out."""
        self.form.is_valid()
        return self.form.cleaned_data

    def queryset_without(self, facet: str):
        """The results as they would be with every valid filter applied except `facet`."""
        queryset = self.queryset
        for name, value in self.cleaned_data.items():
            if name != facet and name not in self.PRESENTATION:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def selected_labels(self, facet: str) -> dict[str, str]:
        """The valid chosen values of a facet, as they appear in the URL, with their labels."""
        value = self.cleaned_data.get(facet) or []
        extra = getattr(self.filters[facet], "extra", {})
        to_field = extra.get("to_field_name")
        choice_labels = dict(extra.get("choices") or ())
        return {
            str(getattr(item, to_field) if to_field else item): str(choice_labels.get(item, item))
            for item in value
        }

    def selected_values(self, facet: str) -> set[str]:
        return set(self.selected_labels(facet))

    @cached_property
    def link_params(self) -> QueryDict:
        """The values in use, as the query string that links on the page build on.

        Only what passed validation, in its cleaned form: a link never carries an ignored value (or a
        10 kB paste of one) on to the next page.
        """
        query = QueryDict(mutable=True)
        for name, value in self.cleaned_data.items():
            if name in self.FACETS:
                query.setlist(name, sorted(self.selected_values(name)))
            elif value not in (None, "", [], ()):
                query[name] = str(value)
        return query

    def problems(self) -> list[str]:
        """Human messages for the parameters that were ignored because they made no sense."""
        messages = []
        for name, errors in self.form.errors.as_data().items():
            label = self.filters[name].label if name in self.filters else name
            messages.append(f"{label}: {' '.join(_shortened_message(error) for error in errors)}")
        return messages

    @property
    def is_filtered(self) -> bool:
        return any(self.cleaned_data.get(name) for name in (*self.FACETS, "q"))


def build_facet(
    filterset: FacetedFilterSet,
    name: str,
    counts: Iterable[tuple[str, str, int]],
    *,
    shown: int = 10,
) -> Facet:
    """A facet from (value, label, count) rows in display order; chosen values are always shown."""
    toggle = ToggleLinks(filterset.link_params, name)
    selected_labels = filterset.selected_labels(name)
    selected = set(selected_labels)
    options = []
    seen = set()
    for value, label, count in counts:
        value = str(value)
        seen.add(value)
        options.append(FacetOption(value, str(label), count, value in selected, toggle.url(value)))
    # A chosen value that no longer has results is still shown, so that it can be unticked.
    for value in sorted(selected - seen):
        options.append(FacetOption(value, selected_labels[value], 0, True, toggle.url(value)))
    folded = [option for option in options[shown:] if not option.selected]
    visible = options[:shown] + [option for option in options[shown:] if option.selected]
    return Facet(name, str(filterset.filters[name].label), visible, folded)


class ToggleLinks:
    """The query string with a value added to or removed from parameter `name`, back on page one, for
    every value of one facet. The other parameters are encoded once: a QueryDict copied per option
    costs more than the whole library's catalogue query."""

    def __init__(self, params: QueryDict, name: str):
        self.name = name
        self.values = params.getlist(name)
        before, after, seen = [], [], False
        for key, values in params.lists():
            if key == "page":
                continue
            if key == name:
                seen = True
                continue
            (after if seen else before).extend(urlencode({key: value}) for value in values)
        # A parameter not there yet is added at the end.
        self.before, self.after = (before, after) if seen else (before + after, [])

    def url(self, value: str) -> str:
        values = (
            [item for item in self.values if item != value] if value in self.values else [*self.values, value]
        )
        encoded = "&".join([*self.before, *(urlencode({self.name: item}) for item in values), *self.after])
        return f"?{encoded}" if encoded else "?"


def not_applied(queryset, name, value):
    """The method of a filter whose value is applied elsewhere (keywords and order by a search engine or
    an in-memory catalogue): the queryset as it is."""
    return queryset


def without_params(params: QueryDict, *names: str) -> str:
    query = params.copy()
    for name in (*names, "page"):
        query.pop(name, None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def linked_to_any(through, *, owner: str, related: str):
    """A filter method keeping the rows that the M2M table `through` links to any of the chosen objects.

    EXISTS rather than a join: a row linked to two chosen objects stays one row, so the results need no
    DISTINCT and the facet counts do not count it twice.
    """

    def method(queryset, name, value):
        if not value:
            return queryset
        links = through.objects.filter(**{owner: OuterRef("pk"), f"{related}__in": value})
        return queryset.filter(Exists(links))

    return method


def linked_counts(
    through, *, owner: str, owners, related: str, label: str = "name", most_first: bool = False
) -> list[tuple[str, str, int]]:
    """(slug, label, count) for each object that the M2M table `through` links to the `owners` queryset.

    In the related model's own order, or with `most_first` the most linked first.
    """
    rows = (
        through.objects.filter(**{f"{owner}__in": owners.order_by().values("pk")})
        .values_list(f"{related}__slug", f"{related}__{label}")
        .annotate(total=Count("pk"))
    )
    if most_first:
        return list(rows.order_by("-total", f"{related}__{label}"))
    related_model = through._meta.get_field(related).related_model
    return list(rows.order_by(*(f"{related}__{name}" for name in related_model._meta.ordering)))


def faceted_list_context(
    request, filterset: FacetedFilterSet, results, facets: list[Facet], *, per_page: int
) -> dict:
    """What every faceted list page shows: one page of results, the facets, and what was ignored."""
    page, page_problem = paginate(results, request.GET.get("page"), per_page)
    params = filterset.link_params
    return {
        "filterset": filterset,
        "page_obj": page,
        "facets": facets,
        "problems": filterset.problems() + ([page_problem] if page_problem else []),
        "clear_url": without_params(params, *filterset.FACETS, "q"),
        "page_link_prefix": page_link_prefix(params),
        # Valid chosen filter values, carried along when the keyword form is submitted.
        "preserved_params": [(name, sorted(filterset.selected_values(name))) for name in filterset.FACETS],
    }


def page_link_prefix(params: QueryDict) -> str:
    """The start of a link to another page of the same results: "?…&" ready for "page=N"."""
    query = params.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return f"?{encoded}&" if encoded else "?"


def _shortened_message(error: ValidationError) -> str:
    """The error's message with the values it quotes cut short, so a pasted 10 kB value stays readable."""
    if not error.params:
        return str(error.message)
    params = {key: Truncator(str(value)).chars(40) for key, value in error.params.items()}
    return str(error.message) % params


def _without_blank_values(data: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True)
    for key, values in data.lists():
        kept = [value for value in values if value.strip()]
        if kept:
            cleaned.setlist(key, kept)
    return cleaned
