"""Every sign-in outcome is logged on cpp_portal.security with the user name and the address, and never a
password or a code."""

import datetime
import logging

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from accounts.models import UserSession
from tests import builders
from tests.accounts.support import ADDRESS, PASSWORD, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def security_log(caplog):
    caplog.set_level(logging.INFO, logger="cpp_portal.security")

    def lines() -> list[str]:
        return [record.getMessage() for record in caplog.records if record.name == "cpp_portal.security"]

    return lines


def test_sign_in_success_failure_and_lock_out(client, security_log):
    builders.user("aiko", password=PASSWORD)

    sign_in(client, "aiko", "wrong guess 1")
    sign_in(client, "aiko")
    client.post("/accounts/logout/", REMOTE_ADDR=ADDRESS)
    for number in range(6):
        sign_in(client, "aiko", f"wrong guess {number}")

    lines = security_log()
    assert lines[:3] == [
        f"sign-in failed user='aiko' address={ADDRESS}",
        f"sign-in succeeded user='aiko' address={ADDRESS}",
        f"signed out user='aiko' address={ADDRESS}",
    ]
    assert f"sign-in refused: locked out user='aiko' address={ADDRESS}" in lines
    assert not any("wrong guess" in line or PASSWORD in line for line in lines)


def test_second_factor_outcomes_and_recovery_codes(client, security_log):
    curator = builders.curator("tdlc", password=PASSWORD)
    device = builders.authenticator(curator)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, "tdlc")
        client.post("/accounts/two-factor/", {"code": "000000"}, REMOTE_ADDR=ADDRESS)
        clock.shift(datetime.timedelta(seconds=2))
        code = builders.totp_code(device)
        client.post("/accounts/two-factor/", {"code": code}, REMOTE_ADDR=ADDRESS)
        client.post("/accounts/logout/", REMOTE_ADDR=ADDRESS)
        recovery = curator.staticdevice_set.create(name="Recovery codes").token_set.create(token="abcdefgh")
        sign_in(client, "tdlc")
        client.post("/accounts/two-factor/", {"code": recovery.token}, REMOTE_ADDR=ADDRESS)

    lines = security_log()
    assert f"second factor failed user='tdlc' address={ADDRESS}" in lines
    assert f"second factor succeeded user='tdlc' address={ADDRESS}" in lines
    assert f"recovery code used, 0 left user='tdlc' address={ADDRESS}" in lines
    assert not any(code in line or "abcdefgh" in line or "000000" in line for line in lines)


def test_time_outs_and_ended_sessions(client, security_log):
    builders.user("aiko", password=PASSWORD)
    other = builders.PortalClient()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(other, "aiko")
        sign_in(client, "aiko")
        other_session = UserSession.objects.exclude(session_key=client.session.session_key).get()
        client.post(f"/accounts/sessions/{other_session.pk}/end/", REMOTE_ADDR=ADDRESS)
        clock.shift(datetime.timedelta(hours=3))
        client.get("/submit/", REMOTE_ADDR=ADDRESS)

    lines = security_log()
    assert f"session ended by its user user='aiko' address={ADDRESS}" in lines
    assert f"session timed out (idle) user='aiko' address={ADDRESS}" in lines
    assert not any(other_session.session_key in line for line in lines)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_the_address_is_the_clients_behind_a_proxy(client, security_log):
    builders.user("aiko", password=PASSWORD)

    sign_in(client, "aiko", "wrong", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.30")

    assert security_log() == ["sign-in failed user='aiko' address=198.51.100.30"]


def test_a_user_name_cannot_forge_a_log_line(client, security_log):
    sign_in(client, "x\nsign-in succeeded user='admin'", "wrong")

    assert security_log() == [f"sign-in failed user=\"x\\nsign-in succeeded user='admin'\" address={ADDRESS}"]
