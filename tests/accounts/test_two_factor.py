"""Two-factor sign-in: staff must set up an authenticator app at their first sign-in and give a code at each
one after, the admin included; officials may turn it on; recovery codes work once each."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from accounts.models import UserSession
from tests import builders
from tests.accounts.support import PASSWORD, app_code, recovery_codes_on, secret_on, sign_in
from tests.submissions.support import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def next_code_period(clock):
    """An authenticator code is accepted once: the next one comes 30 seconds later."""
    clock.shift(datetime.timedelta(seconds=31))


def set_up_authenticator(client, start: str = "/accounts/two-factor/set-up/?next=/admin/"):
    page = client.get(start)
    secret = secret_on(page)
    codes_page = client.post(start, {"code": app_code(secret), "next": "/admin/"}, follow=True)
    return secret, codes_page


def test_a_curator_without_an_authenticator_must_set_one_up_before_anything_else(client, clock):
    builders.curator("tdlc", password=PASSWORD)

    assert sign_in(client, "tdlc")["Location"] == "/submit/"
    for path in ("/submit/", "/admin/", "/", "/accounts/security/", "/accounts/email/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/two-factor/set-up/?next="), path

    page = client.get("/accounts/two-factor/set-up/?next=/admin/")
    assert "Set up two-factor sign-in" in text_of(page)
    # The QR code is drawn in the page itself: nothing is fetched from elsewhere.
    assert "<svg" in page.content.decode() and "<img" not in page.content.decode().split("<main")[1]

    secret, codes_page = set_up_authenticator(client)

    codes = recovery_codes_on(codes_page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "they are shown only this once" in text_of(codes_page)
    assert client.get("/admin/").status_code == 200
    # Shown once: coming back to the page shows them no more.
    assert client.get("/accounts/two-factor/recovery-codes/")["Location"] == "/accounts/security/"


def test_the_set_up_refuses_a_wrong_code_and_keeps_the_same_key(client, clock):
    builders.curator("tdlc", password=PASSWORD)
    sign_in(client, "tdlc")
    first = secret_on(client.get("/accounts/two-factor/set-up/"))

    wrong = client.post("/accounts/two-factor/set-up/", {"code": "000000"})

    assert "That code is not right. Check the time on your phone and try again." in text_of(wrong)
    assert secret_on(client.get("/accounts/two-factor/set-up/")) == first
    assert client.get("/admin/").status_code == 302


def test_a_curator_with_an_authenticator_gives_a_code_after_the_password(client, clock):
    builders.curator("tdlc", password=PASSWORD)
    sign_in(client, "tdlc")
    secret, _ = set_up_authenticator(client)
    client.post("/accounts/logout/")
    next_code_period(clock)

    sign_in(client, "tdlc")
    asked = client.get("/admin/")
    assert asked["Location"] == "/accounts/two-factor/?next=%2Fadmin%2F"
    wrong = client.post(asked["Location"], {"code": "123456", "next": "/admin/"})
    assert "That code is not right, or has been used already." in text_of(wrong)
    assert client.get("/admin/").status_code == 302

    clock.shift(datetime.timedelta(seconds=2))  # django-otp makes a wrong code wait a second
    right = client.post(asked["Location"], {"code": app_code(secret), "next": "/admin/"})

    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_sign_in_goes_through_the_second_factor_too(client, clock):
    curator = builders.curator("tdlc", password=PASSWORD)
    device = builders.authenticator(curator)

    response = sign_in(client, "tdlc", path="/admin/login/?next=/admin/")
    assert response["Location"] == "/admin/"
    assert client.get("/admin/")["Location"] == "/accounts/two-factor/?next=%2Fadmin%2F"
    assert client.get("/admin/submissions/submission/")["Location"].startswith("/accounts/two-factor/")

    client.post("/accounts/two-factor/", {"code": builders.totp_code(device)})
    assert client.get("/admin/submissions/submission/").status_code == 200


def test_a_code_is_accepted_once_and_wrong_codes_are_slowed_down(client, clock):
    curator = builders.curator("tdlc", password=PASSWORD)
    device = builders.authenticator(curator)
    code = builders.totp_code(device)
    sign_in(client, "tdlc")
    client.post("/accounts/two-factor/", {"code": code})
    client.post("/accounts/logout/")

    sign_in(client, "tdlc")
    replayed = client.post("/accounts/two-factor/", {"code": code})
    assert "That code is not right, or has been used already." in text_of(replayed)
    at_once = client.post("/accounts/two-factor/", {"code": "000000"})
    assert "Too many wrong codes. Try again after" in text_of(at_once)
    clock.shift(datetime.timedelta(seconds=2))
    client.post("/accounts/two-factor/", {"code": "000000"})
    assert "Too many wrong codes." in text_of(client.post("/accounts/two-factor/", {"code": "000000"}))
    assert client.get("/submit/").status_code == 302

    # The wait doubles with each wrong code (1, 2, 4... seconds), and ends.
    next_code_period(clock)
    assert client.post("/accounts/two-factor/", {"code": builders.totp_code(device)}).status_code == 302
    assert client.get("/submit/").status_code == 200


def test_each_recovery_code_signs_in_once(client, clock):
    builders.curator("tdlc", password=PASSWORD)
    sign_in(client, "tdlc")
    _, codes_page = set_up_authenticator(client)
    codes = recovery_codes_on(codes_page)
    client.post("/accounts/logout/")

    sign_in(client, "tdlc")
    used = client.post("/accounts/two-factor/", {"code": codes[0].upper(), "next": "/admin/"})
    assert used["Location"] == "/admin/"
    assert "You have 9 unused recovery codes." in text_of(client.get("/accounts/security/"))
    client.post("/accounts/logout/")

    sign_in(client, "tdlc")
    again = client.post("/accounts/two-factor/", {"code": codes[0]})
    assert "That code is not right, or has been used already." in text_of(again)
    assert client.get("/admin/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones_after_confirming_its_you(client, clock):
    builders.curator("tdlc", password=PASSWORD)
    sign_in(client, "tdlc")
    secret, codes_page = set_up_authenticator(client)
    old_codes = recovery_codes_on(codes_page)
    clock.shift(datetime.timedelta(minutes=11))

    asked = client.post("/accounts/two-factor/recovery-codes/new/")
    assert asked["Location"] == "/accounts/confirm/?next=%2Faccounts%2Fsecurity%2F"
    confirm = client.get(asked["Location"])
    assert "Confirm it’s you" in text_of(confirm) and 'name="code"' in confirm.content.decode()
    client.post(asked["Location"], {"password": PASSWORD, "code": app_code(secret)})
    new_codes = recovery_codes_on(client.post("/accounts/two-factor/recovery-codes/new/", follow=True))

    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    client.post("/accounts/logout/")
    sign_in(client, "tdlc")
    assert "not right" in text_of(client.post("/accounts/two-factor/", {"code": old_codes[1]}))
    clock.shift(datetime.timedelta(seconds=2))
    assert client.post("/accounts/two-factor/", {"code": new_codes[1]}).status_code == 302


def test_an_official_may_turn_two_factor_sign_in_on_and_off(client, clock):
    builders.official(builders.city("Toyama"), username="aiko", password=PASSWORD)
    sign_in(client, "aiko")
    security = text_of(client.get("/accounts/security/"))
    assert "Two-factor sign-in Off." in security

    client.get("/accounts/two-factor/set-up/")
    secret, _ = set_up_authenticator(client, start="/accounts/two-factor/set-up/")
    assert "Two-factor sign-in On:" in text_of(client.get("/accounts/security/"))
    client.post("/accounts/logout/")
    next_code_period(clock)

    assert sign_in(client, "aiko")["Location"] == "/submit/"
    assert client.get("/submit/")["Location"] == "/accounts/two-factor/?next=%2Fsubmit%2F"
    client.post("/accounts/two-factor/", {"code": app_code(secret)})
    assert client.get("/submit/").status_code == 200

    client.post("/accounts/two-factor/turn-off/")
    assert "Two-factor sign-in is off." in text_of(client.get("/accounts/security/"))
    client.post("/accounts/logout/")
    sign_in(client, "aiko")
    assert client.get("/submit/").status_code == 200


def test_staff_cannot_turn_two_factor_sign_in_off(client, clock):
    curator = builders.curator("tdlc", password=PASSWORD)
    client.force_login(curator)

    assert "Turn two-factor sign-in off" not in text_of(client.get("/accounts/security/"))
    refused = client.post("/accounts/two-factor/turn-off/", follow=True)
    assert "Staff accounts must keep two-factor sign-in." in text_of(refused)
    assert curator.totpdevice_set.filter(confirmed=True).exists()


def test_a_wrong_password_on_confirm_its_you_spends_no_recovery_code(client, clock):
    curator = builders.curator("tdlc", password=PASSWORD)
    client.force_login(curator)
    sign_in_codes = recovery_codes_on(client.post("/accounts/two-factor/recovery-codes/new/", follow=True))
    clock.shift(datetime.timedelta(minutes=11))

    refused = client.post("/accounts/confirm/", {"password": "wrong", "code": sign_in_codes[0]})

    assert "That password is not right." in text_of(refused)
    assert "You have 10 unused recovery codes." in text_of(client.get("/accounts/security/"))


def test_passing_the_second_factor_gives_the_session_a_new_key(client, clock):
    curator = builders.curator("tdlc", password=PASSWORD)
    device = builders.authenticator(curator)
    sign_in(client, "tdlc")
    before = client.session.session_key

    client.post("/accounts/two-factor/", {"code": builders.totp_code(device)})

    assert client.session.session_key != before
    assert client.get("/admin/").status_code == 200
    assert UserSession.objects.get().session_key == client.session.session_key


def test_the_admins_password_change_is_the_portals(client):
    client.force_login(builders.curator("tdlc", password=PASSWORD))

    assert client.get("/admin/password_change/")["Location"] == "/accounts/password/"
