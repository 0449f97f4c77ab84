"""The small helpers behind the knowledge pages: video links, file names, Markdown, slugs, pages."""

import pytest
from django.db import IntegrityError, transaction

from cities.models import City, Theme
from cpp_portal.file_types import clean_display_name, guess_content_type, type_label
from cpp_portal.markdown import render_markdown
from cpp_portal.pagination import paginate
from cpp_portal.slugs import unique_slug
from knowledge.models import Output
from knowledge.video import video_embed_url
from tests import builders

YOUTUBE = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
VIMEO = "https://player.vimeo.com/video/76979871?dnt=1"


@pytest.mark.parametrize(
    ("url", "player"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", YOUTUBE),
        ("http://youtube.com/watch?v=dQw4w9WgXcQ", YOUTUBE),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=30s", YOUTUBE),
        ("https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", YOUTUBE),
        ("https://www.youtube.com/watch/?v=dQw4w9WgXcQ", YOUTUBE),
        ("https://youtu.be/dQw4w9WgXcQ", YOUTUBE),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc&t=10", YOUTUBE),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", YOUTUBE),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", YOUTUBE),
        ("https://www.youtube.com/live/dQw4w9WgXcQ?feature=share", YOUTUBE),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", YOUTUBE),
        ("HTTPS://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ", YOUTUBE),
        ("  https://youtu.be/dQw4w9WgXcQ\n", YOUTUBE),
        ("https://vimeo.com/76979871", VIMEO),
        ("https://www.vimeo.com/76979871#t=10s", VIMEO),
        ("https://vimeo.com/channels/staffpicks/76979871", VIMEO),
        ("https://player.vimeo.com/video/76979871", VIMEO),
        ("https://player.vimeo.com/video/76979871?h=abc123", VIMEO),
    ],
)
def test_video_pages_give_their_player(url, player):
    assert video_embed_url(url) == player


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a url",
        "javascript:alert(1)//https://youtu.be/dQw4w9WgXcQ",
        "data:text/html,<script>alert(1)</script>",
        "ftp://youtu.be/dQw4w9WgXcQ",
        "//youtu.be/dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example/youtu.be/dQw4w9WgXcQ",
        "https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
        "https://notyoutube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/",
        "https://www.youtube.com/watch?v=",
        "https://www.youtube.com/watch?v=dQw4w9WgXc",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQQ",
        'https://www.youtube.com/watch?v=dQw4w9WgXcQ"onload="alert(1)',
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ%22%3E%3Cscript%3E",
        "https://www.youtube.com/embed/../../evil.example/x",
        "https://www.youtube.com/playlist?list=PL123",
        "https://www.youtube.com/channel/UC123",
        "https://vimeo.com/",
        "https://vimeo.com/channels/staffpicks",
        "https://vimeo.com/76979871abc",
        "https://vimeo.com/1234567890123",
        "https://vimeo.com.evil.example/76979871",
        "https://player.vimeo.com/video/76979871/../../evil",
        "https://player.vimeo.com/76979871",
        "https://[::1/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/" + "a" * 10_000,
    ],
)
def test_other_addresses_give_no_player(url):
    assert video_embed_url(url) is None


@pytest.mark.parametrize(
    ("uploaded", "shown"),
    [
        ("Compact city plan.pdf", "Compact city plan.pdf"),
        ("富山市の計画.pdf", "富山市の計画.pdf"),
        ("cafe\u0301.pdf", "caf\u00e9.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("C:\\Users\\aiko\\Desktop\\slides.pptx", "slides.pptx"),
        ("/var/www/uploads/report.pdf", "report.pdf"),
        ("line\r\nbreak.pdf", "linebreak.pdf"),
        ("nul\x00byte.pdf", "nulbyte.pdf"),
        ("tab\tand\x1bescape.pdf", "tabandescape.pdf"),
        ("\u202egpj.exe", "gpj.exe"),
        ('quote"d.pdf', "quoted.pdf"),
        ("semi;colon.pdf", "semicolon.pdf"),
        ("a<b>c|d?e*f:g.pdf", "abcdefg.pdf"),
        ("hash#and%percent.pdf", "hashandpercent.pdf"),
        ("  spaced out .pdf  ", "spaced out .pdf"),
        ("...hidden.pdf", "hidden.pdf"),
        ("", "file"),
        ("...", "file"),
        ("../..", "file"),
        ("\x00\x01\x02", "file"),
        ('"<>|', "file"),
    ],
)
def test_file_names_are_made_safe_to_show_and_send(uploaded, shown):
    assert clean_display_name(uploaded) == shown


def test_a_very_long_file_name_is_cut_keeping_its_extension():
    name = clean_display_name("a" * 500 + ".pdf")

    assert len(name) == 200
    assert name == "a" * 196 + ".pdf"


def test_a_very_long_extension_is_not_kept_at_the_cost_of_the_name():
    name = clean_display_name("report." + "x" * 300)

    assert len(name) <= 200
    assert name.startswith("report.")


def test_a_long_name_is_not_cut_to_end_in_a_space_or_dot():
    name = clean_display_name("a" * 190 + " " * 10 + "b" * 20 + ".pdf", max_length=200)

    assert name == "a" * 190 + ".pdf"


@pytest.mark.parametrize(
    ("name", "content_type", "label"),
    [
        ("notes.pdf", "application/pdf", "PDF"),
        (
            "notes.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word document",
        ),
        (
            "slides.pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "PowerPoint presentation",
        ),
        (
            "figures.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Excel workbook",
        ),
        ("photo.JPG", "image/jpeg", "JPEG image"),
        ("clip.mp4", "video/mp4", "MP4 video"),
        ("no-extension", "application/octet-stream", "application/octet-stream"),
    ],
)
def test_file_types_are_guessed_from_the_name_and_labelled(name, content_type, label):
    assert guess_content_type(name) == content_type
    assert type_label(content_type) == label


def test_a_file_without_a_type_is_labelled_file():
    assert type_label("") == "File"


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ("<img src=x onerror=alert(1)>", "<img"),
        ("<iframe src='https://evil.example'></iframe>", "<iframe"),
        ("<style>body{display:none}</style>", "<style"),
        ('<a href="javascript:alert(1)">x</a>', "<a href"),
        ("[x](javascript:alert(1))", "href"),
        ("[x](JAVASCRIPT:alert(1))", "href"),
        ("[x](&#x6A;avascript:alert(1))", "href"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "href"),
        ("[x](vbscript:msgbox)", "href"),
        ("<javascript:alert(1)>", "href"),
        ("![x](https://evil.example/track.png)", "<img"),
        ('[x](https://example.org "title" onclick="alert(1)")', "<a "),
        ("<div onclick=alert(1)>x</div>", "<div"),
    ],
)
def test_markdown_never_lets_markup_or_scripts_through(source, forbidden):
    rendered = render_markdown(source)

    assert forbidden not in rendered


def test_markdown_shows_raw_html_as_text():
    assert render_markdown("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"


def test_markdown_keeps_ordinary_formatting():
    rendered = render_markdown(
        "# Title\n\n## Part\n\nSome **bold**, *italic*, ~~old~~ and `code`.\n\n"
        "1. one\n2. two\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "[TDLC](https://www.jointokyo.org/) and [mail](mailto:cpp@example.org)"
    )

    assert "<h2>Title</h2>" in rendered
    assert "<h3>Part</h3>" in rendered
    assert "<h1>" not in rendered
    assert "<strong>bold</strong>" in rendered
    assert "<em>italic</em>" in rendered
    assert "<s>old</s>" in rendered or "<del>old</del>" in rendered
    assert "<code>code</code>" in rendered
    assert "<ol>\n<li>one</li>" in rendered
    assert "<blockquote>" in rendered
    assert "<td>1</td>" in rendered
    assert '<a href="https://www.jointokyo.org/" rel="nofollow noopener noreferrer">TDLC</a>' in rendered
    assert '<a href="mailto:cpp@example.org" rel="nofollow noopener noreferrer">mail</a>' in rendered


def test_markdown_of_nothing_is_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


@pytest.mark.django_db
def test_slugs_are_made_from_the_text_and_suffixed_when_taken():
    assert unique_slug(Theme(), "Compact Cities") == "compact-cities"
    builders.theme("Compact Cities")
    assert unique_slug(Theme(), "Compact  cities!") == "compact-cities-2"
    Theme.objects.create(name="Compact cities 2nd", slug="compact-cities-2")
    assert unique_slug(Theme(), "Compact Cities") == "compact-cities-3"


@pytest.mark.django_db
def test_a_slug_that_only_starts_the_same_does_not_count_as_taken():
    builders.theme("Compact Cities Plus")

    assert unique_slug(Theme(), "Compact Cities") == "compact-cities"


@pytest.mark.django_db
def test_an_object_keeps_its_own_slug():
    theme = builders.theme("Compact Cities")

    assert unique_slug(theme, "Compact Cities") == "compact-cities"


@pytest.mark.django_db
def test_text_without_latin_letters_falls_back_to_a_word():
    first = builders.output("富山市のコンパクトシティ")
    second = builders.output("横浜市")

    assert (first.slug, second.slug) == ("output", "output-2")
    assert unique_slug(Theme(), "!!!") == "item"


@pytest.mark.django_db
def test_a_long_slug_leaves_room_for_its_suffix():
    title = "Very long title " * 15
    first = builders.output(title)
    second = builders.output(title)

    max_length = Output._meta.get_field("slug").max_length
    assert len(first.slug) <= max_length - 8
    assert not first.slug.endswith("-")
    assert second.slug == f"{first.slug}-2"
    assert len(second.slug) <= max_length


@pytest.mark.django_db
def test_a_slug_someone_gave_is_saved_as_it_is_even_when_taken():
    builders.theme("Compact Cities")

    with pytest.raises(IntegrityError), transaction.atomic():
        Theme.objects.create(name="Compact cities again", slug="compact-cities")

    assert list(Theme.objects.values_list("slug", flat=True)) == ["compact-cities"]


@pytest.mark.django_db
def test_a_failed_save_for_another_reason_is_not_retried_and_leaves_the_slug_to_choose_again():
    city = City(name="Kitakyushu", country="Japan", population_year=2020)  # a year needs a population

    with pytest.raises(IntegrityError, match="city_population_year_needs_population"), transaction.atomic():
        city.save()

    assert city.slug == ""
    assert not City.objects.exists()


ITEMS = list(range(1, 46))  # 45 items: pages of 20, 20 and 5


@pytest.mark.parametrize(
    ("asked", "number", "first_item", "message"),
    [
        (None, 1, 1, None),
        ("", 1, 1, None),
        ("1", 1, 1, None),
        ("2", 2, 21, None),
        (" 3 ", 3, 41, None),
        ("003", 3, 41, None),
        ("0", 1, 1, "Pages start at 1; showing the first page."),
        ("000", 1, 1, "Pages start at 1; showing the first page."),
        ("-1", 1, 1, "“-1” is not a page number; showing the first page."),
        ("abc", 1, 1, "“abc” is not a page number; showing the first page."),
        ("2.5", 1, 1, "“2.5” is not a page number; showing the first page."),
        ("١", 1, 1, "“١” is not a page number; showing the first page."),
        ("²", 1, 1, "“²” is not a page number; showing the first page."),
        ("4", 3, 41, "There are only 3 pages; showing the last one."),
        ("99999", 3, 41, "There are only 3 pages; showing the last one."),
        ("9" * 5000, 3, 41, "There are only 3 pages; showing the last one."),
        ("x" * 5000, 1, 1, f"“{'x' * 20}” is not a page number; showing the first page."),
    ],
)
def test_paginate_answers_every_page_number_with_a_real_page(asked, number, first_item, message):
    page, problem = paginate(ITEMS, asked, 20)

    assert page.number == number
    assert page.object_list[0] == first_item
    assert problem == message


def test_paginate_an_empty_list_gives_one_empty_page():
    page, problem = paginate([], "2", 20)

    assert page.number == 1
    assert list(page.object_list) == []
    assert problem == "There is only 1 page; showing it."


def test_paginate_a_full_last_page():
    page, problem = paginate(list(range(40)), "2", 20)

    assert list(page.object_list) == list(range(20, 40))
    assert not page.has_next()
    assert problem is None
