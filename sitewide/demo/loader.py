"""Loading the demo into the database.

Every row is found by its slug or natural key and updated in place, so loading twice adds nothing; files
are only generated for rows that do not have them yet. A seeded random generator picks dates, licences,
authors and excerpts, so the same demo appears every time.
"""

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.text import slugify

from cities.models import Challenge, City, Recognition, Theme
from deep_dives.models import ActionPlan, DeepDive, Participation, Session
from kits.building import refresh_kits
from knowledge.models import Attachment, Lesson, Output
from knowledge.processing import process_waiting_now
from knowledge.services import attachment_add, attachment_replace, output_cover_set
from knowledge.uploads import prepare_upload
from sitewide.demo import files
from sitewide.demo.accounts import load_demo_accounts
from sitewide.demo.content import CITIES, DEEP_DIVES, THEMES
from sitewide.demo.lessons import LESSONS, SAMPLE_LESSON
from sitewide.demo.outputs import (
    AUTHOR_LABELS,
    BODY_TEMPLATES,
    BODY_TEMPLATES_JA,
    KIND_LABELS,
    KIND_LABELS_JA,
    OUTPUTS,
    SAMPLE_NOTE,
    SAMPLE_NOTE_JA,
    SUMMARY_TEMPLATE,
    SUMMARY_TEMPLATE_JA,
)
from sitewide.demo.records import CityRecord, DeepDiveRecord, OutputRecord, TopicRecord
from sitewide.demo.topics import JAPANESE_TOPICS, TOPICS

SEED = 2016
FIRST_PUBLICATION = date(2017, 1, 16)
LAST_PUBLICATION = date(2026, 10, 30)
EMBARGO = timedelta(days=30)
PUBLISHING_TIME = time(10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
LICENCE_WEIGHTS = {
    Output.Licence.CC_BY_3_IGO: 6,
    Output.Licence.CC_BY_4: 2,
    Output.Licence.CC_BY_NC_4: 1,
    Output.Licence.ALL_RIGHTS_RESERVED: 1,
}
PUBLICLY_DATED = {Output.Status.PUBLISHED, Output.Status.ARCHIVED, Output.Status.WITHDRAWN}

TOPICS_BY_KEY = {topic.key: topic for topic in TOPICS}
JAPANESE_TOPICS_BY_KEY = {topic.key: topic for topic in JAPANESE_TOPICS}
THEME_COLOURS = {theme.slug: theme.colour for theme in THEMES}

ModelT = TypeVar("ModelT", bound=models.Model)


@dataclass
class LoadSummary:
    created: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)
    files_written: int = 0
    kits_built: int = 0

    def count(self, model: type[models.Model], *, created: bool) -> None:
        name = str(model._meta.verbose_name_plural)
        (self.created if created else self.kept)[name] += 1

    def lines(self) -> list[str]:
        names = list(dict.fromkeys([*self.created, *self.kept]))
        lines = [
            f"{name}: {self.created[name] + self.kept[name]} ({self.created[name]} new)" for name in names
        ]
        return [*lines, f"files written: {self.files_written}", f"deep dive kits built: {self.kits_built}"]


def output_slug(record: OutputRecord) -> str:
    return record.slug or slugify(record.title)


def output_topic(record: OutputRecord) -> TopicRecord:
    return TOPICS_BY_KEY[record.topic]


@transaction.atomic
def load_demo(*, now: datetime | None = None) -> LoadSummary:
    now = now or timezone.now()
    summary = LoadSummary()
    themes = _load_themes(summary)
    cities = {record.slug: _load_city(record, themes, summary) for record in CITIES}
    for record in DEEP_DIVES:
        _load_deep_dive(record, themes, cities, summary)
    deep_dives = {deep_dive.slug: deep_dive for deep_dive in DeepDive.objects.all()}
    outputs = _load_outputs(themes, cities, deep_dives, now, summary)
    _load_lessons(outputs, themes, cities, summary)
    load_demo_accounts(cities, summary)
    # The demo's files are processed here, as the task queue would, so that they are ready when it opens.
    process_waiting_now()
    # And its kits, so that each deep dive offers one at once (only those missing or out of date).
    summary.kits_built = refresh_kits()
    return summary


def _upsert(
    model: type[ModelT], summary: LoadSummary, *, lookup: dict[str, Any], values: dict[str, Any]
) -> ModelT:
    instance = model._default_manager.filter(**lookup).first()
    created = instance is None
    if instance is None:
        instance = model(**lookup)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    summary.count(model, created=created)
    return instance


def _has_file(field_file: FieldFile) -> bool:
    return bool(field_file) and field_file.storage.exists(field_file.name)


def _ensure_cover(instance: City | DeepDive, make: Callable[[], bytes], summary: LoadSummary) -> None:
    if _has_file(instance.cover_image):
        return
    instance.cover_image.save(f"{instance.slug}.jpg", ContentFile(make()), save=False)
    instance.save(update_fields=["cover_image"])
    summary.files_written += 1


def _pick(themes: dict[str, Theme], slugs: Iterable[str]) -> list[Theme]:
    return [themes[slug] for slug in slugs]


def _load_themes(summary: LoadSummary) -> dict[str, Theme]:
    return {
        record.slug: _upsert(
            Theme,
            summary,
            lookup={"slug": record.slug},
            values={"name": record.name, "summary": record.summary, "position": position},
        )
        for position, record in enumerate(THEMES)
    }


def _city_label(record: CityRecord) -> str:
    if record.role == City.Role.PARTNER:
        return f"CPP partner city · {record.country}"
    if record.slug == "narayanganj":
        return f"Client city · {record.country}"
    return f"Sample client city · {record.country}"


def _load_city(record: CityRecord, themes: dict[str, Theme], summary: LoadSummary) -> City:
    city = _upsert(
        City,
        summary,
        lookup={"slug": record.slug},
        values={
            "name": record.name,
            "role": record.role,
            "country": record.country,
            "latitude": record.latitude,
            "longitude": record.longitude,
            "summary": record.summary,
            "description": record.description,
            "cpp_batch": record.cpp_batch,
            "joined_on": record.joined_on,
        },
    )
    city.themes.set(_pick(themes, record.themes))
    colour = THEME_COLOURS[record.themes[0]] if record.themes else "#34495e"
    make_cover = partial(
        files.cover_jpeg, title=record.name, label=_city_label(record), colour=colour, seed=record.slug
    )
    _ensure_cover(city, make_cover, summary)
    for recognition in record.recognitions:
        _upsert(
            Recognition,
            summary,
            lookup={"city": city, "title": recognition.title},
            values={"awarded_by": recognition.awarded_by, "year": recognition.year, "note": recognition.note},
        )
    for position, challenge_record in enumerate(record.challenges):
        challenge = _upsert(
            Challenge,
            summary,
            lookup={"city": city, "title": challenge_record.title},
            values={"description": challenge_record.description, "position": position},
        )
        challenge.themes.set(_pick(themes, challenge_record.themes))
    return city


def _load_deep_dive(
    record: DeepDiveRecord, themes: dict[str, Theme], cities: dict[str, City], summary: LoadSummary
) -> DeepDive:
    deep_dive = _upsert(
        DeepDive,
        summary,
        lookup={"slug": record.slug},
        values={
            "title": record.title,
            "place": record.place,
            "summary": record.summary,
            "objectives": "\n".join(record.objectives),
            "description": record.description,
            "start_date": None,
            "end_date": None,
        },
    )
    deep_dive.themes.set(_pick(themes, record.themes))
    deep_dive.host_cities.set([cities[slug] for slug in record.hosts])
    make_cover = partial(
        files.cover_jpeg,
        title=record.title,
        label="Technical Deep Dive",
        colour=record.colour,
        seed=record.slug,
    )
    _ensure_cover(deep_dive, make_cover, summary)
    positions: Counter[int] = Counter()
    for session in record.sessions:
        _upsert(
            Session,
            summary,
            lookup={"deep_dive": deep_dive, "title": session.title},
            values={
                "day": session.day,
                "position": positions[session.day],
                "kind": session.kind,
                "description": session.description,
                "host_organisation": session.host_organisation,
                "attendance": session.attendance,
                "attendance_is_approximate": session.attendance_is_approximate,
            },
        )
        positions[session.day] += 1
    for participation in record.participations:
        city = cities[participation.city]
        _upsert(
            Participation,
            summary,
            lookup={"deep_dive": deep_dive, "city": city},
            values={
                "delegation": participation.delegation,
                "challenge_statement": participation.challenge_statement,
            },
        )
        plan = participation.action_plan
        _upsert(
            ActionPlan,
            summary,
            lookup={"deep_dive": deep_dive, "city": city, "title": plan.title},
            values={
                "goals": "\n".join(plan.goals),
                "next_steps": "\n".join(plan.next_steps),
                "status": plan.status,
                "operation_id": "",
                "operation_name": "",
            },
        )
    return deep_dive


# Outputs


@dataclass(frozen=True)
class _Text:
    summary: str
    body: str
    steps: list[str]


@dataclass(frozen=True)
class _File:
    display_name: str
    make: Callable[[], bytes]


def _excerpt(rng: random.Random, items: tuple[str, ...], size: int) -> list[str]:
    """`size` of `items`, chosen at random but kept in their original order."""
    chosen = sorted(rng.sample(range(len(items)), min(size, len(items))))
    return [items[index] for index in chosen]


def _bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _numbered(items: Iterable[str]) -> str:
    return "\n".join(f"{number}. {item}" for number, item in enumerate(items, start=1))


def _write_text(record: OutputRecord, rng: random.Random) -> _Text:
    english = output_topic(record)
    if record.language not in ("en", "ja"):
        return _Text(record.summary, record.body, list(english.steps[:4]))
    japanese = record.language == "ja"
    topic = JAPANESE_TOPICS_BY_KEY[record.topic] if japanese else english
    points = _excerpt(rng, topic.points, 4)
    steps = _excerpt(rng, topic.steps, 4)
    template = (BODY_TEMPLATES_JA if japanese else BODY_TEMPLATES)[record.kind]
    body = template.format(
        title=record.title,
        focus=topic.focus,
        context=topic.context,
        points=_bullets(points),
        steps=_bullets(steps),
        steps_numbered=_numbered(steps),
        questions=_bullets(topic.questions),
        sample_note=SAMPLE_NOTE_JA if japanese else SAMPLE_NOTE,
    )
    summary_template = SUMMARY_TEMPLATE_JA if japanese else SUMMARY_TEMPLATE
    label = (KIND_LABELS_JA if japanese else KIND_LABELS)[record.kind]
    return _Text(summary_template.format(label=label, focus=topic.focus), body, steps)


def _authors(record: OutputRecord, rng: random.Random) -> str:
    keys = ["tdlc", *output_topic(record).cities[:2]]
    if rng.random() < 0.3:
        keys.append("world-bank")
    column = 1 if record.language == "ja" else 0
    return "\n".join(AUTHOR_LABELS[key][column] for key in keys)


def _publication_dates(rng: random.Random) -> dict[str, date]:
    """Dates spread evenly over 2017–2026 for every output that has been public, in a shuffled order."""
    slugs = [output_slug(r) for r in OUTPUTS if r.status in PUBLICLY_DATED and not r.embargoed]
    rng.shuffle(slugs)
    span = (LAST_PUBLICATION - FIRST_PUBLICATION).days
    return {
        slug: FIRST_PUBLICATION + timedelta(days=int(span * (index + rng.random() * 0.8) / len(slugs)))
        for index, slug in enumerate(slugs)
    }


def _publication(
    record: OutputRecord, dates: dict[str, date], now: datetime
) -> tuple[date | None, datetime | None]:
    if record.embargoed:
        day = (now + EMBARGO).astimezone(PUBLISHING_TIME.tzinfo).date()
        return day, datetime.combine(day, PUBLISHING_TIME)
    day = dates.get(output_slug(record))
    if day is None:
        return None, None
    return day, min(datetime.combine(day, PUBLISHING_TIME), now - timedelta(days=1))


def _output_files(record: OutputRecord, index: int, text: _Text, authors: str) -> list[_File]:
    slug = output_slug(record)
    colour = THEME_COLOURS[output_topic(record).themes[0]]

    pdf = partial(
        files.document_pdf,
        title=record.title,
        summary=text.summary,
        body=text.body,
        author=", ".join(authors.splitlines()),
        language=record.language,
        annex=record.pdf_annex,
        slides=record.kind == Output.Kind.PRESENTATION,
        accent=colour,
    )
    pdf_name = {
        Output.Kind.VIDEO: f"{slug}-notes.pdf",
        Output.Kind.PRESENTATION: f"{slug}-slides.pdf",
    }.get(record.kind, f"{slug}.pdf")
    attached = [_File(pdf_name, pdf)]
    if record.kind == Output.Kind.VIDEO:
        attached.insert(0, _File(f"{slug}.mp4", files.sample_video))
    if index % 3 == 0 and record.language in ("en", "ja"):
        heading = f"{record.title}：手順" if record.language == "ja" else f"{record.title}: steps"
        figure = partial(files.figure_png, title=heading, steps=text.steps, colour=colour)
        attached.append(_File(f"{slug}-figure.png", figure))
    if record.kind == Output.Kind.CASE_STUDY:
        label = record.title.partition(":")[2].strip() or record.title
        illustration = partial(files.illustration_jpeg, label=label, colour=colour, seed=slug)
        attached.append(_File(f"{slug}-illustration.jpg", illustration))
    return attached


def _ensure_attachment(output: Output, position: int, spec: _File, summary: LoadSummary) -> None:
    """Demo files go through the same checks and services as an official's upload."""
    attachment = output.attachments.filter(display_name=spec.display_name).first()
    if attachment is not None and _has_file(attachment.file):
        summary.count(Attachment, created=False)
        return
    prepared = prepare_upload(ContentFile(spec.make(), name=spec.display_name))
    if attachment is None:
        attachment_add(output=output, prepared=prepared, position=position)
    else:
        attachment_replace(attachment=attachment, prepared=prepared)
    summary.count(Attachment, created=True)
    summary.files_written += 1


def _ensure_output_cover(output: Output, make: Callable[[], bytes], summary: LoadSummary) -> None:
    if _has_file(output.cover_image):
        return
    output_cover_set(output=output, prepared=prepare_upload(ContentFile(make(), name=f"{output.slug}.jpg")))
    summary.files_written += 1


def _load_outputs(
    themes: dict[str, Theme],
    cities: dict[str, City],
    deep_dives: dict[str, DeepDive],
    now: datetime,
    summary: LoadSummary,
) -> dict[str, list[Output]]:
    """Loads every sample output with its files; returns the English ones by topic, for lessons."""
    rng = random.Random(SEED)
    dates = _publication_dates(rng)
    by_topic: dict[str, list[Output]] = defaultdict(list)
    for index, record in enumerate(OUTPUTS):
        topic = output_topic(record)
        text = _write_text(record, rng)
        authors = _authors(record, rng)
        licence = rng.choices(list(LICENCE_WEIGHTS), weights=list(LICENCE_WEIGHTS.values()))[0]
        publication_date, published_at = _publication(record, dates, now)
        output = _upsert(
            Output,
            summary,
            lookup={"slug": output_slug(record)},
            values={
                "kind": record.kind,
                "title": record.title,
                "summary": text.summary,
                "body": text.body,
                "authors": authors,
                "language": record.language,
                "publication_date": publication_date,
                "licence": licence,
                "deep_dive": deep_dives.get(topic.deep_dive or ""),
                "video_url": "",
                "featured": record.featured,
                "status": record.status,
                "published_at": published_at,
                # A translation counts as up to date if it changed after its original: here both
                # changed when they were published, so a translation published first may be out of date.
                "content_changed_at": published_at or now,
            },
        )
        output.themes.set(_pick(themes, topic.themes))
        output.cities.set([cities[slug] for slug in topic.cities])
        if index % 4 != 3:
            label = f"{KIND_LABELS[record.kind]} · {themes[topic.themes[0]].name}"
            make_cover = partial(
                files.cover_jpeg,
                title=record.title,
                label=label,
                colour=THEME_COLOURS[topic.themes[0]],
                seed=output.slug,
            )
            _ensure_output_cover(output, make_cover, summary)
        for position, spec in enumerate(_output_files(record, index, text, authors)):
            _ensure_attachment(output, position, spec, summary)
        if record.language == "en":
            by_topic[record.topic].append(output)
    _link_translations()
    return by_topic


def _link_translations() -> None:
    """Points each sample translation at its original, once every output exists."""
    for record in OUTPUTS:
        if not record.translation_of:
            continue
        translation = Output.objects.get(slug=output_slug(record))
        translation.translation_of = Output.objects.get(slug=record.translation_of)
        translation.full_clean()
        translation.save(update_fields=["translation_of"])


def _load_lessons(
    outputs: dict[str, list[Output]], themes: dict[str, Theme], cities: dict[str, City], summary: LoadSummary
) -> None:
    """Each topic's lessons go to its English outputs in turn, so some come from unpublished ones."""
    seen: Counter[str] = Counter()
    for record in LESSONS:
        position = seen[record.topic]
        seen[record.topic] += 1
        sources = outputs[record.topic]
        lesson = _upsert(
            Lesson,
            summary,
            lookup={"slug": slugify(record.title)},
            values={
                "output": sources[position % len(sources)],
                "city": cities[record.city],
                "title": record.title,
                "challenge": record.challenge,
                "action": record.action,
                "result": record.result,
                "lesson": SAMPLE_LESSON + record.lesson,
                "transfer_conditions": record.transfer_conditions,
                "position": position,
            },
        )
        lesson.themes.set(_pick(themes, record.themes or TOPICS_BY_KEY[record.topic].themes))
