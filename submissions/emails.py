"""Emails about submissions: to the person who submitted, to the curators, one message per address."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.roles import curators
from knowledge.models import Output
from submissions.models import Comment, Transition


def send_transition_emails(transition: Transition) -> None:
    output = transition.output
    scheduled = bool(transition.publish_at and transition.publish_at > transition.created_at)
    _send(
        "submissions/emails/transition",
        {"transition": transition, "output": output, "scheduled": scheduled},
        output=output,
        actor=transition.actor,
        confirm_to_actor=True,
    )


def send_comment_emails(comment: Comment) -> None:
    output = comment.output
    _send(
        "submissions/emails/comment",
        {"comment": comment, "output": output},
        output=output,
        actor=comment.author,
    )


def _send(template: str, context: dict, *, output: Output, actor, confirm_to_actor: bool = False) -> None:
    """To the submitter and the curators, but not to whoever wrote it; a submitter's own status changes
    are confirmed to them (`confirm_to_actor`)."""
    recipients: dict[str, str] = {}
    submitter = output.created_by
    if submitter and submitter.email and submitter.is_active and (confirm_to_actor or submitter != actor):
        recipients[submitter.email.lower()] = "submitter"
    for curator in curators():
        if curator != actor:
            recipients.setdefault(curator.email.lower(), "curator")
    if not recipients:
        return
    # The portal does not know which language each recipient reads, so emails are in the default
    # language, with links to the pages in that language, whatever the language of the person acting.
    with translation.override(settings.LANGUAGE_CODE):
        links = {
            "submitter": settings.SITE_URL + reverse("submissions:detail", kwargs={"pk": output.pk}),
            "curator": settings.SITE_URL + reverse("admin:submissions_submission_change", args=[output.pk]),
        }
        messages = []
        for address, role in recipients.items():
            body_context = {**context, "link": links[role], "role": role}
            subject = " ".join(render_to_string(f"{template}_subject.txt", body_context).split())
            body = render_to_string(f"{template}.txt", body_context)
            messages.append(EmailMessage(subject, body, to=[address]))
    get_connection().send_messages(messages)
