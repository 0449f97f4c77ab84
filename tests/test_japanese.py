"""The Japanese interface: every page type answered under /ja/ in Japanese while the English pages stay as
they are, the language switcher, links that keep the visitor in Japanese, and the catalogue itself
(every marked string translated, placeholders intact, the compiled file in step with the source)."""

import ast
import gettext
import io
import re
import tokenize
from urllib.parse import urlsplit

import lxml.html
import pytest
from django.conf import settings
from django.core import mail
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation.template import templatize
from django.views.defaults import server_error

from cities.models import City
from knowledge.models import Output
from tests import builders
from tests.browser.sample_portal import build_sample_portal, page_paths

CATALOGUE = settings.BASE_DIR / "locale" / "ja" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")


@pytest.fixture
def portal(db):
    portal = build_sample_portal()
    portal["official"] = builders.official(City.objects.get(slug="toyama"), username="aiko")
    portal["staff"] = builders.curator("tdlc")
    with translation.override("en"):
        portal["paths"] = {
            **page_paths(portal),
            "sign in": "/accounts/login/",
            "password reset": "/accounts/password/reset/",
            "submissions": "/submit/",
            "new submission": "/submit/new/",
            "staff admin": "/admin/",
        }
    return portal


def html_of(response):
    return lxml.html.fromstring(response.content.decode())


def text_of(response) -> str:
    """What a reader and a screen reader get: the text, and the labels that only live in attributes."""
    document = html_of(response)
    for script in document.xpath("//script | //style"):
        script.drop_tree()
    labels = document.xpath("//@aria-label | //@title | //@alt | //@placeholder")
    return " ".join(" ".join([document.text_content(), *labels]).split())


# Page type: (who is signed in, [(English, Japanese), ...]). The pairs are interface text only:
# headings, labels, buttons, badges, dates and counts; the content itself is the same in both.
PAGES = {
    "home": (
        None,
        [
            ("What Japanese cities learned, shared with the cities that need it", "日本の都市が学んだことを"),
            ("Latest outputs", "最新の成果物"),
            ("Learning flows", "学びの流れ"),
            ("Toyama, Japan: partner city", "Toyama（Japan）：パートナー都市"),
            ("Partner cities in Japan are shown enlarged in the box.", "日本のパートナー都市は枠内に拡大"),
        ],
    ),
    "library": (
        None,
        [
            ("Knowledge library", "ナレッジライブラリー"),
            ("Sort by", "並べ替え"),
            ("Newest first", "新しい順"),
            ("Knowledge note", "ナレッジノート"),
            ("Also in Japanese", "ほかの言語： 日本語"),
            ("1 May 2021", "2021年5月1日"),
            ("Follow new outputs:", "新着成果物をフォロー："),
        ],
    ),
    "output": (
        None,
        [
            ("About this output", "この成果物について"),
            ("Viewed 12 times", "閲覧 12回"),
            ("Files downloaded 4 times", "ファイルのダウンロード 4回"),
            ("Cite this", "引用"),
            ("Show BibTeX", "BibTeXを表示"),
            ("Languages", "言語版"),
            ("(this page)", "（このページ）"),
            ("Original", "原文"),
            ("What was done", "実施したこと"),
            ("Licence", "ライセンス"),
        ],
    ),
    "translated output": (
        None,
        [
            ("This translation may be out of date: its original", "この翻訳は古い可能性があります。原文の"),
            ("May be out of date", "古い可能性あり"),
        ],
    ),
    "lessons": (None, [("Lessons", "教訓"), ("1 lesson", "1件の教訓"), ("From", "出典：")]),
    "lesson": (None, [("Challenge", "課題"), ("Source:", "出典:")]),
    "themes": (None, [("The program's knowledge is organised around", "プログラムの知見は")]),
    "theme": (
        None,
        [("Knowledge outputs", "ナレッジ成果物"), ("Technical Deep Dives", "テクニカル・ディープダイブ")],
    ),
    "cities": (
        None,
        [
            ("The partnership on a map", "地図で見るパートナーシップ"),
            ("Client cities", "クライアント都市"),
            ("Lima, Peru: client city", "Lima（Peru）：クライアント都市"),
            ("Filters", "絞り込み"),
        ],
    ),
    "partner city": (
        None,
        [
            ("Population", "人口"),
            ("CPP batch", "CPP参加期"),
            ("Expertise", "専門分野"),
            ("Breadcrumb", "パンくずリスト"),
        ],
    ),
    "client city": (
        None,
        [
            ("Took part in", "に参加"),
            ("Interests", "関心分野"),
            ("Action plans", "行動計画"),
            ("In progress", "進行中"),
        ],
    ),
    "deep dives": (None, [("2 deep dives", "ディープダイブ2件"), ("Host city", "主催都市")]),
    "deep dive": (
        None,
        [
            ("Agenda", "日程"),
            ("Day 1", "1日目"),
            ("40 participants", "参加者 40人"),
            ("Site visit", "現地視察"),
            ("8 May 2017 – 12 May 2017", "2017年5月8日 – 2017年5月12日"),
            ("Delegation", "代表団"),
        ],
    ),
    "not found": (None, [("Page not found", "ページが見つかりません")]),
    "sign in": (None, [("Forgotten your password?", "パスワードをお忘れですか？")]),
    "password reset": (None, [("Send the link", "リンクを送信")]),
    "submissions": ("official", [("Submit a new output", "新しい成果物を投稿")]),
    "new submission": (
        "official",
        [("Files and media", "ファイルとメディア"), ("Save as draft", "下書きとして保存")],
    ),
    "dashboard": (
        "staff",
        [
            ("Outputs published per month", "月別の公開成果物数"),
            ("The last 12 months", "直近12か月"),
            ("How these figures are counted", "数値の集計方法"),
        ],
    ),
    "staff admin": (
        "staff",
        [
            ("CPP Knowledge Portal · staff admin", "CPPナレッジポータル · スタッフ用管理画面"),
            ("Review queue", "審査キュー"),
        ],
    ),
}
STATUS = {"not found": 404}
NAVIGATION = {
    "en": ["Library", "Lessons", "Cities", "Deep dives", "Themes"],
    "ja": ["ライブラリー", "教訓", "都市", "ディープダイブ", "テーマ"],
}


def visit(client, portal, page_type: str, language: str):
    path, who = portal["paths"][page_type], PAGES[page_type][0]
    if who:
        client.force_login(portal[who])
    return client.get(f"/ja{path}" if language == "ja" else path)


@pytest.mark.parametrize("page_type", PAGES)
def test_every_page_type_is_in_japanese_under_ja_and_unchanged_in_english(client, portal, page_type):
    english = visit(client, portal, page_type, "en")
    japanese = visit(client, portal, page_type, "ja")

    assert english.status_code == japanese.status_code == STATUS.get(page_type, 200)
    assert html_of(english).get("lang") == "en"
    assert html_of(japanese).get("lang") == "ja"
    english_text, japanese_text = text_of(english), text_of(japanese)
    for english_words, japanese_words in PAGES[page_type][1]:
        assert english_words in english_text
        assert japanese_words in japanese_text
        assert japanese_words not in english_text
    if page_type != "staff admin":
        for language, response in (("en", english), ("ja", japanese)):
            links = html_of(response).xpath("//nav[@class='site-nav']//a")
            assert [link.text_content() for link in links] == NAVIGATION[language]
        assert "Skip to content" in english_text
        assert "本文へスキップ" in japanese_text
        assert html_of(japanese).findtext(".//title").endswith("· シティ・パートナーシップ・プログラム")


def test_a_facet_and_its_choices_are_labelled_in_japanese(client, portal):
    response = client.get("/ja/knowledge/")

    headings = [heading.text_content() for heading in html_of(response).xpath("//h3[@class='facet__title']")]
    assert headings == ["種類", "テーマ", "都市", "ディープダイブ", "言語", "年"]
    kinds = html_of(response).xpath(
        "//section[@aria-labelledby='facet-kind']//*[@class='facet-option__label']"
    )
    assert sorted(kind.text_content() for kind in kinds) == ["ナレッジノート", "報告書"]
    assert "4件の成果物" in text_of(response)


@pytest.mark.parametrize(
    ("path", "messages"),
    [
        (
            "/ja/knowledge/?kind=zzz&year=abc&page=0",
            [
                "種類: 正しく選択してください。 zzz は候補にありません。",
                "年: 年は2017のように4桁の数字で指定してください。",
                "ページは1から始まるため、最初のページを表示しています。",
            ],
        ),
        ("/ja/lessons/?page=x9", ["「x9」はページ番号ではないため、最初のページを表示しています。"]),
        ("/ja/cities/?page=7", ["全1ページのため、最後のページを表示しています。"]),
    ],
)
def test_hostile_query_strings_are_explained_in_japanese(client, portal, path, messages):
    response = client.get(path)

    assert response.status_code == 200
    notice = " ".join(html_of(response).xpath("//*[contains(@class, 'notice')]")[0].text_content().split())
    assert notice.startswith("アドレスの一部は使用できないため、無視しました：")
    for message in messages:
        assert message in notice


def test_the_dashboard_explains_an_unknown_period_in_japanese(client, portal):
    client.force_login(portal["staff"])

    response = client.get("/ja/dashboard/?period=forever")

    assert "期間：指定された期間はないため、直近12か月を表示しています。" in text_of(response)


def switch_language(client, response, language: str):
    """Choose a language in the page's footer and press its button, as a visitor does."""
    form = html_of(response).xpath("//form[@class='language-switcher']")[0]
    next_page = form.xpath(".//input[@name='next']/@value")[0]
    return client.post(form.get("action"), {"language": language, "next": next_page})


@pytest.mark.parametrize(
    "path",
    [
        "/knowledge/?theme=compact-cities&sort=title",
        "/",
        "/knowledge/compact-city-planning-in-toyama/",
        "/cities/toyama/",
        "/deep-dives/?host=toyama",
    ],
)
def test_the_language_switcher_keeps_the_visitor_on_the_same_page(client, portal, path):
    response = switch_language(client, client.get(path), "ja")

    assert response.status_code == 302
    assert response["Location"] == f"/ja{path}"

    response = switch_language(client, client.get(response["Location"]), "en")

    assert response.status_code == 302
    assert response["Location"] == path
    assert html_of(client.get(response["Location"])).get("lang") == "en"


def test_the_switcher_offers_each_language_in_its_own_name(client, portal):
    options = html_of(client.get("/ja/")).xpath("//select[@name='language']/option")

    assert [(option.get("value"), option.text, option.get("selected")) for option in options] == [
        ("en", "English", None),
        ("ja", "日本語", "selected"),
    ]
    assert [option.get("lang") for option in options] == ["en", "ja"]


# Addresses that are the same in every language: files, the switcher itself, and those for machines (an
# output's canonical address, which its citation gives too, is the page in its own language:
# tests/knowledge/test_output_metadata.py).
LANGUAGE_NEUTRAL = ("/static/", "/i18n/", "/oai/", "/api/", "/sitemap", "/robots.txt")


@pytest.mark.parametrize("page_type", PAGES)
def test_links_on_japanese_pages_stay_in_japanese(client, portal, page_type):
    document = html_of(visit(client, portal, page_type, "ja"))
    site = urlsplit(settings.SITE_URL)

    addresses = document.xpath(
        "//a[not(ancestor::p[@class='citation'])]/@href | //form/@action"
        " | //link[not(@hreflang) and not(@rel='canonical')]/@href | //iframe/@src | //img/@src"
    )
    leaving = []
    for address in addresses:
        parts = urlsplit(address)
        if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", site.netloc):
            continue  # mail, or another site
        if address == "" or address.startswith(("?", "#")):
            continue  # this very page
        if not parts.path.startswith(("/ja/", *LANGUAGE_NEUTRAL)):
            leaving.append(address)
    assert len(addresses) > 5
    assert leaving == []


def test_the_server_error_page_is_in_the_language_of_the_request(rf: RequestFactory):
    with translation.override("ja"):
        response = server_error(rf.get("/ja/knowledge/"))

    document = html_of(response)
    assert response.status_code == 500
    assert document.get("lang") == "ja"
    assert document.findtext(".//h1") == "問題が発生しました"
    assert document.xpath("//a/@href") == ["/ja/"]


def test_emails_stay_in_english_with_english_links_when_an_official_works_in_japanese(
    client, portal, django_capture_on_commit_callbacks
):
    draft = builders.output(
        "Draft on compact cities", status=Output.Status.DRAFT, cities=[City.objects.get(slug="toyama")]
    )
    draft.created_by = portal["official"]
    draft.save(update_fields=["created_by"])
    client.force_login(portal["official"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/ja/submit/{draft.pk}/action/", {"action": "submit"}, follow=True)

    assert "審査に提出し、キュレーターに通知しました。" in text_of(response)
    to_curator = next(message for message in mail.outbox if message.to == [portal["staff"].email])
    assert to_curator.subject == "[CPP Knowledge Portal] Draft on compact cities: In review"
    assert f"{settings.SITE_URL}/admin/submissions/submission/{draft.pk}/change/" in to_curator.body
    assert "/ja/" not in to_curator.body


def test_a_password_reset_asked_for_in_japanese_is_answered_in_japanese(
    client, portal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/ja/accounts/password/reset/", {"email": portal["official"].email}, follow=True
        )

    assert "メールをご確認ください" in text_of(response)
    [message] = mail.outbox
    assert "パスワード" in message.subject
    assert re.search(r"http://testserver/ja/accounts/password/reset/\w+/[\w-]+/", message.body)


# The catalogue, read without gettext's tools: a fresh machine runs the suite without them.


def read_catalogue() -> list[dict]:
    """The entries of a .po file: flags, msgctxt, msgid, msgid_plural and msgstr / msgstr[n]."""
    entries, entry, key = [], {}, None
    for line in [*CATALOGUE.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {}, None
        elif line.startswith("#,"):
            entry["flags"] = {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _space, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return entries


def messages() -> list[dict]:
    return [entry for entry in read_catalogue() if entry["msgid"]]


def translation_of(entry: dict) -> str:
    return entry["msgstr[0]"] if "msgid_plural" in entry else entry["msgstr"]


def test_the_catalogue_declares_japanese_with_its_single_plural_form():
    header = read_catalogue()[0]

    assert header["msgid"] == ""
    assert "fuzzy" not in header.get("flags", set())
    assert "Language: ja\n" in header["msgstr"]
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header["msgstr"]


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = messages()

    assert len(entries) > 500
    assert [entry["msgid"] for entry in entries if "fuzzy" in entry.get("flags", set())] == []
    assert [entry["msgid"] for entry in entries if not translation_of(entry).strip()] == []
    # Japanese has one plural form: a second one would never be used.
    assert [entry["msgid"] for entry in entries if "msgstr[1]" in entry] == []


PYTHON_FORMAT = re.compile(r"%\(\w+\)[sd]|%[sd%]")
BRACE_FORMAT = re.compile(r"\{\w*\}")
TAG = re.compile(r"<[^>]+>")


def placeholder_problems(entry: dict) -> list[str]:
    """What would break if Django formatted this translation: a placeholder lost, added or changed, a
    string that no longer formats, an HTML tag that does not match the source's."""
    source, translated = entry.get("msgid_plural", entry["msgid"]), translation_of(entry)
    flags = entry.get("flags", set())
    problems = []
    if "python-format" in flags:
        if sorted(PYTHON_FORMAT.findall(translated)) != sorted(PYTHON_FORMAT.findall(source)):
            problems.append("placeholders differ")
        names = {match[2:-2] for match in PYTHON_FORMAT.findall(source) if match.startswith("%(")}
        try:
            translated % (dict.fromkeys(names, 1) if names else ())
        except (KeyError, TypeError, ValueError) as error:
            problems.append(f"does not format: {error!r}")
    braces_differ = sorted(BRACE_FORMAT.findall(translated)) != sorted(BRACE_FORMAT.findall(source))
    if "python-brace-format" in flags and braces_differ:
        problems.append("placeholders differ")
    if sorted(TAG.findall(translated)) != sorted(TAG.findall(source)):
        problems.append("HTML tags differ")
    return problems


def test_placeholders_and_markup_survive_translation():
    problems = {entry["msgid"]: placeholder_problems(entry) for entry in messages()}

    assert {msgid: found for msgid, found in problems.items() if found} == {}


def test_a_lost_placeholder_would_be_noticed():
    entry = {"msgid": "Hosted by %(host)s", "msgstr": "主催：%(city)s", "flags": {"python-format"}}

    assert placeholder_problems(entry) == ["placeholders differ", "does not format: KeyError('city')"]


def test_the_compiled_catalogue_is_in_step_with_the_source():
    with COMPILED.open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)

    assert catalogue.plural(1) == catalogue.plural(7) == 0
    stale = []
    for entry in messages():
        context, msgid = entry.get("msgctxt"), entry["msgid"]
        if "msgid_plural" in entry:
            found = (
                catalogue.npgettext(context, msgid, entry["msgid_plural"], 2)
                if context
                else catalogue.ngettext(msgid, entry["msgid_plural"], 2)
            )
        else:
            found = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
        if found != translation_of(entry):
            stale.append(msgid)
    assert stale == [], "Run `manage.py compilemessages` after changing django.po"


# What makemessages reads: our Python code and templates; gettext's keywords with Django's additions.
KEYWORDS = {
    "_": "s",
    "gettext": "s",
    "gettext_lazy": "s",
    "gettext_noop": "s",
    "ngettext": "sp",
    "ngettext_lazy": "sp",
    "pgettext": "cs",
    "pgettext_lazy": "cs",
    "npgettext": "csp",
    "npgettext_lazy": "csp",
}
NOT_OURS = {".venv", "tests", "staticfiles", "node_modules", "media", ".git"}


def marked_strings(source: str) -> set[tuple[str | None, str]]:
    """(context, msgid) of each translation call with literal arguments, read token by token."""
    found = set()
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    for index, token in enumerate(tokens[:-1]):
        pattern = KEYWORDS.get(token.string) if token.type == tokenize.NAME else None
        if not pattern or tokens[index + 1].string != "(":
            continue
        arguments, current, position = [], None, index + 2
        while position < len(tokens) and len(arguments) < len(pattern):
            kind, text = tokens[position].type, tokens[position].string
            if kind == tokenize.STRING:
                current = (current or "") + ast.literal_eval(text)
            elif kind in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
                pass
            elif text == "," and current is not None:
                arguments.append(current)
                current = None
            elif text == ")" and current is not None:
                arguments.append(current)
                break
            else:
                break
            position += 1
        if len(arguments) >= len(pattern.rstrip("p")):
            context = arguments[0] if pattern.startswith("c") else None
            found.add((context, arguments[1] if context is not None else arguments[0]))
    return found


def our_files(*suffixes: str):
    for path in sorted(settings.BASE_DIR.rglob("*")):
        parts = path.relative_to(settings.BASE_DIR).parts
        if path.suffix in suffixes and path.is_file() and not NOT_OURS.intersection(parts):
            yield path


def test_the_catalogue_holds_every_marked_string_and_nothing_else():
    """Fails when a new string was marked but `makemessages -l ja` and a translation have not followed."""
    in_code = set()
    for path in our_files(".py"):
        in_code |= marked_strings(path.read_text(encoding="utf-8"))
    for path in our_files(".html", ".txt"):
        as_code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        # Each line of templatize's output stands alone; its indentation means nothing to Python.
        in_code |= marked_strings("\n".join(line.lstrip() for line in as_code.splitlines()))
    in_catalogue = {(entry.get("msgctxt"), entry["msgid"]) for entry in messages()}

    assert sorted(in_code - in_catalogue) == [], "Run makemessages -l ja and translate the new strings"
    assert sorted(in_catalogue - in_code) == [], "Run makemessages -l ja --no-obsolete"


def english_messages() -> set[str]:
    """The catalogue's English messages that have a Japanese translation of their own, without
    placeholders (which a page fills in) and long enough to be interface text."""
    found = set()
    for entry in messages():
        english, japanese = " ".join(entry["msgid"].split()), translation_of(entry)
        interface_text = len(english) > 3 and any(character.isalpha() for character in english)
        if (
            japanese
            and japanese != entry["msgid"]
            and "%" not in english
            and "{" not in english
            and interface_text
        ):
            found.add(english)
    return found


def visible_texts(response) -> list[str]:
    """Each piece of text a reader sees (text nodes and labelling attributes), except inside content
    marked as being in another language than Japanese."""
    document = html_of(response)
    for hidden in document.xpath("//script | //style | //*[@lang and not(starts-with(@lang, 'ja'))]"):
        hidden.drop_tree()
    texts = [" ".join(text.split()) for text in document.xpath("//text()")]
    texts += [
        " ".join(value.split())
        for value in document.xpath("//@aria-label | //@title | //@alt | //@placeholder")
    ]
    return [text for text in texts if text]


@pytest.mark.parametrize("page_type", [page for page in PAGES if page != "staff admin"])
def test_no_english_message_of_the_catalogue_shows_on_a_japanese_page(client, portal, page_type):
    english = english_messages()
    shown = [text for text in visible_texts(visit(client, portal, page_type, "ja")) if text in english]
    assert shown == []


def test_an_english_message_left_on_a_japanese_page_would_be_found(client, portal):
    response = visit(client, portal, "library", "ja")
    response.content = response.content.replace(b"</main>", b"<p>Knowledge library</p></main>")
    assert "Knowledge library" in english_messages()
    assert "Knowledge library" in visible_texts(response)
