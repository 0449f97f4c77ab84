"""The read API: what it shows whom, its filters and cursors, and how it answers HTTP."""

import datetime
import json

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from accounts.models import ApiToken
from api.views import ENDPOINTS
from knowledge.models import Output
from tests import builders

pytestmark = pytest.mark.django_db


def get(client, path, *, key=None, **headers):
    if key:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client.get(path, **headers)


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


@pytest.fixture
def program():
    """Two partner cities, a deep dive, and outputs in every state, one of them each city's draft."""
    yokohama = builders.city("Yokohama", country="Japan")
    toyama = builders.city("Toyama", country="Japan")
    compact = builders.theme("Compact cities")
    dive = builders.deep_dive("Compact city deep dive", hosts=[toyama], themes=[compact])
    published = builders.output(
        "Light rail note", themes=[compact], cities=[toyama], deep_dive=dive, body="Tram lines."
    )
    builders.attachment(published, "rail.pdf")
    lesson = builders.lesson(published, toyama, "Rail lesson", themes=[compact])
    yokohama_draft = builders.output("Yokohama draft", status=Output.Status.DRAFT, cities=[yokohama])
    toyama_draft = builders.output("Toyama draft", status=Output.Status.SUBMITTED, cities=[toyama])
    builders.lesson(toyama_draft, toyama, "Draft lesson")
    embargoed = builders.output(
        "Embargoed note", cities=[toyama], published_at=timezone.now() + datetime.timedelta(days=3)
    )
    archived = builders.output("Archived note", status=Output.Status.ARCHIVED, cities=[toyama])
    return {
        "yokohama": yokohama,
        "toyama": toyama,
        "theme": compact,
        "deep_dive": dive,
        "published": published,
        "lesson": lesson,
        "yokohama_draft": yokohama_draft,
        "toyama_draft": toyama_draft,
        "embargoed": embargoed,
        "archived": archived,
    }


def key_of(user) -> str:
    return ApiToken.issue(user, "script")[1]


def test_the_public_sees_published_outputs_only_in_every_list_filter_and_detail(client, program):
    hidden = ["yokohama_draft", "toyama_draft", "embargoed", "archived"]
    assert slugs(get(client, "/api/outputs/")) == [program["published"].slug]
    for query in ("?city=toyama", "?theme=compact-cities", "?q=draft", "?q=embargoed", "?language=en"):
        assert {*slugs(get(client, f"/api/outputs/{query}"))} <= {program["published"].slug}, query
    for name in hidden:
        assert get(client, f"/api/outputs/{program[name].slug}/").status_code == 404, name
    assert slugs(get(client, "/api/lessons/")) == ["rail-lesson"]
    assert get(client, "/api/lessons/draft-lesson/").status_code == 404


def test_a_signed_in_browser_gets_the_public_answers(client, program):
    client.force_login(builders.official(program["toyama"]))
    assert slugs(get(client, "/api/outputs/")) == [program["published"].slug]


def test_an_officials_key_sees_their_citys_drafts_and_no_other_citys(client, program):
    key = key_of(builders.official(program["toyama"]))
    listed = slugs(get(client, "/api/outputs/", key=key))
    assert program["toyama_draft"].slug in listed and program["published"].slug in listed
    assert program["yokohama_draft"].slug not in listed
    assert get(client, f"/api/outputs/{program['yokohama_draft'].slug}/", key=key).status_code == 404
    draft = get(client, f"/api/outputs/{program['toyama_draft'].slug}/", key=key)
    assert draft.json()["status"] == "submitted"
    assert "no-store" in draft["Cache-Control"] and "private" in draft["Cache-Control"]
    assert "draft-lesson" in slugs(get(client, "/api/lessons/", key=key))


def test_a_wrong_or_revoked_key_is_refused_with_a_reason(client, program):
    official = builders.official(program["toyama"])
    token, key = ApiToken.issue(official, "script")
    refused = get(client, "/api/outputs/", key=key + "x")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"].startswith("Bearer")
    assert "revoked or mistyped" in refused.json()["detail"]
    token.delete()
    assert get(client, "/api/outputs/", key=key).status_code == 401
    official.is_active = False
    official.save()
    assert get(client, "/api/outputs/", key=key_of(official)).status_code == 401


def test_an_output_carries_its_files_lessons_translations_and_portal_addresses(client, program):
    published = program["published"]
    japanese = builders.output("ライトレールの知見", language="ja", translation_of=published)
    body = get(client, f"/api/outputs/{published.slug}/").json()
    assert body["themes"] == [{"slug": "compact-cities", "name": "Compact cities"}]
    assert body["deep_dive"] == {"slug": program["deep_dive"].slug, "title": "Compact city deep dive"}
    [file] = body["files"]
    assert file["name"] == "rail.pdf" and len(file["sha256"]) == 64
    assert file["url"].startswith(f"{settings.SITE_URL}/") and file["url"].endswith("rail.pdf")
    assert body["lessons"] == [{"slug": "rail-lesson", "title": "Rail lesson"}]
    assert body["translations"] == [{"slug": japanese.slug, "title": "ライトレールの知見", "language": "ja"}]
    assert body["portal_urls"] == {
        "en": f"{settings.SITE_URL}/knowledge/{published.slug}/",
        "ja": f"{settings.SITE_URL}/ja/knowledge/{published.slug}/",
    }
    assert client.get(file["url"].removeprefix(settings.SITE_URL)).status_code == 200
    translated = get(client, f"/api/outputs/{japanese.slug}/").json()
    assert translated["translation_of"] == published.slug
    assert translated["canonical_url"] == f"{settings.SITE_URL}/ja/knowledge/{japanese.slug}/"


def test_cities_deep_dives_action_plans_and_themes(client, program):
    client_city = builders.city("Narayanganj", role="client", country="Bangladesh")
    dive = program["deep_dive"]
    builders.session(dive, "Riding the light rail", day=2)
    builders.participation(dive, client_city, delegation="The mayor")
    plan = builders.action_plan(dive, client_city, "Bus corridor plan", operation_id="P123456")
    city = get(client, "/api/cities/toyama/").json()
    assert city["portal_urls"]["ja"] == f"{settings.SITE_URL}/ja/cities/toyama/"
    assert slugs(get(client, "/api/cities/?role=client")) == ["narayanganj"]
    deep = get(client, f"/api/deep-dives/{dive.slug}/").json()
    assert deep["host_cities"][0]["slug"] == "toyama"
    assert deep["sessions"][0]["title"] == "Riding the light rail"
    assert deep["participants"][0]["delegation"] == "The mayor"
    assert deep["action_plans"][0]["goals"] == ["First goal", "Second goal"]
    listed = get(client, "/api/action-plans/?city=narayanganj").json()["results"]
    assert [item["id"] for item in listed] == [plan.pk]
    assert listed[0]["operation_url"].endswith("/P123456")
    assert get(client, f"/api/action-plans/{plan.pk}/").json()["deep_dive"]["slug"] == dive.slug
    assert slugs(get(client, "/api/themes/")) == ["compact-cities"]


def test_list_filters_work_as_in_the_library(client, program):
    toyama, theme = program["toyama"], program["theme"]
    guide = builders.output(
        "Bus guide", kind=Output.Kind.TOOLKIT, publication_date=datetime.date(2019, 5, 1), cities=[toyama]
    )
    builders.output("Nota", language="es", publication_date=datetime.date(2021, 1, 1), themes=[theme])
    assert slugs(get(client, "/api/outputs/?kind=toolkit")) == [guide.slug]
    assert slugs(get(client, "/api/outputs/?year=2019")) == [guide.slug]
    assert set(slugs(get(client, "/api/outputs/?year=2019&year=2021"))) == {guide.slug, "nota"}
    assert slugs(get(client, "/api/outputs/?language=es")) == ["nota"]
    assert set(slugs(get(client, "/api/outputs/?theme=compact-cities"))) == {
        "nota",
        program["published"].slug,
    }
    assert slugs(get(client, f"/api/outputs/?deep_dive={program['deep_dive'].slug}")) == [
        program["published"].slug
    ]
    assert slugs(get(client, "/api/outputs/?q=tram")) == [program["published"].slug]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("kinds=toolkit", "kinds"),
        ("kind=poem", "kind"),
        ("theme=no-such-theme", "theme"),
        ("year=19", "year"),
        ("page_size=101", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=ten", "page_size"),
        ("cursor=not-a-cursor", "cursor"),
        ("cursor=cD1hYmM%3D", "cursor"),  # base64 of p=abc: a position that is no key
        ("cursor=%F0%9F%98%80", "cursor"),
        ("sort=newest", "sort"),
    ],
)
def test_bad_parameters_get_a_clear_400_naming_the_parameter(client, program, query, parameter):
    response = get(client, f"/api/outputs/?{query}")
    assert response.status_code == 400
    assert parameter in response.json()


def test_a_detail_refuses_list_parameters(client, program):
    assert get(client, f"/api/outputs/{program['published'].slug}/?kind=toolkit").status_code == 400


def test_cursor_pages_cover_every_record_once_while_records_are_added(client, program):
    made = [builders.output(f"Note {number}") for number in range(7)]
    seen = []
    response = get(client, "/api/outputs/?page_size=3").json()
    seen += [item["slug"] for item in response["results"]]
    builders.output("Added while paging")
    while response["next"]:
        response = get(client, response["next"].removeprefix("http://testserver")).json()
        seen += [item["slug"] for item in response["results"]]
    expected = [output.slug for output in reversed(made)] + [program["published"].slug]
    assert seen == expected


def test_a_list_page_costs_the_same_queries_whatever_its_size(client, program, django_assert_max_num_queries):
    def queries_for(path):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert get(client, path).status_code == 200
        return len(captured)

    paths = ["/api/outputs/", "/api/lessons/", "/api/cities/", "/api/deep-dives/", "/api/action-plans/"]
    before = {path: queries_for(path) for path in paths}
    for number in range(12):
        city = builders.city(f"Extra city {number}", themes=[program["theme"]])
        output = builders.output(f"Extra {number}", themes=[program["theme"]], cities=[city])
        builders.attachment(output)
        builders.lesson(output, city, themes=[program["theme"]])
        dive = builders.deep_dive(f"Extra dive {number}", hosts=[city], themes=[program["theme"]])
        builders.session(dive, "Session")
        builders.participation(dive, city)
        builders.action_plan(dive, city)
    after = {path: queries_for(path) for path in paths}
    assert after == before
    assert max(after.values()) <= 12


def test_an_etag_answers_if_none_match_with_304_until_the_content_changes(client, program):
    first = get(client, "/api/outputs/")
    etag = first["ETag"]
    assert etag.startswith('"') and "public" in first["Cache-Control"]
    again = get(client, "/api/outputs/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert get(client, "/api/outputs/", HTTP_IF_NONE_MATCH='"other", ' + etag).status_code == 304
    published = program["published"]
    published.summary = "A new summary."
    published.save()
    changed = get(client, "/api/outputs/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_any_origin_may_read_but_not_with_cookies(client, program):
    response = get(client, "/api/outputs/", HTTP_ORIGIN="https://city.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/outputs/",
        HTTP_ORIGIN="https://city.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert preflight.status_code == 200
    assert "authorization" in preflight["Access-Control-Allow-Headers"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in client.get("/library/", HTTP_ORIGIN="https://city.example")


@override_settings(API_RATE_LIMIT="3/min")
def test_a_client_over_its_rate_gets_429_with_retry_after_until_the_minute_passes(client, program):
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        assert [get(client, "/api/themes/").status_code for _ in range(3)] == [200, 200, 200]
        refused = get(client, "/api/themes/")
        assert refused.status_code == 429
        assert 1 <= int(refused["Retry-After"]) <= 60
        assert "no-store" in refused["Cache-Control"] and "public" not in refused["Cache-Control"]
        key = key_of(builders.official(program["toyama"]))
        assert get(client, "/api/themes/", key=key).status_code == 200  # a key has a budget of its own
        clock.shift(61)
        assert get(client, "/api/themes/").status_code == 200


def test_the_schema_is_valid_openapi_3_and_generated_without_warnings(client, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    schema = get(client, "/api/schema/?format=json", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    document = json.loads(schema.content)
    assert document["openapi"].startswith("3.")
    paths = set(document["paths"])
    for name in ("outputs", "lessons", "cities", "deep-dives", "action-plans", "themes"):
        assert f"/api/{name}/" in paths
        assert any(path.startswith(f"/api/{name}/{{") for path in paths), name
    parameters = {p["name"] for p in document["paths"]["/api/outputs/"]["get"]["parameters"]}
    assert parameters == {
        "cursor",
        "page_size",
        "q",
        "kind",
        "theme",
        "city",
        "deep_dive",
        "language",
        "year",
    }


def test_the_documentation_is_served_from_the_portal_itself(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "https://" not in html.split("<body")[0].replace("https://testserver", "")
    assert get(client, "/api/").json()["documentation"] == "http://testserver/api/docs/"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_every_api_address_refuses_to_change_anything(client, program, method):
    client.force_login(builders.curator())
    paths = ["/api/", "/api/schema/", "/api/docs/", f"/api/outputs/{program['published'].slug}/"]
    paths += [f"/api/{prefix}/" for prefix, _viewset, _name in ENDPOINTS]
    for path in paths:
        response = getattr(client, method)(path, {}, content_type="application/json")
        assert response.status_code == 405, path
    assert Output.objects.filter(pk=program["published"].pk).exists()
