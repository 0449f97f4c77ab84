"""The list of cities at /cities/: partner cities first, role and theme filters with counts, pages."""

import re
from html import unescape
from types import SimpleNamespace

import pytest

from cities.models import City
from tests import builders

pytestmark = pytest.mark.django_db

CLIENT = City.Role.CLIENT


def card_names(response) -> list[str]:
    """The names on the city cards, in page order."""
    html = response.content.decode()
    return [
        unescape(name) for name in re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)
    ]


def text_of(html: str) -> str:
    """What a reader sees of some HTML: tags dropped, entities decoded, white space collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def card_text(response, href: str) -> str:
    """The text of the card whose title links to `href`."""
    cards = re.findall(r'<article class="card[^"]*">(.*?)</article>', response.content.decode(), re.S)
    return next(text_of(card) for card in cards if f'href="{href}"' in card)


def facet_counts(response, name: str) -> dict[str, int]:
    """Each choice of a filter with the count shown beside it, in page order."""
    html = response.content.decode()
    section = re.search(rf'<section class="facet" aria-labelledby="facet-{name}">(.*?)</section>', html, re.S)
    if section is None:
        return {}
    options = re.findall(
        r'facet-option__label">([^<]*)</span>\s*<span class="facet-option__count">([\d,]+)</span>',
        section.group(1),
    )
    return {unescape(label): int(count.replace(",", "")) for label, count in options}


def facet_link(response, name: str, label: str) -> str:
    """Where the choice `label` of filter `name` leads."""
    html = response.content.decode()
    section = re.search(rf'<section class="facet" aria-labelledby="facet-{name}">(.*?)</section>', html, re.S)
    link = re.search(
        rf'<a class="facet-option[^"]*" href="([^"]*)"[^>]*>\s*<span[^>]*></span>\s*'
        rf'<span class="facet-option__label">{re.escape(label)}</span>',
        section.group(1),
    )
    return unescape(link.group(1))


def problems(response) -> list[str]:
    """The messages about the parts of the address that were ignored."""
    html = response.content.decode()
    notice = re.search(r'<div class="notice notice--warning" role="status">(.*?)</div>', html, re.S)
    if notice is None:
        return []
    return [unescape(item) for item in re.findall(r"<li>(.*?)</li>", notice.group(1), re.S)]


def results_heading(response) -> str:
    html = response.content.decode()
    heading = re.search(r'<h2 id="results-heading" class="results__count">(.*?)</h2>', html, re.S)
    return " ".join(unescape(heading.group(1)).split())


def pagination_links(response) -> dict[str, str]:
    html = response.content.decode()
    return {rel: unescape(href) for rel, href in re.findall(r'<a rel="(prev|next)" href="([^"]+)">', html)}


@pytest.fixture
def program():
    """Three partner cities and two client cities, tagged with three themes."""
    compact = builders.theme("Compact Cities")
    smart = builders.theme("Smart Cities")
    disaster = builders.theme("Disaster Risk Management")
    return SimpleNamespace(
        compact=compact,
        smart=smart,
        disaster=disaster,
        toyama=builders.city("Toyama", cpp_batch=1, themes=[compact, disaster]),
        yokohama=builders.city("Yokohama", cpp_batch=1, themes=[smart]),
        kobe=builders.city("Kobe", cpp_batch=1, themes=[disaster]),
        narayanganj=builders.city("Narayanganj", role=CLIENT, themes=[compact, smart]),
        # First in the alphabet, but a client city, so after every partner city.
        addis_ababa=builders.city("Addis Ababa", role=CLIENT, country="Ethiopia", themes=[smart]),
    )


def test_partner_cities_come_before_client_cities_each_in_name_order(client, program):
    response = client.get("/cities/")

    assert response.status_code == 200
    assert card_names(response) == ["Kobe", "Toyama", "Yokohama", "Addis Ababa", "Narayanganj"]
    assert results_heading(response) == "5 cities"


def test_a_city_card_shows_role_batch_country_and_themes(client, program):
    response = client.get("/cities/")

    assert card_text(response, "/cities/toyama/") == (
        "Partner city Batch 1 Toyama Japan Compact Cities Disaster Risk Management"
    )
    assert card_text(response, "/cities/addis-ababa/") == "Client city Addis Ababa Ethiopia Smart Cities"


def test_every_filter_choice_shows_how_many_cities_it_gives(client, program):
    response = client.get("/cities/")

    assert facet_counts(response, "role") == {"Partner city": 3, "Client city": 2}
    assert facet_counts(response, "theme") == {
        "Compact Cities": 2,
        "Disaster Risk Management": 2,
        "Smart Cities": 3,
    }
    assert facet_link(response, "role", "Client city") == "?role=client"
    assert facet_link(response, "theme", "Smart Cities") == "?theme=smart-cities"


def test_role_filter_keeps_that_role_and_counts_themes_among_it(client, program):
    response = client.get("/cities/?role=client")

    assert card_names(response) == ["Addis Ababa", "Narayanganj"]
    assert results_heading(response) == "2 cities"
    # The role counts ignore the role filter itself, so the other role can still be chosen.
    assert facet_counts(response, "role") == {"Partner city": 3, "Client city": 2}
    assert facet_counts(response, "theme") == {"Compact Cities": 1, "Smart Cities": 2}
    # The chosen role's link takes it away again.
    assert facet_link(response, "role", "Client city") == "?"
    assert "Role: Client city" in text_of(response.content.decode())


def test_theme_filter_keeps_cities_of_that_theme_and_counts_roles_among_them(client, program):
    response = client.get("/cities/?theme=compact-cities")

    assert card_names(response) == ["Toyama", "Narayanganj"]
    assert results_heading(response) == "2 cities"
    assert facet_counts(response, "role") == {"Partner city": 1, "Client city": 1}
    assert facet_counts(response, "theme") == {
        "Compact Cities": 2,
        "Disaster Risk Management": 2,
        "Smart Cities": 3,
    }
    assert problems(response) == []


def test_role_and_theme_filters_together_count_each_under_the_other(client, program):
    response = client.get("/cities/?role=partner&theme=smart-cities")

    assert card_names(response) == ["Yokohama"]
    assert facet_counts(response, "role") == {"Partner city": 1, "Client city": 2}
    assert facet_counts(response, "theme") == {
        "Compact Cities": 1,
        "Disaster Risk Management": 2,
        "Smart Cities": 1,
    }
    # Unticking the theme keeps the role.
    assert facet_link(response, "theme", "Smart Cities") == "?role=partner"


def test_filters_that_match_nothing_say_so_and_keep_the_choice_to_untick(client, program):
    response = client.get("/cities/?role=client&theme=disaster-risk-management")

    assert card_names(response) == []
    assert results_heading(response) == "0 cities"
    assert "No city matches these filters." in response.content.decode()
    assert facet_counts(response, "theme") == {
        "Compact Cities": 1,
        "Smart Cities": 2,
        "Disaster Risk Management": 0,
    }
    assert facet_link(response, "theme", "Disaster Risk Management") == "?role=client"


def test_the_cities_section_is_marked_current_in_the_navigation(client, program):
    for path in ["/cities/", "/cities/toyama/"]:
        html = client.get(path).content.decode()
        assert re.findall(r'<a href="([^"]+)" aria-current="page">', html) == ["/cities/"]


def test_a_city_with_two_chosen_themes_is_listed_and_counted_once(client, program):
    response = client.get("/cities/?theme=compact-cities&theme=smart-cities")

    # Narayanganj has both themes.
    assert card_names(response) == ["Toyama", "Yokohama", "Addis Ababa", "Narayanganj"]
    assert results_heading(response) == "4 cities"
    assert facet_counts(response, "role") == {"Partner city": 2, "Client city": 2}


def test_cities_come_24_to_a_page(client):
    for number in range(1, 31):
        builders.city(f"Partner {number:02}")

    first = client.get("/cities/")
    second = client.get("/cities/" + pagination_links(first)["next"])

    assert results_heading(first) == "30 cities"
    assert card_names(first) == [f"Partner {number:02}" for number in range(1, 25)]
    assert "Page 1 of 2" in first.content.decode()
    assert pagination_links(first) == {"next": "?page=2"}
    assert card_names(second) == [f"Partner {number:02}" for number in range(25, 31)]
    assert "Page 2 of 2" in second.content.decode()
    assert pagination_links(second) == {"prev": "?page=1"}


def test_page_links_keep_the_filters(client):
    builders.city("Toyama")
    for number in range(1, 27):
        builders.city(f"Client {number:02}", role=CLIENT)

    first = client.get("/cities/?role=client")
    second = client.get("/cities/" + pagination_links(first)["next"])

    assert pagination_links(first)["next"] == "?role=client&page=2"
    assert card_names(second) == ["Client 25", "Client 26"]


TEN_KB = "x" * 10_240

HOSTILE_QUERIES = [
    ("role=mayor", ["Role: Select a valid choice. mayor is not one of the available choices."]),
    (
        "theme=no-such-theme",
        ["Theme: Select a valid choice. no-such-theme is not one of the available choices."],
    ),
    ("page=0", ["Pages start at 1; showing the first page."]),
    ("page=99999", ["There are only 2 pages; showing the last one."]),
    ("page=abc", ["“abc” is not a page number; showing the first page."]),
    ("page=-1", ["“-1” is not a page number; showing the first page."]),
    (f"page={TEN_KB}", [f"“{TEN_KB[:20]}” is not a page number; showing the first page."]),
    ("page=" + "9" * 10_240, ["There are only 2 pages; showing the last one."]),
    (f"role={TEN_KB}", ["Role: Select a valid choice. xxxxxxxxxx"]),
    (f"theme={TEN_KB}", ["Theme: Select a valid choice. xxxxxxxxxx"]),
    # Repeated keys: a list filter takes them all, and refuses the lot when one is wrong ...
    (
        "role=client&role=client&role=mayor",
        ["Role: Select a valid choice. mayor is not one of the available choices."],
    ),
    # ... a single value takes the last.
    ("page=2&page=abc", ["“abc” is not a page number; showing the first page."]),
    ("page=%ff%fe", ["“\ufffd\ufffd” is not a page number; showing the first page."]),
    ("role=%ff%fe", ["Role: Select a valid choice. \ufffd\ufffd is not one of the available choices."]),
    ("sort=;drop&%ff%fe=1&unknown=1", []),
]


@pytest.mark.parametrize(("query", "message_starts"), HOSTILE_QUERIES, ids=lambda value: str(value)[:40])
def test_hostile_query_strings_get_the_list_with_a_message(client, query, message_starts):
    builders.city("Toyama")
    for number in range(1, 31):
        builders.city(f"Client {number:02}", role=CLIENT)

    response = client.get(f"/cities/?{query}")

    assert response.status_code == 200
    shown = problems(response)
    assert len(shown) == len(message_starts)
    for message, start in zip(shown, message_starts, strict=True):
        assert message.startswith(start)
        # A pasted 10 kB value is not echoed back whole.
        assert len(message) < 200
    assert results_heading(response) == "31 cities"
    assert "Toyama" in card_names(response) or "Client 30" in card_names(response)


def test_nul_characters_are_dropped_from_filter_values(client, program):
    response = client.get("/cities/?role=cli%00ent")

    assert response.status_code == 200
    assert card_names(response) == ["Addis Ababa", "Narayanganj"]
    assert problems(response) == []


def _cities_with_themes(count: int) -> None:
    themes = [builders.theme(f"Theme {number}") for number in range(3)]
    for number in range(count):
        builders.city(
            f"City {number:02}",
            role=City.Role.PARTNER if number % 2 else CLIENT,
            cpp_batch=1 if number % 2 else None,
            themes=themes[: 1 + number % 3],
        )


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_runs_seven_queries_whatever_the_number_of_cities(client, django_assert_num_queries, count):
    _cities_with_themes(count)

    # 1 role counts, 2 theme counts, 3 every city for the map, 4 the learning flows between them,
    # 5 COUNT for the pages, 6 the page of cities, 7 their themes.
    with django_assert_num_queries(7):
        response = client.get("/cities/")

    assert len(card_names(response)) == min(count, 24)


@pytest.mark.parametrize("count", [5, 50])
def test_the_filtered_list_runs_eight_queries_whatever_the_number_of_cities(
    client, django_assert_num_queries, count
):
    _cities_with_themes(count)

    # The seven of the plain list, and first the lookup of the chosen theme's slug.
    with django_assert_num_queries(8):
        response = client.get("/cities/?role=client&theme=theme-0&page=1")

    assert len(card_names(response)) == min((count + 1) // 2, 24)
