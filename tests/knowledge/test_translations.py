"""Outputs in several languages: an original and its translations are one work.

The output page offers every version; the library lists each work once, with its languages; a
translation that last changed before its original is marked as possibly out of date.
"""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from knowledge.models import Output
from tests import builders
from tests.knowledge.test_library import facet_counts, result_count, shown_titles

pytestmark = pytest.mark.django_db

LIBRARY = reverse("knowledge:library")
LONG_AGO = timezone.now() - datetime.timedelta(days=400)
LATER = timezone.now() - datetime.timedelta(days=30)


def text_of(response) -> str:
    """The page as a reader sees it: inline tags dropped, block tags as spaces."""
    page = re.sub(r"</?(a|span|time|strong|em)\b[^>]*>", "", response.content.decode())
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def card_of(response, title: str) -> str:
    """The markup of the result card with this title."""
    cards = re.findall(r'<article class="card output-card">.*?</article>', response.content.decode(), re.S)
    return next(card for card in cards if f">{title}</a></h3>" in card)


def other_versions_on(card: str) -> list[tuple[str, str, str, str]]:
    """(link, hreflang, language, title) of each other version a card offers."""
    link = r'<a href="([^"]*)" hreflang="(\w+)">(\w+)<span class="visually-hidden">: <span[^>]*>(.*?)</span>'
    return re.findall(link, card)


def versions_offered(response) -> list[tuple[str, str, str]]:
    """(language, title, link or "current") for each version listed on an output page."""
    section = re.search(r'<nav class="versions".*?</nav>', response.content.decode(), re.S)
    if not section:
        return []
    offered = []
    for item in re.findall(r'<li class="versions__item">(.*?)</li>', section.group(0), re.S):
        language = re.search(r'class="versions__language">(.*?)</span>', item).group(1)
        link = re.search(r'<a href="([^"]*)" hreflang="([^"]*)"[^>]*>(.*?)</a>', item)
        if link:
            offered.append((language, html.unescape(link.group(3)), link.group(1)))
        else:
            current = re.search(r'<span aria-current="page"[^>]*>(.*?)</span>', item).group(1)
            offered.append((language, html.unescape(current), "current"))
    return offered


def curator() -> User:
    user = User.objects.create_user("curator", password="unused", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_output"))
    return user


@pytest.fixture
def work():
    """An English original with a Japanese translation (older than the original) and a French one."""
    theme = builders.theme("Compact Cities")
    original = builders.output(
        "Compact city planning",
        themes=[theme],
        kind=Output.Kind.CASE_STUDY,
        content_changed_at=LATER,
    )
    japanese = builders.output(
        "コンパクトシティ計画",
        language="ja",
        translation_of=original,
        themes=[theme],
        kind=Output.Kind.CASE_STUDY,
        content_changed_at=LONG_AGO,
    )
    french = builders.output(
        "Planifier la ville compacte",
        language="fr",
        translation_of=original,
        themes=[theme],
        kind=Output.Kind.CASE_STUDY,
        content_changed_at=timezone.now(),
    )
    return {"theme": theme, "en": original, "ja": japanese, "fr": french}


# The output page


def test_the_original_offers_every_translation(client, work):
    response = client.get(work["en"].get_absolute_url())

    assert versions_offered(response) == [
        ("English", "Compact city planning", "current"),
        ("French", "Planifier la ville compacte", work["fr"].get_absolute_url()),
        ("Japanese", "コンパクトシティ計画", work["ja"].get_absolute_url()),
    ]
    page = response.content.decode()
    assert f'href="{work["ja"].get_absolute_url()}" hreflang="ja" lang="ja"' in page
    assert f'href="{work["fr"].get_absolute_url()}" hreflang="fr" lang="fr"' in page


def test_a_translation_offers_its_original_and_the_other_translations(client, work):
    response = client.get(work["fr"].get_absolute_url())

    assert versions_offered(response) == [
        ("English", "Compact city planning", work["en"].get_absolute_url()),
        ("French", "Planifier la ville compacte", "current"),
        ("Japanese", "コンパクトシティ計画", work["ja"].get_absolute_url()),
    ]
    # The content is marked as French, so that a screen reader reads it in French.
    assert '<h1 lang="fr">Planifier la ville compacte</h1>' in response.content.decode()


def test_an_output_without_translations_lists_no_versions(client):
    output = builders.output("Only in English")

    response = client.get(output.get_absolute_url())

    assert versions_offered(response) == []
    assert "Languages" not in text_of(response).split("Language English")[0]


def test_unpublished_versions_are_not_offered_to_visitors(client, work):
    work["fr"].status = Output.Status.DRAFT
    work["fr"].save(update_fields=["status"])

    response = client.get(work["en"].get_absolute_url())

    titles = [title for _, title, _ in versions_offered(response)]
    assert titles == ["Compact city planning", "コンパクトシティ計画"]
    assert "Planifier" not in response.content.decode()


def test_curators_see_unpublished_versions_with_their_status(client, work):
    work["fr"].status = Output.Status.DRAFT
    work["fr"].save(update_fields=["status"])
    client.force_login(curator())

    response = client.get(work["en"].get_absolute_url())

    titles = [title for _, title, _ in versions_offered(response)]
    assert titles == ["Compact city planning", "Planifier la ville compacte", "コンパクトシティ計画"]
    draft = re.search(r"Planifier la ville compacte</a>(.*?)</li>", response.content.decode(), re.S).group(1)
    assert '<span class="badge badge--unpublished">Draft</span>' in draft


# Possibly out of date


def test_a_translation_older_than_its_original_says_it_may_be_out_of_date(client, work):
    response = client.get(work["ja"].get_absolute_url())

    text = text_of(response)
    changed = timezone.localtime(LATER).strftime("%-d %B %Y")
    updated = timezone.localtime(LONG_AGO).strftime("%-d %B %Y")
    assert (
        f"This translation may be out of date: its original, Compact city planning, changed on {changed}, "
        f"after this translation was last updated on {updated}."
    ) in text
    assert f'<a href="{work["en"].get_absolute_url()}" hreflang="en">Compact city planning</a>' in (
        response.content.decode()
    )


def test_an_up_to_date_translation_has_no_warning(client, work):
    response = client.get(work["fr"].get_absolute_url())

    assert "may be out of date" not in text_of(response)


def test_the_original_marks_which_translations_may_be_out_of_date(client, work):
    page = client.get(work["en"].get_absolute_url()).content.decode()

    items = dict(re.findall(r'hreflang="(\w+)".*?</a>(.*?)</li>', page, re.S))
    assert "May be out of date" in items["ja"]
    assert "May be out of date" not in items["fr"]
    assert "This translation may be out of date" not in page


def test_editing_the_original_makes_its_translations_possibly_out_of_date(client, work):
    original = Output.objects.get(pk=work["en"].pk)
    original.summary = "A new summary, written after the translations."
    original.save()

    response = client.get(work["fr"].get_absolute_url())

    assert "This translation may be out of date" in text_of(response)


def test_updating_a_translation_makes_it_current_again(client, work):
    japanese = Output.objects.get(pk=work["ja"].pk)
    japanese.body = "更新した本文。"
    japanese.save(update_fields=["body"])

    assert "may be out of date" not in text_of(client.get(work["ja"].get_absolute_url()))
    assert Output.objects.get(pk=japanese.pk).content_changed_at > LATER


def test_changes_that_are_not_content_do_not_count_as_changes(work):
    original = Output.objects.get(pk=work["en"].pk)
    original.featured = True
    original.status = Output.Status.ARCHIVED
    original.save()
    original.status = Output.Status.PUBLISHED
    original.save(update_fields=["status"])

    assert Output.objects.get(pk=original.pk).content_changed_at == LATER


# The library: one entry per work


def test_the_library_lists_a_work_once_with_its_languages(client, work):
    builders.output("A note without translations", themes=[work["theme"]])

    response = client.get(LIBRARY)

    assert sorted(shown_titles(response)) == ["A note without translations", "Compact city planning"]
    assert result_count(response) == "2 outputs"
    card = card_of(response, "Compact city planning")
    assert "Also in" in card
    assert other_versions_on(card) == [
        (work["fr"].get_absolute_url(), "fr", "French", "Planifier la ville compacte"),
        (work["ja"].get_absolute_url(), "ja", "Japanese", "コンパクトシティ計画"),
    ]


def test_the_language_facet_counts_the_works_that_have_a_version_in_each_language(client, work):
    builders.output("A note without translations", themes=[work["theme"]])
    builders.output("日本語だけの資料", language="ja", themes=[work["theme"]])

    response = client.get(LIBRARY)

    assert facet_counts(response, "language") == {"English": 2, "Japanese": 2, "French": 1}
    # The other facets count works, not versions.
    assert facet_counts(response, "theme") == {"Compact Cities": 3}
    assert facet_counts(response, "kind") == {"Knowledge note": 2, "Case study": 1}
    assert result_count(response) == "3 outputs"


def test_choosing_a_language_lists_each_work_in_that_language(client, work):
    builders.output("日本語だけの資料", language="ja")

    response = client.get(f"{LIBRARY}?language=ja")

    assert sorted(shown_titles(response)) == ["コンパクトシティ計画", "日本語だけの資料"]
    assert result_count(response) == "2 outputs"
    # The Japanese version is older than the original: its card says so.
    assert "Translation may be out of date" in text_of(response)
    card = card_of(response, "コンパクトシティ計画")
    assert [language for _, language, _, _ in other_versions_on(card)] == ["en", "fr"]


def test_choosing_two_languages_of_one_work_lists_it_once_as_the_original(client, work):
    response = client.get(f"{LIBRARY}?language=ja&language=en")

    assert shown_titles(response) == ["Compact city planning"]
    assert result_count(response) == "1 output"


def test_two_translations_without_their_original_list_the_work_once(client, work):
    response = client.get(f"{LIBRARY}?language=ja&language=fr")

    assert shown_titles(response) == ["コンパクトシティ計画"]


def test_a_published_translation_of_an_unpublished_original_stands_for_the_work(client, work):
    work["en"].status = Output.Status.DRAFT
    work["en"].save(update_fields=["status"])

    response = client.get(LIBRARY)

    assert shown_titles(response) == ["コンパクトシティ計画"]
    assert result_count(response) == "1 output"
    assert facet_counts(response, "language") == {"French": 1, "Japanese": 1}
    assert "Compact city planning" not in response.content.decode()
    card = card_of(response, "コンパクトシティ計画")
    assert [language for _, language, _, _ in other_versions_on(card)] == ["fr"]


def test_the_library_runs_a_fixed_number_of_queries_with_translations_on_the_page(
    client, django_assert_num_queries, work
):
    # The 11 of the plain library, plus the originals of the translations shown (language=ja lists the
    # Japanese version) and their other translations.
    with django_assert_num_queries(13):
        response = client.get(f"{LIBRARY}?language=ja")
    for number in range(5):
        original = builders.output(f"Original {number}")
        builders.output(f"翻訳 {number}", language="ja", translation_of=original)
    with django_assert_num_queries(13):
        more = client.get(f"{LIBRARY}?language=ja")

    assert len(shown_titles(response)) == 1
    assert len(shown_titles(more)) == 6


# Rules for translations


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("itself", "An output cannot be a translation of itself."),
        ("translation", "“コンパクトシティ計画” is itself a translation: choose the original it translates."),
        (
            "same language",
            "“Compact city planning” is already in this language: a translation needs another language.",
        ),
        ("taken language", "“Compact city planning” already has a translation in this language."),
        ("has translations", "This output has translations of its own, so it cannot be a translation."),
    ],
)
def test_a_translation_must_name_an_original_in_another_language(work, case, message):
    other = builders.output("Another English original")
    candidate, original, language = {
        "itself": (other, other, "ja"),
        "translation": (other, work["ja"], "es"),
        "same language": (other, work["en"], "en"),
        "taken language": (other, work["en"], "ja"),
        "has translations": (work["en"], other, "es"),
    }[case]
    candidate.translation_of = original
    candidate.language = language

    with pytest.raises(ValidationError) as raised:
        candidate.full_clean()

    assert raised.value.message_dict == {"translation_of": [message]}


def admin_output_form(title: str, **fields) -> dict:
    management = {
        f"{prefix}-{name}": value
        for prefix in ("attachments", "lessons")
        for name, value in [("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0)]
    }
    return {
        "title": title,
        "slug": "",
        "kind": Output.Kind.CASE_STUDY,
        "summary": "A summary.",
        "language": "en",
        "licence": Output.Licence.CC_BY_3_IGO,
        **management,
        **fields,
    }


def test_a_translation_of_an_output_that_does_not_exist_is_refused_without_an_error(work):
    candidate = builders.output("Another English original")
    candidate.translation_of_id = 999_999
    candidate.language = "ja"

    with pytest.raises(ValidationError) as raised:
        candidate.full_clean()

    assert list(raised.value.message_dict) == ["translation_of"]


def test_the_admin_adds_a_translation_that_the_original_then_offers(admin_client, client, work):
    data = admin_output_form("Planificación de la ciudad compacta", slug="planificacion", language="es")

    response = admin_client.post(
        reverse("admin:knowledge_output_add"), {**data, "translation_of": work["en"].pk}
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    spanish = Output.objects.get(slug="planificacion")
    assert spanish.translation_of == work["en"]
    # Added in the admin, it waits for review; once published, the original offers it.
    admin_client.post(
        reverse("admin:submissions_submission_change", args=[spanish.pk]),
        {"form": "review", "action": "publish", "note": "", "publish_at": ""},
    )
    offered = versions_offered(client.get(work["en"].get_absolute_url()))
    assert ("Spanish", "Planificación de la ciudad compacta", spanish.get_absolute_url()) in offered


def test_the_admin_refuses_a_translation_in_the_language_of_its_original(admin_client, work):
    data = admin_output_form("Compact city planning, again", slug="again", language="en")

    response = admin_client.post(
        reverse("admin:knowledge_output_add"), {**data, "translation_of": work["en"].pk}
    )

    assert response.status_code == 200
    assert "is already in this language: a translation needs another language." in text_of(response)
    assert not Output.objects.filter(slug="again").exists()


def test_deleting_an_original_leaves_its_translations_as_works_of_their_own(client, work):
    work["en"].delete()

    response = client.get(LIBRARY)

    assert sorted(shown_titles(response)) == ["Planifier la ville compacte", "コンパクトシティ計画"]
    assert versions_offered(client.get(work["ja"].get_absolute_url())) == []


def test_every_list_of_outputs_shows_a_work_once_and_counts_it_as_the_library_does(client, work):
    toyama = builders.city("Toyama")
    tdd = builders.deep_dive("Technical Deep Dive on Compact Cities", hosts=[toyama])
    for version in work.values():
        if isinstance(version, Output):
            version.cities.set([toyama])
            version.deep_dive = tdd
            version.save(update_fields=["deep_dive"])
    versions = ("Planifier la ville compacte", "コンパクトシティ計画")

    for path in ["/", "/themes/compact-cities/", "/cities/toyama/", tdd.get_absolute_url()]:
        page = client.get(path).content.decode()
        assert page.count(">Compact city planning</a></h3>") == 1, path
        assert not any(f">{title}</a></h3>" in page for title in versions), path
    assert result_count(client.get(f"{LIBRARY}?theme=compact-cities")) == "1 output"
    themes = text_of(client.get("/themes/"))
    assert "Compact Cities 1 output" in themes


def test_related_outputs_leave_out_the_other_versions_of_the_same_work(client, work):
    builders.output("Another compact city note", themes=[work["theme"]])

    page = client.get(work["ja"].get_absolute_url()).content.decode()

    related = page.split('id="related-heading"', 1)[1]
    assert ">Another compact city note</a>" in related
    assert "Compact city planning" not in related and "Planifier" not in related
