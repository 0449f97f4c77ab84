"""Officials who submit outputs of one title at the same moment each get their own, with a slug of its own:
real parallel transactions on PostgreSQL, one connection per thread."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from cities.models import City
from deep_dives.models import DeepDive
from knowledge.models import Lesson, Output
from tests import builders
from tests.builders import PortalClient
from tests.submissions.support import submission_data

pytestmark = pytest.mark.django_db(transaction=True)

PARALLEL = 20


def run_together(count: int, work: Callable[[int], object]) -> list:
    """Run `work(0)` ... `work(count - 1)` in threads that start at the same moment; their results (or
    what they raised) in order. Each thread closes its own database connection when it is done."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(number: int) -> None:
        try:
            barrier.wait()
            results[number] = work(number)
        except Exception as error:  # reported by the test, not lost in the thread
            results[number] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_officials_submitting_one_title_at_the_same_moment_each_get_an_output_with_its_own_slug(people):
    clients = []
    for number in range(PARALLEL):
        client = PortalClient(raise_request_exception=False)
        client.force_login(builders.official(people.toyama, username=f"official{number}"))
        clients.append(client)
    data = submission_data(people)

    statuses = run_together(PARALLEL, lambda number: clients[number].post("/submit/new/", data).status_code)

    assert statuses == [302] * PARALLEL
    slugs = list(Output.objects.values_list("slug", flat=True))
    assert len(slugs) == PARALLEL
    assert len(set(slugs)) == PARALLEL
    assert "compact-city-planning-in-toyama" in slugs
    assert "compact-city-planning-in-toyama-2" in slugs


def a_lesson(people) -> Callable[[], Lesson]:
    output = builders.output("Compact city planning in Toyama", cities=[people.toyama])
    return lambda: builders.lesson(output, people.toyama, "Trams first")


def a_deep_dive(people) -> Callable[[], DeepDive]:
    return lambda: builders.deep_dive("Deep dive on trams")


def a_city(people) -> Callable[[], City]:
    return lambda: builders.city("Kitakyushu")


@pytest.mark.parametrize("maker", [a_lesson, a_deep_dive, a_city])
def test_rows_of_one_name_saved_at_the_same_moment_each_get_a_slug_of_their_own(people, maker):
    make = maker(people)

    saved = run_together(PARALLEL, lambda number: make())

    assert not [row for row in saved if isinstance(row, Exception)]
    slugs = {row.slug for row in saved}
    assert len(slugs) == PARALLEL
    assert type(saved[0]).objects.filter(slug__in=slugs).count() == PARALLEL
