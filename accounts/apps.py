from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from accounts.roles import ensure_curators_group

        # Permissions only exist once every app has migrated, so the group is set up after each migrate.
        post_migrate.connect(ensure_curators_group, dispatch_uid="accounts.ensure_curators_group")
