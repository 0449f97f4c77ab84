"""The address a request comes from, the one that every throttle (sign-in, password reset) counts by.

Behind reverse proxies every request arrives from a proxy, so the client's address is read from the header
the proxies write, but only when the deployment says how many trusted proxies there are
(TRUSTED_PROXY_COUNT): each proxy appends the address it received the request from, so the client is the
entry that many places from the end. Entries further left were written by the client and could be anything.
Without the setting the header is ignored, whatever it says.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    direct = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return direct
    entries = [entry.strip() for entry in request.META.get(settings.TRUSTED_PROXY_HEADER, "").split(",")]
    if len(entries) < count:
        # Not through every proxy: a request that reached the server some other way.
        return direct
    candidate = entries[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return direct
