"""Signed-in sessions: their time-outs, the list a user sees of them (accounts.UserSession), and ending them.

A session ends SESSION_IDLE_TIMEOUT after its last request and SESSION_ABSOLUTE_TIMEOUT after signing in.
Both times are kept in the session itself, so checking them costs no query; the last request's time is
written (to the session and to its UserSession row) at most once a minute, not on every request.
"""

import logging
import time
from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import HASH_SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import ngettext

from accounts.models import UserSession
from accounts.recent_authentication import mark_recently_authenticated
from accounts.security_log import log_security_event
from cpp_portal.client_address import client_address

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen"
LAST_SEEN_PRECISION_SECONDS = 60


def session_started(sender, request, user, **kwargs) -> None:
    """On user_logged_in: start the clocks and record the session for its user's list."""
    now = timezone.now()
    request.session[SIGNED_IN_AT] = request.session[LAST_SEEN] = now.timestamp()
    mark_recently_authenticated(request)
    UserSession.objects.filter(user=user).expired().delete()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
            "ip_address": client_address(request) or None,
            "signed_in_at": now,
            "last_seen": now,
        },
    )
    log_security_event("sign-in succeeded", request=request, username=user.get_username())


def session_closed(sender, request, user, **kwargs) -> None:
    """On user_logged_out."""
    UserSession.objects.filter(session_key=request.session.session_key).delete()
    if user is not None:
        log_security_event("signed out", request=request, username=user.get_username())


def session_key_changed(*, old_key: str, new_key: str) -> None:
    """Django gives a session a new key when its password changes; its row follows."""
    UserSession.objects.filter(session_key=old_key).update(session_key=new_key)


def session_renew(request) -> None:
    """A new key for a session that has just proved more (the second factor, the password again), so that a
    key someone learned before is worth nothing after."""
    old_key = request.session.session_key
    request.session.cycle_key()
    session_key_changed(old_key=old_key, new_key=request.session.session_key)


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def _delete_stored_sessions(session_keys) -> None:
    store = _session_store()()
    for key in session_keys:
        store.delete(key)


def signed_in_sessions(user) -> list[UserSession]:
    """The user's sessions that still work: not timed out, not deleted, and not left behind by a new password
    (a password reset, or a change by a superuser: Django refuses those at their next request). The rows of
    the others are removed."""
    live, gone = [], []
    expected_hash = user.get_session_auth_hash()
    for row in UserSession.objects.filter(user=user).active():
        stored = _session_store()(session_key=row.session_key).load()
        if constant_time_compare(stored.get(HASH_SESSION_KEY, ""), expected_hash):
            live.append(row)
        else:
            gone.append(row.pk)
    UserSession.objects.filter(pk__in=gone).delete()
    return live


@transaction.atomic
def session_end(*, request, session: UserSession) -> None:
    """End one of the user's other sessions: that browser is signed out at its next request."""
    _delete_stored_sessions([session.session_key])
    session.delete()
    log_security_event("session ended by its user", request=request, username=request.user.get_username())


@transaction.atomic
def sessions_end_others(*, request) -> int:
    others = UserSession.objects.filter(user=request.user).exclude(session_key=request.session.session_key)
    keys = list(others.values_list("session_key", flat=True))
    _delete_stored_sessions(keys)
    others.delete()
    if keys:
        log_security_event(
            f"{len(keys)} other sessions ended by their user",
            request=request,
            username=request.user.get_username(),
        )
    return len(keys)


def _time_out(request) -> str | None:
    now = time.time()
    # A signed-in session without the clocks (started before they existed) is treated as ended.
    if now - request.session.get(SIGNED_IN_AT, 0) >= settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds():
        return "absolute"
    if now - request.session.get(LAST_SEEN, 0) >= settings.SESSION_IDLE_TIMEOUT.total_seconds():
        return "idle"
    return None


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            time_out = _time_out(request)
            if time_out:
                return self._sign_out(request, time_out)
            if time.time() - request.session[LAST_SEEN] >= LAST_SEEN_PRECISION_SECONDS:
                self._touch(request)
        return self.get_response(request)

    def _sign_out(self, request, time_out: str):
        log_security_event(
            f"session timed out ({time_out})",
            request=request,
            username=request.user.get_username(),
            level=logging.WARNING,
        )
        logout(request)
        if time_out == "idle":
            minutes = int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60)
            text = ngettext(
                "You were signed out after %(minutes)d minute without activity. Please sign in again.",
                "You were signed out after %(minutes)d minutes without activity. Please sign in again.",
                minutes,
            )
            messages.info(request, text % {"minutes": minutes})
        else:
            hours = int(settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds() // 3600)
            text = ngettext(
                "You were signed out %(hours)d hour after signing in. Please sign in again.",
                "You were signed out %(hours)d hours after signing in. Please sign in again.",
                hours,
            )
            messages.info(request, text % {"hours": hours})
        return redirect_to_login(request.get_full_path())

    def _touch(self, request) -> None:
        now = timezone.now()
        request.session[LAST_SEEN] = now.timestamp()
        UserSession.objects.filter(session_key=request.session.session_key).update(last_seen=now)
