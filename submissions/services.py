"""Writes of the review workflow: saving a submission with its files, moving it through review, the
comment thread and preview links. Each records what happened and tells the people concerned by email,
written to the outbox in the same transaction (outbox/)."""

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_curator
from cities.models import City, Theme
from cpp_portal.edit_conflicts import EditConflict, merge, saved_values
from cpp_portal.files import atomic_with_files
from deep_dives.models import DeepDive
from knowledge.models import Attachment, Output
from knowledge.services import attachment_add, attachment_remove, output_cover_set
from knowledge.uploads import PreparedFile
from submissions import emails
from submissions.models import Comment, PreviewLink, Transition
from submissions.workflow import STEPS, Action, Role, is_editable

# The fields of an output that its city's officials write.
SUBMISSION_FIELDS = (
    "title",
    "kind",
    "summary",
    "body",
    "language",
    "authors",
    "publication_date",
    "video_url",
)
# With the output's themes, cities and deep dive: what an edit compares with the version it was opened on.
SUBMISSION_RELATIONS = ("themes", "cities", "deep_dive")


def submission_values(output: Output, own_cities: Iterable[City]) -> dict:
    """An output's fields as its officials edit them: of its cities, only their own."""
    values = saved_values(output, (*SUBMISSION_FIELDS, *SUBMISSION_RELATIONS))
    own = set(own_cities)
    values["cities"] = [city for city in values["cities"] if city in own]
    return values


@atomic_with_files
def submission_save(
    *,
    output: Output | None,
    author: AbstractBaseUser,
    fields: dict,
    themes: Iterable[Theme],
    cities: Iterable[City],
    deep_dive: DeepDive | None,
    cover: PreparedFile | None = None,
    remove_cover: bool = False,
    new_files: Iterable[PreparedFile] = (),
    removed_attachments: Iterable[Attachment] = (),
    submit: bool = False,
    opened: Mapping[str, str] | None = None,
) -> Output:
    """Create or update an official's output with its files, all or nothing; optionally submit it.

    `opened` holds the fingerprints of the version the author's form was opened on
    (cpp_portal/edit_conflicts.py): what others saved since stays unless the author changed the same
    field too, which raises EditConflict and saves nothing."""
    own_cities = list(City.objects.with_member(author))
    if output is None:
        output = Output(created_by=author, status=Output.Status.DRAFT)
    else:
        output = Output.objects.select_for_update().get(pk=output.pk)
        if not output.cities.filter(pk__in=[city.pk for city in own_cities]).exists():
            raise PermissionDenied
        if not is_editable(output):
            raise ValidationError(
                _("“%(title)s” is “%(status)s” and can no longer be edited."),
                params={"title": output.title, "status": output.get_status_display()},
            )
    chosen_cities = [city for city in cities if city in own_cities]
    if not chosen_cities:
        raise ValidationError(_("Choose at least one of your cities."))
    submitted = {name: fields[name] for name in SUBMISSION_FIELDS if name in fields}
    submitted.update(themes=list(themes), cities=chosen_cities, deep_dive=deep_dive)
    if output.pk and opened is not None:
        result = merge(opened, submission_values(output, own_cities), submitted)
        if result.conflicts:
            raise EditConflict(result.conflicts, saved=output)
        for name in result.theirs:
            del submitted[name]

    for name in SUBMISSION_FIELDS:
        if name in submitted:
            setattr(output, name, submitted[name])
    if "deep_dive" in submitted:
        output.deep_dive = deep_dive
    output.full_clean(exclude=["slug"])
    output.save()
    if "themes" in submitted:
        output.themes.set(submitted["themes"])
    if "cities" in submitted:
        # Cities the author is not an official of stay as they were: only their own are theirs to change.
        other_cities = output.cities.exclude(pk__in=[city.pk for city in own_cities])
        output.cities.set([*chosen_cities, *other_cities])

    if cover is not None or remove_cover:
        output_cover_set(output=output, prepared=cover)
    for attachment in removed_attachments:
        if attachment.output_id != output.pk:
            raise PermissionDenied
        attachment_remove(attachment=attachment)
    for prepared in new_files:
        attachment_add(output=output, prepared=prepared)
    if submit:
        submission_transition(output=output, actor=author, action=Action.SUBMIT)
    return output


@transaction.atomic
def submission_transition(
    *,
    output: Output,
    actor: AbstractBaseUser,
    action: str,
    note: str = "",
    publish_at: datetime | None = None,
) -> Transition:
    """Move an output one step through review, record it and tell the submitter and the curators."""
    step = STEPS[Action(action)]
    output = Output.objects.select_for_update().get(pk=output.pk)
    if step.role == Role.CURATOR and not is_curator(actor):
        raise PermissionDenied
    if step.role == Role.OFFICIAL and not Output.objects.of_cities_of(actor).filter(pk=output.pk).exists():
        raise PermissionDenied
    if output.status not in step.sources:
        raise ValidationError(
            _("“%(title)s” is “%(status)s”: “%(action)s” is not possible now."),
            params={
                "title": output.title,
                "status": output.get_status_display(),
                "action": Action(action).label,
            },
        )
    note = note.strip()
    if step.note_required and not note:
        raise ValidationError(step.note_prompt)
    if step.target == Output.Status.PUBLISHED and output.status != Output.Status.PUBLISHED:
        _check_files_ready(output)

    now = timezone.now()
    from_status = output.status
    output.status = step.target
    update_fields = ["status", "updated_at"]
    if action == Action.SUBMIT:
        output.submitted_at = now
        update_fields.append("submitted_at")
    if step.sets_publication_time:
        output.published_at = publish_at if publish_at and publish_at > now else now
        update_fields.append("published_at")
    output.save(update_fields=update_fields)
    transition = Transition(
        output=output,
        actor=actor,
        from_status=from_status,
        to_status=step.target,
        note=note,
        publish_at=output.published_at if step.sets_publication_time else None,
        created_at=now,
    )
    transition.full_clean()
    transition.save()
    # Written to the outbox in this transaction; a worker sends it once this has committed.
    emails.send_transition_emails(transition)
    return transition


def _check_files_ready(output: Output) -> None:
    """An output is published only with all its files processed: until then they are served to nobody."""
    waiting = output.files_not_ready()
    if waiting["failed"]:
        raise ValidationError(
            _(
                "“%(title)s” cannot be published: %(files)s could not be processed. Its officials must "
                "remove or replace them first."
            ),
            code="files_failed",
            params={"title": output.title, "files": ", ".join(f"“{name}”" for name in waiting["failed"])},
        )
    if waiting["waiting"]:
        raise ValidationError(
            _("“%(title)s” cannot be published yet: %(files)s are still being processed. Try again shortly."),
            code="files_waiting",
            params={"title": output.title, "files": ", ".join(f"“{name}”" for name in waiting["waiting"])},
        )


@transaction.atomic
def comment_add(*, output: Output, author: AbstractBaseUser, body: str) -> Comment:
    comment = Comment(output=output, author=author, body=body.strip())
    comment.full_clean()
    comment.save()
    emails.send_comment_emails(comment)
    return comment


@transaction.atomic
def preview_link_create(
    *, output: Output, created_by: AbstractBaseUser, days: int, note: str = ""
) -> PreviewLink:
    link = PreviewLink(
        output=output, created_by=created_by, note=note, expires_at=timezone.now() + timedelta(days=days)
    )
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def preview_link_revoke(*, link: PreviewLink) -> None:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
