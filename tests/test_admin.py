"""The staff admin at /admin/: lists with their columns, filters and search, forms with their inlines."""

import datetime
import json
import re
from html import unescape
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType

from cities.models import City
from deep_dives.models import ActionPlan, Session
from knowledge.models import Output
from tests import builders

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def column_names(response) -> list[str]:
    """The list's columns, by the field or method each shows."""
    html = response.content.decode()
    return re.findall(r'<th scope="col" class="[^"]*\bcolumn-([a-z_]+)\b', html)


def column_headings(response) -> list[str]:
    html = response.content.decode()
    headings = re.findall(r'<th scope="col" class="[^"]*\bcolumn-[a-z_]+\b[^"]*">(.*?)</th>', html, re.S)
    return [text_of(heading) for heading in headings]


def rows(response) -> list[str]:
    """The first cell (the link to the change form) of every row of the list."""
    html = response.content.decode()
    return [
        text_of(cell)
        for cell in re.findall(r'<th class="field-[a-z_]+"><a href="[^"]+">(.*?)</a></th>', html, re.S)
    ]


def row_cells(response, first: str) -> list[str]:
    """Every cell of the row whose first cell is `first`."""
    html = response.content.decode()
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        cells = [
            text_of(cell) for cell in re.findall(r'<t[hd] class="field-[^"]+"[^>]*>(.*?)</t[hd]>', row, re.S)
        ]
        if cells and cells[0] == first:
            return cells
    raise AssertionError(f"No row {first!r} in the list.")


def filter_titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<details data-filter-title="([^"]+)"', html)


def prepopulated_fields(response) -> list[dict]:
    """What the admin's prepopulate script is told: which field to fill from which."""
    html = response.content.decode()
    found = re.search(
        r'id="django-admin-prepopulated-fields-constants"[^>]*data-prepopulated-fields="([^"]*)"', html
    )
    return json.loads(unescape(found.group(1)))


def inline_headings(response) -> dict[str, str]:
    """Each inline group of the form with its heading."""
    html = response.content.decode()
    groups = re.findall(r'<h2 id="([a-z_]+)-heading" class="inline-heading">(.*?)</h2>', html, re.S)
    return {prefix: text_of(heading) for prefix, heading in groups}


@pytest.fixture
def program():
    compact = builders.theme("Compact Cities")
    smart = builders.theme("Smart Cities")
    toyama = builders.city("Toyama", cpp_batch=1, population=410_000, population_year=2020, themes=[compact])
    yokohama = builders.city("Yokohama", cpp_batch=1, themes=[smart])
    narayanganj = builders.city("Narayanganj", role=City.Role.CLIENT, themes=[compact])
    compact_dive = builders.deep_dive(
        "Compact Cities Technical Deep Dive",
        hosts=[toyama],
        themes=[compact],
        start_date=datetime.date(2017, 4, 10),
        place="Toyama",
    )
    smart_dive = builders.deep_dive(
        "Smart Cities Technical Deep Dive",
        hosts=[yokohama],
        themes=[smart],
        start_date=datetime.date(2018, 2, 5),
    )
    builders.action_plan(
        compact_dive,
        narayanganj,
        "Narayanganj density plan",
        operation_id="P123456",
        status=ActionPlan.Status.IN_PROGRESS,
    )
    builders.action_plan(smart_dive, narayanganj, "Narayanganj smart services plan")
    note = builders.output(
        "Compact city knowledge note",
        themes=[compact],
        cities=[toyama],
        deep_dive=compact_dive,
        featured=True,
    )
    draft = builders.output(
        "Smart city toolkit draft", kind=Output.Kind.TOOLKIT, status=Output.Status.DRAFT, themes=[smart]
    )
    builders.lesson(note, toyama, "Trams bring people back to the centre")
    builders.lesson(draft, narayanganj, "Sample lesson about density")
    return SimpleNamespace(compact=compact, smart=smart, toyama=toyama, narayanganj=narayanganj)


CHANGELISTS = [
    ("cities/theme", ["name", "slug", "position"], [], ["Compact Cities", "Smart Cities"]),
    (
        "cities/city",
        ["name", "role", "country", "cpp_batch", "population", "population_year"],
        ["role", "CPP batch", "country", "themes"],
        ["Narayanganj", "Toyama", "Yokohama"],
    ),
    (
        "deep_dives/deepdive",
        ["title", "start_date", "end_date", "place", "host_list"],
        ["themes", "host partner cities", "start date"],
        ["Smart Cities Technical Deep Dive", "Compact Cities Technical Deep Dive"],
    ),
    (
        "deep_dives/actionplan",
        ["title", "city", "deep_dive", "operation_id", "status"],
        ["status", "deep dive"],
        ["Narayanganj density plan", "Narayanganj smart services plan"],
    ),
    (
        "knowledge/output",
        ["title", "kind", "status", "featured", "language", "publication_date", "updated_at"],
        ["status", "kind", "featured", "language", "themes", "deep dive"],
        ["Smart city toolkit draft", "Compact city knowledge note"],
    ),
    (
        "knowledge/lesson",
        ["title", "city", "output"],
        ["themes", "city"],
        ["Sample lesson about density", "Trams bring people back to the centre"],
    ),
]


@pytest.mark.parametrize(
    ("model", "columns", "filters", "listed"), CHANGELISTS, ids=[item[0] for item in CHANGELISTS]
)
def test_every_list_opens_with_its_columns_filters_and_rows(
    admin_client, program, model, columns, filters, listed
):
    response = admin_client.get(f"/admin/{model}/")

    assert response.status_code == 200
    assert column_names(response) == columns
    assert filter_titles(response) == filters
    assert rows(response) == listed


def test_city_list_shows_its_columns_with_values(admin_client, program):
    response = admin_client.get("/admin/cities/city/")

    assert column_headings(response) == [
        "Name",
        "Role",
        "Country",
        "CPP batch",
        "Population",
        "Population figure year",
    ]
    assert rows(response) == ["Narayanganj", "Toyama", "Yokohama"]
    assert row_cells(response, "Toyama") == ["Toyama", "Partner city", "Japan", "1", "410000", "2020"]


def test_deep_dive_list_shows_its_hosts(admin_client, program):
    response = admin_client.get("/admin/deep_dives/deepdive/")

    assert row_cells(response, "Compact Cities Technical Deep Dive") == [
        "Compact Cities Technical Deep Dive",
        "April 10, 2017",
        "-",
        "Toyama",
        "Toyama",
    ]


@pytest.mark.parametrize(
    ("model", "query", "expected"),
    [
        ("cities/theme", "q=compact", ["Compact Cities"]),
        ("cities/city", "q=toyama", ["Toyama"]),
        ("cities/city", "q=bangladesh", ["Narayanganj"]),
        ("deep_dives/deepdive", "q=smart", ["Smart Cities Technical Deep Dive"]),
        ("deep_dives/actionplan", "q=P123456", ["Narayanganj density plan"]),
        ("deep_dives/actionplan", "q=smart services", ["Narayanganj smart services plan"]),
        ("knowledge/output", "q=toolkit", ["Smart city toolkit draft"]),
        ("knowledge/lesson", "q=trams", ["Trams bring people back to the centre"]),
        ("knowledge/lesson", "q=compact city knowledge", ["Trams bring people back to the centre"]),
    ],
)
def test_search_finds_the_matching_row(admin_client, program, model, query, expected):
    response = admin_client.get(f"/admin/{model}/?{query}")

    assert response.status_code == 200
    assert rows(response) == expected


def test_filters_narrow_each_list(admin_client, program):
    def listed(path: str) -> list[str]:
        return rows(admin_client.get(path))

    assert listed("/admin/cities/city/?role__exact=client") == ["Narayanganj"]
    assert listed(f"/admin/cities/city/?themes__id__exact={program.smart.pk}") == ["Yokohama"]
    assert listed(f"/admin/deep_dives/deepdive/?themes__id__exact={program.compact.pk}") == [
        "Compact Cities Technical Deep Dive"
    ]
    assert listed("/admin/deep_dives/actionplan/?status__exact=in_progress") == ["Narayanganj density plan"]
    assert listed("/admin/knowledge/output/?status__exact=draft") == ["Smart city toolkit draft"]
    assert listed("/admin/knowledge/output/?featured__exact=1") == ["Compact city knowledge note"]
    assert listed(f"/admin/knowledge/lesson/?city__id__exact={program.narayanganj.pk}") == [
        "Sample lesson about density"
    ]


ADD_FORMS = [
    ("cities/theme", ["name", "slug", "summary", "position"], {}, "name"),
    (
        "cities/city",
        ["name", "slug", "role", "country", "themes", "population", "cpp_batch", "joined_on", "cover_image"],
        {
            "recognitions": "Recognitions",
            "challenges": "Challenges",
            "memberships": "Officials (may submit outputs for this city)",
        },
        "name",
    ),
    (
        "deep_dives/deepdive",
        ["title", "slug", "themes", "host_cities", "start_date", "end_date", "place", "objectives"],
        {
            "sessions": "Agenda sessions",
            "participations": "Participating cities",
            "action_plans": "Action plans",
        },
        "title",
    ),
    (
        "deep_dives/actionplan",
        ["deep_dive", "city", "title", "goals", "next_steps", "operation_id", "status"],
        {},
        None,
    ),
    (
        "knowledge/output",
        ["title", "slug", "kind", "summary", "body", "themes", "cities", "deep_dive", "featured"],
        {"attachments": "Attachments", "lessons": "Lessons"},
        "title",
    ),
    ("knowledge/lesson", ["output", "city", "title", "slug", "challenge", "action", "lesson"], {}, "title"),
]


@pytest.mark.parametrize(
    ("model", "fields", "inlines", "slug_source"), ADD_FORMS, ids=[item[0] for item in ADD_FORMS]
)
def test_every_add_form_opens_with_its_fields_inlines_and_slug_filled_from_the_name(
    admin_client, program, model, fields, inlines, slug_source
):
    response = admin_client.get(f"/admin/{model}/add/")

    assert response.status_code == 200
    html = response.content.decode()
    for field in fields:
        assert f'name="{field}"' in html, field
    assert inline_headings(response) == inlines
    for prefix in inlines:
        assert f'name="{prefix}-TOTAL_FORMS"' in html
    if slug_source:
        assert prepopulated_fields(response)[0] | {"maxLength": None} == {
            "id": "#id_slug",
            "name": "slug",
            "dependency_ids": [f"#id_{slug_source}"],
            "dependency_list": [slug_source],
            "maxLength": None,
            "allowUnicode": False,
        }
    else:
        assert "django-admin-prepopulated-fields-constants" not in html or prepopulated_fields(response) == []


def test_deep_dive_inlines_offer_every_session_kind_and_only_client_cities_to_take_part(
    admin_client, program
):
    response = admin_client.get("/admin/deep_dives/deepdive/add/")

    html = response.content.decode()
    empty_session = re.search(r'id="sessions-empty"(.*?)</fieldset>', html, re.S).group(1)
    kinds = re.findall(
        r'<option value="([a-z_]+)"',
        re.search(r'name="sessions-__prefix__-kind".*?</select>', empty_session, re.S).group(0),
    )
    assert kinds == [kind.value for kind in Session.Kind]
    # The host choice lists partner cities only.
    hosts = re.search(r'<select name="host_cities".*?</select>', html, re.S).group(0)
    assert re.findall(r"<option [^>]*>(.*?)</option>", hosts) == ["Toyama", "Yokohama"]
    # Participating cities are picked by typing; the suggestions are client cities only.
    assert 'name="participations-__prefix__-city"' in html
    suggestions = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "deep_dives", "model_name": "participation", "field_name": "city", "term": ""},
    )
    assert [result["text"] for result in suggestions.json()["results"]] == ["Narayanganj"]


def _management_form(prefix: str, total: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_a_city_created_in_the_admin_has_its_public_page(admin_client, program):
    data = {
        "name": "Kitakyushu",
        "slug": "kitakyushu",
        "role": City.Role.PARTNER,
        "country": "Japan",
        "summary": "A partner city of the first batch.",
        "description": "",
        "themes": [program.compact.pk],
        "population": "",
        "population_year": "",
        "latitude": "",
        "longitude": "",
        "cpp_batch": "1",
        "joined_on": "2016-07-01",
        # Typed without its scheme, as curators often do.
        "website": "www.city.kitakyushu.lg.jp",
        **_management_form("recognitions", 1),
        **_management_form("memberships"),
        "recognitions-0-title": "Sample recognition",
        "recognitions-0-awarded_by": "A sample committee",
        "recognitions-0-year": "2018",
        "recognitions-0-note": "",
        **_management_form("challenges"),
        "_save": "Save",
    }

    response = admin_client.post("/admin/cities/city/add/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert response["Location"] == "/admin/cities/city/"
    page = admin_client.get("/cities/kitakyushu/")
    text = text_of(page.content.decode())
    assert page.status_code == 200
    assert "Kitakyushu" in text
    assert "A partner city of the first batch." in text
    assert "Sample recognition — A sample committee (2018)" in text
    assert "CPP batch 1 Joined July 2016 Expertise Compact Cities" in text
    assert '<a href="https://www.city.kitakyushu.lg.jp" rel="noopener">' in page.content.decode()


def test_a_slug_typed_in_the_admin_that_is_taken_is_a_form_error_not_another_slug(admin_client, program):
    data = {
        "name": "Toyama Prefecture",
        "slug": "toyama",
        "role": City.Role.CLIENT,
        "country": "Japan",
        **_management_form("recognitions"),
        **_management_form("challenges"),
        **_management_form("memberships"),
        "_save": "Save",
    }

    response = admin_client.post("/admin/cities/city/add/", data)

    assert response.status_code == 200
    assert "City with this Slug already exists." in text_of(response.content.decode())
    assert not City.objects.filter(name="Toyama Prefecture").exists()


def test_a_client_city_created_with_a_challenge_shows_it_with_its_themes(admin_client, program):
    data = {
        "name": "Sample Town",
        "slug": "sample-town",
        "role": City.Role.CLIENT,
        "country": "Sampleland",
        "population": "120000",
        "population_year": "2019",
        **_management_form("recognitions"),
        **_management_form("challenges", 1),
        **_management_form("memberships"),
        "challenges-0-title": "Flooding in the old town",
        "challenges-0-description": "Sample challenge for the tests.",
        "challenges-0-themes": [program.compact.pk, program.smart.pk],
        "challenges-0-position": "0",
        "_save": "Save",
    }

    response = admin_client.post("/admin/cities/city/add/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    text = text_of(admin_client.get("/cities/sample-town/").content.decode())
    assert "Flooding in the old town Sample challenge for the tests. Compact Cities Smart Cities" in text
    assert "Population 120,000 (2019)" in text


def test_a_deep_dive_created_with_its_agenda_and_participants_shows_them(admin_client, program):
    data = {
        "title": "Sample Deep Dive on Ageing",
        "slug": "sample-deep-dive-on-ageing",
        "themes": [program.compact.pk],
        "host_cities": [program.toyama.pk],
        "start_date": "2019-10-01",
        "end_date": "2019-10-03",
        "place": "Toyama",
        "summary": "A sample deep dive created in the admin.",
        "objectives": "See how services reach older residents",
        "description": "",
        **_management_form("sessions", 1),
        "sessions-0-day": "1",
        "sessions-0-position": "0",
        "sessions-0-kind": Session.Kind.CONFERENCE,
        "sessions-0-title": "Sample conference",
        "sessions-0-description": "",
        "sessions-0-host_organisation": "Sample host",
        "sessions-0-attendance": "190",
        "sessions-0-attendance_is_approximate": "on",
        **_management_form("participations", 1),
        "participations-0-city": str(program.narayanganj.pk),
        "participations-0-delegation": "The mayor",
        "participations-0-challenge_statement": "Sample statement",
        **_management_form("action_plans", 1),
        "action_plans-0-city": str(program.narayanganj.pk),
        "action_plans-0-title": "Sample plan",
        "action_plans-0-goals": "A goal",
        "action_plans-0-next_steps": "",
        "action_plans-0-operation_id": "P654321",
        "action_plans-0-operation_name": "",
        "action_plans-0-status": ActionPlan.Status.DRAFTED,
        "_save": "Save",
    }

    response = admin_client.post("/admin/deep_dives/deepdive/add/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    text = text_of(admin_client.get("/deep-dives/sample-deep-dive-on-ageing/").content.decode())
    assert "Day 1 Conference Sample conference Hosted by Sample host About 190 participants" in text
    assert "Narayanganj Bangladesh Delegation: The mayor Challenge: Sample statement" in text
    assert "Feeds World Bank operation P654321" in text


def _output_form(program, **fields) -> dict:
    return {
        "title": "Sample video on trams",
        "slug": "sample-video-on-trams",
        "kind": Output.Kind.VIDEO,
        "summary": "A sample video for the tests.",
        "body": "",
        "authors": "",
        "language": "en",
        "publication_date": "2018-05-01",
        "licence": Output.Licence.CC_BY_3_IGO,
        "themes": [program.compact.pk],
        "cities": [program.toyama.pk],
        "deep_dive": "",
        # Typed without its scheme.
        "video_url": "www.youtube.com/watch?v=abcdefghijk",
        **_management_form("attachments"),
        **_management_form("lessons"),
        "_save": "Save",
        **fields,
    }


def test_an_output_created_in_the_admin_takes_its_video_link_as_https_and_shows_on_its_city_once_published(
    admin_client, client, program
):
    # Whatever the form is sent with, it waits for review: publishing is a recorded, announced decision.
    data = _output_form(program, status=Output.Status.PUBLISHED, published_at_0="2020-01-01")

    response = admin_client.post("/admin/knowledge/output/add/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    output = Output.objects.get(slug="sample-video-on-trams")
    assert output.video_url == "https://www.youtube.com/watch?v=abcdefghijk"
    assert (output.status, output.published_at) == (Output.Status.SUBMITTED, None)
    assert "Sample video on trams" not in text_of(client.get("/cities/toyama/").content.decode())
    admin_client.post(
        f"/admin/submissions/submission/{output.pk}/change/",
        {"form": "review", "action": "publish", "note": "", "publish_at": ""},
    )
    assert output.transitions.get().to_status == Output.Status.PUBLISHED
    page = client.get("/cities/toyama/")
    assert "Sample video on trams" in text_of(page.content.decode())


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Output.Status.DRAFT},
        {"status": Output.Status.ARCHIVED},
        {"published_at_0": "2099-01-01", "published_at_1": "09:00:00"},
        {"published_at_0": "", "published_at_1": ""},
    ],
    ids=["hide-as-draft", "archive", "embargo-again", "clear-date"],
)
def test_the_output_admin_cannot_change_whether_or_when_an_output_is_public(
    admin_client, client, program, fields
):
    output = builders.output("Sample video on trams", slug="sample-video-on-trams", cities=[program.toyama])
    published_at = output.published_at

    response = admin_client.post(
        f"/admin/knowledge/output/{output.pk}/change/", _output_form(program, title="Renamed", **fields)
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    output.refresh_from_db()
    assert output.title == "Renamed"
    assert (output.status, output.published_at) == (Output.Status.PUBLISHED, published_at)
    assert "Renamed" in text_of(client.get(output.get_absolute_url()).content.decode())


@pytest.mark.parametrize("url", ["/admin/knowledge/output/add/", "/admin/knowledge/output/{pk}/change/"])
def test_the_output_admin_offers_no_field_for_status_or_publication_time(admin_client, program, url):
    output = builders.output("Sample", cities=[program.toyama])

    html = admin_client.get(url.format(pk=output.pk)).content.decode()

    assert 'name="status"' not in html
    assert 'name="published_at_0"' not in html


def test_the_output_list_edits_nothing_but_featured(admin_client, program):
    changelist = admin_client.get("/admin/knowledge/output/").context["cl"]

    assert changelist.list_editable == ["featured"]


def test_an_action_plan_with_a_malformed_operation_id_is_refused(admin_client, program):
    compact_dive = program.toyama.hosted_deep_dives.get()
    data = {
        "deep_dive": str(compact_dive.pk),
        "city": str(program.narayanganj.pk),
        "title": "Sample plan",
        "goals": "A goal",
        "operation_id": "12345",
        "status": ActionPlan.Status.DRAFTED,
        "_save": "Save",
    }

    response = admin_client.post("/admin/deep_dives/actionplan/add/", data)

    assert response.status_code == 200
    assert "A World Bank project ID looks like P123456." in text_of(response.content.decode())
    assert not ActionPlan.objects.filter(title="Sample plan").exists()


@pytest.mark.parametrize("count", [5, 50])
def test_deep_dive_change_form_costs_two_queries_per_participating_city(
    admin_client, django_assert_num_queries, count
):
    host = builders.city("Yokohama")
    deep_dive = builders.deep_dive("Smart Cities Technical Deep Dive", hosts=[host])
    for number in range(count):
        city = builders.city(f"Client {number:02}", role=City.Role.CLIENT)
        builders.session(deep_dive, f"Session {number:02}")
        builders.participation(deep_dive, city, delegation=f"Delegation {number:02}")
        builders.action_plan(deep_dive, city, f"Plan {number:02}")
    ContentType.objects.clear_cache()

    # 1 the session, 2 the user, 3 the authenticator that passed the second factor, 4 the deep dive, 5 its
    # hosts, 6 its themes, 7 its sessions, 8 participations with their cities and deep dive (each one's
    # heading names both), 9 action plans, 10 the content type for the history link, 11 the theme choices,
    # 12 the host choices; then for each participating city the autocomplete of its participation and of
    # its action plan look up the city.
    with django_assert_num_queries(12 + 2 * count):
        response = admin_client.get(f"/admin/deep_dives/deepdive/{deep_dive.pk}/change/")

    text = text_of(response.content.decode())
    assert f"Client {count - 1:02} – Smart Cities Technical Deep Dive" in text
    assert f"Delegation {count - 1:02}" in text


def test_a_visitor_who_is_not_staff_is_sent_to_log_in(client, program):
    response = client.get("/admin/cities/city/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/cities/city/"
