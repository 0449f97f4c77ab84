"""The curators' dashboard at /dashboard/: charts of what was published and how much it was used."""

import datetime
import html
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser, Permission, User
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from cities.models import City
from knowledge.models import Output, OutputUsage
from sitewide import statistics
from tests import builders

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard")
TOKYO = ZoneInfo("Asia/Tokyo")


def months_ago(count: int, day: int = 15) -> datetime.date:
    month = timezone.localdate().replace(day=1)
    for _ in range(count):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month.replace(day=day)


def noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=TOKYO)


def curator(username: str = "curator", *, staff: bool = True, permitted: bool = True) -> User:
    user = User.objects.create_user(username, password="unused", is_staff=staff)
    if permitted:
        user.user_permissions.add(Permission.objects.get(codename="view_outputusage"))
    return user


def table_of(response, key: str) -> dict[str, int]:
    """The figures table of one chart, as a reader sees it: label → number."""
    section = re.search(
        rf'<section class="chart [^"]*" aria-labelledby="chart-{key}-title">(.*?)</section>',
        response.content.decode(),
        re.S,
    ).group(1)
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', section)
    return {
        html.unescape(re.sub(r"<[^>]+>", "", label)): int(value.replace(",", "")) for label, value in rows
    }


def drawn_bars(response, key: str) -> dict[str, float]:
    """Label → width of each bar of a horizontal bar chart, as drawn in its SVG."""
    section = re.search(
        rf'aria-labelledby="chart-{key}-title">(.*?)</svg>', response.content.decode(), re.S
    ).group(1)
    found = re.findall(
        r'<text class="chart__label"[^>]*>(.*?)</text>\s*<rect class="chart__bar"[^>]*width="([\d.]+)"',
        section,
    )
    return {html.unescape(label): float(width) for label, width in found}


def summary_of(response, key: str) -> str:
    return html.unescape(
        re.search(rf'id="chart-{key}-summary">(.*?)</p>', response.content.decode()).group(1)
    )


def totals_shown(response) -> dict[str, int]:
    found = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", response.content.decode())
    return {label: int(value.replace(",", "")) for label, value in found}


@pytest.fixture
def activity():
    """Outputs published over two years, with views and downloads, some of them outside the last year."""
    compact, smart = builders.theme("Compact Cities"), builders.theme("Smart Cities")
    toyama = builders.city("Toyama")
    yokohama = builders.city("Yokohama")
    dakar = builders.city("Dakar", role=City.Role.CLIENT)

    def published(title, months, **fields):
        return builders.output(title, published_at=noon(months_ago(months)), **fields)

    recent_note = published("Recent note", 1, themes=[compact], cities=[toyama, dakar])
    recent_toolkit = published(
        "Recent toolkit", 1, themes=[compact, smart], cities=[yokohama], kind=Output.Kind.TOOLKIT
    )
    spring_video = published("Spring video", 5, themes=[smart], cities=[yokohama], kind=Output.Kind.VIDEO)
    published("Untagged report", 11, kind=Output.Kind.REPORT)
    old_case = published("Old case study", 18, themes=[compact], cities=[toyama], kind=Output.Kind.CASE_STUDY)
    # Not public: neither counted as published, nor hidden from the usage it had while it was.
    withdrawn = builders.output(
        "Withdrawn note", status=Output.Status.WITHDRAWN, cities=[toyama], published_at=noon(months_ago(3))
    )
    builders.output("Draft", status=Output.Status.DRAFT, themes=[compact])

    def used(output, months, views, downloads, day=10):
        OutputUsage.objects.create(
            output=output, day=months_ago(months, day), views=views, downloads=downloads
        )

    used(recent_note, 0, views=30, downloads=7, day=1)
    used(recent_note, 1, views=12, downloads=3)
    used(recent_toolkit, 1, views=50, downloads=20)
    used(spring_video, 4, views=8, downloads=0)
    used(withdrawn, 3, views=5, downloads=2)
    used(old_case, 13, views=100, downloads=40)
    return {"toyama": toyama, "yokohama": yokohama, "dakar": dakar}


# Who may see it


@pytest.mark.parametrize(
    "who",
    ["anonymous", "official", "official with the permission", "staff without the permission"],
)
def test_the_dashboard_is_not_found_for_anyone_but_permitted_staff(client, who):
    user = {
        "anonymous": lambda: AnonymousUser(),
        "official": lambda: User.objects.create_user("official", password="unused"),
        "official with the permission": lambda: curator("official", staff=False),
        "staff without the permission": lambda: curator(permitted=False),
    }[who]()
    if user.is_authenticated:
        client.force_login(user)

    response = client.get(DASHBOARD)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Curators' dashboard" not in html.unescape(client.get("/").content.decode())


def test_permitted_staff_and_superusers_see_it_and_find_it_in_the_footer(client):
    for user in (curator(), User.objects.create_superuser("boss", password="unused")):
        client.force_login(user)
        response = client.get(DASHBOARD)
        assert response.status_code == 200
        assert "<h1>Curators' dashboard</h1>" in html.unescape(response.content.decode())
        assert f'<a href="{DASHBOARD}">Curators\' dashboard</a>' in html.unescape(
            client.get("/").content.decode()
        )


def test_the_curators_group_opens_the_dashboard(client):
    client.force_login(builders.curator("tdlc-curator"))

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    assert "<h1>Curators' dashboard</h1>" in html.unescape(response.content.decode())


def test_the_japanese_dashboard_lives_under_ja(client, activity):
    client.force_login(curator())

    response = client.get("/ja/dashboard/")

    assert response.status_code == 200
    assert '<html lang="ja">' in response.content.decode()
    assert "<h1>キュレーター用ダッシュボード</h1>" in response.content.decode()
    assert table_of(response, "kind")["ツールキット"] == 20


# The figures, against the database


def test_the_figures_of_the_last_twelve_months(client, activity):
    client.force_login(curator())

    response = client.get(DASHBOARD)

    months = table_of(response, "month")
    assert len(months) == 12
    assert months[months_ago(1).strftime("%B %Y")] == 2
    assert months[months_ago(5).strftime("%B %Y")] == 1
    assert months[months_ago(11).strftime("%B %Y")] == 1
    assert sum(months.values()) == 4
    assert table_of(response, "theme") == {"Compact Cities": 2, "Smart Cities": 2, "No theme": 1}
    # The withdrawn note's downloads happened while it was public: they count.
    assert table_of(response, "city") == {"Yokohama": 20, "Toyama": 12, "Dakar": 10}
    assert table_of(response, "kind") == {
        "Knowledge note": 12,
        "Toolkit": 20,
        "Good practice guide": 0,
        "Case study": 0,
        "Video": 0,
        "Report": 0,
        "Presentation": 0,
    }
    assert totals_shown(response) == {"Outputs published": 4, "Page views": 105, "Downloads": 32}


def test_every_figure_matches_a_count_taken_from_the_database(client, activity):
    client.force_login(curator())
    start = months_ago(11, day=1)
    since = noon(start) - datetime.timedelta(hours=12)
    published = Output.objects.filter(
        status=Output.Status.PUBLISHED, published_at__gte=since, published_at__lte=timezone.now()
    )
    usage = OutputUsage.objects.filter(day__gte=start)

    response = client.get(DASHBOARD)

    assert sum(table_of(response, "month").values()) == published.count()
    expected_themes = dict(published.exclude(themes=None).values_list("themes__name").annotate(n=Count("pk")))
    assert {k: v for k, v in table_of(response, "theme").items() if k != "No theme"} == expected_themes
    assert table_of(response, "theme")["No theme"] == published.filter(themes=None).count()
    expected_cities = dict(
        usage.filter(~Q(output__cities=None)).values_list("output__cities__name").annotate(n=Sum("downloads"))
    )
    assert table_of(response, "city") == expected_cities
    expected_kinds = dict(usage.values_list("output__kind").annotate(n=Sum("downloads")))
    shown_kinds = table_of(response, "kind")
    assert {kind: shown_kinds[label] for kind, label in Output.Kind.choices if kind in expected_kinds} == (
        expected_kinds
    )
    assert totals_shown(response)["Downloads"] == usage.aggregate(n=Sum("downloads"))["n"]
    assert totals_shown(response)["Page views"] == usage.aggregate(n=Sum("views"))["n"]


def test_a_longer_period_takes_in_older_figures(client, activity):
    client.force_login(curator())

    last_two_years = client.get(f"{DASHBOARD}?period=24")
    all_time = client.get(f"{DASHBOARD}?period=all")

    assert len(table_of(last_two_years, "month")) == 24
    assert sum(table_of(last_two_years, "month").values()) == 5
    assert table_of(last_two_years, "city") == {"Toyama": 52, "Yokohama": 20, "Dakar": 10}
    assert totals_shown(all_time) == {"Outputs published": 5, "Page views": 205, "Downloads": 72}
    # All time starts with the month of the first figure: the old case study, 18 months ago.
    assert len(table_of(all_time, "month")) == 19


def test_an_unknown_period_shows_the_last_twelve_months_and_says_so(client, activity):
    client.force_login(curator())

    response = client.get(f"{DASHBOARD}?period=forever")

    assert response.status_code == 200
    assert "Period: there is no such period; showing the last 12 months." in html.unescape(
        response.content.decode()
    )
    assert len(table_of(response, "month")) == 12


def test_the_most_viewed_outputs_are_listed_with_their_figures(client, activity):
    client.force_login(curator())

    response = client.get(DASHBOARD)

    rows = re.findall(
        r'<tr>\s*<th scope="row"><a href="[^"]*">(.*?)</a>(.*?)</th>\s*<td>(\d+)</td>\s*<td>(\d+)</td>',
        response.content.decode(),
    )
    assert [(title, int(views), int(downloads)) for title, _, views, downloads in rows] == [
        ("Recent toolkit", 50, 20),
        ("Recent note", 42, 10),
        ("Spring video", 8, 0),
        ("Withdrawn note", 5, 2),
    ]
    assert "Withdrawn</span>" in rows[3][1]


# The charts themselves


def test_each_chart_is_an_image_with_a_summary_and_bars_in_proportion(client, activity):
    client.force_login(curator())

    response = client.get(DASHBOARD)

    page = response.content.decode()
    for key in ("month", "theme", "city", "kind"):
        labelled_by = f'aria-labelledby="chart-{key}-title chart-{key}-summary"'
        assert re.search(rf'<svg class="chart__drawing"[^>]* role="img" {labelled_by}', page)
    assert summary_of(response, "month").startswith("4 outputs published in all; the most in ")
    assert summary_of(response, "city") == "The most downloads: Yokohama, 20."
    bars = drawn_bars(response, "city")
    assert list(bars) == ["Yokohama", "Toyama", "Dakar"]
    assert bars["Toyama"] / bars["Yokohama"] == pytest.approx(12 / 20, abs=0.01)
    assert bars["Dakar"] / bars["Yokohama"] == pytest.approx(10 / 20, abs=0.01)


def test_an_empty_period_says_there_is_nothing(client):
    client.force_login(curator())

    response = client.get(DASHBOARD)

    assert summary_of(response, "city") == "No downloads in this period."
    assert "No output was viewed in this period." in response.content.decode()
    assert totals_shown(response) == {"Outputs published": 0, "Page views": 0, "Downloads": 0}


# 1 session + 1 user + 1 authenticator (the second factor) + 2 permission look-ups; published per month;
# per theme (+1 for untagged outputs); downloads per city; per kind; the view and download totals; the most
# viewed outputs.
DASHBOARD_QUERIES = 12


def test_the_dashboard_runs_a_fixed_number_of_queries(client, django_assert_num_queries, activity):
    client.force_login(curator())
    with django_assert_num_queries(DASHBOARD_QUERIES):
        client.get(DASHBOARD)

    for number in range(30):
        output = builders.output(
            f"More {number}",
            published_at=noon(months_ago(number % 12))
            if number % 12
            else timezone.now() - datetime.timedelta(minutes=1),
            cities=[activity["toyama"]],
        )
        OutputUsage.objects.create(output=output, day=timezone.localdate(), views=3, downloads=1)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(DASHBOARD)

    assert table_of(response, "city")["Toyama"] == 12 + 30


@pytest.mark.parametrize(
    ("start", "notes"),
    [
        # The year stands under the first month, and under each January.
        (datetime.date(2025, 3, 1), {0: "2025", 10: "2026"}),
        # Unless January comes second: two years side by side would collide on a phone.
        (datetime.date(2025, 12, 1), {1: "2026"}),
    ],
)
def test_the_year_is_written_under_the_months_that_start_one(start, notes):
    period = statistics.Period("12", start, datetime.date(2026, 11, 28))

    rows = statistics.published_per_month(period)

    assert [row.short_label for row in rows][:3] == [
        (start + datetime.timedelta(days=31 * n)).strftime("%b") for n in range(3)
    ]
    assert {index: row.note for index, row in enumerate(rows) if row.note} == notes
