from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render

from accounts.sign_in_limits import account_is_locked
from cpp_portal.client_address import client_address
from cpp_portal.rate_limits import within_limit


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once sign-ins are paused: the same for an account that exists and one that does
    not, so it tells nothing about which accounts there are."""
    for_account = account_is_locked(request, credentials)
    return render(
        request,
        "registration/locked_out.html",
        {
            "for_account": for_account,
            "failure_limit": (
                settings.SIGN_IN_FAILURE_LIMIT if for_account else settings.SIGN_IN_ADDRESS_FAILURE_LIMIT
            ),
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, with at most PASSWORD_RESET_LIMIT emails an hour asked for from one address or to one
    address. Beyond, the same page as ever, and no email: the page must not tell whether one was sent."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        limits = {"limit": settings.PASSWORD_RESET_LIMIT, "window_seconds": 3600}
        # Both counted on every request, so that neither can be spent without the other.
        from_address = within_limit("password-reset-from", client_address(self.request), **limits)
        to_email = within_limit("password-reset-to", email, **limits)
        if not (from_address and to_email):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
