"""Secret preview links: someone without an account reads a submission until it expires or is revoked."""

import datetime

import pytest
from django.utils import timezone

from knowledge.models import Output
from submissions.models import PreviewLink
from tests import builders, sample_files
from tests.submissions.support import downloaded, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(people):
    output = builders.output(
        "Unpublished compact city note",
        status=Output.Status.SUBMITTED,
        cities=[people.toyama],
        body="Sample **body**.",
    )
    pdf = sample_files.pdf_bytes("Draft for the expert")
    builders.attachment(output, "draft.pdf", pdf)
    return output, pdf


def create_link(client, people, output) -> str:
    client.force_login(people.curator)
    response = client.post(
        f"/admin/submissions/submission/{output.pk}/change/",
        {"form": "preview", "days": "7", "note": "Dr Sato"},
    )
    assert response.status_code == 302
    client.logout()
    return PreviewLink.objects.get().get_absolute_url()


def test_an_anonymous_reviewer_reads_the_submission_and_its_files(client, people, submission):
    output, pdf = submission
    url = create_link(client, people, output)

    response = client.get(url)

    assert response.status_code == 200
    text = text_of(response)
    assert "Preview of a submission that is not published." in text
    assert "Unpublished compact city note" in text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    file_url = response.content.decode().split('class="file__link" href="', 1)[1].split('"', 1)[0]
    assert file_url.startswith(url)
    assert downloaded(client.get(file_url)) == pdf
    # The ordinary addresses stay closed to them.
    assert client.get(output.get_absolute_url()).status_code == 404


def test_the_link_shows_on_the_review_page_until_revoked(client, people, submission):
    output, _ = submission
    url = create_link(client, people, output)
    link = PreviewLink.objects.get()
    client.force_login(people.curator)
    assert url in client.get(f"/admin/submissions/submission/{output.pk}/change/").content.decode()

    client.post(f"/admin/submissions/submission/{output.pk}/change/", {"form": "revoke", "link": link.pk})
    client.logout()

    assert client.get(url).status_code == 404
    assert client.get(f"{url}files/{output.attachments.get().pk}/draft.pdf").status_code == 404


def test_an_expired_link_no_longer_works(client, people, submission):
    output, _ = submission
    url = create_link(client, people, output)
    PreviewLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("tamper", ["unsigned", "forged", "another-key"])
def test_a_guessed_or_altered_token_is_404(client, people, submission, tamper):
    output, _ = submission
    create_link(client, people, output)
    link = PreviewLink.objects.get()
    token = {
        "unsigned": link.key,
        "forged": f"{link.key}:{'A' * 27}",
        "another-key": link.token.replace(link.key, "x" * len(link.key)),
    }[tamper]

    assert client.get(f"/preview/{token}/").status_code == 404


def test_a_link_opens_only_its_own_submissions_files(client, people, submission):
    output, _ = submission
    url = create_link(client, people, output)
    other = builders.output("Other unpublished", status=Output.Status.DRAFT, cities=[people.yokohama])
    other_file = builders.attachment(other, "other.pdf")

    assert client.get(f"{url}files/{other_file.pk}/other.pdf").status_code == 404
