"""The Technical Deep Dives: the list at /deep-dives/ and each deep dive's page at /deep-dives/<slug>/."""

import datetime
import re
from html import unescape
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from cities.models import City
from deep_dives.models import ActionPlan, Session
from knowledge.models import Output
from tests import builders

pytestmark = pytest.mark.django_db

CLIENT = City.Role.CLIENT


def text_of(html: str) -> str:
    """What a reader sees of some HTML: tags dropped, entities decoded, white space collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section_html(response, heading_id: str) -> str:
    html = response.content.decode()
    found = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    return found.group(1) if found else ""


def card_titles(html: str) -> list[str]:
    return [text_of(title) for title in re.findall(r'<h3 class="card__title">(.*?)</h3>', html, re.S)]


def links(response) -> dict[str, str]:
    """Each link's text with where it leads (the last one wins when a text repeats)."""
    html = response.content.decode()
    return {
        text_of(label): unescape(href)
        for href, label in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', html, re.S)
    }


def facet_counts(response, name: str) -> list[tuple[str, int]]:
    """Each choice of a filter with the count shown beside it, in page order."""
    html = response.content.decode()
    section = re.search(rf'<section class="facet" aria-labelledby="facet-{name}">(.*?)</section>', html, re.S)
    if section is None:
        return []
    options = re.findall(
        r'facet-option__label">([^<]*)</span>\s*<span class="facet-option__count">([\d,]+)</span>',
        section.group(1),
    )
    return [(unescape(label), int(count.replace(",", ""))) for label, count in options]


def problems(response) -> list[str]:
    html = response.content.decode()
    notice = re.search(r'<div class="notice notice--warning" role="status">(.*?)</div>', html, re.S)
    if notice is None:
        return []
    return [text_of(item) for item in re.findall(r"<li>(.*?)</li>", notice.group(1), re.S)]


def results_heading(response) -> str:
    html = response.content.decode()
    return text_of(re.search(r'<h2 id="results-heading"[^>]*>(.*?)</h2>', html, re.S).group(1))


def card_text(response, href: str) -> str:
    """The text of the card whose title links to `href`."""
    cards = re.findall(r'<article class="card[^"]*">(.*?)</article>', response.content.decode(), re.S)
    return next(text_of(card) for card in cards if f'href="{href}"' in card)


def listed(response) -> list[str]:
    """The titles of the deep dives listed, in page order."""
    html = response.content.decode()
    results = re.search(r'<section class="results"[^>]*>(.*?)</section>', html, re.S).group(1)
    return card_titles(results)


@pytest.fixture
def program():
    compact = builders.theme("Compact Cities")
    smart = builders.theme("Smart Cities")
    toyama = builders.city("Toyama")
    yokohama = builders.city("Yokohama")
    kobe = builders.city("Kobe")
    return SimpleNamespace(
        compact=compact,
        smart=smart,
        toyama=toyama,
        yokohama=yokohama,
        kobe=kobe,
        narayanganj=builders.city("Narayanganj", role=CLIENT),
        compact_dive=builders.deep_dive(
            "Compact Cities Technical Deep Dive",
            hosts=[toyama],
            themes=[compact],
            start_date=datetime.date(2017, 4, 10),
            end_date=datetime.date(2017, 4, 14),
            place="Toyama, Japan",
            summary="Officials of client cities learned how Toyama made its centre compact.",
        ),
        smart_dive=builders.deep_dive(
            "Smart Cities Technical Deep Dive",
            hosts=[yokohama],
            themes=[smart],
            start_date=datetime.date(2018, 2, 5),
        ),
        joint_dive=builders.deep_dive(
            "Sample joint deep dive",
            hosts=[toyama, yokohama],
            themes=[compact, smart],
            start_date=datetime.date(2019, 6, 3),
        ),
        undated_dive=builders.deep_dive("Sample deep dive without dates", hosts=[kobe]),
    )


# The list -------------------------------------------------------------------------------------------


def test_deep_dives_are_listed_most_recent_first_and_undated_last(client, program):
    response = client.get("/deep-dives/")

    assert response.status_code == 200
    assert listed(response) == [
        "Sample joint deep dive",
        "Smart Cities Technical Deep Dive",
        "Compact Cities Technical Deep Dive",
        "Sample deep dive without dates",
    ]
    assert results_heading(response) == "4 deep dives"


def test_a_deep_dive_card_shows_dates_place_hosts_summary_and_themes(client, program):
    response = client.get("/deep-dives/")

    assert card_text(response, "/deep-dives/compact-cities-technical-deep-dive/") == (
        "Technical Deep Dive Compact Cities Technical Deep Dive 10 Apr 2017 – 14 Apr 2017 Toyama, Japan "
        "Hosted by Toyama "
        "Officials of client cities learned how Toyama made its centre compact. Compact Cities"
    )
    assert (
        links(response)["Compact Cities Technical Deep Dive"]
        == "/deep-dives/compact-cities-technical-deep-dive/"
    )
    assert card_text(response, "/deep-dives/sample-deep-dive-without-dates/").startswith(
        "Technical Deep Dive Sample deep dive without dates Dates not recorded Hosted by Kobe"
    )


def test_theme_and_host_choices_show_how_many_deep_dives_they_give(client, program):
    response = client.get("/deep-dives/")

    assert facet_counts(response, "theme") == [("Compact Cities", 2), ("Smart Cities", 2)]
    # Hosts with the most deep dives first.
    assert facet_counts(response, "host") == [("Toyama", 2), ("Yokohama", 2), ("Kobe", 1)]


def test_theme_filter_keeps_its_deep_dives_and_counts_hosts_among_them(client, program):
    response = client.get("/deep-dives/?theme=compact-cities")

    assert listed(response) == ["Sample joint deep dive", "Compact Cities Technical Deep Dive"]
    assert results_heading(response) == "2 deep dives"
    assert facet_counts(response, "host") == [("Toyama", 2), ("Yokohama", 1)]
    # The theme counts ignore the theme filter itself.
    assert facet_counts(response, "theme") == [("Compact Cities", 2), ("Smart Cities", 2)]
    assert problems(response) == []


def test_host_and_theme_filters_together_count_each_under_the_other(client, program):
    response = client.get("/deep-dives/?host=yokohama&theme=compact-cities")

    assert listed(response) == ["Sample joint deep dive"]
    assert facet_counts(response, "theme") == [("Compact Cities", 1), ("Smart Cities", 2)]
    assert facet_counts(response, "host") == [("Toyama", 2), ("Yokohama", 1)]


def test_a_deep_dive_with_two_chosen_themes_is_listed_and_counted_once(client, program):
    response = client.get("/deep-dives/?theme=compact-cities&theme=smart-cities")

    assert listed(response) == [
        "Sample joint deep dive",
        "Smart Cities Technical Deep Dive",
        "Compact Cities Technical Deep Dive",
    ]
    assert results_heading(response) == "3 deep dives"
    assert facet_counts(response, "host") == [("Toyama", 2), ("Yokohama", 2)]


def test_deep_dives_come_twenty_to_a_page(client):
    host = builders.city("Toyama")
    for day in range(1, 26):
        builders.deep_dive(f"Sample deep dive {day:02}", hosts=[host], start_date=datetime.date(2020, 1, day))

    first = client.get("/deep-dives/")
    second = client.get("/deep-dives/?page=2")

    assert listed(first) == [f"Sample deep dive {day:02}" for day in range(25, 5, -1)]
    assert "Page 1 of 2" in first.content.decode()
    assert listed(second) == [f"Sample deep dive {day:02}" for day in range(5, 0, -1)]


TEN_KB = "x" * 10_240

HOSTILE_QUERIES = [
    # A client city never hosts, so it is not a host to choose.
    (
        "host=narayanganj",
        ["Host city: Select a valid choice. narayanganj is not one of the available choices."],
    ),
    (
        "theme=no-such-theme",
        ["Theme: Select a valid choice. no-such-theme is not one of the available choices."],
    ),
    ("page=0", ["Pages start at 1; showing the first page."]),
    ("page=99999", ["There is only 1 page; showing it."]),
    ("page=abc", ["“abc” is not a page number; showing the first page."]),
    (f"page={TEN_KB}", ["“xxxxxxxxxxxxxxxxxxxx” is not a page number; showing the first page."]),
    (f"theme={TEN_KB}", ["Theme: Select a valid choice. xxxxxxxxxx"]),
    (f"host={TEN_KB}", ["Host city: Select a valid choice. xxxxxxxxxx"]),
    ("host=toyama&host=toyama&host=nowhere", ["Host city: Select a valid choice. nowhere"]),
    ("page=1&page=abc", ["“abc” is not a page number; showing the first page."]),
    ("theme=%ff%fe", ["Theme: Select a valid choice. \ufffd\ufffd is not one of the available choices."]),
    ("page=%ff%fe", ["“\ufffd\ufffd” is not a page number; showing the first page."]),
    ("sort=;drop&%ff%fe=1&unknown=1", []),
]


@pytest.mark.parametrize(("query", "message_starts"), HOSTILE_QUERIES, ids=lambda value: str(value)[:40])
def test_hostile_query_strings_get_the_list_with_a_message(client, program, query, message_starts):
    response = client.get(f"/deep-dives/?{query}")

    assert response.status_code == 200
    shown = problems(response)
    assert len(shown) == len(message_starts)
    for message, start in zip(shown, message_starts, strict=True):
        assert message.startswith(start)
        assert len(message) < 200
    assert results_heading(response) == "4 deep dives"
    assert "Sample joint deep dive" in listed(response)


def test_nul_characters_are_dropped_from_filter_values(client, program):
    response = client.get("/deep-dives/?host=yoko%00hama")

    assert response.status_code == 200
    assert listed(response) == ["Sample joint deep dive", "Smart Cities Technical Deep Dive"]
    assert problems(response) == []


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_runs_six_queries_whatever_the_number_of_deep_dives(
    client, django_assert_num_queries, count
):
    themes = [builders.theme(f"Theme {number}") for number in range(3)]
    hosts = [builders.city(f"Host {number}") for number in range(3)]
    for number in range(count):
        builders.deep_dive(
            f"Deep dive {number:02}",
            hosts=hosts[: 1 + number % 3],
            themes=themes[: 1 + number % 3],
            start_date=datetime.date(2017, 1, 1) + datetime.timedelta(days=number),
        )

    # 1 theme counts, 2 host counts, 3 COUNT for the pages, 4 the page of deep dives, 5 their themes,
    # 6 their hosts.
    with django_assert_num_queries(6):
        response = client.get("/deep-dives/")

    assert len(listed(response)) == min(count, 20)


@pytest.mark.parametrize("count", [5, 50])
def test_the_filtered_list_runs_eight_queries_whatever_the_number_of_deep_dives(
    client, django_assert_num_queries, count
):
    theme = builders.theme("Compact Cities")
    host = builders.city("Toyama")
    for number in range(count):
        builders.deep_dive(f"Deep dive {number:02}", hosts=[host], themes=[theme])

    # The six of the plain list, after the lookups of the chosen theme and host.
    with django_assert_num_queries(8):
        response = client.get("/deep-dives/?theme=compact-cities&host=toyama")

    assert results_heading(response) == f"{count} deep dives"


# A deep dive's page ---------------------------------------------------------------------------------


@pytest.fixture
def smart_cities(program):
    """The Smart Cities deep dive with its agenda, two participating cities and their action plans."""
    deep_dive = program.smart_dive
    deep_dive.end_date = datetime.date(2018, 2, 9)
    deep_dive.place = "Yokohama, Japan"
    deep_dive.objectives = "- Learn how Yokohama plans with its citizens\n\n- Draft an action plan per city"
    deep_dive.save()
    builders.session(
        deep_dive, "Welcome and program", day=1, position=0, host_organisation="City of Yokohama"
    )
    builders.session(deep_dive, "Visit of a smart district", kind=Session.Kind.SITE_VISIT, day=1, position=1)
    builders.session(
        deep_dive,
        "International conference on Smart Cities",
        kind=Session.Kind.CONFERENCE,
        day=2,
        host_organisation="City of Yokohama",
        attendance=190,
        attendance_is_approximate=True,
    )
    builders.session(
        deep_dive, "Peer exchange with city officials", kind=Session.Kind.PEER_EXCHANGE, day=3, position=0
    )
    builders.session(
        deep_dive, "Action planning", kind=Session.Kind.ACTION_PLANNING, day=3, position=1, attendance=1200
    )
    sample_city = builders.city("Sample City", role=CLIENT, country="Sampleland")
    builders.participation(
        deep_dive,
        program.narayanganj,
        delegation="The mayor of Narayanganj\nTwo planners",
        challenge_statement="Very high population density; delivering services equitably.",
    )
    builders.participation(deep_dive, sample_city, delegation="A sample delegation")
    builders.action_plan(
        deep_dive,
        program.narayanganj,
        "Narayanganj smart services plan",
        goals="Put service requests online\nPublish response times",
        next_steps="Agree the plan with the council\nAsk the task team for support",
        operation_id="P123456",
        operation_name="Sample urban operation",
        status=ActionPlan.Status.IN_PROGRESS,
    )
    builders.action_plan(deep_dive, sample_city, "Sample City data plan", goals="Open the city's data")
    return deep_dive


def test_agenda_is_grouped_by_day_with_kind_host_and_attendance(client, smart_cities):
    response = client.get("/deep-dives/smart-cities-technical-deep-dive/")

    assert response.status_code == 200
    agenda = section_html(response, "agenda-heading")
    days = re.findall(r"<h3>(.*?)</h3>\s*<ol class=\"agenda\">(.*?)</ol>", agenda, re.S)
    assert [
        (
            text_of(day),
            [text_of(item) for item in re.findall(r'<li class="agenda__item">(.*?)</li>', items, re.S)],
        )
        for day, items in days
    ] == [
        (
            "Day 1",
            [
                "Workshop Welcome and program Hosted by City of Yokohama",
                "Site visit Visit of a smart district",
            ],
        ),
        (
            "Day 2",
            [
                "Conference International conference on Smart Cities "
                "Hosted by City of Yokohama About 190 participants"
            ],
        ),
        (
            "Day 3",
            [
                "Peer exchange Peer exchange with city officials",
                "Action planning Action planning 1,200 participants",
            ],
        ),
    ]


def test_participating_cities_show_delegation_and_challenge(client, smart_cities):
    response = client.get("/deep-dives/smart-cities-technical-deep-dive/")

    assert text_of(section_html(response, "participants-heading")) == (
        "Participating cities "
        "Narayanganj Bangladesh Delegation: The mayor of Narayanganj Two planners "
        "Challenge: Very high population density; delivering services equitably. "
        "Sample City Sampleland Delegation: A sample delegation"
    )
    assert links(response)["Narayanganj"] == "/cities/narayanganj/"


def test_action_plans_show_city_goals_next_steps_status_and_operation_link(client, smart_cities):
    response = client.get("/deep-dives/smart-cities-technical-deep-dive/")

    assert text_of(section_html(response, "plans-heading")) == (
        "Action plans "
        "Narayanganj smart services plan Narayanganj In progress "
        "Goals Put service requests online Publish response times "
        "Next steps Agree the plan with the council Ask the task team for support "
        "Feeds World Bank operation P123456 — Sample urban operation "
        "Sample City data plan Sample City Drafted Goals Open the city's data"
    )
    assert (
        links(response)["P123456"]
        == "https://projects.worldbank.org/en/projects-operations/project-detail/P123456"
    )


def test_objectives_dates_place_hosts_and_themes_are_shown(client, smart_cities):
    response = client.get("/deep-dives/smart-cities-technical-deep-dive/")

    html = response.content.decode()
    assert "<h1>Smart Cities Technical Deep Dive</h1>" in html
    assert text_of(section_html(response, "objectives-heading")) == (
        "Objectives Learn how Yokohama plans with its citizens Draft an action plan per city"
    )
    facts = re.search(r'<dl class="facts__list">(.*?)</dl>', html, re.S).group(1)
    assert text_of(facts) == (
        "Dates 5 Feb 2018 – 9 Feb 2018 Place Yokohama, Japan Hosted by Yokohama Themes Smart Cities"
    )
    assert links(response)["Yokohama"] == "/cities/yokohama/"
    assert links(response)["Smart Cities"] == "/themes/smart-cities/"


def test_a_deep_dive_without_agenda_or_participants_says_so(client, program):
    response = client.get("/deep-dives/sample-deep-dive-without-dates/")

    assert (
        text_of(section_html(response, "agenda-heading")) == "Agenda The agenda has not been published yet."
    )
    assert text_of(section_html(response, "participants-heading")) == (
        "Participating cities No participating city has been recorded yet."
    )
    assert section_html(response, "plans-heading") == ""
    assert section_html(response, "objectives-heading") == ""
    assert text_of(section_html(response, "outputs-heading")) == (
        "Outputs it produced No published output from this deep dive yet."
    )


def test_only_published_outputs_it_produced_appear(client, smart_cities, program):
    builders.output("Smart Cities conference note", deep_dive=smart_cities)
    for status in [
        Output.Status.DRAFT,
        Output.Status.SUBMITTED,
        Output.Status.CHANGES_REQUESTED,
        Output.Status.ARCHIVED,
        Output.Status.WITHDRAWN,
    ]:
        builders.output(f"Hidden {status.label} note", status=status, deep_dive=smart_cities)
    builders.output(
        "Embargoed note", deep_dive=smart_cities, published_at=timezone.now() + datetime.timedelta(days=1)
    )
    builders.output("A note from another deep dive", deep_dive=program.compact_dive)

    response = client.get("/deep-dives/smart-cities-technical-deep-dive/")

    assert card_titles(section_html(response, "outputs-heading")) == ["Smart Cities conference note"]
    text = text_of(response.content.decode())
    assert "Hidden" not in text
    assert "Embargoed" not in text
    assert "another deep dive" not in text


def test_more_than_twelve_outputs_link_to_all_of_them_in_the_library(client, smart_cities):
    for number in range(1, 15):
        builders.output(
            f"Smart Cities note {number:02}",
            deep_dive=smart_cities,
            publication_date=datetime.date(2018, 3, number),
        )
    builders.output("Draft note", status=Output.Status.DRAFT, deep_dive=smart_cities)

    response = client.get("/deep-dives/smart-cities-technical-deep-dive/")

    assert card_titles(section_html(response, "outputs-heading")) == [
        f"Smart Cities note {number:02}" for number in range(14, 2, -1)
    ]
    library_url = links(response)["See all 14 outputs in the library"]
    assert library_url == "/knowledge/?deep_dive=smart-cities-technical-deep-dive"
    assert results_heading(client.get(library_url)) == "14 outputs"


def test_cover_image_is_served_at_its_cover_url(client, smart_cities):
    image = builders.png_bytes(80, 40, "orange")
    smart_cities.cover_image.save("smart.png", ContentFile(image))

    page = client.get("/deep-dives/smart-cities-technical-deep-dive/")
    cover = client.get("/deep-dives/smart-cities-technical-deep-dive/cover/")

    assert 'src="/deep-dives/smart-cities-technical-deep-dive/cover/"' in page.content.decode()
    assert b"".join(cover.streaming_content) == image
    assert cover["Content-Type"] == "image/png"
    assert cover["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/deep-dives/no-such-deep-dive/", "/deep-dives/no-such-deep-dive/cover/"])
def test_unknown_deep_dive_is_not_found(client, program, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "Page not found" in text_of(response.content.decode())
    assert "Sample joint deep dive" not in response.content.decode()


@pytest.mark.parametrize("count", [5, 50])
def test_a_deep_dive_page_runs_fixed_queries(client, django_assert_num_queries, count):
    theme = builders.theme("Smart Cities")
    host = builders.city("Yokohama")
    deep_dive = builders.deep_dive("Smart Cities Technical Deep Dive", hosts=[host], themes=[theme])
    for number in range(count):
        builders.session(deep_dive, f"Session {number}", day=1 + number % 5, attendance=number + 1)
        city = builders.city(f"Client {number:02}", role=CLIENT, themes=[theme])
        builders.participation(deep_dive, city, delegation=f"Delegation {number}")
        builders.action_plan(deep_dive, city, f"Plan {number}", operation_id="P123456")
        builders.output(f"Note {number}", deep_dive=deep_dive, cities=[city, host], themes=[theme])
        builders.output(f"Draft {number}", status=Output.Status.DRAFT, deep_dive=deep_dive)

    # 1 the deep dive, 2 its themes, 3 its hosts, 4 its sessions, 5 participations with their cities,
    # 6 action plans with their cities, 7 COUNT of published outputs, 8 twelve outputs, 9 their themes,
    # 10 their cities.
    # The outputs' COUNT and listing come from the catalogue instead (knowledge/catalogue.py): so no 7,
    # but the outputs' published translations; and once, for a new content state, the next embargo
    # date (content_state.tokens) and the 6 queries that build the catalogue; and its offline kits.
    with django_assert_num_queries(18):
        response = client.get("/deep-dives/smart-cities-technical-deep-dive/")
    # Cached: only the deep dive itself.
    with django_assert_num_queries(1):
        again = client.get("/deep-dives/smart-cities-technical-deep-dive/")
    assert text_of(section_html(again, "plans-heading")).count("P123456") == count

    assert text_of(section_html(response, "participants-heading")).count("Delegation:") == count
    assert text_of(section_html(response, "plans-heading")).count("P123456") == count
    assert len(re.findall(r'<li class="agenda__item">', section_html(response, "agenda-heading"))) == count
    assert len(card_titles(section_html(response, "outputs-heading"))) == min(count, 12)
