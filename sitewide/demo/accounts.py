"""The two demo accounts of `make run`. Only the demo creates them; a real deployment never has them."""

from django.contrib.auth import get_user_model

from accounts.roles import ensure_curators_group
from cities.models import City, CityMembership

DEMO_PASSWORD = "cpp-demo-2016"
CURATOR = "curator"
OFFICIAL = "toyama"


def load_demo_accounts(cities: dict[str, City], summary) -> None:
    users = get_user_model()
    curator = _account(
        users,
        CURATOR,
        summary,
        first_name="Demo",
        last_name="Curator",
        email="curator@example.org",
        is_staff=True,
    )
    curator.groups.add(ensure_curators_group())
    official = _account(
        users,
        OFFICIAL,
        summary,
        first_name="Demo",
        last_name="Official of Toyama",
        email="toyama@example.org",
    )
    CityMembership.objects.get_or_create(user=official, city=cities["toyama"])


def _account(users, username: str, summary, **fields):
    user = users.objects.filter(username=username).first()
    created = user is None
    if created:
        user = users(username=username)
        user.set_password(DEMO_PASSWORD)
    for name, value in fields.items():
        setattr(user, name, value)
    user.is_active = True
    user.save()
    summary.count(users, created=created)
    return user
