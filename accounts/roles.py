"""The roles of the portal.

- Curators (TDLC staff) are staff users in the "Curators" group, which holds exactly the permissions
  curation needs: editing cities, deep dives, outputs, files and lessons, managing city memberships and
  reviewing submissions. They cannot create accounts or change anyone's permissions; superusers do that.
- City officials are ordinary users with one or more city memberships (`cities.CityMembership`); what
  they may see and do follows from those memberships, not from permissions.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

CURATORS = "Curators"

# app label -> model -> actions
CURATOR_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "cities": {
        "theme": ("view", "add", "change"),
        "city": ("view", "add", "change"),
        "recognition": ("view", "add", "change", "delete"),
        "challenge": ("view", "add", "change", "delete"),
        "citymembership": ("view", "add", "change", "delete"),
    },
    "deep_dives": {
        "deepdive": ("view", "add", "change"),
        "session": ("view", "add", "change", "delete"),
        "participation": ("view", "add", "change", "delete"),
        "actionplan": ("view", "add", "change", "delete"),
    },
    "knowledge": {
        "output": ("view", "add", "change"),
        "attachment": ("view", "add", "change", "delete"),
        "lesson": ("view", "add", "change", "delete"),
        # The usage dashboard.
        "outputusage": ("view",),
    },
    "submissions": {
        "submission": ("view", "change"),
        "comment": ("view", "add"),
        "transition": ("view",),
        "previewlink": ("view", "add", "change"),
    },
    # The deep dives' offline kits, which the task queue builds (a curator may ask for a rebuild).
    "kits": {"kit": ("view",)},
    # What the portal has emailed, to follow up on one that could not be sent.
    "outbox": {"outgoingemail": ("view",)},
    # To pick the members of a city in the admin; not to change accounts.
    "auth": {"user": ("view",)},
}


def curator_permissions():
    wanted = Q(pk__in=[])
    for app_label, models in CURATOR_PERMISSIONS.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            wanted |= Q(content_type__app_label=app_label, content_type__model=model, codename__in=codenames)
    return Permission.objects.filter(wanted)


def ensure_curators_group(**kwargs) -> Group:
    """Create the Curators group, or bring its permissions back to exactly the list above."""
    group, _ = Group.objects.get_or_create(name=CURATORS)
    group.permissions.set(curator_permissions())
    return group


def is_curator(user) -> bool:
    """Staff who may review submissions: the Curators group, or a superuser."""
    return bool(user.is_active and user.is_staff and user.has_perm("submissions.change_submission"))


def curators():
    """The active accounts that hear about submissions by email."""
    return (
        get_user_model()
        .objects.filter(groups__name=CURATORS, is_active=True, is_staff=True)
        .exclude(email="")
    )
