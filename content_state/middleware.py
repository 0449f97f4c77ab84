from content_state import versions


class ContentStateMiddleware:
    """Keeps this process's view of the content state current: a sync at most every
    CONTENT_STATE_POLL_SECONDS (for writes that passed by the ORM's signals: bulk updates, raw SQL,
    another program), and after every request that may have written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        versions.poll()
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            versions.sync()
        return response
