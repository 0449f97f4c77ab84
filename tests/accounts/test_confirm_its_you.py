"""Changing the email, the password or the second factor asks for the password again (and the second factor,
where there is one) once ten minutes have passed since it was last given."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import UserSession
from tests import builders
from tests.accounts.support import PASSWORD, sign_in
from tests.submissions.support import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_changing_the_email_after_ten_minutes_asks_for_the_password_again(
    client, clock, django_capture_on_commit_callbacks
):
    aiko = builders.user("aiko", email="aiko@toyama.example", password=PASSWORD)
    sign_in(client, "aiko")
    clock.shift(datetime.timedelta(minutes=11))

    asked = client.get("/accounts/email/")
    assert asked["Location"] == "/accounts/confirm/?next=%2Faccounts%2Femail%2F"
    assert "Before a change to how you sign in" in text_of(client.get(asked["Location"]))
    wrong = client.post(asked["Location"], {"password": "not it"})
    assert "That password is not right." in text_of(wrong)
    assert client.get("/accounts/email/").status_code == 302

    confirmed = client.post(asked["Location"], {"password": PASSWORD})
    assert confirmed["Location"] == "/accounts/email/"
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/accounts/email/", {"email": "aiko.tanaka@toyama.example"}, follow=True)

    assert "Your email address is changed." in text_of(done)
    aiko.refresh_from_db()
    assert aiko.email == "aiko.tanaka@toyama.example"
    assert [message.to for message in mail.outbox] == [["aiko@toyama.example"]]
    assert "aiko.tanaka@toyama.example" in mail.outbox[0].body


def test_within_ten_minutes_of_signing_in_nothing_is_asked_again(client, clock):
    builders.user("aiko", password=PASSWORD)
    sign_in(client, "aiko")
    clock.shift(datetime.timedelta(minutes=9))

    assert client.get("/accounts/email/").status_code == 200
    assert client.get("/accounts/password/").status_code == 200


def test_with_two_factor_sign_in_confirming_needs_a_code_too(client, clock):
    curator = builders.curator("tdlc", password=PASSWORD)
    device = builders.authenticator(curator)
    client.force_login(curator)
    clock.shift(datetime.timedelta(minutes=11))

    without_code = client.post("/accounts/confirm/?next=/accounts/password/", {"password": PASSWORD})
    assert "This field is required." in text_of(without_code)
    with_code = client.post(
        "/accounts/confirm/?next=/accounts/password/",
        {"password": PASSWORD, "code": builders.totp_code(device)},
    )
    assert with_code["Location"] == "/accounts/password/"
    assert client.get("/accounts/password/").status_code == 200


def test_replacing_the_authenticator_asks_first(client, clock):
    curator = builders.curator("tdlc", password=PASSWORD)
    client.force_login(curator)
    clock.shift(datetime.timedelta(minutes=11))

    assert client.get("/accounts/two-factor/set-up/")["Location"].startswith("/accounts/confirm/")


def test_confirm_its_you_only_goes_back_to_this_site(client):
    builders.user("aiko", password=PASSWORD)
    sign_in(client, "aiko")

    response = client.post("/accounts/confirm/?next=https://evil.example/", {"password": PASSWORD})

    assert response["Location"] == "/accounts/security/"


def test_a_new_password_signs_out_every_other_browser(client, clock):
    builders.user("aiko", password=PASSWORD)
    other = builders.PortalClient()
    sign_in(other, "aiko")
    sign_in(client, "aiko")

    changed = client.post(
        "/accounts/password/",
        {"new_password1": "a new long password 42", "new_password2": "a new long password 42"},
    )

    assert changed["Location"] == "/accounts/password/done/"
    assert client.get("/submit/").status_code == 200
    assert other.get("/submit/")["Location"].startswith("/accounts/login/")
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [client.session.session_key]
