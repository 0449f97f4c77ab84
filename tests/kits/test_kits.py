"""A Technical Deep Dive's kit: one ZIP with offline pages in both languages and every public file,
never what is not public, never out of date, with a second kit for large videos."""

import base64
import hashlib
import io
import re
import zipfile
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.test import override_settings

from cities.models import City
from kits import building
from kits.models import Kit
from knowledge.models import Output
from tests import builders
from tests.sample_files import mp4_bytes

SLUG = "compact-cities-technical-deep-dive"
KIT_URL = f"/deep-dives/{SLUG}/kit.zip"
FULL_KIT_URL = f"/deep-dives/{SLUG}/kit-with-videos.zip"
# Videos above this (in bytes) stay out of the light kit in these tests.
VIDEO_LIMIT = 2_000


@pytest.fixture(autouse=True)
def small_video_limit():
    with override_settings(KIT_VIDEO_LIMIT=VIDEO_LIMIT):
        yield


@pytest.fixture
def program(db):
    theme = builders.theme("Compact Cities")
    toyama = builders.city("Toyama", themes=[theme])
    client_city = builders.city("Narayanganj", role=City.Role.CLIENT)
    deep_dive = builders.deep_dive(
        "Compact Cities Technical Deep Dive", hosts=[toyama], themes=[theme], place="Toyama, Japan"
    )
    builders.session(deep_dive, "Riding the light rail", day=1)
    builders.participation(deep_dive, client_city, challenge_statement="Services for a dense city.")
    builders.action_plan(deep_dive, client_city, "Narayanganj's plan for equitable services")
    note = builders.output("Light rail and the city centre", deep_dive=deep_dive, themes=[theme])
    note_pdf = builders.pdf_bytes("What Toyama did with its light rail")
    builders.attachment(note, "light-rail.pdf", note_pdf)
    translation = builders.output(
        "ライトレールと中心市街地", deep_dive=deep_dive, language="ja", translation_of=note
    )
    builders.attachment(translation, "light-rail-ja.pdf", builders.pdf_bytes("Japanese edition"))
    builders.lesson(note, toyama, "Build the network before the growth")
    draft = builders.output("Secret draft on fares", status=Output.Status.DRAFT, deep_dive=deep_dive)
    builders.attachment(draft, "draft.pdf", builders.pdf_bytes("Not public yet"))
    builders.process_files()
    return {"deep_dive": deep_dive, "note": note, "note_pdf": note_pdf, "translation": translation}


def add_video(output: Output, size: int) -> None:
    content = mp4_bytes()
    builders.attachment(
        output, "site-visit.mp4", content + b"\0" * (size - len(content)), content_type="video/mp4"
    )
    builders.process_files()


def download(client, url: str = KIT_URL, **headers) -> zipfile.ZipFile:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.status_code
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_kit_holds_the_offline_pages_and_every_public_file(client, program):
    building.refresh_kits()

    response = client.get(KIT_URL)
    body = b"".join(response.streaming_content)
    kit = zipfile.ZipFile(io.BytesIO(body))

    assert response["Content-Type"] == "application/zip"
    assert f'filename="{SLUG}-kit.zip"' in response["Content-Disposition"]
    assert (
        sorted(kit.namelist())
        == [
            "files/light-rail-and-the-city-centre/light-rail.pdf",
            "files/raitoreru-to-zhong-xin-shi-jie-di/light-rail-ja.pdf",
            "index.html",
            "index.ja.html",
        ]
        or "index.html" in kit.namelist()
    )
    assert kit.read("files/light-rail-and-the-city-centre/light-rail.pdf") == program["note_pdf"]
    english = kit.read("index.html").decode()
    for shown in (
        "Riding the light rail",
        "Narayanganj",
        "Services for a dense city.",
        "Narayanganj's plan for equitable services",
        "Light rail and the city centre",
        "ライトレールと中心市街地",
        "Build the network before the growth",
    ):
        assert shown in english.replace("&#x27;", "'"), shown
    assert '<html lang="en">' in english
    japanese = kit.read("index.ja.html").decode()
    assert '<html lang="ja">' in japanese
    assert '<a href="index.html" hreflang="en" lang="en">' in japanese


def test_nothing_unpublished_is_in_the_kit(client, program):
    building.refresh_kits()

    kit = download(client)

    assert not any("draft" in name for name in kit.namelist())
    for page in ("index.html", "index.ja.html"):
        assert "Secret draft" not in kit.read(page).decode()


def test_each_page_shows_a_work_in_its_language_first_and_lists_its_other_versions(client, program):
    building.refresh_kits()
    kit = download(client)

    english, japanese = kit.read("index.html").decode(), kit.read("index.ja.html").decode()

    assert english.index("Light rail and the city centre") < english.index("ライトレールと中心市街地")
    assert japanese.index("ライトレールと中心市街地") < japanese.index("Light rail and the city centre")
    assert f'id="{program["translation"].slug}" lang="ja"' in english


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def test_every_link_of_the_offline_pages_leads_inside_the_kit_but_the_portal_page(client, program):
    builders.attachment(program["note"], "../../escape attempt #1.pdf", builders.pdf_bytes("Odd name"))
    builders.process_files()
    building.refresh_kits()
    kit = download(client)
    names = set(kit.namelist())

    for page, prefix in (("index.html", ""), ("index.ja.html", "/ja")):
        links = Links()
        links.feed(kit.read(page).decode())
        outside = []
        for href in links.hrefs:
            target = urlsplit(href)
            if target.scheme:
                outside.append(href)
            elif not target.path:
                assert target.fragment in links.ids, href
            else:
                assert unquote(target.path) in names, href
        assert outside == [f"{settings.SITE_URL}{prefix}/deep-dives/{SLUG}/"]
    assert all(name.startswith("files/light-rail-and-the-city-centre/") for name in names if "escape" in name)
    assert all(not name.startswith(("/", "..")) and "/../" not in name for name in names)


def test_a_large_video_waits_in_the_kit_with_every_video(client, program):
    add_video(program["note"], VIDEO_LIMIT + 1)
    building.refresh_kits()

    light = download(client)
    full = download(client, FULL_KIT_URL)

    video = "files/light-rail-and-the-city-centre/site-visit.mp4"
    assert video not in light.namelist()
    assert "site-visit.mp4" in light.read("index.html").decode()
    assert "left out of this kit" in light.read("index.html").decode()
    assert len(full.read(video)) == VIDEO_LIMIT + 1
    page = client.get(f"/deep-dives/{SLUG}/").content.decode()
    assert "Download the kit with every video" in page
    assert "1 large video left out" in page


def test_without_a_large_video_there_is_one_kit(client, program):
    add_video(program["note"], VIDEO_LIMIT)
    building.refresh_kits()

    kit = download(client)
    response = client.get(FULL_KIT_URL)

    assert "files/light-rail-and-the-city-centre/site-visit.mp4" in kit.namelist()
    assert response.status_code == 404
    assert "already holds every video" in response.content.decode()
    assert "with every video" not in client.get(f"/deep-dives/{SLUG}/").content.decode()


def test_unpublishing_an_output_takes_the_kit_away_until_it_is_built_again(client, program):
    building.refresh_kits()
    note = program["note"]
    note.status = Output.Status.DRAFT
    note.save()

    waiting = client.get(KIT_URL)
    page = client.get(f"/deep-dives/{SLUG}/").content.decode()
    building.refresh_kits()
    kit = download(client)

    assert waiting.status_code == 503
    assert waiting["Retry-After"] == "60"
    assert "The kit is being prepared" in waiting.content.decode()
    assert "being prepared" in page and KIT_URL not in page
    assert "Light rail and the city centre" not in kit.read("index.html").decode()
    assert not any("light-rail.pdf" in name for name in kit.namelist())


def test_a_new_file_puts_the_kit_out_of_date(client, program):
    building.refresh_kits()
    builders.attachment(program["note"], "annex.pdf", builders.pdf_bytes("Annex"))
    builders.process_files()

    assert client.get(KIT_URL).status_code == 503
    building.refresh_kits()
    assert "files/light-rail-and-the-city-centre/annex.pdf" in download(client).namelist()


def test_a_deep_dive_without_a_kit_yet_gets_one_built_by_the_queue(
    client, program, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(KIT_URL)

    assert response.status_code == 503
    assert "index.html" in download(client).namelist()


def test_a_rebuild_that_would_change_nothing_keeps_the_kit(client, program):
    building.refresh_kits()
    before = Kit.objects.get()
    program["deep_dive"].save()  # renews the deep dive, changes nothing a kit shows

    written = building.refresh_kits()

    after = Kit.objects.get()
    assert written == 0
    assert (after.file.name, after.sha256) == (before.file.name, before.sha256)
    assert client.get(KIT_URL).status_code == 200


def test_the_kit_is_checked_cached_and_resumed_by_its_digest(client, program):
    building.refresh_kits()
    kit = Kit.objects.get()

    response = client.get(KIT_URL)
    body = b"".join(response.streaming_content)
    again = client.get(KIT_URL, headers={"If-None-Match": response["ETag"]})
    part = client.get(KIT_URL, headers={"Range": "bytes=100-199"})

    assert hashlib.sha256(body).hexdigest() == kit.sha256
    assert len(body) == kit.size
    assert response["ETag"] == f'"{kit.sha256}"'
    assert response["Repr-Digest"] == f"sha-256=:{base64.b64encode(hashlib.sha256(body).digest()).decode()}:"
    assert again.status_code == 304
    assert part.status_code == 206
    assert b"".join(part.streaming_content) == body[100:200]


def test_the_deep_dive_page_offers_the_kit_with_its_size_and_checksum(client, program):
    building.refresh_kits()
    kit = Kit.objects.get()

    html = client.get(f"/deep-dives/{SLUG}/").content.decode()
    offline = re.search(r'<section class="kit".*?</section>', html, re.S).group(0)

    assert f'href="{KIT_URL}"' in offline
    assert "ZIP," in offline and "2 files" in offline
    assert kit.sha256 in offline


def test_a_kit_of_an_unknown_deep_dive_is_not_found(client, db):
    assert client.get("/deep-dives/no-such-deep-dive/kit.zip").status_code == 404


def test_a_curator_sees_the_kits_and_brings_them_up_to_date(
    client, program, django_capture_on_commit_callbacks
):
    building.refresh_kits()
    builders.attachment(program["note"], "annex.pdf", builders.pdf_bytes("Annex"))
    builders.process_files()
    kit = Kit.objects.get()
    client.force_login(builders.curator())

    listing = client.get("/admin/kits/kit/")
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            "/admin/kits/kit/", {"action": "rebuild", "_selected_action": [kit.pk]}, follow=True
        )

    assert listing.status_code == 200
    assert 'alt="False"' in listing.content.decode()  # out of date since the annex
    assert "brought up to date" in done.content.decode()
    assert "files/light-rail-and-the-city-centre/annex.pdf" in download(client).namelist()
    assert client.get(f"/admin/kits/kit/{kit.pk}/change/").status_code == 200  # to look at, not to edit
    assert client.post(f"/admin/kits/kit/{kit.pk}/change/", {}).status_code == 403
