"""Who may open which output and file: the access-checked fetch helpers that every view uses. Each
answers 404 for what the visitor may not see, the same answer as for something that does not exist."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from cpp_portal.files import stored_file_response
from knowledge.models import Attachment, Output


def get_output_for_user(request, slug: str, queryset=None) -> Output:
    """The output if this visitor may see it, else 404."""
    queryset = Output.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.visible_to(request.user), slug=slug)


def get_attachment_for_user(request, slug: str, pk: int) -> Attachment:
    """An attachment of an output this visitor may see, else 404."""
    output = get_output_for_user(request, slug)
    return get_object_or_404(Attachment.objects.ready().select_related("output"), pk=pk, output=output)


def cover_response(request, output: Output, *, thumbnail: bool = False):
    """An output's cover (or its thumbnail), once processed. The caller has checked the visitor may see it."""
    if not output.shows_cover:
        raise Http404("No cover image ready.")
    if thumbnail:
        return stored_file_response(
            request,
            output.cover_thumbnail,
            content_type="image/jpeg",
            inline=True,
            public=output.is_published,
        )
    return stored_file_response(
        request, output.cover_image, inline=True, public=output.is_published, sha256=output.cover_sha256
    )


def attachment_response(request, attachment: Attachment):
    """The file itself: inline only for re-encoded images and videos, a download for everything else.
    The caller has checked that the visitor may have it."""
    return stored_file_response(
        request,
        attachment.file,
        content_type=attachment.content_type or "application/octet-stream",
        filename=attachment.display_name,
        inline=attachment.opens_in_browser,
        public=attachment.output.is_published,
        sha256=attachment.sha256,
    )
