"""`manage.py load_demo`: the program's story, sample outputs of every kind, real files, and no duplicates.

The demo is loaded once for the module (twice, to check that the second load adds nothing) and removed
afterwards; generating its files takes a few seconds.
"""

import dataclasses
import hashlib
import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader

from cities.models import Challenge, City, CityMembership, Recognition, Theme
from deep_dives.models import ActionPlan, DeepDive, Participation, Session
from knowledge.models import Attachment, Lesson, Output
from sitewide.demo import accounts as demo_accounts
from sitewide.demo import content, files, lessons, outputs, topics
from sitewide.demo.loader import output_slug

pytestmark = pytest.mark.django_db

# Words that appear only inside one PDF attachment each, for testing search over extracted text.
ATTACHMENT_ONLY_WORDS = {
    "bramblewick": "how-a-technical-deep-dive-works",
    "quoryx": "compact-city-self-assessment-toolkit",
    "zelkovine": "toolkit-for-documenting-lessons-in-city-agencies",
    "ほしぞら回廊": "ja-compact-city-policy-basics",
}
SAMPLE_MARKERS = {
    "en": "Sample",
    "ja": "サンプル",
    "fr": "sample",
    "es": "sample",
    "pt": "sample",
    "id": "sample",
}
MODELS = [
    Theme,
    City,
    Recognition,
    Challenge,
    DeepDive,
    Session,
    Participation,
    ActionPlan,
    Output,
    Attachment,
    Lesson,
    CityMembership,
    User,
]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _remove_demo() -> None:
    DeepDive.objects.all().delete()
    Output.objects.all().delete()
    City.objects.all().delete()
    Theme.objects.all().delete()
    get_user_model().objects.filter(username__in=[demo_accounts.CURATOR, demo_accounts.OFFICIAL]).delete()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=folder):
        try:
            out = io.StringIO()
            call_command("load_demo", stdout=out)
            first = _counts()
            call_command("load_demo", stdout=out)
            yield {"media": folder, "first": first, "second": _counts(), "output": out.getvalue()}
        finally:
            _remove_demo()


@pytest.fixture
def demo_storage(demo, media_root):
    """The demo's media folder, in place of the empty one every test gets."""
    with override_settings(MEDIA_ROOT=demo["media"]):
        yield demo["media"]


def _pdf_text(attachment: Attachment) -> str:
    with default_storage.open(attachment.file.name) as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value):
        return [s for item in dataclasses.fields(value) for s in _strings(getattr(value, item.name))]
    if isinstance(value, tuple | list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    return []


def test_loading_twice_adds_nothing(demo):
    assert demo["first"] == demo["second"]
    assert demo["first"]["Output"] >= 105
    assert demo["output"].count("files written: 0") == 1
    assert "knowledge outputs: 112 (0 new)" in demo["output"]


def test_every_kind_of_output_has_at_least_15_samples(demo):
    kinds = Counter(Output.objects.values_list("kind", flat=True))
    assert set(kinds) == set(Output.Kind.values)
    assert min(kinds.values()) >= 15


def test_every_output_summary_says_it_is_a_sample(demo):
    for output in Output.objects.all():
        assert SAMPLE_MARKERS[output.language] in output.summary, output.slug


def test_outputs_are_spread_over_languages_years_and_statuses(demo):
    languages = Counter(Output.objects.values_list("language", flat=True))
    assert languages["en"] > languages["ja"] >= 10
    assert len(languages) >= 5
    years = {
        day.year
        for day in Output.objects.exclude(publication_date=None).values_list("publication_date", flat=True)
    }
    assert set(range(2017, 2026)) <= years
    statuses = Counter(Output.objects.values_list("status", flat=True))
    for status in ("draft", "submitted", "changes_requested", "archived"):
        assert statuses[status] >= 1
    embargoed = Output.objects.filter(status=Output.Status.PUBLISHED, published_at__gt=timezone.now())
    assert embargoed.count() == 1
    assert Output.objects.published().count() == statuses["published"] - 1
    featured = Output.objects.filter(featured=True)
    assert featured.count() == 6
    assert set(featured.values_list("pk", flat=True)) <= set(
        Output.objects.published().values_list("pk", flat=True)
    )


def test_every_output_has_a_real_file_and_videos_have_no_made_up_links(demo):
    assert not Output.objects.filter(attachments=None).exists()
    for output in Output.objects.filter(kind=Output.Kind.VIDEO):
        assert output.video_url == ""
        assert output.attachments.filter(content_type="video/mp4").exists()
    types = set(Attachment.objects.values_list("content_type", flat=True))
    assert types == {"application/pdf", "image/png", "image/jpeg", "video/mp4"}


def test_every_attachment_is_in_storage_with_its_recorded_size_and_hash(demo_storage):
    for attachment in Attachment.objects.all():
        with default_storage.open(attachment.file.name) as handle:
            data = handle.read()
        assert len(data) == attachment.size, attachment.display_name
        assert hashlib.sha256(data).hexdigest() == attachment.sha256


def test_demo_files_went_through_the_upload_checks(demo_storage):
    """Text extracted from every PDF, thumbnails for PDFs and images, re-encoded covers with checksums."""
    for attachment in Attachment.objects.select_related("output"):
        is_pdf = attachment.content_type == "application/pdf"
        if is_pdf:
            assert _squeeze(attachment.output.title) in _squeeze(attachment.extracted_text)
        else:
            assert attachment.extracted_text == ""
        if is_pdf or attachment.content_type.startswith("image/"):
            with default_storage.open(attachment.thumbnail.name) as handle, Image.open(handle) as thumbnail:
                assert thumbnail.format == "JPEG"
                assert max(thumbnail.size) <= 480
        else:
            assert not attachment.thumbnail
    for output in Output.objects.exclude(cover_image=""):
        with default_storage.open(output.cover_image.name) as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == output.cover_sha256
        assert default_storage.exists(output.cover_thumbnail.name)


def test_some_words_are_found_in_the_extracted_text_of_their_pdf_only(demo_storage):
    for word, slug in ATTACHMENT_ONLY_WORDS.items():
        holders = Attachment.objects.filter(extracted_text__contains=word).values_list(
            "output__slug", flat=True
        )
        assert set(holders) == {slug}


def test_pdf_attachments_hold_the_output_text(demo_storage):
    pdfs = Attachment.objects.filter(content_type="application/pdf").select_related("output")
    assert pdfs.count() >= Output.objects.count()
    for attachment in pdfs:
        text = _squeeze(_pdf_text(attachment))
        assert _squeeze(attachment.output.title) in text, attachment.display_name
        assert _squeeze(attachment.output.summary)[:40] in text


def test_some_words_are_found_only_inside_pdf_attachments(demo_storage):
    rows = [
        *Output.objects.values_list("title", "summary", "body", "authors"),
        *Lesson.objects.values_list(
            "title", "challenge", "action", "result", "lesson", "transfer_conditions"
        ),
    ]
    database_text = " ".join(" ".join(row) for row in rows)
    pdfs = Attachment.objects.filter(content_type="application/pdf").select_related("output")
    pdf_texts = [(attachment.output.slug, _squeeze(_pdf_text(attachment))) for attachment in pdfs]
    for word, slug in ATTACHMENT_ONLY_WORDS.items():
        assert word not in database_text
        assert {holder for holder, text in pdf_texts if word in text} == {slug}


def test_toyama_has_its_three_recognitions(demo):
    toyama = City.objects.get(slug="toyama")
    recognitions = {r.title: (r.awarded_by, r.year) for r in toyama.recognitions.all()}
    assert recognitions == {
        "Environmental Model City": ("Government of Japan", 2008),
        "Environmental Future City": ("Government of Japan", None),
        "One of five cities with advanced Compact City policies": ("OECD", 2012),
    }
    assert toyama.population is None
    assert "fewer than 500,000" in toyama.summary


def test_partner_cities_are_the_first_batch_and_no_population_is_made_up(demo):
    partners = City.objects.partners()
    assert set(partners.values_list("name", flat=True)) == {"Kitakyushu", "Kobe", "Toyama", "Yokohama"}
    assert set(partners.values_list("cpp_batch", flat=True)) == {1}
    assert not City.objects.exclude(population=None).exists()
    assert "just under 4 million" in City.objects.get(slug="yokohama").summary
    for city in City.objects.clients().exclude(slug="narayanganj"):
        assert city.summary.startswith("Sample client city")


def test_the_smart_cities_deep_dive_has_its_conference(demo):
    deep_dive = DeepDive.objects.get(title="Technical Deep Dive on Smart Cities")
    conference = deep_dive.sessions.get(kind=Session.Kind.CONFERENCE)
    assert conference.attendance == 190
    assert conference.attendance_is_approximate
    assert list(deep_dive.host_cities.values_list("name", flat=True)) == ["Yokohama"]
    assert deep_dive.start_date is None
    kinds = set(DeepDive.objects.values_list("sessions__kind", flat=True))
    assert kinds == set(Session.Kind.values)


def test_narayanganj_took_part_in_the_compact_cities_deep_dive(demo):
    deep_dive = DeepDive.objects.get(title="Technical Deep Dive on Compact Cities")
    participation = deep_dive.participations.get(city__slug="narayanganj")
    assert participation.delegation == "Mayor of Narayanganj"
    assert "population density" in participation.challenge_statement
    assert deep_dive.action_plans.filter(city__slug="narayanganj", operation_id="").exists()
    assert list(deep_dive.host_cities.values_list("name", flat=True)) == ["Toyama"]


def test_lessons_are_marked_samples_and_come_from_published_and_unpublished_outputs(demo):
    assert Lesson.objects.count() >= 40
    for lesson in Lesson.objects.prefetch_related("themes"):
        assert lesson.lesson.startswith("Sample lesson")
        assert lesson.challenge and lesson.action and lesson.result and lesson.transfer_conditions
        assert lesson.themes.exists()
    assert Lesson.objects.published().count() < Lesson.objects.count()


def test_covers_are_small_jpegs(demo_storage):
    covered = [*City.objects.all(), *DeepDive.objects.all(), *Output.objects.exclude(cover_image="")]
    assert len(covered) > Output.objects.count() * 0.6
    assert all(item.cover_image for item in [*City.objects.all(), *DeepDive.objects.all()])
    for item in covered:
        with default_storage.open(item.cover_image.name) as handle:
            data = handle.read()
        assert len(data) <= 60 * 1024, item.cover_image.name
        assert Image.open(io.BytesIO(data)).format == "JPEG"


def test_the_shipped_video_is_small():
    assert files.SAMPLE_VIDEO.stat().st_size < 100 * 1024
    assert files.SAMPLE_VIDEO.read_bytes()[4:8] == b"ftyp"


def test_the_shipped_fonts_can_draw_every_character_of_the_demo_text():
    covered: set[int] = set()
    for font in (files.LATIN_FONT, files.CJK_FONT):
        covered |= set(TTFont(font).getBestCmap())
    text = "".join(
        s
        for module in (content, topics, outputs, lessons)
        for name, value in vars(module).items()
        if name.isupper()
        for s in _strings(value)
    )
    assert {ch for ch in text if not ch.isspace() and ord(ch) not in covered} == set()


def test_content_slugs_are_unique():
    slugs = [output_slug(record) for record in outputs.OUTPUTS]
    assert len(slugs) == len(set(slugs)) and all(slugs)
    titles = [record.title for record in lessons.LESSONS]
    assert len(titles) == len(set(titles))


def test_the_demo_accounts_are_a_curator_and_an_official_of_toyama(demo):
    curator = get_user_model().objects.get(username="curator")
    official = get_user_model().objects.get(username="toyama")
    assert curator.check_password("cpp-demo-2016") and official.check_password("cpp-demo-2016")
    assert curator.is_staff and not curator.is_superuser
    assert list(curator.groups.values_list("name", flat=True)) == ["Curators"]
    assert curator.has_perm("submissions.change_submission")
    assert not official.is_staff
    assert list(official.city_memberships.values_list("city__slug", flat=True)) == ["toyama"]
    assert demo["first"] == demo["second"]
