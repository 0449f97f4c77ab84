"""The links of a facet's choices (cpp_portal.facets.ToggleLinks): each adds or removes one value and goes
back to page one, keeping every other parameter where it was."""

import pytest
from django.http import QueryDict

from cpp_portal.facets import ToggleLinks


@pytest.mark.parametrize(
    ("query", "name", "value", "expected"),
    [
        # Added after the values already chosen, in the parameter's place; the page number dropped.
        ("q=tram&theme=a&page=3&kind=b", "theme", "c", "?q=tram&theme=a&theme=c&kind=b"),
        # Removed, and the parameter with it once it has no value left.
        ("q=tram&theme=a&page=3&kind=b", "theme", "a", "?q=tram&kind=b"),
        ("theme=a&theme=c&kind=b", "theme", "a", "?theme=c&kind=b"),
        # A parameter not there yet comes last.
        ("q=tram&theme=a&kind=b", "city", "toyama", "?q=tram&theme=a&kind=b&city=toyama"),
        # Nothing left at all.
        ("theme=a&page=2", "theme", "a", "?"),
        ("", "year", "2019", "?year=2019"),
        # Values are encoded as Django encodes a query string.
        (
            "q=light+rail+%26+trams&sort=title",
            "language",
            "ja",
            "?q=light+rail+%26+trams&sort=title&language=ja",
        ),
        ("q=富山", "theme", "a/b c", "?q=%E5%AF%8C%E5%B1%B1&theme=a%2Fb+c"),
    ],
)
def test_each_link_toggles_one_value_and_keeps_the_rest(query, name, value, expected):
    assert ToggleLinks(QueryDict(query), name).url(value) == expected


@pytest.mark.parametrize("query", ["q=tram&theme=a&page=3&kind=b", "kind=b&theme=a&theme=c&q=x%26y", ""])
@pytest.mark.parametrize("value", ["a", "c", "new value"])
def test_links_are_what_a_copied_query_string_gives(query, value):
    params = QueryDict(query)
    expected = params.copy()
    expected.pop("page", None)
    values = expected.getlist("theme")
    expected.setlist(
        "theme", [item for item in values if item != value] if value in values else [*values, value]
    )

    encoded = expected.urlencode()

    assert ToggleLinks(params, "theme").url(value) == (f"?{encoded}" if encoded else "?")
