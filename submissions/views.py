import logging
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.roles import is_curator
from cities.models import City
from cpp_portal.edit_conflicts import EditConflict
from cpp_portal.files import stored_file_response
from cpp_portal.pagination import paginate
from knowledge.access import attachment_response, cover_response
from knowledge.models import Attachment, Output
from knowledge.pages import OutputPage
from submissions import services
from submissions.forms import CommentForm, OfficialActionForm, SubmissionForm
from submissions.models import PreviewLink, Submission, review_timeline
from submissions.workflow import STEPS, Action, is_editable

logger = logging.getLogger(__name__)

DASHBOARD_PAGE_SIZE = 25


def official_required(view):
    """Signed in, and an official of at least one city; anyone else is told why they cannot submit."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not City.objects.with_member(request.user).exists():
            raise PermissionDenied(_("Your account is not linked to a city, so you cannot submit outputs."))
        return view(request, *args, **kwargs)

    return wrapper


def get_submission_for_user(request, pk: int, queryset=None) -> Submission:
    """A submission of one of this official's cities, else 404 (the same as for an id that does not exist)."""
    queryset = Submission.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.of_cities_of(request.user), pk=pk)


@require_safe
@login_required
def dashboard(request):
    mine = Submission.objects.of_cities_of(request.user)
    counts = mine.status_counts()
    status = request.GET.get("status", "")
    if status not in counts:
        status = ""
    page, page_message = paginate(
        (mine.filter(status=status) if status else mine).for_dashboard(),
        request.GET.get("page"),
        DASHBOARD_PAGE_SIZE,
    )
    return render(
        request,
        "submissions/dashboard.html",
        {
            "page_obj": page,
            "page_message": page_message,
            "page_link_prefix": f"?status={status}&" if status else "?",
            "status_choices": [
                (value, label, counts[value]) for value, label in Output.Status.choices if value in counts
            ],
            "status": status,
            "total": sum(counts.values()),
            "cities": City.objects.with_member(request.user).only("name", "slug"),
            "is_curator": is_curator(request.user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@official_required
def submission_new(request):
    form = SubmissionForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        output = _save(request, form, None)
        if output is not None:
            return redirect("submissions:detail", pk=output.pk)
    return render(request, "submissions/form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@official_required
def submission_edit(request, pk: int):
    output = get_submission_for_user(request, pk)
    if not is_editable(output):
        messages.error(
            request,
            _("“%(status)s” submissions cannot be edited.") % {"status": output.get_status_display()},
        )
        return redirect("submissions:detail", pk=output.pk)
    form = SubmissionForm(request.POST or None, request.FILES or None, user=request.user, instance=output)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, output)
        if saved is not None:
            return redirect("submissions:detail", pk=saved.pk)
    return render(request, "submissions/form.html", {"form": form, "output": output})


def _save(request, form: SubmissionForm, output: Output | None) -> Output | None:
    data = form.cleaned_data
    submit = request.POST.get("submit") == "1"
    try:
        saved = services.submission_save(
            output=output,
            author=request.user,
            fields=data,
            themes=data["themes"],
            cities=data["cities"],
            deep_dive=data["deep_dive"],
            cover=data.get("cover"),
            remove_cover=data.get("remove_cover", False),
            new_files=data.get("attachments") or [],
            removed_attachments=data.get("remove_attachments") or [],
            submit=submit,
            opened=form.fingerprints_when_opened(),
        )
    except EditConflict as conflict:
        form.show_conflict(conflict.fields, conflict.saved)
        for name in ("attachments", "cover"):
            if data.get(name):
                form.add_error(name, _("Nothing was saved, so this was not stored either: choose it again."))
        return None
    except ValidationError as error:
        form.add_error(None, error)
        return None
    except OSError:
        logger.exception("Storing the files of a submission failed")
        form.add_error(None, _("The files could not be stored, so nothing was saved. Please try again."))
        return None
    if submit:
        messages.success(request, STEPS[Action.SUBMIT].done)
    else:
        messages.success(
            request, _("Saved as a draft. Only your city’s officials and the curators can see it.")
        )
    return saved


@require_safe
@login_required
def submission_detail(request, pk: int):
    output = get_submission_for_user(
        request, pk, Submission.objects.select_related("deep_dive").prefetch_related("themes", "cities")
    )
    return _render_detail(request, output)


def _render_detail(request, output, *, action_form=None, comment_form=None, status=200):
    return render(
        request,
        "submissions/detail.html",
        {
            "output": output,
            "attachments": output.attachments.for_file_list(),
            "timeline": review_timeline(output),
            "editable": is_editable(output),
            "action_form": action_form or OfficialActionForm(output=output),
            "comment_form": comment_form or CommentForm(),
        },
        status=status,
    )


@require_POST
@login_required
def submission_action(request, pk: int):
    output = get_submission_for_user(request, pk)
    form = OfficialActionForm(request.POST, output=output)
    if form.is_valid():
        action = form.cleaned_data["action"]
        try:
            services.submission_transition(
                output=output, actor=request.user, action=action, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, STEPS[Action(action)].done)
            return redirect("submissions:detail", pk=output.pk)
    return _render_detail(request, output, action_form=form, status=400)


@require_POST
@login_required
def submission_comment(request, pk: int):
    output = get_submission_for_user(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_add(output=output, author=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Your comment was added; the curators have been told."))
        return redirect("submissions:detail", pk=output.pk)
    return _render_detail(request, output, comment_form=form, status=400)


# Preview links: someone without an account reads a submission at a secret address.


def get_preview_for_token(token: str) -> PreviewLink:
    """The usable preview link a token names, else 404: bad signature, unknown, expired or revoked."""
    key = PreviewLink.key_from_token(token)
    if key is None:
        raise Http404("No such preview.")
    return get_object_or_404(PreviewLink.objects.usable().select_related("output"), key=key)


@require_safe
def preview(request, token: str):
    link = get_preview_for_token(token)
    output = Output.objects.select_related("deep_dive").get(pk=link.output_id)
    response = render(
        request,
        "knowledge/output_detail.html",
        {
            "output": output,
            "page": OutputPage(request, output, preview=link),
            "preview": link,
            "related_html": "",
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
def preview_file(request, token: str, pk: int, filename: str):
    link = get_preview_for_token(token)
    attachments = Attachment.objects.ready().select_related("output")
    return attachment_response(request, get_object_or_404(attachments, pk=pk, output_id=link.output_id))


@require_safe
def preview_thumbnail(request, token: str, pk: int):
    link = get_preview_for_token(token)
    attachment = get_object_or_404(Attachment.objects.ready(), pk=pk, output_id=link.output_id)
    return stored_file_response(request, attachment.thumbnail, content_type="image/jpeg", inline=True)


@require_safe
def preview_cover(request, token: str):
    link = get_preview_for_token(token)
    return cover_response(request, link.output)
