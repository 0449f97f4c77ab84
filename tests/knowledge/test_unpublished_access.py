"""Nobody sees what they may not: an unpublished output and its files, whatever the address or the list.

One scoped queryset, `Output.objects.visible_to(user)`, decides; these tests try every way in.
"""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from knowledge.models import Output
from knowledge.services import attachment_add, output_cover_set
from knowledge.uploads import prepare_upload
from tests import builders, sample_files

pytestmark = pytest.mark.django_db

HIDDEN_STATES = ["draft", "submitted", "changes_requested", "archived", "withdrawn", "embargoed"]


@pytest.fixture
def world():
    compact = builders.theme("Compact Cities")
    toyama = builders.city("Toyama", themes=[compact])
    yokohama = builders.city("Yokohama")
    tdd = builders.deep_dive("Compact Cities deep dive", hosts=[toyama], themes=[compact])
    return {
        "compact": compact,
        "toyama": toyama,
        "tdd": tdd,
        "toyama_official": builders.official(toyama, username="toyama-official"),
        "yokohama_official": builders.official(yokohama, username="yokohama-official"),
        "curator": builders.curator(),
    }


def hidden_output(world, state: str) -> Output:
    fields = {"themes": [world["compact"]], "cities": [world["toyama"]], "deep_dive": world["tdd"]}
    if state == "embargoed":
        output = builders.output(
            "Secret compact city note", published_at=timezone.now() + datetime.timedelta(days=3), **fields
        )
    else:
        output = builders.output("Secret compact city note", status=state, **fields)
    output_cover_set(
        output=output, prepared=prepare_upload(ContentFile(sample_files.jpeg_bytes(), name="c.jpg"))
    )
    for name, content in [
        ("secret.pdf", sample_files.pdf_bytes("Secret")),
        ("map.png", sample_files.png_bytes()),
    ]:
        attachment_add(output=output, prepared=prepare_upload(ContentFile(content, name=name)))
    builders.lesson(output, world["toyama"], "Secret lesson", themes=[world["compact"]])
    builders.process_files()
    output.refresh_from_db()
    return output


def addresses(output: Output) -> list[str]:
    paths = [
        output.get_absolute_url(),
        f"/knowledge/{output.slug}/cover/",
        f"/knowledge/{output.slug}/cover/thumbnail/",
        f"/ja/knowledge/{output.slug}/",
    ]
    for attachment in output.attachments.all():
        paths += [
            attachment.get_absolute_url(),
            f"/knowledge/{output.slug}/files/{attachment.pk}/thumbnail/",
            f"/knowledge/{output.slug}/files/{attachment.pk}/anything.pdf",
            f"/media/{attachment.file.name}",
            f"/media-not-served/{attachment.file.name}",
            f"/{attachment.file.name}",
        ]
    paths += [f"/media-not-served/{output.cover_image.name}", f"/media/{output.cover_thumbnail.name}"]
    return paths


def visible_text(response) -> str:
    return re.sub(r"<[^>]+>", " ", response.content.decode())


@pytest.mark.parametrize("state", HIDDEN_STATES)
@pytest.mark.parametrize("visitor", ["anonymous", "yokohama_official"])
def test_every_address_of_an_unpublished_output_is_404(client, world, state, visitor):
    output = hidden_output(world, state)
    missing = builders.output("Published neighbour")
    if visitor != "anonymous":
        client.force_login(world[visitor])

    for path in addresses(output):
        assert client.get(path).status_code == 404, path
    # The same answer as for things that do not exist.
    last = output.attachments.last()
    assert client.get(f"/knowledge/{missing.slug}/files/{last.pk}/secret.pdf").status_code == 404
    assert client.get(f"/knowledge/{output.slug}x/").status_code == 404


@pytest.mark.parametrize("state", HIDDEN_STATES)
@pytest.mark.parametrize("visitor", ["anonymous", "yokohama_official"])
def test_no_list_or_count_reveals_it(client, world, state, visitor):
    hidden_output(world, state)
    if visitor != "anonymous":
        client.force_login(world[visitor])

    for path in [
        "/",
        "/knowledge/",
        "/knowledge/?q=secret",
        "/knowledge/?theme=compact-cities",
        "/cities/toyama/",
        "/themes/",
        "/themes/compact-cities/",
        world["tdd"].get_absolute_url(),
        "/lessons/",
        "/submit/" if visitor != "anonymous" else "/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        text = visible_text(response)
        assert "Secret" not in text, path
    library = visible_text(client.get("/knowledge/"))
    assert re.search(r"\b0 outputs\b", library)


@pytest.mark.parametrize("state", HIDDEN_STATES)
@pytest.mark.parametrize("visitor", ["toyama_official", "curator"])
def test_the_citys_officials_and_the_curators_may_open_it(client, world, state, visitor):
    output = hidden_output(world, state)
    client.force_login(world[visitor])

    for path in addresses(output)[:3]:
        assert client.get(path).status_code == 200, path
    for attachment in output.attachments.all():
        response = client.get(attachment.get_absolute_url())
        assert b"".join(response.streaming_content) == attachment.file.read()
    # ...but it stays out of the public library, which lists only what is published.
    assert "Secret" not in visible_text(client.get("/knowledge/"))


def test_visible_to_is_the_one_rule(world):
    toyama_note = hidden_output(world, "draft")
    public = builders.output("Public note")

    def visible(user) -> set[str]:
        return set(Output.objects.visible_to(user).values_list("title", flat=True))

    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser()) == {public.title}
    assert visible(world["yokohama_official"]) == {public.title}
    assert visible(world["toyama_official"]) == {public.title, toyama_note.title}
    assert visible(world["curator"]) == {public.title, toyama_note.title}
    world["toyama_official"].is_active = False
    assert visible(world["toyama_official"]) == {public.title}


def test_downloads_say_what_they_are_and_cannot_be_sniffed_or_run(client, world):
    output = hidden_output(world, "draft")
    output.status = Output.Status.PUBLISHED
    output.published_at = timezone.now()
    output.save()
    pdf = output.attachments.get(display_name="secret.pdf")
    image = output.attachments.get(display_name="map.png")

    document = client.get(pdf.get_absolute_url())
    assert document["Content-Type"] == "application/pdf"
    assert document["Content-Disposition"] == 'attachment; filename="secret.pdf"'
    assert document["X-Content-Type-Options"] == "nosniff"
    assert document["Content-Security-Policy"] == "default-src 'none'; sandbox"

    picture = client.get(image.get_absolute_url())
    assert picture["Content-Type"] == "image/png"
    assert picture["Content-Disposition"] == 'inline; filename="map.png"'
    assert picture["Content-Security-Policy"] == "default-src 'none'; sandbox"
