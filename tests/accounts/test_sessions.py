"""Signed-in sessions: the idle and absolute time-outs, the list a user sees of them, and ending them."""

import datetime

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from accounts.models import UserSession
from tests import builders
from tests.accounts.support import PASSWORD, sign_in
from tests.submissions.support import text_of

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def aiko():
    return builders.official(builders.city("Toyama"), username="aiko", password=PASSWORD)


def test_a_session_ends_after_two_hours_without_a_request(client, clock, aiko):
    sign_in(client, "aiko")
    clock.shift(datetime.timedelta(minutes=119))
    assert client.get("/submit/").status_code == 200
    clock.shift(datetime.timedelta(minutes=119))
    assert client.get("/submit/").status_code == 200

    clock.shift(datetime.timedelta(minutes=121))
    ended = client.get("/submit/")

    assert ended["Location"] == "/accounts/login/?next=/submit/"
    page = text_of(client.get(ended["Location"]))
    assert "You were signed out after 120 minutes without activity. Please sign in again." in page
    assert client.get("/submit/")["Location"].startswith("/accounts/login/")
    assert not UserSession.objects.exists()


def test_a_session_ends_twelve_hours_after_signing_in_however_busy(client, clock, aiko):
    sign_in(client, "aiko")
    for _ in range(11):
        clock.shift(datetime.timedelta(minutes=60))
        assert client.get("/submit/").status_code == 200

    clock.shift(datetime.timedelta(minutes=60))
    ended = client.get("/submit/", follow=True)

    assert "You were signed out 12 hours after signing in. Please sign in again." in text_of(ended)
    assert ended.redirect_chain[-1][0] == "/accounts/login/?next=/submit/"


@override_settings(
    SESSION_IDLE_TIMEOUT=datetime.timedelta(minutes=5), SESSION_ABSOLUTE_TIMEOUT=datetime.timedelta(hours=1)
)
def test_the_time_outs_follow_the_settings(client, clock, aiko):
    sign_in(client, "aiko")
    clock.shift(datetime.timedelta(minutes=6))
    assert "after 5 minutes without activity" in text_of(client.get("/submit/", follow=True))


def test_the_last_request_is_written_at_most_once_a_minute(client, clock, aiko, django_assert_num_queries):
    sign_in(client, "aiko")
    signed_in_at = UserSession.objects.get().last_seen
    clock.shift(datetime.timedelta(seconds=30))

    # session, user, the dashboard's three (its counts and the official's cities): nothing written for the
    # time, and nothing read for the time-outs
    with django_assert_num_queries(5):
        client.get("/submit/")
    assert UserSession.objects.get().last_seen == signed_in_at

    clock.shift(datetime.timedelta(seconds=31))
    client.get("/submit/")
    assert UserSession.objects.get().last_seen == timezone.now()


def test_a_user_sees_where_they_are_signed_in_and_signs_out_another_browser(client, clock, aiko):
    phone = builders.PortalClient(HTTP_USER_AGENT=IPHONE)
    laptop = builders.PortalClient(HTTP_USER_AGENT=FIREFOX)
    sign_in(phone, "aiko", REMOTE_ADDR="198.51.100.20")
    clock.shift(datetime.timedelta(minutes=5))
    sign_in(laptop, "aiko", REMOTE_ADDR="203.0.113.7")

    page = text_of(laptop.get("/accounts/security/"))

    assert "Firefox on Windows · this browser Address 203.0.113.7" in page
    assert "Safari on iOS Address 198.51.100.20" in page
    phone_session = UserSession.objects.get(ip_address="198.51.100.20")
    ended = laptop.post(f"/accounts/sessions/{phone_session.pk}/end/", follow=True)
    assert "That session is signed out." in text_of(ended)
    assert phone.get("/submit/")["Location"].startswith("/accounts/login/")
    assert laptop.get("/submit/").status_code == 200


def test_sign_out_everywhere_else(client, aiko):
    browsers = [builders.PortalClient() for _ in range(3)]
    for each in browsers:
        sign_in(each, "aiko")

    done = browsers[0].post("/accounts/sessions/end-others/", follow=True)

    assert "2 other sessions are signed out." in text_of(done)
    assert [each.get("/submit/").status_code for each in browsers] == [200, 302, 302]
    assert UserSession.objects.count() == 1


def test_nobody_can_end_another_users_session(client, aiko):
    mallory = builders.user("mallory", password=PASSWORD)
    sign_in(client, "aiko")
    aikos_session = UserSession.objects.get(user=aiko)
    other = builders.PortalClient()
    other.force_login(mallory)

    assert other.post(f"/accounts/sessions/{aikos_session.pk}/end/").status_code == 404
    assert client.get("/submit/").status_code == 200
    assert "Address 203.0.113.7" not in text_of(other.get("/accounts/security/"))


def test_signing_out_removes_the_session_from_the_list(client, aiko):
    sign_in(client, "aiko")
    assert UserSession.objects.filter(user=aiko).count() == 1

    client.post("/accounts/logout/")

    assert not UserSession.objects.exists()


def test_the_account_pages_ask_to_sign_in(client):
    for path in ("/accounts/security/", "/accounts/email/", "/accounts/two-factor/set-up/"):
        assert client.get(path)["Location"].startswith("/accounts/login/?next="), path


def test_browsers_left_behind_by_a_new_password_are_not_listed(client, aiko):
    elsewhere = builders.PortalClient(HTTP_USER_AGENT=IPHONE)
    sign_in(elsewhere, "aiko")
    sign_in(client, "aiko")
    # A superuser sets a new password in the admin: Django refuses the older sessions from now on.
    aiko.set_password("a password from the admin")
    aiko.save()
    client.force_login(aiko)

    page = text_of(client.get("/accounts/security/"))

    assert "Safari on iOS" not in page
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [client.session.session_key]
