"""Production settings pass Django's deployment checks; every page carries a strict Content Security Policy
and a Permissions-Policy; what a signed-in visitor or a draft's reader gets is kept by no cache; an upload
far larger than anything allowed is refused before it is read."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from knowledge.models import Output
from submissions.services import preview_link_create
from tests import builders
from tests.submissions.support import text_of

ROOT = Path(__file__).resolve().parent.parent


def test_production_refuses_to_start_without_an_address_for_harvesters(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-production-like-secret-key-" + "k3y" * 15,
        "ALLOWED_HOSTS": "portal.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
    }
    env.pop("OAI_ADMIN_EMAILS", None)

    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert done.returncode != 0
    assert "OAI_ADMIN_EMAILS must be set when DEBUG=0" in done.stderr


def test_check_deploy_prints_no_warnings_under_production_settings(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-production-like-secret-key-" + "k3y" * 15,
        "ALLOWED_HOSTS": "portal.example.org",
        "OAI_ADMIN_EMAILS": "repository@portal.example.org",
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


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def assert_policy_headers(response):
    policy = dict(part.strip().split("=", 1) for part in response["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert policy[feature] == "()", feature
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.fixture
def toyama_draft(db):
    toyama = builders.city("Toyama")
    draft = builders.output("Toyama draft", status=Output.Status.DRAFT, cities=[toyama])
    return toyama, draft, builders.attachment(draft, "draft.pdf")


@pytest.mark.django_db
def test_a_signed_in_page_is_kept_by_no_cache(client):
    client.force_login(builders.official(builders.city("Toyama")))

    response = client.get("/submit/")

    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_directives(response)
    assert_policy_headers(response)


def test_a_draft_download_is_kept_by_no_cache(client, toyama_draft):
    toyama, _, attachment = toyama_draft
    client.force_login(builders.official(toyama))

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_directives(response)
    assert_policy_headers(response)


def test_a_draft_file_opened_through_a_preview_link_is_kept_by_no_cache(client, toyama_draft):
    _, draft, attachment = toyama_draft
    link = preview_link_create(output=draft, created_by=builders.curator(), days=7)

    response = client.get(f"{link.get_absolute_url()}files/{attachment.pk}/{attachment.display_name}")

    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_directives(response)


@pytest.mark.django_db
def test_public_pages_and_files_for_anonymous_visitors_stay_cacheable(client):
    output = builders.output("A published note")
    attachment = builders.attachment(output, "note.pdf")

    for url in ("/", output.get_absolute_url(), output.get_absolute_url(), attachment.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not {"private", "no-store"} & cache_directives(response), url
        assert_policy_headers(response)


@pytest.mark.django_db
@override_settings(WHITENOISE_USE_FINDERS=True)  # as in development: no collectstatic for the tests
def test_static_files_carry_the_policy_headers(client):
    response = client.get("/static/css/portal.css")

    assert response.status_code == 200
    assert_policy_headers(response)
