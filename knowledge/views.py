from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from cities.models import Theme
from content_state.rendering import render_page
from cpp_portal.facets import faceted_list_context
from cpp_portal.files import stored_file_response
from cpp_portal.ranges import starts_at_first_byte
from knowledge import export
from knowledge.access import attachment_response, cover_response, get_attachment_for_user, get_output_for_user
from knowledge.citations import bibtex, ris
from knowledge.filters import LessonFilter, OutputFilter
from knowledge.library import (
    lesson_facets,
    library_listing,
    themes_with_counts,
)
from knowledge.metadata import OutputMetadata
from knowledge.models import Lesson, Output
from knowledge.pages import OutputPage, ThemePage, related_html
from knowledge.usage import count_download, count_view

CITATION_FORMATS = {
    "bib": (bibtex, "application/x-bibtex"),
    "ris": (ris, "application/x-research-info-systems"),
}


@require_safe
def library(request):
    filterset = OutputFilter(request.GET, queryset=Output.objects.published())
    return render(request, "knowledge/library.html", library_listing(request, filterset))


EXPORT_FORMATS = {
    "csv": (export.csv_lines, "text/csv; charset=utf-8"),
    "jsonl": (export.json_lines, "application/jsonl; charset=utf-8"),
}


@require_safe
@login_required
def library_export(request, extension: str):
    """The library's current selection (the same filters and keywords) as a file, for curators."""
    if not request.user.has_perm("knowledge.view_output"):
        raise PermissionDenied
    filterset = OutputFilter(request.GET, queryset=Output.objects.published())
    lines, content_type = EXPORT_FORMATS[extension]
    response = StreamingHttpResponse(
        lines(export.records(export.selection(filterset))), content_type=content_type
    )
    response["Content-Disposition"] = content_disposition_header(True, f"library.{extension}")
    return response


@require_safe
def output_detail(request, slug: str):
    outputs = Output.objects.for_page()
    output = get_output_for_user(request, slug, outputs)
    usage = output.usage_totals
    if count_view(request, output):
        usage["views"] += 1  # this visit too: the totals were read before it was counted
    return render_page(
        request,
        "knowledge/output_detail.html",
        {"output": output, "page": OutputPage(request, output)},
        scopes=(f"output:{output.pk}", "taxonomy"),
        live={
            "usage_html": lambda: render_to_string("knowledge/output_usage.html", {"usage": usage}),
            "related_html": lambda: related_html(output),
        },
    )


@require_safe
def output_citation(request, slug: str, extension: str):
    """The output's reference as a file for reference managers: BibTeX (.bib) or RIS (.ris)."""
    output = get_output_for_user(request, slug, Output.objects.for_metadata())
    write, content_type = CITATION_FORMATS[extension]
    response = HttpResponse(
        write(OutputMetadata(output, output.attachments.all())), content_type=f"{content_type}; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{output.slug}.{extension}"
    )
    return response


@require_safe
def attachment_download(request, slug: str, pk: int, filename: str):
    attachment = get_attachment_for_user(request, slug, pk)
    response = attachment_response(request, attachment)
    if starts_at_first_byte(response):  # a video player's later ranges are the same download
        count_download(request, attachment.output)
    return response


@require_safe
def attachment_thumbnail(request, slug: str, pk: int):
    attachment = get_attachment_for_user(request, slug, pk)
    return stored_file_response(
        request,
        attachment.thumbnail,
        content_type="image/jpeg",
        inline=True,
        public=attachment.output.is_published,
    )


@require_safe
def output_cover(request, slug: str):
    return cover_response(request, get_output_for_user(request, slug))


@require_safe
def output_cover_thumbnail(request, slug: str):
    return cover_response(request, get_output_for_user(request, slug), thumbnail=True)


@require_safe
def lesson_list(request):
    filterset = LessonFilter(request.GET, queryset=Lesson.objects.published().newest_first())
    context = faceted_list_context(
        request,
        filterset,
        filterset.qs.for_listing(),
        lesson_facets(filterset),
        per_page=settings.LIBRARY_PAGE_SIZE,
    )
    return render(request, "knowledge/lesson_list.html", context)


@require_safe
def lesson_detail(request, slug: str):
    lesson = get_object_or_404(
        Lesson.objects.published().select_related("city", "output").prefetch_related("themes"), slug=slug
    )
    return render(request, "knowledge/lesson_detail.html", {"lesson": lesson})


@require_safe
def theme_list(request):
    return render(request, "knowledge/theme_list.html", {"themes": themes_with_counts()})


@require_safe
def theme_detail(request, slug: str):
    theme = get_object_or_404(Theme, slug=slug)
    return render(request, "knowledge/theme_detail.html", {"theme": theme, "page": ThemePage(theme)})
