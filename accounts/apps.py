from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from accounts import security_log, sessions, two_factor
        from accounts.roles import ensure_curators_group

        user_logged_in.connect(sessions.session_started, dispatch_uid="accounts.session_started")
        user_logged_in.connect(two_factor.owe_second_factor, dispatch_uid="accounts.second_factor")
        user_logged_out.connect(sessions.session_closed, dispatch_uid="accounts.session_closed")
        user_login_failed.connect(security_log.sign_in_failed, dispatch_uid="accounts.sign_in_failed")

        # Permissions only exist once every app has migrated, so the group is set up after each migrate.
        post_migrate.connect(ensure_curators_group, dispatch_uid="accounts.ensure_curators_group")
