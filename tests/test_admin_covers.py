"""Cover images that staff upload in the admin for cities and deep dives: re-encoded in the sandbox, within
the budget of one file, before anything is stored, so that only their pixels are kept."""

import io
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from cities.models import City
from deep_dives.models import DeepDive
from tests import builders, sample_files
from tests.submissions.support import stored_files

pytestmark = pytest.mark.django_db


def management_forms(*prefixes: str) -> dict[str, str]:
    data = {}
    for prefix in prefixes:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def add_city(admin_client, cover: SimpleUploadedFile):
    data = {
        "name": "Kitakyushu",
        "slug": "kitakyushu",
        "role": City.Role.PARTNER,
        "country": "Japan",
        "cover_image": cover,
        **management_forms("recognitions", "challenges", "memberships"),
        "_save": "Save",
    }
    return admin_client.post("/admin/cities/city/add/", data), City


def add_deep_dive(admin_client, cover: SimpleUploadedFile):
    host = builders.city("Toyama")
    data = {
        "title": "Deep dive on trams",
        "slug": "deep-dive-on-trams",
        "host_cities": [host.pk],
        "summary": "Trams in Toyama.",
        "cover_image": cover,
        **management_forms("sessions", "participations", "action_plans"),
        "_save": "Save",
    }
    return admin_client.post("/admin/deep_dives/deepdive/add/", data), DeepDive


def errors_of(response) -> str:
    html = response.content.decode()
    errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    return " ".join(" ".join(unescape(re.sub(r"<[^>]+>", " ", error)).split()) for error in errors)


ADD_FORMS = [add_city, add_deep_dive]


@pytest.mark.parametrize("add", ADD_FORMS, ids=["city", "deep dive"])
@pytest.mark.parametrize(
    ("name", "make", "metadata_of", "kept_only"),
    sample_files.IMAGES_WITH_METADATA,
    ids=["jpeg", "png", "webp"],
)
def test_a_cover_uploaded_in_the_admin_keeps_nothing_but_its_pixels(
    admin_client, add, name, make, metadata_of, kept_only
):
    original = make()
    assert sample_files.LOCATION.encode() in original or b"Test camera maker" in original

    response, model = add(admin_client, SimpleUploadedFile(name, original))

    assert response.status_code == 302, errors_of(response)
    stored = model.objects.get().cover_image.read()
    assert metadata_of(stored) <= kept_only, metadata_of(stored) - kept_only
    assert sample_files.LOCATION.encode() not in stored
    assert b"Test camera maker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (64, 48)


@pytest.mark.parametrize("add", ADD_FORMS, ids=["city", "deep dive"])
def test_a_truncated_cover_is_refused_with_a_message_and_nothing_is_stored(admin_client, add, media_root):
    response, model = add(admin_client, SimpleUploadedFile("broken.jpg", sample_files.truncated_jpeg()))

    assert response.status_code == 200
    assert "“broken.jpg” is damaged or incomplete and cannot be read as an image." in errors_of(response)
    assert not model.objects.exists()
    assert stored_files(media_root) == []


def test_a_cover_over_the_budget_of_one_file_is_refused(admin_client, media_root):
    noise = SimpleUploadedFile("noise.png", sample_files.noise_png(400, 400))
    with override_settings(FILE_PROCESSING_OUTPUT=100 * 1024):
        response, _ = add_city(admin_client, noise)

    assert response.status_code == 200
    assert "Reading “noise.png” gives more than the 100.0 KB allowed for one file." in errors_of(response)
    assert not City.objects.exists()
    assert stored_files(media_root) == []


def test_a_cover_of_another_kind_is_refused(admin_client, media_root):
    response, _ = add_city(admin_client, SimpleUploadedFile("map.gif", b"GIF89a" + bytes(40)))

    assert response.status_code == 200
    assert "“map.gif” is not a type of file the portal accepts. Allowed: JPEG, PNG and WebP images." in (
        errors_of(response)
    )
    assert stored_files(media_root) == []


def test_a_city_edited_without_a_new_cover_keeps_the_one_it_has(admin_client):
    response, _ = add_city(admin_client, SimpleUploadedFile("site.jpg", sample_files.jpeg_bytes()))
    assert response.status_code == 302, errors_of(response)
    city = City.objects.get()
    cover = city.cover_image.name

    data = {
        "name": "Kitakyushu City",
        "slug": "kitakyushu",
        "role": City.Role.PARTNER,
        "country": "Japan",
        **management_forms("recognitions", "challenges", "memberships"),
        "_save": "Save",
    }
    response = admin_client.post(f"/admin/cities/city/{city.pk}/change/", data)

    assert response.status_code == 302, errors_of(response)
    city.refresh_from_db()
    assert (city.name, city.cover_image.name) == ("Kitakyushu City", cover)
