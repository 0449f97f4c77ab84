"""A small portal with one of everything a page can show, for the accessibility and map tests."""

import datetime

from django.contrib.auth.models import Permission, User
from django.utils import timezone

from cities.models import City
from deep_dives.models import ActionPlan, Session
from knowledge.models import Output, OutputUsage
from tests import builders


def build_sample_portal() -> dict:
    compact = builders.theme("Compact Cities", summary="Dense, walkable cities served by public transport.")
    smart = builders.theme("Smart Cities")
    toyama = builders.city(
        "Toyama",
        themes=[compact],
        cpp_batch=1,
        summary="A mid-sized partner city.",
        latitude="36.69583",
        longitude="137.21361",
        population=410000,
        population_year=2020,
    )
    yokohama = builders.city(
        "Yokohama", themes=[smart], cpp_batch=1, latitude="35.44361", longitude="139.63806"
    )
    builders.city("Kobe", cpp_batch=1, latitude="34.69000", longitude="135.19556")
    narayanganj = builders.city(
        "Narayanganj", role=City.Role.CLIENT, themes=[compact], latitude="23.62333", longitude="90.5"
    )
    lima = builders.city(
        "Lima",
        role=City.Role.CLIENT,
        country="Peru",
        themes=[smart],
        latitude="-12.04639",
        longitude="-77.04278",
    )
    tdd = builders.deep_dive(
        "Technical Deep Dive on Compact Cities",
        hosts=[toyama],
        themes=[compact],
        start_date=datetime.date(2017, 5, 8),
        end_date=datetime.date(2017, 5, 12),
        place="Toyama",
        objectives="See the light rail\nPlan a compact centre",
    )
    builders.session(tdd, "Site visit to the city centre", kind=Session.Kind.SITE_VISIT, day=1, attendance=40)
    builders.participation(
        tdd, narayanganj, delegation="Mayor of Narayanganj", challenge_statement="Density."
    )
    builders.action_plan(tdd, narayanganj, "Plan for a denser centre", status=ActionPlan.Status.IN_PROGRESS)
    smart_tdd = builders.deep_dive("Technical Deep Dive on Smart Cities", hosts=[yokohama], themes=[smart])
    builders.participation(smart_tdd, lima)

    note = builders.output(
        "Compact city planning in Toyama",
        themes=[compact],
        cities=[toyama, narayanganj],
        deep_dive=tdd,
        summary="How Toyama concentrates services along public transport.",
        body="## Approach\n\nDensify around stations.\n\n| Year | Riders |\n| --- | --- |\n| 2006 | 100 |",
        authors="City of Toyama",
        publication_date=datetime.date(2021, 5, 1),
        content_changed_at=timezone.now(),
    )
    builders.attachment(note, "toyama-compact-city.pdf", builders.pdf_bytes("The full note."))
    translation = builders.output(
        "富山市のコンパクトなまちづくり",
        language="ja",
        translation_of=note,
        themes=[compact],
        cities=[toyama],
        summary="公共交通に沿って都市機能を集めた富山市の取り組み。",
        publication_date=datetime.date(2021, 6, 1),
        content_changed_at=timezone.now() - datetime.timedelta(days=90),
    )
    builders.lesson(note, toyama, "Link transit and land use", themes=[compact])
    for number in range(3):
        builders.output(
            f"Smart city note {number}", themes=[smart], cities=[yokohama], kind=Output.Kind.REPORT
        )
    builders.output("Unpublished draft on compact cities", themes=[compact], status=Output.Status.DRAFT)
    OutputUsage.objects.create(output=note, day=timezone.localdate(), views=12, downloads=4)

    curator = User.objects.create_user("curator", password="unused", is_staff=True)
    curator.user_permissions.add(Permission.objects.get(codename="view_outputusage"))
    return {
        "note": note,
        "translation": translation,
        "tdd": tdd,
        "lesson": note.lessons.get(),
        "curator": curator,
    }


def page_paths(portal: dict) -> dict[str, str]:
    """Every type of public page (and the dashboard), by name."""
    return {
        "home": "/",
        "library": "/knowledge/",
        "library filtered": "/knowledge/?theme=compact-cities&language=ja&sort=title",
        "output": portal["note"].get_absolute_url(),
        "translated output": portal["translation"].get_absolute_url(),
        "lessons": "/lessons/",
        "lesson": portal["lesson"].get_absolute_url(),
        "themes": "/themes/",
        "theme": "/themes/compact-cities/",
        "cities": "/cities/",
        "partner city": "/cities/toyama/",
        "client city": "/cities/narayanganj/",
        "deep dives": "/deep-dives/",
        "deep dive": portal["tdd"].get_absolute_url(),
        "not found": "/knowledge/no-such-output/",
        "dashboard": "/dashboard/",
        "search": "/search/?q=compact",
    }


def log_in(context, client, live_server, user) -> None:
    """Give the browser the session cookie of `user`, logged in through Django's test client."""
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
