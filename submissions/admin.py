"""The curators' side of review: a queue of submissions and a review page for each."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cpp_portal.edit_conflicts import EditConflictAdminForm
from knowledge.models import Output, Publication
from submissions import services
from submissions.forms import CommentForm, PreviewLinkForm, ReviewForm
from submissions.models import PreviewLink, Submission, review_queue_order, review_timeline
from submissions.workflow import STEPS, Action

Status = Output.Status


class QueueFilter(admin.SimpleListFilter):
    """By default the queue shows what is in review: waiting, sent back, or scheduled to appear."""

    title = _("status")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("submitted", _("Waiting for a curator")),
            ("changes_requested", _("Changes requested")),
            ("scheduled", _("Scheduled (embargoed)")),
            ("published", _("Published")),
            ("archived", _("Archived")),
            ("withdrawn", _("Withdrawn")),
            ("draft", _("Draft")),
            ("all", _("Everything")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset.filter(
                Q(status__in=[Status.SUBMITTED, Status.CHANGES_REQUESTED]) | Publication.scheduled_q()
            )
        if value == "all":
            return queryset
        if value == "scheduled":
            return queryset.filter(Publication.scheduled_q())
        if value == "published":
            return queryset.filter(Publication.q())
        return queryset.filter(status=value)

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("In review"),
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


class BulkReviewForm(forms.Form):
    note = forms.CharField(label=_("Note to the submitters"), required=False, widget=forms.Textarea)
    publish_at = ReviewForm.base_fields["publish_at"]

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        if not STEPS[action].sets_publication_time:
            del self.fields["publish_at"]
        if STEPS[action].note_required:
            self.fields["note"].required = True


def _bulk_action(action: Action):
    """An admin action that asks for a note (and, to publish, a date) before moving the chosen outputs."""

    def run(modeladmin, request, queryset):
        applying = "apply" in request.POST
        form = BulkReviewForm(request.POST if applying else None, action=action)
        if applying and form.is_valid():
            done, refused = 0, []
            for output in queryset:
                try:
                    services.submission_transition(
                        output=output,
                        actor=request.user,
                        action=action,
                        note=form.cleaned_data["note"],
                        publish_at=form.cleaned_data.get("publish_at"),
                    )
                    done += 1
                except ValidationError:
                    refused.append(output.title)
            if done:
                modeladmin.message_user(
                    request, _("%(action)s: %(count)d done.") % {"action": action.label, "count": done}
                )
            if refused:
                modeladmin.message_user(
                    request,
                    _("Not possible in their current status: %(titles)s.") % {"titles": "; ".join(refused)},
                    messages.WARNING,
                )
            return None
        return TemplateResponse(
            request,
            "admin/submissions/submission/bulk_review.html",
            {
                **modeladmin.admin_site.each_context(request),
                "opts": modeladmin.model._meta,
                "title": action.label,
                "action": f"{action.value}_selected",
                "action_label": action.label,
                "outputs": queryset,
                "form": form,
                "checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )

    run.__name__ = f"{action.value}_selected"
    run.short_description = format_lazy(_("{action} (with a note)…"), action=action.label)
    run.allowed_permissions = ("change",)
    return run


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    form = EditConflictAdminForm
    list_display = ["title", "status_label", "city_names", "submitted_at", "created_by", "updated_at"]
    list_filter = [QueueFilter, "kind", "cities"]
    search_fields = ["title", "summary", "authors"]
    list_select_related = ["created_by"]
    # The review page below is the only way these change; no form of the admin's may set them.
    readonly_fields = ["status", "published_at"]
    actions = [
        _bulk_action(Action.REQUEST_CHANGES),
        _bulk_action(Action.PUBLISH),
        _bulk_action(Action.ARCHIVE),
    ]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by").prefetch_related("cities")

    def get_ordering(self, request):
        return review_queue_order()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj: Output) -> str:
        if obj.is_embargoed:
            return _("Scheduled for %(date)s") % {
                "date": timezone.localtime(obj.published_at).strftime("%Y-%m-%d %H:%M")
            }
        return obj.get_status_display()

    @admin.display(description=_("cities"))
    def city_names(self, obj: Output) -> str:
        return ", ".join(city.name for city in obj.cities.all())

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The review page: the submission, its files and history, the thread, and the decisions."""
        output = self.get_object(request, unquote(object_id))
        if output is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, output):
            raise PermissionDenied
        may_review = self.has_change_permission(request, output)
        forms_by_name = {
            "review": ReviewForm(output=output),
            "comment": CommentForm(),
            "preview": PreviewLinkForm(),
        }
        if request.method == "POST":
            if not may_review:
                raise PermissionDenied
            response = self._handle_review_post(request, output, forms_by_name)
            if response is not None:
                return response
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": output,
            "title": _("Review: %(title)s") % {"title": output.title},
            "subtitle": None,
            "output": output,
            "attachments": output.attachments.for_file_list(),
            "timeline": review_timeline(output),
            "may_review": may_review,
            "review_form": forms_by_name["review"],
            "comment_form": forms_by_name["comment"],
            "preview_form": forms_by_name["preview"],
            "preview_links": output.preview_links.all(),
            "now": timezone.now(),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/submissions/submission/review.html", context)

    def _handle_review_post(self, request, output, forms_by_name):
        which = request.POST.get("form")
        if which == "revoke":
            link = get_object_or_404(PreviewLink, pk=request.POST.get("link") or 0, output=output)
            services.preview_link_revoke(link=link)
            self.message_user(request, _("The preview link no longer works."))
            return redirect(request.path)
        if which not in forms_by_name:
            return None
        if which == "review":
            form = ReviewForm(request.POST, output=output)
        elif which == "comment":
            form = CommentForm(request.POST)
        else:
            form = PreviewLinkForm(request.POST)
        forms_by_name[which] = form
        if not form.is_valid():
            return None
        data = form.cleaned_data
        try:
            if which == "review":
                action = Action(data["action"])
                services.submission_transition(
                    output=output,
                    actor=request.user,
                    action=action,
                    note=data["note"],
                    publish_at=data["publish_at"],
                )
                self.message_user(request, STEPS[action].done)
            elif which == "comment":
                services.comment_add(output=output, author=request.user, body=data["body"])
                self.message_user(request, _("Comment added; the submitter has been told."))
            else:
                link = services.preview_link_create(
                    output=output, created_by=request.user, days=data["days"], note=data["note"]
                )
                self.message_user(
                    request,
                    _("Preview link created: %(url)s")
                    % {"url": request.build_absolute_uri(link.get_absolute_url())},
                )
        except ValidationError as error:
            form.add_error(None, error)
            return None
        return redirect(request.path)
