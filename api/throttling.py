from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from cpp_portal.client_address import client_address


class PerClientRateThrottle(SimpleRateThrottle):
    """settings.API_RATE_LIMIT requests per client: per key when one is sent, else per address (read as
    the rest of the portal reads it, from the configured proxy header only)."""

    scope = "api"

    def get_rate(self) -> str:
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view) -> str:
        if request.auth is not None:
            ident = f"key-{request.auth.pk}"
        else:
            ident = f"address-{client_address(request._request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
