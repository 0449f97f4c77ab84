"""Throttles that a hostile visitor meets: password reset emails, sign-in guesses spread over many
accounts, and the address they are counted by, behind a reverse proxy or not."""

import pytest
from django.test import override_settings

from outbox.models import OutgoingEmail
from tests import builders
from tests.submissions.support import text_of

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
COLLEAGUE = "203.0.113.10"
PROXY = "10.0.0.2"


def ask_for_reset(client, email: str, *, address: str = ATTACKER, **headers):
    return client.post("/accounts/password/reset/", {"email": email}, REMOTE_ADDR=address, **headers)


def sign_in(client, username: str, password: str, *, address: str = ATTACKER, **headers):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def test_seventeen_reset_requests_send_five_emails_and_all_get_the_same_page(
    client, django_capture_on_commit_callbacks
):
    builders.user("aiko", email="aiko@toyama.example")

    with django_capture_on_commit_callbacks(execute=True):
        answers = [ask_for_reset(client, "aiko@toyama.example") for _ in range(17)]

    assert {(answer.status_code, answer["Location"]) for answer in answers} == {
        (302, "/accounts/password/reset/sent/")
    }
    assert OutgoingEmail.objects.filter(to=["aiko@toyama.example"]).count() == 5


def test_reset_requests_to_one_address_from_many_addresses_are_limited_too(
    client, django_capture_on_commit_callbacks
):
    builders.user("aiko", email="aiko@toyama.example")

    with django_capture_on_commit_callbacks(execute=True):
        for number in range(17):
            ask_for_reset(client, "Aiko@Toyama.example", address=f"198.51.100.{number}")

    assert OutgoingEmail.objects.count() == 5


def test_an_address_that_spent_its_resets_does_not_stop_another_visitor(
    client, django_capture_on_commit_callbacks
):
    builders.user("aiko", email="aiko@toyama.example")
    builders.user("kenji", email="kenji@yokohama.example")

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(6):
            ask_for_reset(client, "aiko@toyama.example")
        ask_for_reset(client, "kenji@yokohama.example")
        ask_for_reset(client, "kenji@yokohama.example", address=COLLEAGUE)

    assert list(OutgoingEmail.objects.order_by("pk").values_list("to", flat=True)) == [
        ["aiko@toyama.example"]
    ] * 5 + [["kenji@yokohama.example"]]


def test_guessing_four_passwords_for_each_of_forty_accounts_locks_the_address(client):
    for number in range(40):
        builders.user(f"user{number:02}", password="correct horse battery")

    answers = [
        sign_in(client, f"user{number:02}", f"guess {guess}") for number in range(40) for guess in range(4)
    ]

    assert [answer.status_code for answer in answers[:29]] == [200] * 29
    assert {answer.status_code for answer in answers[29:]} == {429}
    last = text_of(answers[-1])
    assert "Signing in from your address failed 30 times, so it is paused for every user name." in last
    # Even the right password, for any account, from that address; another address is not affected.
    assert sign_in(client, "user00", "correct horse battery").status_code == 429
    assert sign_in(client, "user00", "correct horse battery", address=COLLEAGUE).status_code == 302


def test_signing_in_to_ones_own_account_does_not_clear_the_guesses_at_others(client):
    builders.user("mallory", password="mallory's own password")
    for number in range(10):
        builders.user(f"user{number:02}", password="correct horse battery")

    for round_ in range(4):
        for number in range(10):
            sign_in(client, f"user{number:02}", f"guess {round_}")
        if round_ < 2:
            assert sign_in(client, "mallory", "mallory's own password").status_code == 302
            client.post("/accounts/logout/")

    assert sign_in(client, "mallory", "mallory's own password").status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_only_the_attacker_is_locked_out(client):
    builders.user("aiko", password="correct horse battery")

    for _ in range(5):
        # The attacker writes a header of their own; the proxy appends the address it saw.
        sign_in(client, "aiko", "wrong", address=PROXY, HTTP_X_FORWARDED_FOR=f"{COLLEAGUE}, {ATTACKER}")

    attacker = sign_in(client, "aiko", "correct horse battery", address=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    colleague = sign_in(
        client, "aiko", "correct horse battery", address=PROXY, HTTP_X_FORWARDED_FOR=COLLEAGUE
    )
    assert attacker.status_code == 429
    assert colleague.status_code == 302


def test_without_a_trusted_proxy_a_forwarded_for_header_changes_nothing(client):
    builders.user("aiko", password="correct horse battery")

    for number in range(5):
        sign_in(client, "aiko", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")

    assert sign_in(client, "aiko", "correct horse battery", HTTP_X_FORWARDED_FOR=COLLEAGUE).status_code == 429


def test_without_a_trusted_proxy_reset_requests_are_counted_by_the_connecting_address(
    client, django_capture_on_commit_callbacks
):
    builders.user("aiko", email="aiko@toyama.example")
    builders.user("kenji", email="kenji@yokohama.example")

    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            ask_for_reset(client, "aiko@toyama.example", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
        ask_for_reset(client, "kenji@yokohama.example", HTTP_X_FORWARDED_FOR=COLLEAGUE)

    assert not OutgoingEmail.objects.filter(to=["kenji@yokohama.example"]).exists()
