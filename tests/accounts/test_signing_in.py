"""Signing in and out, throttled failures, password change and reset: none of it tells who has an account."""

import re

import pytest
from django.core import mail

from tests import builders
from tests.submissions.support import text_of

pytestmark = pytest.mark.django_db

LOCKED = (
    "Too many attempts Signing in with this user name from your address failed 5 times in a row, "
    "so it is paused."
)


def sign_in(client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_an_official_signs_in_lands_on_their_submissions_and_signs_out(client):
    builders.official(builders.city("Toyama"), username="aiko", password="correct horse battery")

    response = sign_in(client, "aiko", "correct horse battery")

    assert response.status_code == 302
    assert response["Location"] == "/submit/"
    page = text_of(client.get("/submit/"))
    assert "My submissions" in page and "Sign out" in page
    client.post("/accounts/logout/")
    assert client.get("/submit/").status_code == 302


def test_a_wrong_password_and_an_unknown_account_get_the_same_answer(client):
    builders.user("aiko", password="correct horse battery")

    wrong_password = text_of(sign_in(client, "aiko", "wrong"))
    unknown_account = text_of(sign_in(client, "nobody", "wrong"))

    assert "Please enter a correct username and password." in wrong_password
    assert wrong_password.replace("nobody", "aiko") == unknown_account.replace("nobody", "aiko")


@pytest.mark.parametrize("username", ["aiko", "nobody"])
def test_five_failures_lock_the_account_and_address_for_a_while(client, username):
    builders.user("aiko", password="correct horse battery")
    for _ in range(4):
        assert sign_in(client, username, "wrong").status_code == 200

    fifth = sign_in(client, username, "wrong")
    even_right = sign_in(client, username, "correct horse battery")

    assert fifth.status_code == 429
    assert LOCKED in text_of(fifth)
    assert "Try again in 15 minutes, or reset your password." in text_of(fifth)
    assert even_right.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address, or another account from this address, is not locked.
    assert sign_in(client, "aiko", "correct horse battery", address="198.51.100.9").status_code == 302


def test_a_success_clears_earlier_failures(client):
    builders.user("aiko", password="correct horse battery")
    for _ in range(4):
        sign_in(client, "aiko", "wrong")
    assert sign_in(client, "aiko", "correct horse battery").status_code == 302
    client.post("/accounts/logout/")

    for _ in range(4):
        assert sign_in(client, "aiko", "wrong").status_code == 200


def test_the_admin_sign_in_is_throttled_too(client):
    builders.curator("tdlc", password="correct horse battery")
    for _ in range(5):
        response = client.post(
            "/admin/login/", {"username": "tdlc", "password": "wrong"}, REMOTE_ADDR="203.0.113.7"
        )
    assert response.status_code == 429


def test_password_reset_by_email_says_the_same_for_unknown_addresses(
    client, django_capture_on_commit_callbacks
):
    builders.user("aiko", email="aiko@toyama.example", password="old password 123")

    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/accounts/password/reset/", {"email": "aiko@toyama.example"})
        unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password/reset/sent/"
    assert [message.to for message in mail.outbox] == [["aiko@toyama.example"]]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    done = client.post(
        form_url, {"new_password1": "a new long password 42", "new_password2": "a new long password 42"}
    )
    assert done["Location"] == "/accounts/password/reset/complete/"
    assert sign_in(client, "aiko", "a new long password 42").status_code == 302


def test_password_change(client):
    user = builders.user("aiko", password="old password 123")
    client.force_login(user)

    response = client.post(
        "/accounts/password/",
        {
            "old_password": "old password 123",
            "new_password1": "a new long password 42",
            "new_password2": "a new long password 42",
        },
    )

    assert response["Location"] == "/accounts/password/done/"
    user.refresh_from_db()
    assert user.check_password("a new long password 42")
