"""Changing the email, the password or the second factor asks "Confirm it's you" (the password, and the
second factor when there is one) unless it was given in the last RECENT_AUTHENTICATION_TIMEOUT: someone at
a browser left signed in cannot take the account over."""

import functools
import time
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

AUTHENTICATED_AT = "authenticated_at"


def mark_recently_authenticated(request) -> None:
    request.session[AUTHENTICATED_AT] = time.time()


def is_recently_authenticated(request) -> bool:
    since = time.time() - request.session.get(AUTHENTICATED_AT, 0)
    return since < settings.RECENT_AUTHENTICATION_TIMEOUT.total_seconds()


def recent_authentication_required(view):
    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if not is_recently_authenticated(request):
            # A form sent by POST cannot be sent again by a redirect: after confirming, the user is back
            # on the page the form is on.
            back_to = request.get_full_path() if request.method == "GET" else reverse("account_security")
            return redirect(f"{reverse('reauthenticate')}?{urlencode({'next': back_to})}")
        return view(request, *args, **kwargs)

    return checked
