"""Whole public pages from the shared cache (content_state.pages): every visitor who is not signed in
gets the same page, except for what belongs to the visit (the form token, an output's view counts), and
nobody else is ever given that copy."""

import re

import lxml.html
import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.session import SessionStorage
from django.http import HttpResponse
from django.test import Client, RequestFactory

from tests import builders
from tests.knowledge.test_usage import FIREFOX, usage_shown

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def toyama():
    return builders.city("Toyama")


@pytest.fixture
def pages(toyama):
    deep_dive = builders.deep_dive("Compact city planning", hosts=[toyama])
    output = builders.output("Light rail in Toyama", cities=[toyama], deep_dive=deep_dive)
    # Each page with the queries of a cached visit: the object it shows (none on the home page), and for
    # an output its view counts with it.
    return {
        "/": 0,
        toyama.get_absolute_url(): 1,
        deep_dive.get_absolute_url(): 1,
        output.get_absolute_url(): 1,
        f"/ja{output.get_absolute_url()}": 1,
    }


def without_token(html: str) -> str:
    return TOKEN.sub("", html)


def switcher_next(response) -> str:
    form = lxml.html.fromstring(response.content).xpath("//form[@class='language-switcher']")[0]
    return form.xpath(".//input[@name='next']/@value")[0]


def test_every_visitor_gets_the_same_page_with_a_form_token_of_their_own(pages, django_assert_num_queries):
    for path, queries in pages.items():
        first = Client().get(path)
        with django_assert_num_queries(queries):
            second = Client().get(path)
        assert first.status_code == second.status_code == 200
        assert without_token(second.content.decode()) == without_token(first.content.decode())
        assert TOKEN.search(first.content.decode())[1] != TOKEN.search(second.content.decode())[1]


def test_the_language_switcher_works_from_a_cached_page(pages):
    output_page = list(pages)[3]
    Client(enforce_csrf_checks=True).get(output_page)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(output_page)
    token = TOKEN.search(page.content.decode())[1]

    switched = visitor.post(
        "/i18n/setlang/", {"language": "ja", "next": switcher_next(page), "csrfmiddlewaretoken": token}
    )

    assert switched.status_code == 302
    assert switched["Location"] == f"/ja{output_page}"


def test_a_form_token_from_someone_elses_page_is_refused(pages):
    output_page = list(pages)[3]
    someone = Client(enforce_csrf_checks=True)
    their_token = TOKEN.search(someone.get(output_page).content.decode())[1]
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(output_page)

    refused = visitor.post(
        "/i18n/setlang/", {"language": "ja", "next": output_page, "csrfmiddlewaretoken": their_token}
    )

    assert refused.status_code == 403


def test_each_visit_shows_the_views_counted_so_far(pages):
    output_page = list(pages)[3]

    shown = [usage_shown(Client(HTTP_USER_AGENT=FIREFOX).get(output_page)) for _ in range(3)]

    assert shown == [
        "Viewed 1 time Files downloaded 0 times",
        "Viewed 2 times Files downloaded 0 times",
        "Viewed 3 times Files downloaded 0 times",
    ]


def test_a_signed_in_official_and_the_public_never_get_each_others_page(pages, client):
    toyama_page = list(pages)[1]
    client.get(toyama_page)
    official = Client()
    official.force_login(builders.official(builders.city("Kobe"), username="kobe-official"))

    their_page = official.get(toyama_page).content.decode()
    public_page = Client().get(toyama_page).content.decode()

    assert "Sign out" in their_page and "Sign in" not in their_page
    assert "Sign in" in public_page and "Sign out" not in public_page


def test_a_visit_with_a_query_string_gets_a_page_of_its_own(pages):
    toyama_page = list(pages)[1]
    Client().get(toyama_page)

    response = Client().get(f"{toyama_page}?from=newsletter")

    assert switcher_next(response) == f"{toyama_page}?from=newsletter"


def test_a_visitor_with_a_message_waiting_sees_it(pages):
    Client().get("/")
    visitor = Client()
    session = visitor.session
    request = RequestFactory().get("/")
    request.session = session
    SessionStorage(request)._store([Message(constants.SUCCESS, "Your output was sent")], HttpResponse())
    session.save()

    assert "Your output was sent" in visitor.get("/").content.decode()
    assert "Your output was sent" not in Client().get("/").content.decode()


def test_a_publish_replaces_the_cached_page(pages, toyama):
    Client().get(toyama.get_absolute_url())

    builders.output("The tram loop of Toyama", cities=[toyama])

    assert "The tram loop of Toyama" in Client().get(toyama.get_absolute_url()).content.decode()
