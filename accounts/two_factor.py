"""Two-factor sign-in with django-otp: an authenticator app (TOTP) and single-use recovery codes.

Staff (the curators, who use the admin) must have it: after the password, a staff account with no
authenticator is sent to set one up, and one with an authenticator is asked for a code, before any other
page, the admin included. Officials may turn it on from their account security page; then they are asked
for a code at each sign-in too. Wrong codes are throttled by django-otp (1, 2, 4, 8... seconds apart).
"""

from base64 import b32encode
from urllib.parse import urlencode

import qrcode
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import user_has_device, verify_token
from django_otp.models import Device, VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathImage

from accounts.sessions import session_renew

# Set at sign-in for an account with a second factor, until it is given.
SECOND_FACTOR_OWED = "second_factor_owed"
# The recovery codes just made, until the page that shows them once.
RECOVERY_CODES_TO_SHOW = "recovery_codes_to_show"

# What a signed-in visitor who still owes the second factor may reach.
OPEN_BEFORE_SECOND_FACTOR = {
    "two_factor_verify",
    "two_factor_set_up",
    "reauthenticate",
    "logout",
    "set_language",
}


def owe_second_factor(sender, request, user, **kwargs) -> None:
    """On user_logged_in: an account with a second factor must give it before anything else."""
    if user_has_device(user):
        request.session[SECOND_FACTOR_OWED] = True


def second_factor_step(request) -> str | None:
    """The page this visitor must go through first, if any: the code, or setting up an authenticator."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return None
    if request.session.get(SECOND_FACTOR_OWED):
        return "two_factor_verify"
    if user.is_staff:
        return "two_factor_verify" if user_has_device(user) else "two_factor_set_up"
    return None


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        step = second_factor_step(request)
        if step is None or request.resolver_match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")


def confirmed_authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def is_recovery_code(device: Device) -> bool:
    return isinstance(device, StaticDevice)


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def check_second_factor(user, code: str) -> Device:
    """The device that accepts `code`: a six-digit code from the authenticator, or a recovery code (which is
    then used up). Raises ValidationError, saying how long to wait if too many were wrong."""
    code = normalise_code(code)
    model = TOTPDevice if code.isdigit() else StaticDevice
    for device in model.objects.devices_for_user(user, confirmed=True):
        allowed, details = device.verify_is_allowed()
        if not allowed and details.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
            until = timezone.localtime(details["locked_until"])
            raise ValidationError(
                _("Too many wrong codes. Try again after %(time)s.") % {"time": time_format(until, "H:i:s")},
                code="throttled",
            )
        if verify_token(user, device.persistent_id, code):
            return device
    raise ValidationError(_("That code is not right, or has been used already."), code="wrong")


def second_factor_passed(request, device: Device) -> None:
    session_renew(request)
    otp_login(request, device)
    request.session.pop(SECOND_FACTOR_OWED, None)


def authenticator_for_set_up(user) -> TOTPDevice:
    """The authenticator being set up: the same secret however often the page is loaded, until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def check_set_up_code(device: TOTPDevice, code: str) -> None:
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not locked.verify_token(normalise_code(code)):
            raise ValidationError(_("That code is not right. Check the time on your phone and try again."))


@transaction.atomic
def authenticator_confirm(*, request, device: TOTPDevice) -> list[str]:
    """The new authenticator replaces any earlier one, with new recovery codes; this session counts as having
    passed the second factor."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_replace(user=device.user)
    second_factor_passed(request, device)
    return codes


@transaction.atomic
def recovery_codes_replace(*, user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_turn_off(*, user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def formatted_secret(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app that cannot scan."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(text: str) -> str:
    """An SVG drawing of a QR code, put inline in the page: no image request, no third-party service."""
    return qrcode.make(text, image_factory=SvgPathImage, border=2).to_string(encoding="unicode")
