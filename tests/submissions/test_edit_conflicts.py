"""Two officials of one city edit the same draft at once: nobody's save silently undoes the other's."""

import pytest

from knowledge.models import Output
from tests import builders, sample_files
from tests.builders import PortalClient, form_as_submitted
from tests.submissions.support import stored_files, text_of, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(people):
    output = builders.output(
        "Compact city planning in Toyama",
        status=Output.Status.DRAFT,
        cities=[people.toyama],
        themes=[people.compact],
        summary="How Toyama concentrates services along public transport.",
        created_by=people.official,
    )
    return output


@pytest.fixture
def two_officials(people):
    """Aiko and Haruto, both officials of Toyama, each signed in in a browser of their own."""
    haruto = builders.official(people.toyama, username="haruto")
    browsers = []
    for person in (people.official, haruto):
        browser = PortalClient()
        browser.force_login(person)
        browsers.append(browser)
    return browsers


def opened(browser, output) -> dict:
    response = browser.get(f"/submit/{output.pk}/edit/")
    assert response.status_code == 200
    return form_as_submitted(response, with_field="title")


def test_the_second_saver_of_the_same_field_is_told_what_changed_and_keeps_their_input(draft, two_officials):
    aiko, haruto = two_officials
    aikos_form, harutos_form = opened(aiko, draft), opened(haruto, draft)

    assert aiko.post(f"/submit/{draft.pk}/edit/", {**aikos_form, "title": "Aiko's title"}).status_code == 302
    answer = haruto.post(
        f"/submit/{draft.pk}/edit/",
        {**harutos_form, "title": "Haruto's title", "summary": "Haruto's summary."},
    )

    assert answer.status_code == 200
    page = text_of(answer)
    assert "Someone else saved this after you opened it" in page
    assert "Saved meanwhile by someone else: “Aiko's title”." in page
    shown = form_as_submitted(answer, with_field="title")
    assert (shown["title"], shown["summary"]) == ("Haruto's title", "Haruto's summary.")
    draft.refresh_from_db()
    assert (draft.title, draft.summary) == (
        "Aiko's title",
        "How Toyama concentrates services along public transport.",
    )

    # Saving the form as it came back keeps Haruto's version, knowingly.
    assert haruto.post(f"/submit/{draft.pk}/edit/", shown).status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.summary) == ("Haruto's title", "Haruto's summary.")


def test_changes_to_different_fields_are_both_kept(draft, two_officials, people):
    aiko, haruto = two_officials
    aikos_form, harutos_form = opened(aiko, draft), opened(haruto, draft)

    changed_by_aiko = {**aikos_form, "title": "Aiko's title", "themes": [people.compact.pk, people.smart.pk]}
    assert aiko.post(f"/submit/{draft.pk}/edit/", changed_by_aiko).status_code == 302
    assert (
        haruto.post(f"/submit/{draft.pk}/edit/", {**harutos_form, "summary": "Haruto's."}).status_code == 302
    )

    draft.refresh_from_db()
    assert (draft.title, draft.summary) == ("Aiko's title", "Haruto's.")
    assert set(draft.themes.all()) == {people.compact, people.smart}


def test_the_same_change_made_twice_is_no_conflict(draft, two_officials):
    aiko, haruto = two_officials
    aikos_form, harutos_form = opened(aiko, draft), opened(haruto, draft)

    assert aiko.post(f"/submit/{draft.pk}/edit/", {**aikos_form, "title": "Agreed title"}).status_code == 302
    assert (
        haruto.post(f"/submit/{draft.pk}/edit/", {**harutos_form, "title": "Agreed title"}).status_code == 302
    )


def test_on_a_conflict_a_chosen_file_is_not_stored_and_the_official_is_asked_to_choose_it_again(
    draft, two_officials, media_root
):
    aiko, haruto = two_officials
    aikos_form, harutos_form = opened(aiko, draft), opened(haruto, draft)
    aiko.post(f"/submit/{draft.pk}/edit/", {**aikos_form, "title": "Aiko's title"})

    answer = haruto.post(
        f"/submit/{draft.pk}/edit/",
        {
            **harutos_form,
            "title": "Haruto's title",
            "attachments": [upload("plan.pdf", sample_files.pdf_bytes("Plan"), "application/pdf")],
        },
    )

    assert answer.status_code == 200
    assert "Nothing was saved, so this was not stored either: choose it again." in text_of(answer)
    assert draft.attachments.count() == 0
    assert stored_files(media_root) == []


def test_a_field_only_the_first_saver_changed_is_not_undone_by_the_second_submit_for_review(
    draft, two_officials, django_capture_on_commit_callbacks
):
    aiko, haruto = two_officials
    aikos_form, harutos_form = opened(aiko, draft), opened(haruto, draft)
    aiko.post(f"/submit/{draft.pk}/edit/", {**aikos_form, "body": "## Results\n\nRidership rose."})

    with django_capture_on_commit_callbacks(execute=True):
        answer = haruto.post(f"/submit/{draft.pk}/edit/", {**harutos_form, "submit": "1"})

    assert answer.status_code == 302
    draft.refresh_from_db()
    assert draft.body == "## Results\n\nRidership rose."
    assert draft.status == Output.Status.SUBMITTED
