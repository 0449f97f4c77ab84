"""The curators' side in the admin: the review queue, decisions with notes, embargo, comments, emails."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from accounts.roles import CURATORS
from knowledge.models import Output
from submissions.models import Comment, Transition
from tests import builders
from tests.submissions.support import text_of

pytestmark = pytest.mark.django_db

QUEUE = "/admin/submissions/submission/"


def submitted(people, title: str, *, days_ago: int, **fields) -> Output:
    fields.setdefault("status", Output.Status.SUBMITTED)
    return builders.output(
        title,
        cities=[people.toyama],
        created_by=people.official,
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
        **fields,
    )


def review(client, output: Output, **data):
    return client.post(
        f"{QUEUE}{output.pk}/change/", {"form": "review", "note": "", "publish_at": "", **data}
    )


def queue_titles(response) -> list[str]:
    import re

    return re.findall(r'<th class="field-title"><a href="[^"]+">(.*?)</a></th>', response.content.decode())


def test_the_curators_group_has_exactly_what_curation_needs(people):
    group = Group.objects.get(name=CURATORS)
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert ("knowledge", "change_output") in codenames
    assert ("submissions", "change_submission") in codenames
    assert ("cities", "add_citymembership") in codenames
    assert ("knowledge", "delete_output") not in codenames
    assert ("auth", "change_user") not in codenames
    assert ("auth", "add_user") not in codenames
    assert not people.curator.is_superuser


def test_a_curator_who_is_not_a_superuser_can_open_everything_curation_needs(client, people):
    output = submitted(people, "Waiting", days_ago=1)
    client.force_login(people.curator)

    for path in [
        QUEUE,
        f"{QUEUE}{output.pk}/change/",
        f"/admin/knowledge/output/{output.pk}/change/",
        "/admin/cities/city/",
        f"/admin/cities/city/{people.toyama.pk}/change/",
        "/admin/deep_dives/deepdive/",
    ]:
        assert client.get(path).status_code == 200, path
    assert client.get("/admin/auth/user/add/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403


def test_the_queue_lists_waiting_submissions_first_oldest_first(client, people, django_assert_num_queries):
    submitted(people, "Waiting two days", days_ago=2)
    submitted(people, "Waiting five days", days_ago=5)
    submitted(people, "Sent back", days_ago=9, status=Output.Status.CHANGES_REQUESTED)
    submitted(
        people,
        "Scheduled",
        days_ago=20,
        status=Output.Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(days=3),
    )
    builders.output("Long published", cities=[people.toyama])
    builders.output("A draft", status=Output.Status.DRAFT, cities=[people.toyama])
    client.force_login(people.curator)

    response = client.get(QUEUE)

    assert queue_titles(response) == ["Waiting five days", "Waiting two days", "Sent back", "Scheduled"]
    assert "Scheduled for" in text_of(response)
    assert queue_titles(client.get(f"{QUEUE}?queue=published")) == ["Long published"]
    assert queue_titles(client.get(f"{QUEUE}?queue=draft")) == ["A draft"]


@pytest.mark.parametrize("count", [3, 30])
def test_the_queue_costs_the_same_whatever_its_length(client, people, django_assert_num_queries, count):
    for number in range(count):
        submitted(people, f"Submission {number}", days_ago=number + 1)
    client.force_login(people.curator)
    client.get(QUEUE)

    # session, user, the authenticator that passed its second factor, its permissions (user and group),
    # the page's rows, their cities, the city filter choices, the count of everything (for "Show all")
    with django_assert_num_queries(9):
        response = client.get(QUEUE)
    assert len(queue_titles(response)) == count


def test_requesting_changes_needs_a_note_that_reaches_the_submitter(
    client, people, django_capture_on_commit_callbacks
):
    output = submitted(people, "Compact city note", days_ago=1)
    client.force_login(people.curator)

    response = review(client, output, action="request_changes")
    assert response.status_code == 200
    assert "Say what should change: the note is sent to the submitter." in text_of(response)
    output.refresh_from_db()
    assert output.status == Output.Status.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        response = review(
            client, output, action="request_changes", note="Add the ridership figures for 2019."
        )

    assert response.status_code == 302
    output.refresh_from_db()
    assert output.status == Output.Status.CHANGES_REQUESTED
    assert [message.to for message in mail.outbox] == [["aiko@toyama.example"]]
    message = mail.outbox[0]
    assert message.subject == "[CPP Knowledge Portal] Compact city note: Changes requested"
    assert "Add the ridership figures for 2019." in message.body
    assert f"/submit/{output.pk}/" in message.body
    client.force_login(people.official)
    page = text_of(client.get(f"/submit/{output.pk}/"))
    assert "Status: In review → Changes requested Add the ridership figures for 2019." in page
    assert "Add the ridership figures for 2019." in text_of(client.get("/submit/"))


def test_publishing_makes_it_public_and_records_who_did_it(
    client, people, django_capture_on_commit_callbacks
):
    output = submitted(people, "Compact city note", days_ago=1)
    client.force_login(people.curator)

    with django_capture_on_commit_callbacks(execute=True):
        review(client, output, action="publish", note="Thank you!")

    output.refresh_from_db()
    assert output.is_published
    transition = Transition.objects.get()
    assert (transition.actor, transition.from_status, transition.to_status, transition.note) == (
        people.curator,
        "submitted",
        "published",
        "Thank you!",
    )
    client.logout()
    assert "Compact city note" in text_of(client.get("/knowledge/"))
    assert "“Compact city note” went from “In review” to “Published” (by curator)." in mail.outbox[0].body


@override_settings(CONTENT_STATE_POLL_SECONDS=0)
def test_an_embargo_keeps_it_hidden_until_its_date_then_it_appears_by_itself(
    client, people, django_capture_on_commit_callbacks
):
    output = submitted(people, "Embargoed note", days_ago=1)
    client.force_login(people.curator)
    when = timezone.localtime() + datetime.timedelta(days=2)

    with django_capture_on_commit_callbacks(execute=True):
        review(client, output, action="publish", publish_at=when.strftime("%Y-%m-%dT%H:%M"))

    output.refresh_from_db()
    assert output.status == Output.Status.PUBLISHED and output.is_embargoed
    assert "It stays hidden until" in mail.outbox[0].body
    client.logout()
    assert client.get(output.get_absolute_url()).status_code == 404
    assert "Embargoed note" not in text_of(client.get("/knowledge/"))
    client.force_login(people.official)
    assert "Scheduled: appears" in text_of(client.get("/submit/"))

    # Time passes (the clock moves past the embargo date): nobody acts, and the output is public.
    client.logout()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        assert client.get(output.get_absolute_url()).status_code == 200
        assert "Embargoed note" in text_of(client.get("/knowledge/"))


def test_archiving_takes_a_published_output_out_of_the_library(client, people):
    output = builders.output("Old note", cities=[people.toyama])
    client.force_login(people.curator)

    review(client, output, action="archive", note="Superseded by the 2024 edition.")

    output.refresh_from_db()
    assert output.status == Output.Status.ARCHIVED
    client.logout()
    assert client.get(output.get_absolute_url()).status_code == 404


def test_a_decision_that_does_not_fit_the_status_changes_nothing(client, people):
    output = submitted(people, "Draft", days_ago=1, status=Output.Status.DRAFT)
    client.force_login(people.curator)

    response = review(client, output, action="publish")

    assert response.status_code == 200
    assert "Select a valid choice. publish is not one of the available choices." in text_of(response)
    output.refresh_from_db()
    assert output.status == Output.Status.DRAFT
    assert not Transition.objects.exists()


def test_the_status_cannot_be_changed_around_the_workflow_in_the_output_admin(client, people):
    output = submitted(people, "Waiting", days_ago=1)
    client.force_login(people.curator)

    html = client.get(f"/admin/knowledge/output/{output.pk}/change/").content.decode()

    assert 'name="status"' not in html


def test_curators_and_submitters_talk_in_one_thread(client, people, django_capture_on_commit_callbacks):
    output = submitted(people, "Compact city note", days_ago=1)
    client.force_login(people.curator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{QUEUE}{output.pk}/change/", {"form": "comment", "body": "Could you add a **map**?"})
    client.force_login(people.official)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/submit/{output.pk}/comments/", {"body": "Yes, <script>alert(1)</script> tomorrow."})

    assert [c.body_html for c in Comment.objects.all()] == [
        "<p>Could you add a <strong>map</strong>?</p>\n",
        "<p>Yes, &lt;script&gt;alert(1)&lt;/script&gt; tomorrow.</p>\n",
    ]
    official_page = client.get(f"/submit/{output.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in official_page
    client.force_login(people.curator)
    curator_page = text_of(client.get(f"{QUEUE}{output.pk}/change/"))
    assert curator_page.index("Could you add a map") < curator_page.index(
        "Yes, <script>alert(1)</script> tomorrow."
    )
    assert [message.to for message in mail.outbox] == [["aiko@toyama.example"], ["curator@tdlc.example"]]


def test_bulk_actions_ask_for_a_note_then_apply_it(client, people):
    first = submitted(people, "First", days_ago=2)
    second = submitted(people, "Second", days_ago=1)
    client.force_login(people.curator)
    chosen = {"action": "request_changes_selected", "_selected_action": [first.pk, second.pk]}

    page = client.post(QUEUE, {**chosen, "index": "0"})
    assert "Request changes: 2 submissions" in text_of(page)
    assert Output.objects.filter(status=Output.Status.SUBMITTED).count() == 2

    client.post(QUEUE, {**chosen, "apply": "1", "note": "Please add your sources."})

    assert Output.objects.filter(status=Output.Status.CHANGES_REQUESTED).count() == 2
    assert set(Transition.objects.values_list("note", flat=True)) == {"Please add your sources."}


def test_an_official_cannot_reach_the_admin(client, people):
    output = submitted(people, "Waiting", days_ago=1)
    client.force_login(people.official)

    response = review(client, output, action="publish")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    output.refresh_from_db()
    assert output.status == Output.Status.SUBMITTED


@pytest.mark.parametrize("count", [2, 20])
def test_the_review_page_costs_the_same_whatever_its_history(
    client, people, django_assert_num_queries, count
):
    output = submitted(people, "Busy submission", days_ago=1)
    for number in range(count):
        builders.attachment(output, f"file-{number}.pdf")
        output.review_comments.create(author=people.official, body=f"Comment {number}")
        output.preview_links.create(
            expires_at=timezone.now() + datetime.timedelta(days=1), note=f"Expert {number}"
        )
    client.force_login(people.curator)
    client.get(f"{QUEUE}{output.pk}/change/")

    # session, user, the authenticator that passed its second factor, the submission with its submitter,
    # its cities, the curator's permissions (user and group), status changes, comments (each with its
    # author), files, preview links
    with django_assert_num_queries(11):
        text = text_of(client.get(f"{QUEUE}{output.pk}/change/"))

    assert (
        f"Comment {count - 1}" in text and f"Expert {count - 1}" in text and f"file-{count - 1}.pdf" in text
    )


def test_a_submitter_whose_account_was_closed_gets_no_email(
    client, people, django_capture_on_commit_callbacks
):
    output = submitted(people, "Compact city note", days_ago=1)
    people.official.is_active = False
    people.official.save()
    client.force_login(people.curator)

    with django_capture_on_commit_callbacks(execute=True):
        review(client, output, action="request_changes", note="Add the ridership figures for 2019.")

    output.refresh_from_db()
    assert output.status == Output.Status.CHANGES_REQUESTED
    assert all("aiko@toyama.example" not in message.to for message in mail.outbox)


def test_the_service_refuses_an_official_saving_another_citys_output(people):
    from django.core.exceptions import PermissionDenied

    from submissions.services import submission_save

    theirs = builders.output("Yokohama note", status=Output.Status.DRAFT, cities=[people.yokohama])
    with pytest.raises(PermissionDenied):
        submission_save(
            output=theirs,
            author=people.official,
            fields={"title": "Taken over"},
            themes=[],
            cities=[people.toyama],
            deep_dive=None,
        )
    theirs.refresh_from_db()
    assert theirs.title == "Yokohama note"
    assert list(theirs.cities.all()) == [people.yokohama]


def test_the_review_page_takes_no_status_or_publication_time_but_through_a_decision(client, people):
    output = submitted(people, "Waiting", days_ago=1)
    client.force_login(people.curator)

    client.post(
        f"{QUEUE}{output.pk}/change/",
        {"status": "published", "published_at_0": "2020-01-01", "published_at_1": "09:00:00"},
    )

    output.refresh_from_db()
    assert (output.status, output.published_at) == (Output.Status.SUBMITTED, None)
    assert not Transition.objects.exists()


@override_settings(CONTENT_STATE_POLL_SECONDS=0)
def test_a_curator_moves_an_embargo_with_a_note_recorded_and_announced(
    client, people, django_capture_on_commit_callbacks
):
    output = submitted(
        people,
        "Embargoed note",
        days_ago=3,
        status=Output.Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(days=2),
    )
    client.force_login(people.curator)
    later = timezone.localtime() + datetime.timedelta(days=10)

    without_note = review(client, output, action="reschedule", publish_at=later.strftime("%Y-%m-%dT%H:%M"))
    assert "Say why the date changes: the note is sent to the submitter." in text_of(without_note)
    with django_capture_on_commit_callbacks(execute=True):
        review(
            client,
            output,
            action="reschedule",
            note="The city asked to wait for the council.",
            publish_at=later.strftime("%Y-%m-%dT%H:%M"),
        )

    output.refresh_from_db()
    minute = "%Y-%m-%d %H:%M"
    assert timezone.localtime(output.published_at).strftime(minute) == later.strftime(minute)
    transition = Transition.objects.get()
    assert (transition.to_status, transition.note) == ("published", "The city asked to wait for the council.")
    assert "It stays hidden until" in mail.outbox[0].body
    assert "The city asked to wait for the council." in mail.outbox[0].body

    # And with no date, the output is public at once.
    with django_capture_on_commit_callbacks(execute=True):
        review(client, output, action="reschedule", note="The council agreed early.")
    client.logout()
    assert client.get(output.get_absolute_url()).status_code == 200
    assert Transition.objects.count() == 2
