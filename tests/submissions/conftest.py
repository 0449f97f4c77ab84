"""The people of the submission tests: a curator, an official of Toyama, an official of Yokohama."""

from types import SimpleNamespace

import pytest

from cities.models import City
from tests import builders


@pytest.fixture
def people(db):
    compact = builders.theme("Compact Cities")
    smart = builders.theme("Smart Cities")
    toyama = builders.city("Toyama", themes=[compact])
    yokohama = builders.city("Yokohama", themes=[smart])
    narayanganj = builders.city("Narayanganj", role=City.Role.CLIENT)
    return SimpleNamespace(
        compact=compact,
        smart=smart,
        toyama=toyama,
        yokohama=yokohama,
        narayanganj=narayanganj,
        curator=builders.curator(email="curator@tdlc.example"),
        official=builders.official(toyama, username="aiko", email="aiko@toyama.example"),
        other_official=builders.official(yokohama, username="kenji", email="kenji@yokohama.example"),
    )
