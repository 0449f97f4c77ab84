"""An official's side: /submit/ dashboard, creating, editing, submitting, withdrawing; forged requests."""

import pytest
from django.core import mail
from django.test import Client

from knowledge.models import Attachment, Output
from submissions.models import Transition
from tests import builders, sample_files
from tests.submissions.support import downloaded, stored_files, submission_data, text_of, upload

pytestmark = pytest.mark.django_db


def create(client, people, **data) -> Output:
    client.force_login(people.official)
    response = client.post("/submit/new/", submission_data(people, **data))
    assert response.status_code == 302, text_of(response)
    # What the official finds once the task queue has processed the files.
    builders.process_files()
    return Output.objects.latest("pk")


def test_signing_in_is_required(client, people):
    for path in ["/submit/", "/submit/new/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={path}"


def test_an_account_without_a_city_is_told_why_it_cannot_submit(client, people):
    client.force_login(builders.user("visitor"))

    assert "Your account is not linked to a city yet" in text_of(client.get("/submit/"))
    response = client.get("/submit/new/")
    assert response.status_code == 403
    assert "Your account is not linked to a city, so you cannot submit outputs." in text_of(response)


def test_the_form_offers_only_the_officials_own_cities(client, people):
    client.force_login(people.official)
    html = client.get("/submit/new/").content.decode()

    assert f'name="cities" value="{people.toyama.pk}"' in html
    assert f'value="{people.yokohama.pk}"' not in html.split('name="cities"', 1)[1].split("</div>", 1)[0]
    assert 'name="status"' not in html


def test_a_draft_with_a_pdf_and_an_image_is_saved_with_its_files(client, people, media_root):
    pdf = sample_files.pdf_bytes("Compact city planning in Toyama: the full note.")
    response_output = create(
        client,
        people,
        attachments=[upload("toyama-note.pdf", pdf), upload("tram.png", sample_files.png_bytes(120, 80))],
        cover=upload("cover.jpg", sample_files.jpeg_bytes(1200, 630)),
    )

    output = Output.objects.get(pk=response_output.pk)
    assert output.status == Output.Status.DRAFT
    assert output.created_by == people.official
    assert list(output.cities.all()) == [people.toyama]
    assert list(output.themes.all()) == [people.compact]
    assert output.body_html == "<h3>Approach</h3>\n<p>Densify around stations.</p>\n"
    assert [a.display_name for a in output.attachments.all()] == ["toyama-note.pdf", "tram.png"]
    note = output.attachments.get(display_name="toyama-note.pdf")
    assert note.file.read() == pdf
    assert "Compact city planning in Toyama: the full note." in note.extracted_text
    assert output.cover_image and output.cover_thumbnail and len(output.cover_sha256) == 64
    # The files, their thumbnails and the cover with its thumbnail: nothing else.
    assert len(stored_files(media_root)) == 6
    assert not Transition.objects.exists()
    assert mail.outbox == []

    page = text_of(client.get(f"/submit/{output.pk}/"))
    assert "Compact city planning in Toyama Draft" in page
    assert "toyama-note.pdf PDF" in page


def test_the_dashboard_lists_the_cities_submissions_with_status_and_last_review_note(
    client, people, django_assert_num_queries
):
    draft = builders.output("Toyama draft", status=Output.Status.DRAFT, cities=[people.toyama])
    returned = builders.output(
        "Toyama returned", status=Output.Status.CHANGES_REQUESTED, cities=[people.toyama]
    )
    Transition.objects.create(
        output=returned,
        actor=people.curator,
        from_status="submitted",
        to_status="changes_requested",
        note="Please add the ridership figures.",
    )
    builders.output("Yokohama draft", status=Output.Status.DRAFT, cities=[people.yokohama])
    client.force_login(people.official)

    # session, user, the count of each status, the number of rows, the page's rows with their last note,
    # their cities, the official's cities
    with django_assert_num_queries(7):
        text = text_of(client.get("/submit/"))

    assert (
        "Toyama returned Knowledge note · Toyama Changes requested Please add the ridership figures." in text
    )
    assert "Toyama draft Knowledge note · Toyama Draft —" in text
    assert "Yokohama draft" not in text
    assert draft.title in text


@pytest.mark.parametrize("count", [3, 30])
def test_the_dashboard_costs_the_same_whatever_the_number_of_submissions(
    client, people, django_assert_num_queries, count
):
    for number in range(count):
        builders.output(f"Draft {number}", status=Output.Status.DRAFT, cities=[people.toyama])
    client.force_login(people.official)

    with django_assert_num_queries(7):
        response = client.get("/submit/")
    assert text_of(response).count("Knowledge note · Toyama") == min(count, 25)
    if count > 25:
        assert "Page 1 of 2" in text_of(response)
        assert text_of(client.get("/submit/?page=2")).count("Knowledge note · Toyama") == count - 25


def test_the_dashboard_shows_one_status_at_a_time_on_request(client, people):
    builders.output("A draft", status=Output.Status.DRAFT, cities=[people.toyama])
    builders.output("A published note", cities=[people.toyama])
    client.force_login(people.official)

    everything = text_of(client.get("/submit/"))
    drafts = text_of(client.get("/submit/?status=draft"))
    unknown = text_of(client.get("/submit/?status=nonsense"))

    assert "Show All (2) Draft (1) Published (1)" in everything
    assert "A draft" in drafts and "A published note" not in drafts
    assert "A draft" in unknown and "A published note" in unknown


def test_submitting_records_the_step_and_emails_the_submitter_and_the_curators(
    client, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        output = create(client, people, submit="1")

    output.refresh_from_db()
    assert output.status == Output.Status.SUBMITTED
    assert output.submitted_at is not None
    transition = Transition.objects.get()
    assert (transition.actor, transition.from_status, transition.to_status) == (
        people.official,
        "draft",
        "submitted",
    )
    assert sorted(message.to[0] for message in mail.outbox) == ["aiko@toyama.example", "curator@tdlc.example"]
    to_curator = next(message for message in mail.outbox if message.to == ["curator@tdlc.example"])
    assert to_curator.subject == "[CPP Knowledge Portal] Compact city planning in Toyama: In review"
    assert "went from “Draft” to “In review” (by aiko)" in to_curator.body
    assert f"/admin/submissions/submission/{output.pk}/change/" in to_curator.body


def test_an_official_edits_a_returned_submission_and_submits_it_again(
    client, people, django_capture_on_commit_callbacks
):
    output = create(client, people, attachments=[upload("old.pdf", sample_files.pdf_bytes("Old"))])
    Output.objects.filter(pk=output.pk).update(status=Output.Status.CHANGES_REQUESTED)
    old = output.attachments.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/submit/{output.pk}/edit/",
            submission_data(
                people,
                title="Compact city planning in Toyama, revised",
                remove_attachments=[old.pk],
                attachments=[upload("new.pdf", sample_files.pdf_bytes("New"))],
                submit="1",
            ),
        )

    assert response.status_code == 302
    output.refresh_from_db()
    assert output.title == "Compact city planning in Toyama, revised"
    assert output.status == Output.Status.SUBMITTED
    assert [a.display_name for a in output.attachments.all()] == ["new.pdf"]
    assert not old.file.storage.exists(old.file.name)
    assert not old.thumbnail.storage.exists(old.thumbnail.name)


@pytest.mark.parametrize("status", [Output.Status.SUBMITTED, Output.Status.PUBLISHED, Output.Status.ARCHIVED])
def test_what_is_in_review_or_published_cannot_be_edited(client, people, status):
    output = builders.output("Locked", status=status, cities=[people.toyama])
    client.force_login(people.official)

    response = client.post(f"/submit/{output.pk}/edit/", submission_data(people, title="Changed"))

    assert response.status_code == 302
    output.refresh_from_db()
    assert output.title == "Locked"
    assert "submissions cannot be edited." in text_of(client.get(response["Location"]))


def test_withdraw_and_reopen(client, people, django_capture_on_commit_callbacks):
    output = create(client, people, submit="1")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/submit/{output.pk}/action/", {"action": "withdraw", "note": "Sent too early."})
    output.refresh_from_db()
    assert output.status == Output.Status.WITHDRAWN
    page = text_of(client.get(f"/submit/{output.pk}/"))
    assert "Status: In review → Withdrawn Sent too early." in page

    client.post(f"/submit/{output.pk}/action/", {"action": "reopen"})
    output.refresh_from_db()
    assert output.status == Output.Status.DRAFT
    assert list(Transition.objects.values_list("to_status", flat=True)) == ["submitted", "withdrawn", "draft"]


def test_an_official_cannot_publish_their_own_submission(client, people):
    output = create(client, people, submit="1")

    response = client.post(f"/submit/{output.pk}/action/", {"action": "publish"})

    assert response.status_code == 400
    assert "Select a valid choice. publish is not one of the available choices." in text_of(response)
    output.refresh_from_db()
    assert output.status == Output.Status.SUBMITTED


def test_a_forged_status_field_is_ignored(client, people):
    output = create(client, people, status="published", published_at="2020-01-01 00:00", featured="on")

    assert (output.status, output.published_at, output.featured) == (Output.Status.DRAFT, None, False)
    assert not Output.objects.published().exists()


def test_another_citys_id_is_refused_with_a_form_error(client, people):
    client.force_login(people.official)

    response = client.post("/submit/new/", submission_data(people, cities=[people.yokohama.pk]))

    assert response.status_code == 200
    assert f"Select a valid choice. {people.yokohama.pk} is not one of the available choices." in text_of(
        response
    )
    assert not Output.objects.exists()


def test_another_outputs_attachment_cannot_be_removed(client, people, media_root):
    mine = create(client, people)
    theirs = builders.output("Theirs", status=Output.Status.DRAFT, cities=[people.toyama])
    their_file = builders.attachment(theirs, "theirs.pdf")

    response = client.post(
        f"/submit/{mine.pk}/edit/", submission_data(people, remove_attachments=[their_file.pk])
    )

    assert response.status_code == 200
    assert f"Select a valid choice. {their_file.pk} is not one of the available choices." in text_of(response)
    assert Attachment.objects.filter(pk=their_file.pk).exists()
    assert (media_root / their_file.file.name).exists()


def test_a_post_without_the_csrf_token_is_refused(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.official)

    response = client.post("/submit/new/", submission_data(people))

    assert response.status_code == 403
    assert "The form has expired" in text_of(response)
    assert not Output.objects.exists()


def test_another_citys_official_gets_404_everywhere(client, people):
    output = create(client, people, attachments=[upload("note.pdf", sample_files.pdf_bytes("Hidden"))])
    attachment = output.attachments.get()
    client.force_login(people.other_official)

    for path in [
        f"/submit/{output.pk}/",
        f"/submit/{output.pk}/edit/",
        output.get_absolute_url(),
        attachment.get_absolute_url(),
        f"/knowledge/{output.slug}/files/{attachment.pk}/thumbnail/",
        f"/knowledge/{output.slug}/cover/",
    ]:
        assert client.get(path).status_code == 404, path
    for path, data in [
        (f"/submit/{output.pk}/edit/", submission_data(people)),
        (f"/submit/{output.pk}/action/", {"action": "withdraw"}),
        (f"/submit/{output.pk}/comments/", {"body": "Hello"}),
    ]:
        assert client.post(path, data).status_code == 404, path
    output.refresh_from_db()
    assert output.status == Output.Status.DRAFT
    assert output.title not in text_of(client.get("/submit/"))


def test_the_official_sees_the_unpublished_output_page_and_its_files(client, people):
    pdf = sample_files.pdf_bytes("Work in progress")
    output = create(client, people, attachments=[upload("wip.pdf", pdf)])

    page = client.get(output.get_absolute_url())
    assert "Not public: this output is “Draft”. Only you and the curators can see this page." in text_of(page)
    assert downloaded(client.get(output.attachments.get().get_absolute_url())) == pdf
    assert "Compact city planning" not in text_of(client.get("/knowledge/"))


@pytest.mark.parametrize("count", [2, 20])
def test_a_submissions_page_costs_the_same_whatever_its_history(
    client, people, django_assert_num_queries, count
):
    output = builders.output(
        "Busy submission", status=Output.Status.CHANGES_REQUESTED, cities=[people.toyama]
    )
    for number in range(count):
        builders.attachment(output, f"file-{number}.pdf")
        Transition.objects.create(
            output=output,
            actor=people.curator,
            from_status="submitted",
            to_status="changes_requested",
            note=f"Note {number}",
        )
        output.review_comments.create(author=people.official, body=f"Comment {number}")
    client.force_login(people.official)

    # session, user, the submission, its themes, its cities, its files, its status changes with their
    # authors, its comments with theirs
    with django_assert_num_queries(8):
        text = text_of(client.get(f"/submit/{output.pk}/"))

    assert f"Note {count - 1}" in text and f"Comment {count - 1}" in text and f"file-{count - 1}.pdf" in text
