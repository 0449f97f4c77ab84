"""Range requests for stored files: a download resumes and a video seeks, sent only the bytes asked for."""

import hashlib
import io
import random

import pytest
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cpp_portal.ranges import CHUNK_SIZE, ranged
from knowledge.models import Output, OutputUsage
from submissions.services import preview_link_create
from tests import builders

pytestmark = pytest.mark.django_db

SIZE = 3 * CHUNK_SIZE + 1234  # several chunks, the last one short
CONTENT = random.Random(9110).randbytes(SIZE)  # no repeats: a slice taken at a wrong offset differs
ETAG = f'"{hashlib.sha256(CONTENT).hexdigest()}"'
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def body(response) -> bytes:
    # Reading the content to the end also closes the file, as a WSGI server would.
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def video() -> str:
    """The address of a published output's video file."""
    return builders.attachment(builders.output("Tram video"), "tram.mp4", CONTENT).get_absolute_url()


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=1000-70000", 1000, 70000),  # across chunks
        ("bytes=150000-", 150000, SIZE - 1),  # to the end
        ("bytes=-500", SIZE - 500, SIZE - 1),  # the last 500 bytes
        (f"bytes={SIZE - 10}-{SIZE + 1000}", SIZE - 10, SIZE - 1),  # past the end: up to the end
        (f"bytes=-{SIZE + 1000}", 0, SIZE - 1),  # a suffix longer than the file: all of it
        ("bytes=7-7", 7, 7),
        ("Bytes = 10-19", 10, 19),
    ],
)
def test_a_range_is_sent_as_exactly_those_bytes(client, video, header, first, last):
    response = client.get(video, headers={"range": header})

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{SIZE}"
    assert response["Content-Length"] == str(last - first + 1)
    assert body(response) == CONTENT[first : last + 1]
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "application/octet-stream"
    assert response["ETag"] == ETAG
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("header", [f"bytes={SIZE}-", f"bytes={SIZE + 5}-{SIZE + 10}", "bytes=-0"])
def test_a_range_past_the_end_is_416_with_the_size(client, video, header):
    response = client.get(video, headers={"range": header})

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"
    assert body(response) == b""
    assert "Content-Disposition" not in response


def test_no_range_of_an_empty_file_can_be_satisfied(client):
    empty = builders.attachment(builders.output(), "empty.bin", b"").get_absolute_url()

    response = client.get(empty, headers={"range": "bytes=0-"})

    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */0"
    assert client.get(empty).status_code == 200


@pytest.mark.parametrize(
    "header",
    [
        "bytes=abc",
        "bytes=5-2",
        "items=0-10",
        "bytes 0-10",
        "bytes=",
        "bytes=--5",
        "bytes=1-2-3",
        "bytes=+1-5",
        "0-5",
    ],
)
def test_a_range_that_cannot_be_read_is_ignored(client, video, header):
    response = client.get(video, headers={"range": header})

    assert response.status_code == 200
    assert body(response) == CONTENT
    assert response["Content-Length"] == str(SIZE)
    assert response["Accept-Ranges"] == "bytes"
    assert "Content-Range" not in response


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99, 50-199", 0, 199),  # overlapping
        ("bytes=100-199,0-99", 0, 199),  # touching, in any order
        ("bytes=500-600, 0-, 10-20", 0, SIZE - 1),
        (f"bytes=0-99, {SIZE + 10}-", 0, 99),  # the one past the end left out
        ("bytes=0-99,, 100-101", 0, 101),  # an empty list element
    ],
)
def test_ranges_that_overlap_or_touch_are_sent_as_one(client, video, header, first, last):
    response = client.get(video, headers={"range": header})

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{SIZE}"
    assert body(response) == CONTENT[first : last + 1]


def test_ranges_apart_get_the_whole_file(client, video):
    response = client.get(video, headers={"range": "bytes=0-99, 500-599"})

    assert response.status_code == 200
    assert body(response) == CONTENT
    assert "Content-Range" not in response


def test_if_range_sends_the_part_only_of_the_same_file(client, video):
    same = client.get(video, headers={"range": "bytes=100-199", "if-range": ETAG})
    stale = client.get(video, headers={"range": "bytes=100-199", "if-range": '"an-older-version"'})
    weak = client.get(video, headers={"range": "bytes=100-199", "if-range": f"W/{ETAG}"})
    dated = client.get(video, headers={"range": "bytes=100-199", "if-range": "Wed, 21 Oct 2015 07:28:00 GMT"})

    assert same.status_code == 206 and body(same) == CONTENT[100:200]
    # Without a Last-Modified, a date proves nothing about the file.
    for changed in (stale, weak, dated):
        assert changed.status_code == 200 and body(changed) == CONTENT


def test_if_range_matches_the_exact_last_modified_date():
    request = RequestFactory().get(
        "/", headers={"range": "bytes=2-4", "if-range": "Wed, 21 Oct 2015 07:28:00 GMT"}
    )

    def response_modified(date: str):
        response = FileResponse(io.BytesIO(b"0123456789"))
        response["Last-Modified"] = date
        return ranged(request, response, size=10)

    same = response_modified("Wed, 21 Oct 2015 07:28:00 GMT")
    later = response_modified("Wed, 21 Oct 2015 07:28:01 GMT")

    assert same.status_code == 206 and body(same) == b"234"
    assert later.status_code == 200 and body(later) == b"0123456789"


def test_a_file_the_browser_holds_is_not_sent_again(client, video):
    held = client.get(video, headers={"if-none-match": ETAG})
    held_weakly = client.get(video, headers={"if-none-match": f'"other", W/{ETAG}'})
    other = client.get(video, headers={"if-none-match": '"other"'})

    assert held.status_code == 304 and held.content == b""
    assert held["ETag"] == ETAG
    assert held_weakly.status_code == 304
    assert other.status_code == 200 and body(other) == CONTENT


def test_head_tells_the_size_and_sends_no_bytes(client, video):
    whole = client.head(video)
    part = client.head(video, headers={"range": "bytes=10-19"})

    assert whole.status_code == 200
    assert whole["Content-Length"] == str(SIZE) and whole["Accept-Ranges"] == "bytes"
    assert body(whole) == b""
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 10-19/{SIZE}" and part["Content-Length"] == "10"
    assert body(part) == b""


def test_every_kind_of_stored_file_answers_a_range(client):
    image = builders.png_bytes()
    output = builders.output(cover_image=ContentFile(image, name="cover.png"))
    output.cover_sha256 = hashlib.sha256(image).hexdigest()
    output.save()
    city = builders.city("Toyama", cover_image=ContentFile(image, name="toyama.png"))
    deep_dive = builders.deep_dive("Compact Cities", cover_image=ContentFile(image, name="tdd.png"))
    draft = builders.output("Draft", status=Output.Status.SUBMITTED)
    attachment = builders.attachment(draft, "draft.mp4", CONTENT)
    link = preview_link_create(output=draft, created_by=builders.curator(), days=7)
    preview_file = reverse(
        "submissions:preview_file", kwargs={"token": link.token, "pk": attachment.pk, "filename": "draft.mp4"}
    )

    for address, content in [
        (f"/knowledge/{output.slug}/cover/", image),
        (f"/cities/{city.slug}/cover/", image),
        (f"/deep-dives/{deep_dive.slug}/cover/", image),
        (preview_file, CONTENT),
    ]:
        whole = client.get(address)
        part = client.get(address, headers={"range": "bytes=-20"})
        assert (whole.status_code, whole["Accept-Ranges"]) == (200, "bytes"), address
        assert body(whole) == content
        assert part.status_code == 206, address
        assert body(part) == content[-20:]
    assert client.get(f"/knowledge/{output.slug}/cover/")["ETag"] == f'"{output.cover_sha256}"'


def test_an_unpublished_file_stays_404_whatever_the_range(client):
    draft = builders.output("Draft", status=Output.Status.SUBMITTED)
    address = builders.attachment(draft, "draft.mp4", CONTENT).get_absolute_url()

    for headers in (
        {"range": "bytes=0-99"},
        {"range": "bytes=-1"},
        {"range": "bytes=0-99", "if-range": ETAG},
    ):
        assert client.get(address, headers=headers).status_code == 404
    client.force_login(builders.curator())
    seen_by_the_curator = client.get(address, headers={"range": "bytes=0-99"})
    assert seen_by_the_curator.status_code == 206
    assert body(seen_by_the_curator) == CONTENT[:100]
    assert "no-store" in seen_by_the_curator["Cache-Control"]


def test_a_video_played_with_many_ranges_is_one_download(video):
    player = builders.PortalClient(HTTP_USER_AGENT=FIREFOX)
    output = Output.objects.get()

    for header in ["bytes=0-", "bytes=150000-", "bytes=70000-80000", "bytes=-1000"]:
        assert player.get(video, headers={"range": header}).status_code == 206
    assert OutputUsage.objects.filter(output=output).values_list("day", "downloads").get() == (
        timezone.localdate(),
        1,
    )

    resumed = player.get(video, headers={"range": "bytes=100000-"})
    sought_past_the_end = player.get(video, headers={"range": f"bytes={SIZE}-"})
    downloaded_again = player.get(video)

    assert (resumed.status_code, sought_past_the_end.status_code, downloaded_again.status_code) == (
        206,
        416,
        200,
    )
    assert OutputUsage.objects.get(output=output).downloads == 2
