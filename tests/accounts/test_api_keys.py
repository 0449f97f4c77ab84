"""An official's keys for the read API: made on the account page after "Confirm it's you", shown once,
kept only as a digest, limited in number, revocable."""

import datetime
import hashlib
import re

import pytest
import time_machine
from django.utils import timezone

from accounts.models import API_TOKENS_PER_USER, ApiToken
from knowledge.models import Output
from tests import builders
from tests.accounts.support import PASSWORD, sign_in
from tests.submissions.support import text_of

pytestmark = pytest.mark.django_db


def new_key_on(page) -> str:
    return re.search(r'<code class="api-key">(cpp_[\w-]+)</code>', page.content.decode()).group(1)


def test_an_official_makes_a_key_sees_it_once_and_reads_their_drafts_with_it(client):
    toyama = builders.city("Toyama")
    builders.official(toyama, username="aiko", password=PASSWORD)
    draft = builders.output("Toyama draft", status=Output.Status.DRAFT, cities=[toyama])
    sign_in(client, "aiko")

    page = client.post("/accounts/api-keys/new/", {"name": "City website"}, follow=True)
    key = new_key_on(page)
    assert "it is not shown again" in text_of(page)
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(key.encode()).hexdigest() and key not in token.digest
    assert token.hint == key[:10]
    again = client.get("/accounts/security/")
    assert key not in again.content.decode() and "City website" in text_of(again)

    found = client.get(f"/api/outputs/{draft.slug}/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert found.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_making_a_key_ten_minutes_after_signing_in_asks_for_the_password_again(client):
    builders.user("aiko", password=PASSWORD)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, "aiko")
        clock.shift(datetime.timedelta(minutes=11))
        asked = client.post("/accounts/api-keys/new/", {"name": "Script"})
    assert asked["Location"].startswith("/accounts/confirm/")
    assert not ApiToken.objects.exists()


def test_a_name_is_needed_and_the_number_of_keys_is_limited(client):
    aiko = builders.user("aiko", password=PASSWORD)
    sign_in(client, "aiko")
    refused = client.post("/accounts/api-keys/new/", {"name": ""}, follow=True)
    assert "This field is required." in text_of(refused) and not ApiToken.objects.exists()
    for number in range(API_TOKENS_PER_USER):
        ApiToken.issue(aiko, f"Key {number}")
    full = client.post("/accounts/api-keys/new/", {"name": "One more"}, follow=True)
    assert "the most an account may have" in text_of(full)
    assert ApiToken.objects.count() == API_TOKENS_PER_USER


def test_a_revoked_key_stops_working_and_nobody_revokes_anothers(client):
    aiko = builders.user("aiko", password=PASSWORD)
    other = builders.user("ben", password=PASSWORD)
    token, key = ApiToken.issue(aiko, "Script")
    others, _ = ApiToken.issue(other, "Ben's")
    sign_in(client, "aiko")
    assert client.post(f"/accounts/api-keys/{others.pk}/revoke/").status_code == 404
    done = client.post(f"/accounts/api-keys/{token.pk}/revoke/", follow=True)
    assert "no longer works" in text_of(done)
    assert client.get("/api/themes/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    assert ApiToken.objects.filter(pk=others.pk).exists()
