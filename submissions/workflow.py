"""The review workflow: which action moves an output from which status to which, and who may take it.

draft → submitted → changes requested ⇄ submitted → published → archived; officials may withdraw
their submission before it is published and reopen a withdrawn one as a draft. A curator may change the
publication time of a published output (a new embargo, or public at once), with a note: like every step,
it is recorded and announced.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from knowledge.models import Output

Status = Output.Status


class Role(models.TextChoices):
    OFFICIAL = "official", _("City official")
    CURATOR = "curator", _("Curator")


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submit for review")
    WITHDRAW = "withdraw", _("Withdraw")
    REOPEN = "reopen", _("Reopen as a draft")
    REQUEST_CHANGES = "request_changes", _("Request changes")
    PUBLISH = "publish", _("Publish")
    ARCHIVE = "archive", _("Archive")
    RESCHEDULE = "reschedule", _("Change the publication date")


@dataclass(frozen=True)
class Step:
    sources: frozenset[str]
    target: str
    role: str
    # What the curator is asked for when the step needs a note (none when empty); the note is sent to the
    # submitter.
    note_prompt: Promise | str = ""
    done: Promise | str = ""
    # Whether the step sets the publication time (the curator's date, or now).
    sets_publication_time: bool = False

    @property
    def note_required(self) -> bool:
        return bool(self.note_prompt)


STEPS: dict[str, Step] = {
    Action.SUBMIT: Step(
        frozenset({Status.DRAFT, Status.CHANGES_REQUESTED}),
        Status.SUBMITTED,
        Role.OFFICIAL,
        done=_("Sent for review. The curators have been told."),
    ),
    Action.WITHDRAW: Step(
        frozenset({Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED}),
        Status.WITHDRAWN,
        Role.OFFICIAL,
        done=_("Withdrawn. You can reopen it as a draft at any time."),
    ),
    Action.REOPEN: Step(
        frozenset({Status.WITHDRAWN}), Status.DRAFT, Role.OFFICIAL, done=_("Reopened as a draft.")
    ),
    Action.REQUEST_CHANGES: Step(
        frozenset({Status.SUBMITTED}),
        Status.CHANGES_REQUESTED,
        Role.CURATOR,
        note_prompt=_("Say what should change: the note is sent to the submitter."),
        done=_("Changes requested. The submitter has been told what to change."),
    ),
    Action.PUBLISH: Step(
        frozenset({Status.SUBMITTED}),
        Status.PUBLISHED,
        Role.CURATOR,
        done=_("Published."),
        sets_publication_time=True,
    ),
    Action.ARCHIVE: Step(frozenset({Status.PUBLISHED}), Status.ARCHIVED, Role.CURATOR, done=_("Archived.")),
    Action.RESCHEDULE: Step(
        frozenset({Status.PUBLISHED}),
        Status.PUBLISHED,
        Role.CURATOR,
        note_prompt=_("Say why the date changes: the note is sent to the submitter."),
        done=_("Publication date changed."),
        sets_publication_time=True,
    ),
}

# What officials may edit: their own work before review, and what comes back with changes requested.
EDITABLE = frozenset({Status.DRAFT, Status.CHANGES_REQUESTED})


def available_actions(status: str, role: str) -> list[str]:
    return [action for action, step in STEPS.items() if step.role == role and status in step.sources]


def is_editable(output: Output) -> bool:
    return output.status in EDITABLE
