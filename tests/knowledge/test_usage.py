"""Views and downloads of outputs, counted per day without anything about the visitor."""

import datetime
import html
import re
import threading

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.utils import timezone

from knowledge.models import Output, OutputUsage
from knowledge.usage import count_view
from tests import builders
from tests.knowledge.test_output_detail import CACHED_OUTPUT_DETAIL_QUERIES, downloaded

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
PHONE = "Mozilla/5.0 (Linux; Android 9; CUBOT X19) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36"
ROBOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "facebookexternalhit/1.1",
    "curl/8.5.0",
    "Wget/1.21.4",
    "python-requests/2.32.3",
    "Python-urllib/3.11",
    "Go-http-client/2.0",
    "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
    "",
]

pytestmark = pytest.mark.django_db


def browser(**headers) -> Client:
    return builders.PortalClient(HTTP_USER_AGENT=FIREFOX, **headers)


def usage_shown(response) -> str:
    """The "Use" entry of the output page's facts, as text."""
    found = re.search(r'<dd class="usage">(.*?)</dd>', response.content.decode(), re.S).group(1)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found)).split())


def counts_of(output: Output) -> list[tuple[datetime.date, int, int]]:
    return list(
        OutputUsage.objects.filter(output=output).order_by("day").values_list("day", "views", "downloads")
    )


def test_each_view_in_a_browser_is_counted_and_shown_on_the_page():
    output = builders.output()
    visitor = browser()

    first = visitor.get(output.get_absolute_url())
    second = visitor.get(output.get_absolute_url())

    assert usage_shown(first) == "Viewed 1 time Files downloaded 0 times"
    assert usage_shown(second) == "Viewed 2 times Files downloaded 0 times"
    assert counts_of(output) == [(timezone.localdate(), 2, 0)]


def test_a_phone_whose_name_contains_bot_is_not_taken_for_a_robot():
    output = builders.output()

    Client(HTTP_USER_AGENT=PHONE).get(output.get_absolute_url())

    assert counts_of(output) == [(timezone.localdate(), 1, 0)]


@pytest.mark.parametrize("user_agent", ROBOTS)
def test_robots_and_scripts_are_not_counted(user_agent):
    output = builders.output()

    response = Client(HTTP_USER_AGENT=user_agent).get(output.get_absolute_url())

    assert response.status_code == 200
    assert usage_shown(response) == "Viewed 0 times Files downloaded 0 times"
    assert counts_of(output) == []


@pytest.mark.parametrize("header", [{"HTTP_SEC_PURPOSE": "prefetch"}, {"HTTP_PURPOSE": "prefetch"}])
def test_prefetches_are_not_counted(header):
    output = builders.output()

    browser(**header).get(output.get_absolute_url())

    assert counts_of(output) == []


def test_a_head_request_is_not_counted():
    output = builders.output()

    assert browser().head(output.get_absolute_url()).status_code == 200
    assert counts_of(output) == []


def test_a_curator_previewing_an_unpublished_output_is_not_counted():
    draft = builders.output(status=Output.Status.DRAFT)
    curator = User.objects.create_user("curator", password="unused", is_staff=True)
    curator.user_permissions.add(Permission.objects.get(codename="view_output"))
    visitor = browser()
    visitor.force_login(curator)

    response = visitor.get(draft.get_absolute_url())

    assert response.status_code == 200
    assert usage_shown(response) == "Viewed 0 times Files downloaded 0 times"
    assert counts_of(draft) == []


def test_a_download_is_counted_and_shown_on_the_output_page():
    output = builders.output()
    content = builders.pdf_bytes("The note.")
    attachment = builders.attachment(output, "note.pdf", content)
    visitor = browser()

    response = visitor.get(attachment.get_absolute_url())

    assert downloaded(response) == content
    assert counts_of(output) == [(timezone.localdate(), 0, 1)]
    assert usage_shown(visitor.get(output.get_absolute_url())) == "Viewed 1 time Files downloaded 1 time"


def test_a_robot_download_is_not_counted():
    output = builders.output()
    attachment = builders.attachment(output)

    response = Client(HTTP_USER_AGENT=ROBOTS[0]).get(attachment.get_absolute_url())

    assert downloaded(response)
    assert counts_of(output) == []


def test_a_file_missing_from_storage_is_not_counted():
    output = builders.output()
    attachment = builders.attachment(output)
    attachment.file.storage.delete(attachment.file.name)

    assert browser().get(attachment.get_absolute_url()).status_code == 404
    assert counts_of(output) == []


def test_the_files_of_a_hidden_output_are_neither_served_nor_counted():
    draft = builders.output(status=Output.Status.DRAFT)
    attachment = builders.attachment(draft)

    assert browser().get(attachment.get_absolute_url()).status_code == 404
    assert counts_of(draft) == []


def test_counts_are_kept_per_day_and_the_page_shows_their_total():
    output = builders.output()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    OutputUsage.objects.create(output=output, day=yesterday, views=40, downloads=3)

    response = browser().get(output.get_absolute_url())

    assert usage_shown(response) == "Viewed 41 times Files downloaded 3 times"
    assert counts_of(output) == [(yesterday, 40, 3), (timezone.localdate(), 1, 0)]


def test_large_counts_are_written_with_separators():
    output = builders.output()
    OutputUsage.objects.create(output=output, day=datetime.date(2020, 1, 1), views=12344, downloads=1500)

    assert (
        usage_shown(browser().get(output.get_absolute_url()))
        == "Viewed 12,345 times Files downloaded 1,500 times"
    )


def test_nothing_about_the_visitor_is_stored():
    output = builders.output()

    browser(REMOTE_ADDR="203.0.113.7").get(output.get_absolute_url())

    assert list(OutputUsage.objects.values()) == [
        {
            "id": OutputUsage.objects.get().pk,
            "output_id": output.pk,
            "day": timezone.localdate(),
            "views": 1,
            "downloads": 0,
        }
    ]
    assert Session.objects.count() == 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
            [OutputUsage._meta.db_table],
        )
        assert sorted(row[0] for row in cursor.fetchall()) == ["day", "downloads", "id", "output_id", "views"]


def test_a_counted_view_adds_four_queries_and_no_more_on_a_busy_day(django_assert_num_queries):
    theme = builders.theme()
    city = builders.city()
    output = builders.output(themes=[theme], cities=[city], deep_dive=builders.deep_dive())
    builders.attachment(output)
    builders.lesson(output, city, themes=[theme])
    builders.output("Related", themes=[theme])
    visitor = browser()
    visitor.get(output.get_absolute_url())

    with django_assert_num_queries(CACHED_OUTPUT_DETAIL_QUERIES):
        Client().get(output.get_absolute_url())
    # A savepoint, relaxing the commit for the count, the UPDATE of today's row, releasing the savepoint.
    with django_assert_num_queries(CACHED_OUTPUT_DETAIL_QUERIES + 4):
        visitor.get(output.get_absolute_url())


@pytest.mark.django_db(transaction=True)
def test_simultaneous_first_views_of_the_day_all_count():
    output = builders.output()
    request = type("Request", (), {"method": "GET", "headers": {"User-Agent": FIREFOX}})()
    start = threading.Barrier(8)
    failures = []

    def view():
        try:
            start.wait()
            count_view(request, output)
        except Exception as error:  # noqa: BLE001 - collected and shown by the assertion below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=view) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert counts_of(output) == [(timezone.localdate(), 8, 0)]


def test_a_curator_downloading_an_unpublished_file_is_not_counted():
    draft = builders.output(status=Output.Status.SUBMITTED)
    content = builders.pdf_bytes("In review.")
    attachment = builders.attachment(draft, "review.pdf", content)
    visitor = browser()
    visitor.force_login(builders.curator())

    assert downloaded(visitor.get(attachment.get_absolute_url())) == content
    assert counts_of(draft) == []


@pytest.mark.parametrize(
    ("hour_in_tokyo", "day_in_tokyo"),
    [(0, datetime.date(2026, 7, 2)), (8, datetime.date(2026, 7, 2)), (23, datetime.date(2026, 7, 2))],
)
def test_a_view_counts_for_the_day_in_tokyo_whatever_the_hour(hour_in_tokyo, day_in_tokyo):
    """Tokyo is 9 hours ahead of UTC: between midnight and 9:00 in Tokyo it is still the day before in
    UTC, and the count must not go to that day."""
    from zoneinfo import ZoneInfo

    import time_machine

    moment = datetime.datetime(2026, 7, 2, hour_in_tokyo, 30, tzinfo=ZoneInfo("Asia/Tokyo"))
    with time_machine.travel(moment, tick=False):
        output = builders.output()
        browser().get(output.get_absolute_url())

    assert counts_of(output) == [(day_in_tokyo, 1, 0)]
