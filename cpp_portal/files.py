from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def stored_file_response(
    field_file: FieldFile, *, content_type: str | None = None, filename: str = "", inline: bool
) -> FileResponse:
    """Send a stored file; the caller has already checked that the visitor may have it."""
    if not field_file:
        raise Http404("No file.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    response = FileResponse(handle, as_attachment=not inline, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
