"""Production settings pass Django's deployment checks; every page carries a strict Content Security Policy;
an upload far larger than anything allowed is refused before it is read."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from tests import builders
from tests.submissions.support import text_of

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_prints_no_warnings_under_production_settings(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-production-like-secret-key-" + "k3y" * 15,
        "ALLOWED_HOSTS": "portal.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
    }
    # The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; no deployment has it.
    for name in ("SECURE_SSL_REDIRECT", "SECURE_COOKIES", "SECURE_HSTS_SECONDS", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)

    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNING" not in done.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/knowledge/", "/accounts/login/", "/submit/", "/admin/login/"])
def test_pages_carry_a_policy_without_inline_scripts(client, path):
    client.force_login(builders.official(builders.city("Toyama")))
    response = client.get(path, follow=True)

    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    html = response.content.decode()
    assert "<script>" not in html and " style=" not in html and " onclick=" not in html


@pytest.mark.django_db
@override_settings(UPLOAD_MAX_REQUEST_SIZE=1000)
def test_a_request_far_larger_than_any_allowed_file_is_refused_before_it_is_read(client):
    client.force_login(builders.official(builders.city("Toyama")))

    response = client.post("/submit/new/", {"title": "x" * 2000})

    assert response.status_code == 413
    text = text_of(response)
    assert "Too large to upload" in text
    assert (
        "larger than the 1000 bytes the portal accepts at once, so it was not read and nothing was saved."
        in text
    )
