"""The library's keyword box runs the search engine: ranked results, highlighted passages, suggestions."""

import html
import re

import pytest

from knowledge.models import Output
from tests import builders
from tests.knowledge.test_library import shown_titles

pytestmark = pytest.mark.django_db

LIBRARY = "/knowledge/"


def card_texts(response) -> list[str]:
    return re.findall(r'<article class="card.*?</article>', response.content.decode(), re.S)


def test_a_title_match_comes_before_a_body_match(client):
    builders.output("Notes on drainage", body="Light rail in the compact city of Toyama.")
    builders.output("Light rail and the compact city", body="How a tram line reshaped a city.")

    assert shown_titles(client.get(f"{LIBRARY}?q=light+rail")) == [
        "Light rail and the compact city",
        "Notes on drainage",
    ]


def test_a_word_found_only_in_a_file_shows_the_passage_it_is_in(client):
    output = builders.output("Flood maps", summary="Maps of the river basin.")
    builders.attachment(output, "annex.pdf", extracted_text="The annex lists every quoryx gauge upstream.")

    response = client.get(f"{LIBRARY}?q=quoryx")

    assert shown_titles(response) == ["Flood maps"]
    [card] = card_texts(response)
    assert "<mark>quoryx</mark>" in card


def test_html_in_a_document_is_shown_as_text_in_its_passage(client):
    builders.output("<b>Wastewater</b> plants", summary="Wastewater <script>alert(1)</script> treatment.")

    card = card_texts(client.get(f"{LIBRARY}?q=wastewater"))[0]

    assert "<script>" not in card and "<b>" not in card
    assert "&lt;b&gt;Wastewater&lt;/b&gt; plants" in card
    assert re.search(r"<mark>wastewater</mark>", card, re.I)


def test_a_misspelling_offers_the_nearest_word_and_keeps_the_filters(client):
    toyama = builders.city("Toyama")
    builders.output("Compact city of Toyama", cities=[toyama], kind=Output.Kind.TOOLKIT)

    response = client.get(f"{LIBRARY}?q=toyma&kind=toolkit")

    assert shown_titles(response) == []
    link = re.search(r'Did you mean <a href="([^"]+)">([^<]+)</a>', response.content.decode())
    assert link.group(2) == "toyama"
    corrected = html.unescape(link.group(1))
    assert "q=toyama" in corrected and "kind=toolkit" in corrected
    assert shown_titles(client.get(LIBRARY + corrected)) == ["Compact city of Toyama"]


def test_a_draft_is_never_found(client):
    builders.output("Draft about zelkovine", status=Output.Status.DRAFT)
    builders.output("Published note")

    response = client.get(f"{LIBRARY}?q=zelkovine")

    assert shown_titles(response) == []
    assert "Draft about" not in response.content.decode()
