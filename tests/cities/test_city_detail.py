"""A city's page at /cities/<slug>/: what a partner and a client city show, and only what is published."""

import datetime
import re
from html import unescape
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from cities.models import Challenge, City, Recognition
from deep_dives.models import ActionPlan, Session
from knowledge.models import Output
from tests import builders

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    """What a reader sees of some HTML: tags dropped, entities decoded, white space collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section_text(response, heading_id: str) -> str:
    """The text of the page section headed by the element with id `heading_id`; empty when absent."""
    html = response.content.decode()
    found = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    return text_of(found.group(1)) if found else ""


def facts(response) -> dict[str, str]:
    """The fact list beside the page: each term with its text."""
    html = response.content.decode()
    listing = re.search(r'<dl class="facts__list">(.*?)</dl>', html, re.S).group(1)
    return {
        text_of(term): text_of(definition)
        for term, definition in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", listing, re.S)
    }


def links(response) -> dict[str, str]:
    """Each link's text with where it leads (the last one wins when a text repeats)."""
    html = response.content.decode()
    return {
        text_of(label): unescape(href)
        for href, label in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', html, re.S)
    }


def card_titles(response, heading_id: str) -> list[str]:
    html = response.content.decode()
    found = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    if found is None:
        return []
    return [
        text_of(title) for title in re.findall(r'<h3 class="card__title">(.*?)</h3>', found.group(1), re.S)
    ]


def results_heading(response) -> str:
    html = response.content.decode()
    return text_of(re.search(r'<h2 id="results-heading"[^>]*>(.*?)</h2>', html, re.S).group(1))


@pytest.fixture
def program():
    """Toyama, the partner city that hosted the Compact Cities deep dive, and Narayanganj, which took part."""
    compact = builders.theme("Compact Cities")
    disaster = builders.theme("Disaster Risk Management")
    density = builders.theme("Density and Services")
    toyama = builders.city(
        "Toyama",
        cpp_batch=1,
        joined_on=datetime.date(2016, 7, 1),
        population=410_000,
        population_year=2020,
        summary="A mid-sized city with advanced Compact City policies.",
        themes=[compact, disaster],
    )
    Recognition.objects.create(
        city=toyama, title="Environmental Model City", awarded_by="Government of Japan", year=2008
    )
    Recognition.objects.create(city=toyama, title="Environmental Future City", year=2011)
    narayanganj = builders.city(
        "Narayanganj", role=City.Role.CLIENT, population=700_000, population_year=2011, themes=[compact]
    )
    challenge = Challenge.objects.create(
        city=narayanganj,
        title="Very high population density",
        description="Delivering services equitably to a large population.",
    )
    challenge.themes.set([compact, density])
    compact_dive = builders.deep_dive(
        "Compact Cities Technical Deep Dive",
        hosts=[toyama],
        themes=[compact],
        start_date=datetime.date(2017, 4, 10),
        place="Toyama",
    )
    builders.participation(compact_dive, narayanganj, delegation="The mayor of Narayanganj")
    builders.action_plan(
        compact_dive,
        narayanganj,
        "Narayanganj service delivery plan",
        goals="Map where services fall short\nPlan a denser centre",
        operation_id="P123456",
        operation_name="Sample urban operation",
        status=ActionPlan.Status.IN_PROGRESS,
    )
    return SimpleNamespace(compact=compact, toyama=toyama, narayanganj=narayanganj, compact_dive=compact_dive)


def test_partner_city_shows_batch_date_joined_recognitions_expertise_and_hosted_deep_dives(client, program):
    response = client.get("/cities/toyama/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Toyama</h1>" in html
    assert "Partner city Toyama A mid-sized city with advanced Compact City policies." in text_of(html)
    assert facts(response) == {
        "Country": "Japan",
        "Population": "410,000 (2020)",
        "CPP batch": "1",
        "Joined": "July 2016",
        "Expertise": "Compact Cities Disaster Risk Management",
    }
    assert links(response)["Disaster Risk Management"] == "/themes/disaster-risk-management/"
    assert section_text(response, "recognitions-heading") == (
        "Recognitions Environmental Model City — Government of Japan (2008) Environmental Future City (2011)"
    )
    assert card_titles(response, "deep-dives-heading") == ["Compact Cities Technical Deep Dive"]
    assert (
        links(response)["Compact Cities Technical Deep Dive"]
        == "/deep-dives/compact-cities-technical-deep-dive/"
    )
    assert "10 Apr 2017" in section_text(response, "deep-dives-heading")
    # A partner city brings no challenges and takes part in no deep dive.
    assert section_text(response, "challenges-heading") == ""
    assert "Took part in" not in html


def test_client_city_shows_its_challenges_deep_dives_with_delegation_and_action_plans(client, program):
    response = client.get("/cities/narayanganj/")

    assert response.status_code == 200
    assert "Client city" in text_of(response.content.decode())
    assert section_text(response, "challenges-heading") == (
        "Challenges the city brings Very high population density "
        "Delivering services equitably to a large population. Compact Cities Density and Services"
    )
    assert links(response)["Density and Services"] == "/themes/density-and-services/"
    assert section_text(response, "deep-dives-heading") == (
        "Technical Deep Dives Took part in Compact Cities Technical Deep Dive — The mayor of Narayanganj"
    )
    assert (
        links(response)["Compact Cities Technical Deep Dive"]
        == "/deep-dives/compact-cities-technical-deep-dive/"
    )
    plans = section_text(response, "plans-heading")
    assert plans == (
        "Action plans Narayanganj service delivery plan Narayanganj Compact Cities Technical Deep Dive "
        "In progress Goals Map where services fall short Plan a denser centre "
        "Feeds World Bank operation P123456 — Sample urban operation"
    )
    assert links(response)["P123456"] == (
        "https://projects.worldbank.org/en/projects-operations/project-detail/P123456"
    )
    assert facts(response) == {
        "Country": "Bangladesh",
        "Population": "700,000 (2011)",
        "Interests": "Compact Cities",
    }
    # A client city has no batch, recognitions or hosted deep dives (not even an empty list of them).
    assert section_text(response, "recognitions-heading") == ""
    assert card_titles(response, "deep-dives-heading") == []
    assert not re.search(r'<ul class="card-grid">\s*</ul>', response.content.decode())


def test_deep_dives_taken_part_in_come_most_recent_first_and_undated_last(client, program):
    host = program.toyama
    undated = builders.deep_dive("Sample peer exchange without dates", hosts=[host])
    smart = builders.deep_dive(
        "Smart Cities Technical Deep Dive", hosts=[host], start_date=datetime.date(2018, 2, 5)
    )
    builders.participation(undated, program.narayanganj)
    builders.participation(smart, program.narayanganj, delegation="Two planners")

    response = client.get("/cities/narayanganj/")

    assert section_text(response, "deep-dives-heading") == (
        "Technical Deep Dives "
        "Took part in Smart Cities Technical Deep Dive — Two planners "
        "Took part in Compact Cities Technical Deep Dive — The mayor of Narayanganj "
        "Took part in Sample peer exchange without dates"
    )


def test_population_without_a_year_is_shown_alone(client):
    builders.city("Kobe", population=1_500_000)

    response = client.get("/cities/kobe/")

    assert facts(response)["Population"] == "1,500,000"


HIDDEN_STATUSES = [
    Output.Status.DRAFT,
    Output.Status.SUBMITTED,
    Output.Status.CHANGES_REQUESTED,
    Output.Status.ARCHIVED,
    Output.Status.WITHDRAWN,
]


def _outputs_in_every_state(city: City, lesson_city: City) -> None:
    """One published output with a lesson, and one output with a lesson in each state that must not show."""
    published = builders.output("The published note", cities=[city])
    builders.lesson(published, lesson_city, "The published lesson")
    for status in HIDDEN_STATUSES:
        hidden = builders.output(f"Hidden {status.label} note", status=status, cities=[city])
        builders.lesson(hidden, lesson_city, f"Lesson of the {status.label} note")
    embargoed = builders.output(
        "Embargoed note", cities=[city], published_at=timezone.now() + datetime.timedelta(days=3)
    )
    builders.lesson(embargoed, lesson_city, "Lesson of the embargoed note")


def test_only_published_outputs_and_their_lessons_appear(client, program):
    _outputs_in_every_state(program.narayanganj, program.narayanganj)

    response = client.get("/cities/narayanganj/")

    assert card_titles(response, "outputs-heading") == ["The published note"]
    assert card_titles(response, "lessons-heading") == ["The published lesson"]
    text = text_of(response.content.decode())
    assert "Hidden" not in text
    assert "Embargoed" not in text
    assert "embargoed" not in text
    assert links(response)["See the 1 output in the library"] == "/knowledge/?city=narayanganj"
    assert links(response)["See the 1 lesson"] == "/lessons/?city=narayanganj"


def test_see_all_links_count_every_published_item_and_lead_to_as_many(client, program):
    _outputs_in_every_state(program.narayanganj, program.narayanganj)
    for number in range(1, 8):
        extra = builders.output(f"Published note {number}", cities=[program.narayanganj])
        builders.lesson(extra, program.narayanganj, f"Published lesson {number}")

    response = client.get("/cities/narayanganj/")

    # Six of each are shown; the links count all eight published.
    assert len(card_titles(response, "outputs-heading")) == 6
    assert len(card_titles(response, "lessons-heading")) == 6
    library_url = links(response)["See all 8 outputs in the library"]
    lessons_url = links(response)["See all 8 lessons"]
    assert results_heading(client.get(library_url)) == "8 outputs"
    assert results_heading(client.get(lessons_url)) == "8 lessons"


def test_partner_city_without_published_output_says_so(client, program):
    builders.output("A draft about Toyama", status=Output.Status.DRAFT, cities=[program.toyama])

    response = client.get("/cities/toyama/")

    assert section_text(response, "outputs-heading") == (
        "Knowledge outputs No published output about this city yet."
    )
    assert section_text(response, "lessons-heading") == ""


def test_cover_image_is_served_at_its_cover_url(client, program):
    image = builders.png_bytes(60, 40, "navy")
    program.toyama.cover_image.save("toyama.png", ContentFile(image))

    page = client.get("/cities/toyama/")
    cover = client.get("/cities/toyama/cover/")

    assert '<img class="output__cover" src="/cities/toyama/cover/"' in page.content.decode()
    assert cover.status_code == 200
    assert b"".join(cover.streaming_content) == image
    assert cover["Content-Type"] == "image/png"
    assert cover["X-Content-Type-Options"] == "nosniff"


def test_city_without_cover_has_no_image_and_no_cover_url(client, program):
    page = client.get("/cities/narayanganj/")

    assert "/cities/narayanganj/cover/" not in page.content.decode()
    assert client.get("/cities/narayanganj/cover/").status_code == 404


@pytest.mark.parametrize("path", ["/cities/atlantis/", "/cities/atlantis/cover/"])
def test_unknown_city_is_not_found(client, program, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "Page not found" in text_of(response.content.decode())
    assert "Toyama" not in response.content.decode()


def _partner_city_with(count: int) -> City:
    """Toyama with `count` of everything its page lists: recognitions, hosted deep dives, outputs, lessons."""
    theme = builders.theme("Compact Cities")
    toyama = builders.city("Toyama", cpp_batch=1, themes=[theme])
    client_city = builders.city("Narayanganj", role=City.Role.CLIENT)
    for number in range(count):
        Recognition.objects.create(city=toyama, title=f"Recognition {number}", year=2000 + number)
        deep_dive = builders.deep_dive(
            f"Deep dive {number}", hosts=[toyama], themes=[theme], start_date=datetime.date(2017, 1, 1)
        )
        output = builders.output(
            f"Note {number}", cities=[toyama, client_city], themes=[theme], deep_dive=deep_dive
        )
        builders.lesson(output, toyama, f"Lesson {number}", themes=[theme])
        builders.output(f"Draft {number}", status=Output.Status.DRAFT, cities=[toyama])
    return toyama


def _client_city_with(count: int) -> City:
    """Narayanganj with `count` challenges, deep dives taken part in, action plans, outputs and lessons."""
    theme = builders.theme("Compact Cities")
    host = builders.city("Toyama")
    narayanganj = builders.city("Narayanganj", role=City.Role.CLIENT, themes=[theme])
    for number in range(count):
        challenge = Challenge.objects.create(city=narayanganj, title=f"Challenge {number}")
        challenge.themes.set([theme])
        deep_dive = builders.deep_dive(
            f"Deep dive {number}", hosts=[host], start_date=datetime.date(2017, 1, 1)
        )
        builders.participation(deep_dive, narayanganj, delegation=f"Delegation {number}")
        builders.action_plan(deep_dive, narayanganj, f"Plan {number}", operation_id="P123456")
        builders.session(deep_dive, "Opening", kind=Session.Kind.WORKSHOP)
        output = builders.output(f"Note {number}", cities=[narayanganj, host], themes=[theme])
        builders.lesson(output, narayanganj, f"Lesson {number}", themes=[theme])
    return narayanganj


@pytest.mark.parametrize("count", [5, 50])
def test_partner_city_page_runs_fixed_queries(client, django_assert_num_queries, count):
    _partner_city_with(count)

    # 1 the city, 2 its themes, 3 recognitions, 4 challenges (none, so no challenge themes),
    # 5 COUNT of published outputs, 6 COUNT of published lessons, 7 the learning flows for the map (none,
    # so no cities to fetch for it), 8 hosted deep dives, 9 their themes, 10 their hosts,
    # 11 participations, 12 action plans, 13 six outputs, 14 their themes, 15 their cities,
    # 16 six lessons with city and output, 17 their themes.
    # The outputs' COUNT and listing come from the catalogue instead (knowledge/catalogue.py): so no 5,
    # but the outputs' published translations; and once, for a new content state, the next embargo
    # date (content_state.tokens) and the 6 queries that build the catalogue.
    with django_assert_num_queries(24):
        response = client.get("/cities/toyama/")
    # Cached: only the city itself.
    with django_assert_num_queries(1):
        assert client.get("/cities/toyama/").content.decode().count("Recognition ") == count

    assert len(card_titles(response, "deep-dives-heading")) == count
    assert links(response)[f"See all {count} outputs in the library"]
    assert len(section_text(response, "recognitions-heading").split("Recognition ")) == count + 1


@pytest.mark.parametrize("count", [5, 50])
def test_client_city_page_runs_fixed_queries(client, django_assert_num_queries, count):
    _client_city_with(count)

    # 1 the city, 2 its themes, 3 recognitions, 4 challenges, 5 their themes, 6 COUNT of published outputs,
    # 7 COUNT of published lessons, 8 the learning flows for the map, 9 the cities at their ends,
    # 10 hosted deep dives (none, so nothing prefetched), 11 participations with their deep dives,
    # 12 action plans with their deep dives, 13 six outputs, 14 their themes, 15 their cities,
    # 16 six lessons with city and output, 17 their themes.
    # The outputs' COUNT and listing come from the catalogue instead (knowledge/catalogue.py): so no 5,
    # but the outputs' published translations; and once, for a new content state, the next embargo
    # date (content_state.tokens) and the 6 queries that build the catalogue.
    with django_assert_num_queries(24):
        response = client.get("/cities/narayanganj/")
    # Cached: only the city itself.
    with django_assert_num_queries(1):
        assert client.get("/cities/narayanganj/").content.decode().count("Took part in") == count

    assert section_text(response, "deep-dives-heading").count("Took part in") == count
    assert section_text(response, "plans-heading").count("P123456") == count
    assert links(response)[f"See all {count} lessons"] == "/lessons/?city=narayanganj"
