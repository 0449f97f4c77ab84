from django.http import QueryDict


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
