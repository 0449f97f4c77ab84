import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import user_has_device

from accounts import sessions, two_factor
from accounts.forms import ApiKeyForm, ConfirmItsYouForm, EmailChangeForm, SecondFactorForm, SetUpForm
from accounts.models import ApiToken, UserSession
from accounts.recent_authentication import mark_recently_authenticated, recent_authentication_required
from accounts.security_log import log_security_event
from accounts.sign_in_limits import account_is_locked
from cpp_portal.client_address import client_address
from cpp_portal.rate_limits import within_limit

# After the recovery codes page, where the set-up was going.
AFTER_RECOVERY_CODES = "after_recovery_codes"
FEW_RECOVERY_CODES = 3


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once sign-ins are paused: the same for an account that exists and one that does
    not, so it tells nothing about which accounts there are."""
    for_account = account_is_locked(request, credentials)
    log_security_event(
        "sign-in refused: locked out",
        request=request,
        username=(credentials or {}).get("username", ""),
        level=logging.WARNING,
    )
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


@method_decorator(recent_authentication_required, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's, after "Confirm it's you" rather than the old password on the form; every other session of
    the account ends (Django would refuse them at their next request, but their rows would stay)."""

    form_class = SetPasswordForm

    def form_valid(self, form):
        old_key = self.request.session.session_key
        response = super().form_valid(form)
        sessions.session_key_changed(old_key=old_key, new_key=self.request.session.session_key)
        sessions.sessions_end_others(request=self.request)
        log_security_event("password changed", request=self.request, username=form.user.get_username())
        return response


def _next_or(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


def _log_second_factor(request, device) -> None:
    username = request.user.get_username()
    if not two_factor.is_recovery_code(device):
        log_security_event("second factor succeeded", request=request, username=username)
        return
    left = two_factor.recovery_codes_left(request.user)
    log_security_event(f"recovery code used, {left} left", request=request, username=username)
    if left <= FEW_RECOVERY_CODES:
        text = ngettext(
            "You have %(count)d recovery code left. Make new ones on your account security page.",
            "You have %(count)d recovery codes left. Make new ones on your account security page.",
            left,
        )
        messages.warning(request, text % {"count": left})


@login_required
def two_factor_verify(request):
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    next_url = _next_or(request, settings.LOGIN_REDIRECT_URL)
    if request.user.is_verified():
        return redirect(next_url)
    if not user_has_device(request.user):
        request.session.pop(two_factor.SECOND_FACTOR_OWED, None)
        return redirect(next_url)
    form = SecondFactorForm(request.user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            two_factor.second_factor_passed(request, form.device)
            mark_recently_authenticated(request)
            _log_second_factor(request, form.device)
            return redirect(next_url)
        log_security_event(
            "second factor failed",
            request=request,
            username=request.user.get_username(),
            level=logging.WARNING,
        )
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": next_url})


@login_required
@recent_authentication_required
def two_factor_set_up(request):
    """Set up an authenticator app (or replace the one there is): scan the key, type a code to prove it."""
    next_url = _next_or(request, "account_security")
    existing = two_factor.confirmed_authenticator(request.user)
    if existing and not request.user.is_verified():
        return redirect(f"{resolve_url('two_factor_verify')}?{urlencode({'next': next_url})}")
    device = two_factor.authenticator_for_set_up(request.user)
    form = SetUpForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.authenticator_confirm(request=request, device=device)
        request.session[two_factor.RECOVERY_CODES_TO_SHOW] = codes
        request.session[AFTER_RECOVERY_CODES] = next_url
        log_security_event("second factor set up", request=request, username=request.user.get_username())
        return redirect("recovery_codes")
    return render(
        request,
        "registration/two_factor_set_up.html",
        {
            "form": form,
            "next": next_url,
            "replacing": existing is not None,
            "qr_code": two_factor.qr_code_svg(device.config_url),
            "secret": two_factor.formatted_secret(device),
        },
    )


@login_required
def recovery_codes(request):
    """The recovery codes just made, shown this once."""
    codes = request.session.pop(two_factor.RECOVERY_CODES_TO_SHOW, None)
    if not codes:
        return redirect("account_security")
    continue_url = request.session.pop(AFTER_RECOVERY_CODES, None) or resolve_url("account_security")
    return render(request, "registration/recovery_codes.html", {"codes": codes, "continue_url": continue_url})


@require_POST
@login_required
@recent_authentication_required
def recovery_codes_regenerate(request):
    if two_factor.confirmed_authenticator(request.user) is None:
        return redirect("account_security")
    request.session[two_factor.RECOVERY_CODES_TO_SHOW] = two_factor.recovery_codes_replace(user=request.user)
    log_security_event("recovery codes replaced", request=request, username=request.user.get_username())
    return redirect("recovery_codes")


@require_POST
@login_required
@recent_authentication_required
def two_factor_turn_off(request):
    if request.user.is_staff:
        messages.error(request, _("Staff accounts must keep two-factor sign-in."))
        return redirect("account_security")
    two_factor.two_factor_turn_off(user=request.user)
    log_security_event("second factor turned off", request=request, username=request.user.get_username())
    messages.success(request, _("Two-factor sign-in is off."))
    return redirect("account_security")


@login_required
def reauthenticate(request):
    """ "Confirm it's you": the password, and the second factor if the account has one."""
    next_url = _next_or(request, "account_security")
    form = ConfirmItsYouForm(request, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            if form.device is not None:
                two_factor.second_factor_passed(request, form.device)
                _log_second_factor(request, form.device)
            else:
                sessions.session_renew(request)
            mark_recently_authenticated(request)
            log_security_event("identity confirmed", request=request, username=request.user.get_username())
            return redirect(next_url)
        log_security_event(
            "identity confirmation failed",
            request=request,
            username=request.user.get_username(),
            level=logging.WARNING,
        )
    minutes = int(settings.RECENT_AUTHENTICATION_TIMEOUT.total_seconds() // 60)
    return render(
        request, "registration/reauthenticate.html", {"form": form, "next": next_url, "minutes": minutes}
    )


@login_required
@recent_authentication_required
def email_change(request):
    old_email = request.user.email
    form = EmailChangeForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            if old_email and old_email != form.instance.email:
                # The owner hears of it at the address they had, in case it was not them.
                send_mail(
                    _("The email address of your account was changed"),
                    _(
                        "The email address of your CPP Knowledge Portal account %(username)s was changed to "
                        "%(email)s. If you did not do this, reset your password and tell the TDLC team."
                    )
                    % {"username": request.user.get_username(), "email": form.instance.email},
                    None,
                    [old_email],
                )
        log_security_event("email changed", request=request, username=request.user.get_username())
        messages.success(request, _("Your email address is changed."))
        return redirect("account_security")
    return render(request, "registration/email_change.html", {"form": form})


@login_required
def account_security(request):
    user = request.user
    has_authenticator = two_factor.confirmed_authenticator(user) is not None
    return render(
        request,
        "registration/account_security.html",
        {
            "has_authenticator": has_authenticator,
            "may_turn_off": has_authenticator and not user.is_staff,
            "recovery_codes_left": two_factor.recovery_codes_left(user) if has_authenticator else 0,
            "sessions": sessions.signed_in_sessions(user),
            "current_session_key": request.session.session_key,
            "api_keys": user.api_tokens.all(),
            "api_key_form": ApiKeyForm(user),
            # A new key is shown once, on the page the browser comes back to after making it.
            "new_api_key": request.session.pop(NEW_API_KEY, None),
        },
    )


NEW_API_KEY = "new_api_key"


@require_POST
@login_required
@recent_authentication_required
def api_key_create(request):
    form = ApiKeyForm(request.user, request.POST)
    if not form.is_valid():
        for error in form.errors.get("name", []) + form.non_field_errors():
            messages.error(request, error)
        return redirect("account_security")
    token, key = ApiToken.issue(request.user, form.cleaned_data["name"])
    request.session[NEW_API_KEY] = key
    log_security_event(f"API key {token.hint} made", request=request, username=request.user.get_username())
    return redirect(f"{reverse('account_security')}#api-keys-heading")


@require_POST
@login_required
def api_key_revoke(request, pk: int):
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    token.delete()
    log_security_event(f"API key {token.hint} revoked", request=request, username=request.user.get_username())
    messages.success(request, _("The key “%(name)s” no longer works.") % {"name": token.name})
    return redirect("account_security")


@require_POST
@login_required
def session_end(request, pk: int):
    session = get_object_or_404(
        UserSession.objects.filter(user=request.user).exclude(session_key=request.session.session_key), pk=pk
    )
    sessions.session_end(request=request, session=session)
    messages.success(request, _("That session is signed out."))
    return redirect("account_security")


@require_POST
@login_required
def sessions_end_others(request):
    count = sessions.sessions_end_others(request=request)
    text = ngettext(
        "%(count)d other session is signed out.", "%(count)d other sessions are signed out.", count
    )
    messages.success(request, text % {"count": count})
    return redirect("account_security")
