"""How many failed sign-ins django-axes allows: SIGN_IN_FAILURE_LIMIT for one user name from one address,
and SIGN_IN_ADDRESS_FAILURE_LIMIT from one address across all user names, so that guessing a few
passwords for each of many accounts is paused too.

django-axes counts failures per lockout parameter (settings.AXES_LOCKOUT_PARAMETERS: the pair, then the
address alone) and compares the largest count, the address's, with one limit. `failure_limit` makes that
one comparison mean both: the pair's limit once the pair has reached it, else the address's.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def _account_attempts(request, credentials):
    return AccessAttempt.objects.filter(
        username=get_client_username(request, credentials), ip_address=request.axes_ip_address
    )


def account_failures(request, credentials) -> int:
    """Recent failures for this user name from this address."""
    recent = _account_attempts(request, credentials).filter(attempt_time__gte=get_cool_off_threshold(request))
    return recent.aggregate(total=Sum("failures_since_start"))["total"] or 0


def account_is_locked(request, credentials) -> bool:
    return account_failures(request, credentials) >= settings.SIGN_IN_FAILURE_LIMIT


def failure_limit(request, credentials) -> int:
    if account_is_locked(request, credentials):
        return settings.SIGN_IN_FAILURE_LIMIT
    return settings.SIGN_IN_ADDRESS_FAILURE_LIMIT


class SignInAttempts(AxesDatabaseHandler):
    def reset_user_attempts(self, request, credentials=None) -> int:
        """A success clears the failures of this user name from this address only: clearing the
        address's would let anyone with one account reset the count of their guesses at others."""
        count, _ = _account_attempts(request, credentials).delete()
        return count
