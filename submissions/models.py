import secrets
from datetime import timedelta
from itertools import chain
from operator import attrgetter

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cpp_portal.markdown import render_markdown
from knowledge.models import Output, OutputQuerySet


class SubmissionQuerySet(OutputQuerySet):
    def with_last_note(self):
        """Each with the note of its latest status change that had one (a curator's request, mostly)."""
        notes = (
            Transition.objects.filter(output=models.OuterRef("pk"))
            .exclude(note="")
            .order_by("-created_at", "-pk")
        )
        return self.annotate(
            last_note=models.Subquery(notes.values("note")[:1]),
            last_note_at=models.Subquery(notes.values("created_at")[:1]),
        )

    def status_counts(self) -> dict[str, int]:
        return dict(self.order_by().values_list("status").annotate(total=models.Count("pk")))

    def for_dashboard(self):
        return (
            self.with_last_note()
            .prefetch_related("cities")
            .only(
                "title",
                "slug",
                "kind",
                "status",
                "published_at",
                "submitted_at",
                "updated_at",
                "cover_thumbnail",
            )
            .order_by("-updated_at", "-pk")
        )

    def review_queue(self):
        return self.order_by(*review_queue_order())


def review_queue_order() -> list:
    """Waiting for a curator first, oldest submission first; then sent back; then the rest, newest first."""
    waiting = models.Case(
        models.When(status=Output.Status.SUBMITTED, then=0),
        models.When(status=Output.Status.CHANGES_REQUESTED, then=1),
        default=2,
    )
    return [waiting, models.F("submitted_at").asc(nulls_last=True), "-updated_at", "-pk"]


class Submission(Output):
    """An output seen as a submission under review: what the admin's review queue lists."""

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("submission")
        verbose_name_plural = _("review queue")


class TransitionQuerySet(models.QuerySet):
    def for_timeline(self):
        return self.select_related("actor").only(
            "output_id",
            "from_status",
            "to_status",
            "note",
            "publish_at",
            "created_at",
            "actor__username",
            "actor__first_name",
            "actor__last_name",
        )


class Transition(models.Model):
    """One step of an output through review: who moved it, when, from which status to which, and why."""

    output = models.ForeignKey(
        Output, verbose_name=_("output"), on_delete=models.CASCADE, related_name="transitions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Output.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Output.Status.choices)
    note = models.TextField(_("note"), blank=True, max_length=5000)
    publish_at = models.DateTimeField(
        _("appears on"), null=True, blank=True, help_text=_("For a publication: when it becomes public.")
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    objects = TransitionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["output", "created_at"], name="transition_output_time")]

    def __str__(self) -> str:
        return f"{self.output_id}: {self.from_status} → {self.to_status}"

    @property
    def from_label(self) -> str:
        return Output.Status(self.from_status).label

    @property
    def to_label(self) -> str:
        return Output.Status(self.to_status).label


class CommentQuerySet(models.QuerySet):
    def for_timeline(self):
        return self.select_related("author").only(
            "output_id",
            "body_html",
            "created_at",
            "author__username",
            "author__first_name",
            "author__last_name",
        )


class Comment(models.Model):
    """A message in the review thread of a submission, between its city's officials and the curators."""

    output = models.ForeignKey(
        Output, verbose_name=_("output"), on_delete=models.CASCADE, related_name="review_comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    body = models.TextField(
        _("comment"), max_length=5000, help_text=_("Markdown. Raw HTML is shown as text.")
    )
    body_html = models.TextField(_("body as HTML"), editable=False, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        indexes = [models.Index(fields=["output", "created_at"], name="comment_output_time")]

    def __str__(self) -> str:
        return self.body[:60]

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)


def review_timeline(output: Output) -> list[Transition | Comment]:
    """Status changes and comments of a submission, in the order they happened (two queries)."""
    transitions = Transition.objects.filter(output=output).for_timeline()
    comments = Comment.objects.filter(output=output).for_timeline()
    return sorted(chain(transitions, comments), key=attrgetter("created_at"))


def new_preview_key() -> str:
    return secrets.token_urlsafe(24)


class PreviewLinkQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at=None, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """A secret address at which someone without an account can read an unpublished submission.

    The address carries the link's random key, signed with the site's secret key; it stops working when
    it expires or when a curator revokes it.
    """

    SIGNING_SALT = "submissions.preview"
    DEFAULT_LIFETIME = timedelta(days=14)

    output = models.ForeignKey(
        Output, verbose_name=_("output"), on_delete=models.CASCADE, related_name="preview_links"
    )
    key = models.CharField(_("key"), max_length=64, unique=True, default=new_preview_key, editable=False)
    note = models.CharField(_("for whom"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")

    def __str__(self) -> str:
        return f"{self.output} ({self.expires_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("submissions:preview", kwargs={"token": self.token})

    @property
    def token(self) -> str:
        return signing.Signer(salt=self.SIGNING_SALT).sign(self.key)

    @classmethod
    def key_from_token(cls, token: str) -> str | None:
        try:
            return signing.Signer(salt=cls.SIGNING_SALT).unsign(token)
        except signing.BadSignature:
            return None

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
