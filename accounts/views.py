from django.conf import settings
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once sign-ins are paused: the same for an account that exists and one that does
    not, so it tells nothing about which accounts there are."""
    return render(
        request,
        "registration/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )
