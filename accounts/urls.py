"""Sign in, sign out, password change and reset: Django's own views with the portal's templates.

Throttling of failed sign-ins is django-axes' (see settings and accounts/sign_in_limits.py); password reset
is throttled too (accounts.views.PasswordResetView). Password reset answers the same whether or not an
account has the address given, so neither page tells a visitor which accounts exist.
"""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts.views import PasswordResetView

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
