"""The security log: one line for each sign-in outcome, second factor, sign-out, ended session and time-out,
with the user name and the client's address. Never a password, a code or a session key."""

import logging

from cpp_portal.client_address import client_address

logger = logging.getLogger("cpp_portal.security")


def log_security_event(event: str, *, request, username: str, level: int = logging.INFO) -> None:
    # %r: a user name typed at the sign-in form could hold a line break, which would forge a log line.
    logger.log(level, "%s user=%r address=%s", event, username, client_address(request))


def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    """On user_login_failed; `credentials` has the password masked, and only the user name is read."""
    if request is not None:
        log_security_event(
            "sign-in failed", request=request, username=credentials.get("username", ""), level=logging.WARNING
        )
