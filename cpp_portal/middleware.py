from django.conf import settings
from django.http import QueryDict
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from cpp_portal.file_types import upload_limits_text


class StripNullCharactersMiddleware:
    """Drop NUL characters from query parameters.

    No page has a use for them, and PostgreSQL refuses them in text, so a guessed `?q=%00` would
    otherwise turn into a database error instead of an ordinary page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class RefuseOversizedRequestsMiddleware:
    """Answer 413 to a request body far larger than the largest file the portal accepts, before reading it.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count file parts, so without this a huge upload would be
    streamed to disk in full before any form could refuse it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.UPLOAD_MAX_REQUEST_SIZE:
            return render(
                request,
                "413.html",
                {"limit": settings.UPLOAD_MAX_REQUEST_SIZE, "limits": upload_limits_text()},
                status=413,
            )
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Permissions-Policy and Cross-Origin-Resource-Policy on every response (settings.PERMISSIONS_POLICY,
    settings.CROSS_ORIGIN_RESOURCE_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        return response


class PrivateForSignedInMiddleware:
    """Nothing sent to a signed-in visitor is kept by a shared cache or on disk: their pages and files may
    hold what only they may see. Visitors who are not signed in get the pages everyone gets (and that the
    page cache serves), left as they are."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
