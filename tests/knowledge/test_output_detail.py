"""One output's page at /knowledge/<slug>/, its cover and its files."""

import datetime
import html
import re
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.base import ContentFile
from django.utils import timezone

from cities.models import City
from knowledge.models import Output
from tests import builders

pytestmark = pytest.mark.django_db

HIDDEN_STATUSES = [status for status in Output.Status if status != Output.Status.PUBLISHED]


def hidden_output(state: str, **fields) -> Output:
    """An output that is not public: one of the non-published statuses, or published with a future date."""
    if state == "embargoed":
        fields.setdefault("published_at", timezone.now() + datetime.timedelta(days=2))
        return builders.output(**fields)
    return builders.output(status=state, **fields)


def curator(*, may_view_outputs: bool = True) -> User:
    user = User.objects.create_user(f"curator-{may_view_outputs}", password="unused", is_staff=True)
    if may_view_outputs:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="knowledge", codename="view_output")
        )
    return user


def text_of(response) -> str:
    """The page as text, entities decoded and non-breaking spaces made plain."""
    return html.unescape(response.content.decode()).replace("\xa0", " ")


def file_links(response) -> list[tuple[str, str, str]]:
    """(name, link, "type · size") for each file listed on the page."""
    found = re.findall(
        r'<a class="file__link" href="([^"]*)" download>(.*?)</a>\s*<span class="file__meta">(.*?)</span>',
        response.content.decode(),
        re.S,
    )
    return [
        (html.unescape(name), html.unescape(href), html.unescape(meta).replace("\xa0", " "))
        for href, name, meta in found
    ]


def downloaded(response) -> bytes:
    # Reading the content to the end also closes the file, as a WSGI server would.
    return b"".join(response.streaming_content)


def without_request_details(response, path: str) -> str:
    """The body of a page with what differs per request (its own address, the CSRF token) taken out."""
    body = response.content.decode().replace(path, "<path>")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)


def test_shows_everything_about_the_output(client):
    compact = builders.theme("Compact Cities")
    toyama = builders.city("Toyama")
    narayanganj = builders.city("Narayanganj", role=City.Role.CLIENT)
    tdd = builders.deep_dive("Technical Deep Dive on Compact Cities", hosts=[toyama])
    output = builders.output(
        "Toyama's light rail transit",
        summary="How a tram line reshaped the city centre.",
        body="# Background\n\nToyama built a **light rail** line.\n\n- Fewer cars\n- More visitors",
        authors="Aiko Tanaka\n\nJohn Smith\n",
        licence=Output.Licence.CC_BY_4,
        kind=Output.Kind.CASE_STUDY,
        themes=[compact],
        cities=[toyama, narayanganj],
        deep_dive=tdd,
        publication_date=datetime.date(2017, 3, 14),
    )

    response = client.get(output.get_absolute_url())
    page = response.content.decode()
    text = text_of(response)

    assert response.status_code == 200
    assert "<h1>Toyama&#x27;s light rail transit</h1>" in page
    assert "How a tram line reshaped the city centre." in text
    # Markdown is rendered, and the page title stays the only h1.
    assert "<h2>Background</h2>" in page
    assert "<strong>light rail</strong>" in page
    assert "<li>Fewer cars</li>" in page
    assert "<dt>Authors</dt><dd>Aiko Tanaka, John Smith</dd>" in text
    assert (
        '<dt>Licence</dt><dd><a rel="license" href="https://creativecommons.org/licenses/by/4.0/">'
        "Creative Commons Attribution 4.0</a></dd>"
    ) in text
    assert '<time datetime="2017-03-14">14 March 2017</time>' in page
    assert "Case study" in text
    assert f'<a href="{compact.get_absolute_url()}">Compact Cities</a>' in page
    assert f'<a href="{toyama.get_absolute_url()}">Toyama</a>' in page
    assert f'<a href="{narayanganj.get_absolute_url()}">Narayanganj</a>' in page
    assert f'<a href="{tdd.get_absolute_url()}">Technical Deep Dive on Compact Cities</a>' in page
    assert "Not public" not in page


@pytest.mark.parametrize(
    ("body", "must_not_contain", "shown_as_text"),
    [
        ('<script>alert("owned")</script>', "<script>alert", "&lt;script&gt;alert"),
        ("<img src=x onerror=alert(1)>", "<img src=x", "&lt;img src=x onerror=alert(1)&gt;"),
        ('<a href="https://evil.example">raw link</a>', '<a href="https://evil.example"', "&lt;a href="),
        ("<iframe src=https://evil.example></iframe>", "<iframe src=https://evil.example", "&lt;iframe"),
    ],
)
def test_raw_html_in_the_body_is_shown_as_text(client, body, must_not_contain, shown_as_text):
    output = builders.output(body=f"Before.\n\n{body}\n\nAfter.")

    page = client.get(output.get_absolute_url()).content.decode()

    assert must_not_contain not in page
    assert shown_as_text in page
    assert "After." in page


@pytest.mark.parametrize(
    "link",
    [
        "[click me](javascript:alert(1))",
        "[click me](JaVaScRiPt:alert(1))",
        "[click me](&#106;avascript:alert(1))",
        "[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click me](vbscript:msgbox(1))",
        "[click me][ref]\n\n[ref]: javascript:alert(1)",
    ],
)
def test_a_script_link_in_the_body_is_not_a_link(client, link):
    output = builders.output(body=f"Read this: {link}")

    page = client.get(output.get_absolute_url()).content.decode()
    prose = re.search(r'<div class="prose">(.*?)</div>', page, re.S).group(1)

    assert "click me" in prose
    assert "<a " not in prose
    assert not re.search(r"href=\"\s*(javascript|vbscript|data):", page, re.I)


def test_ordinary_links_in_the_body_stay_links_that_do_not_pass_on_the_referrer(client):
    output = builders.output(body="See [the TDLC site](https://www.jointokyo.org/).")

    page = client.get(output.get_absolute_url()).content.decode()

    assert '<a href="https://www.jointokyo.org/" rel="nofollow noopener noreferrer">the TDLC site</a>' in page


def test_lists_each_file_with_its_name_type_and_size(client):
    output = builders.output()
    builders.attachment(output, "compact-city-plan.pdf", b"%PDF-1.4\n" + b"0" * 2039)
    builders.attachment(
        output,
        "workshop-slides.pptx",
        b"x" * 1_572_864,
        content_type="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    )
    # No type given: it is guessed from the name.
    builders.attachment(output, "notes.docx", b"12345", content_type="")

    files = file_links(client.get(output.get_absolute_url()))

    assert [(name, meta) for name, _, meta in files] == [
        ("compact-city-plan.pdf", "PDF · 2.0 KB"),
        ("workshop-slides.pptx", "PowerPoint presentation · 1.5 MB"),
        ("notes.docx", "Word document · 5 bytes"),
    ]


def test_the_download_link_gives_back_exactly_the_stored_file(client):
    output = builders.output()
    content = builders.pdf_bytes("Compact city plan for Toyama.")
    builders.attachment(output, "compact-city-plan.pdf", content)

    [(name, link, _)] = file_links(client.get(output.get_absolute_url()))
    response = client.get(link)

    assert response.status_code == 200
    assert downloaded(response) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="compact-city-plan.pdf"'
    assert response["Content-Length"] == str(len(content))
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_file_keeps_its_original_non_ascii_name(client):
    output = builders.output()
    builders.attachment(output, "富山市の計画.pdf", b"%PDF-1.4 plan")

    [(name, link, _)] = file_links(client.get(output.get_absolute_url()))
    response = client.get(link)

    assert name == "富山市の計画.pdf"
    assert downloaded(response) == b"%PDF-1.4 plan"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('富山市の計画.pdf')}"


def test_a_file_name_typed_with_folders_and_quotes_still_lists_and_downloads(client):
    # A curator can type any file name in the admin; it ends up in a URL and in a header.
    output = builders.output()
    attachment = builders.attachment(output, '../../reports/plan "final".pdf', b"%PDF-1.4 final")

    response = client.get(output.get_absolute_url())
    [(name, link, _)] = file_links(response)
    download = client.get(link)

    assert response.status_code == 200
    assert name == "plan final.pdf"
    assert downloaded(download) == b"%PDF-1.4 final"
    assert download["Content-Disposition"] == 'attachment; filename="plan final.pdf"'
    attachment.refresh_from_db()
    assert attachment.display_name == "plan final.pdf"


def test_the_download_is_named_after_the_stored_name_whatever_the_address_says(client):
    output = builders.output()
    attachment = builders.attachment(output, "plan.pdf", b"%PDF-1.4 plan")

    response = client.get(f"/knowledge/{output.slug}/files/{attachment.pk}/invoice.exe")

    assert downloaded(response) == b"%PDF-1.4 plan"
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'


def test_a_file_of_another_output_cannot_be_fetched_through_this_one(client):
    public = builders.output("Public output")
    other = builders.output("Other output")
    others_file = builders.attachment(other, "other.pdf", b"%PDF-1.4 other")

    through_wrong_output = client.get(f"/knowledge/{public.slug}/files/{others_file.pk}/other.pdf")
    through_its_output = client.get(f"/knowledge/{other.slug}/files/{others_file.pk}/other.pdf")

    assert through_wrong_output.status_code == 404
    assert b"Page not found" in through_wrong_output.content
    assert downloaded(through_its_output) == b"%PDF-1.4 other"


def test_the_cover_image_is_served_inline(client):
    cover = builders.png_bytes()
    output = builders.output(cover_image=ContentFile(cover, name="cover.png"))

    page = client.get(output.get_absolute_url()).content.decode()
    response = client.get(f"/knowledge/{output.slug}/cover/")

    assert f'src="/knowledge/{output.slug}/cover/"' in page
    assert downloaded(response) == cover
    assert response["Content-Type"] == "image/png"
    assert not response.get("Content-Disposition", "").startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("video_url", "player"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?t=42", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
    ],
)
def test_a_video_link_embeds_the_right_player(client, video_url, player):
    output = builders.output(kind=Output.Kind.VIDEO, video_url=video_url)

    page = html.unescape(client.get(output.get_absolute_url()).content.decode())

    assert re.findall(r'<iframe src="([^"]*)"', page) == [player]
    assert f'<a href="{video_url}" rel="noopener">Watch the video on its own site</a>' in page


def test_no_player_without_a_video_link(client):
    output = builders.output()

    assert "<iframe" not in client.get(output.get_absolute_url()).content.decode()


def test_the_lessons_of_the_output_appear(client):
    toyama = builders.city("Toyama")
    output = builders.output()
    builders.lesson(
        output,
        toyama,
        "Link transit and land use",
        challenge="Car dependence was rising.",
        action="Built a light rail line.",
        result="More people walk in the centre.",
        lesson="Transit works when housing follows it.",
        transfer_conditions="A city government that controls zoning.",
    )
    other = builders.output("Other output")
    builders.lesson(other, toyama, "A lesson of another output")

    text = text_of(client.get(output.get_absolute_url()))

    assert "Link transit and land use" in text
    for part in (
        "Car dependence was rising.",
        "Built a light rail line.",
        "More people walk in the centre.",
        "Transit works when housing follows it.",
        "A city government that controls zoning.",
    ):
        assert part in text
    assert "A lesson of another output" not in text


def _related_titles(response) -> list[str]:
    section = re.search(r'<section class="related".*?</section>', response.content.decode(), re.S)
    if not section:
        return []
    return [
        html.unescape(t)
        for t in re.findall(r'class="card__title"><a href="[^"]*">(.*?)</a>', section.group(0))
    ]


def test_related_outputs_share_themes_or_the_deep_dive_closest_first(client):
    compact, transit, housing, water, energy = (builders.theme(name) for name in ("A", "B", "C", "D", "E"))
    tdd = builders.deep_dive()
    output = builders.output("The output", themes=[compact, transit], deep_dive=tdd)
    builders.output(
        "Shares two themes", themes=[compact, transit], publication_date=datetime.date(2015, 1, 1)
    )
    builders.output(
        "Shares the deep dive only",
        themes=[housing, water, energy],
        deep_dive=tdd,
        publication_date=datetime.date(2016, 1, 1),
    )
    builders.output("Shares one theme", themes=[transit], publication_date=datetime.date(2017, 1, 1))
    builders.output("Shares nothing", themes=[water])
    builders.output(
        "Draft sharing everything", status=Output.Status.DRAFT, themes=[compact, transit], deep_dive=tdd
    )
    builders.output(
        "Embargoed sharing everything",
        themes=[compact, transit],
        deep_dive=tdd,
        published_at=timezone.now() + datetime.timedelta(days=1),
    )

    assert _related_titles(client.get(output.get_absolute_url())) == [
        "Shares two themes",
        "Shares one theme",
        "Shares the deep dive only",
    ]


def test_related_outputs_through_the_deep_dive_alone(client):
    tdd = builders.deep_dive()
    output = builders.output("No themes", deep_dive=tdd)
    builders.output("Same deep dive", deep_dive=tdd)
    builders.output("Another deep dive", deep_dive=builders.deep_dive())

    assert _related_titles(client.get(output.get_absolute_url())) == ["Same deep dive"]


def test_at_most_four_related_outputs(client):
    theme = builders.theme()
    output = builders.output(themes=[theme])
    for year in range(2010, 2016):
        builders.output(f"Related {year}", themes=[theme], publication_date=datetime.date(year, 1, 1))

    assert _related_titles(client.get(output.get_absolute_url())) == [
        "Related 2015",
        "Related 2014",
        "Related 2013",
        "Related 2012",
    ]


@pytest.mark.parametrize("state", [*HIDDEN_STATUSES, "embargoed"])
def test_a_hidden_output_is_not_found_like_an_address_that_does_not_exist(client, state):
    output = hidden_output(
        state, title="Secret plan", cover_image=ContentFile(builders.png_bytes(), name="c.png")
    )
    attachment = builders.attachment(output, "secret.pdf", b"%PDF-1.4 secret")
    missing = client.get("/knowledge/no-such-output/")

    page = client.get(output.get_absolute_url())
    cover = client.get(f"/knowledge/{output.slug}/cover/")
    file = client.get(f"/knowledge/{output.slug}/files/{attachment.pk}/secret.pdf")

    for response in (page, cover, file):
        assert response.status_code == 404
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert b"Page not found" in response.content
        assert b"Secret plan" not in response.content
    assert without_request_details(page, output.get_absolute_url()) == without_request_details(
        missing, "/knowledge/no-such-output/"
    )


@pytest.mark.parametrize("state", HIDDEN_STATUSES)
def test_a_curator_sees_a_hidden_output_with_a_not_public_notice(client, state):
    output = hidden_output(state, title="Work in progress")
    builders.attachment(output, "draft.pdf", b"%PDF-1.4 draft")
    client.force_login(curator())

    response = client.get(output.get_absolute_url())
    [(_, link, _)] = file_links(response)

    assert response.status_code == 200
    assert "Work in progress" in text_of(response)
    assert f"Not public: this output is “{Output.Status(state).label}”." in text_of(response)
    assert downloaded(client.get(link)) == b"%PDF-1.4 draft"


def test_a_curator_sees_when_an_embargoed_output_will_appear(client):
    output = hidden_output(
        "embargoed", published_at=datetime.datetime(2099, 5, 1, 9, 30, tzinfo=datetime.UTC)
    )
    client.force_login(curator())

    text = text_of(client.get(output.get_absolute_url()))

    # Shown in the portal's time zone (Tokyo).
    assert "Not public yet: this output appears on 1 May 2099, 18:30." in text


def test_staff_without_the_permission_get_the_same_404(client):
    output = hidden_output(Output.Status.DRAFT)
    client.force_login(curator(may_view_outputs=False))

    assert client.get(output.get_absolute_url()).status_code == 404


def test_a_curator_sees_no_notice_on_a_published_output(client):
    output = builders.output()
    client.force_login(curator())

    assert "Not public" not in text_of(client.get(output.get_absolute_url()))


# 20 queries on a page not yet cached: the fields a cached page needs, with the view and download totals
# joined; the rest of the output with its deep dive joined; its themes, its cities; its files; its
# language versions; its lessons (with their city joined) and the lessons' themes; for the related
# outputs (cached apart: knowledge/pages.py), the output's theme ids, then the outputs, their themes,
# their cities and their published translations. And once after a change of outputs: the 7 queries that
# build the catalogue the related outputs come from (knowledge/catalogue.py). (The test client sends no
# browser name, so the view is not counted: tests/knowledge/test_usage.py counts those queries.)
OUTPUT_DETAIL_QUERIES = 20
# Once the page and its related outputs are cached: the output with its view and download totals,
# which are never cached.
CACHED_OUTPUT_DETAIL_QUERIES = 1


@pytest.mark.parametrize("count", [1, 10])
def test_the_number_of_queries_does_not_grow_with_files_and_lessons(client, django_assert_num_queries, count):
    theme = builders.theme()
    toyama = builders.city("Toyama")
    output = builders.output(themes=[theme], cities=[toyama], deep_dive=builders.deep_dive())
    for number in range(count):
        builders.attachment(output, f"file-{number}.pdf", b"%PDF-1.4")
        builders.lesson(output, toyama, f"Lesson {number}", themes=[theme])
        builders.output(f"Related {number}", themes=[theme], cities=[toyama])

    with django_assert_num_queries(OUTPUT_DETAIL_QUERIES):
        response = client.get(output.get_absolute_url())

    assert len(file_links(response)) == count
    assert text_of(response).count('<article class="lesson"') == count
    assert len(_related_titles(response)) == min(count, 4)

    with django_assert_num_queries(CACHED_OUTPUT_DETAIL_QUERIES):
        again = client.get(output.get_absolute_url())

    def main_of(page):
        return text_of(page).split("<main", 1)[1].split("</main>", 1)[0]

    assert main_of(again) == main_of(response)


def test_a_cached_page_shows_an_edit_on_the_next_visit(client):
    theme = builders.theme("Compact Cities")
    output = builders.output("Light rail in Toyama", themes=[theme])
    client.get(output.get_absolute_url())

    output.title = "Light rail and the compact city in Toyama"
    output.save()
    output.themes.add(builders.theme("Smart Cities"))
    page = text_of(client.get(output.get_absolute_url()))

    assert "Light rail and the compact city in Toyama" in page
    assert "Smart Cities" in page


def test_a_cached_page_of_a_withdrawn_output_is_gone_at_once(client):
    output = builders.output("Light rail in Toyama")
    assert client.get(output.get_absolute_url()).status_code == 200

    output.status = Output.Status.ARCHIVED
    output.save()

    assert client.get(output.get_absolute_url()).status_code == 404


def test_the_public_never_sees_what_an_official_was_shown(client):
    toyama = builders.city("Toyama")
    original = builders.output("Light rail in Toyama", cities=[toyama])
    builders.output(
        "富山のライトレール",
        cities=[toyama],
        language="ja",
        translation_of=original,
        status=Output.Status.DRAFT,
    )
    client.force_login(builders.official(toyama))
    assert "富山のライトレール" in text_of(client.get(original.get_absolute_url()))

    client.logout()
    assert "富山のライトレール" not in text_of(client.get(original.get_absolute_url()))
