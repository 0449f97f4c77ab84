"""The benchmark's dataset: a fresh PostgreSQL database filled by COPY with synthetic content.

Every table is written in one pass (COPY in chunks, one transaction), with explicit ids so that links
need no look-ups. A fingerprint of the parameters and of this generator is kept in a table of its own
(`bench_dataset`): when it matches, the database is reused, migrated to the code's schema.
"""

import datetime
import hashlib
import html
import io
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import psycopg2

from bench.text import Vocabulary, word_list

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cpp_bench"
GENERATOR_VERSION = 1
CHUNK = 5000

KINDS = ["knowledge_note", "toolkit", "good_practice_guide", "case_study", "video", "report", "presentation"]
OTHER_LANGUAGES = ["ja", "fr", "es", "pt", "id", "vi", "zh", "ar", "bn"]
UNPUBLISHED_STATUSES = ["draft", "submitted", "archived"]
SESSION_KINDS = ["workshop", "site_visit", "peer_exchange", "action_planning", "conference"]
COUNTRIES = word_list(
    "Japan,Bangladesh,Sri Lanka,Philippines,Indonesia,Viet Nam,Peru,Ecuador,Kenya,Tanzania,Ethiopia,"
    "Ghana,Nigeria,Senegal,Morocco,Egypt,Jordan,Turkey,Ukraine,Georgia,India,Nepal,Pakistan,Mongolia,"
    "Cambodia,Myanmar,Brazil,Colombia,Mexico,Chile,Argentina,Bolivia,Rwanda,Uganda,Mozambique,Zambia",
    ",",
)
PARTNER_NAMES = ["Toyama", "Yokohama", "Kobe", "Fukuoka", "Kitakyushu", "Osaka", "Kyoto", "Sapporo", "Sendai"]
EPOCH = datetime.datetime(2016, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Parameters:
    published_outputs: int = 100_000
    unpublished_outputs: int = 10_000
    cities: int = 2_000
    partner_cities: int = 40
    deep_dives: int = 500
    lessons: int = 200_000
    translations: int = 3_000
    featured: int = 300
    summary_words: int = 80
    body_words: int = 800
    attachment_words: int = 3_000
    attachment_share: float = 0.5
    vocabulary: int = 8_000
    seed: int = 20160701

    @classmethod
    def from_env(cls) -> "Parameters":
        """BENCH_SCALE (e.g. 0.01) shrinks every count, for a quick try of the whole pipeline."""
        scale = float(os.getenv("BENCH_SCALE", "1"))
        if scale == 1:
            return cls()
        base = cls()
        return cls(
            published_outputs=max(300, int(base.published_outputs * scale)),
            unpublished_outputs=max(30, int(base.unpublished_outputs * scale)),
            cities=max(250, int(base.cities * scale)),
            partner_cities=base.partner_cities,
            deep_dives=max(220, int(base.deep_dives * scale)),
            lessons=max(400, int(base.lessons * scale)),
            translations=max(20, int(base.translations * scale)),
            featured=max(10, int(base.featured * scale)),
        )


def database_url() -> str:
    return os.getenv("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)


def fingerprint(parameters: Parameters) -> str:
    """What the data depends on: the parameters and the generator. (A reused database is migrated to
    the code's schema: new migrations do not cost a new dataset.)"""
    generator = b"".join((Path(__file__).parent / name).read_bytes() for name in ("dataset.py", "text.py"))
    material = json.dumps(
        {"parameters": asdict(parameters), "version": GENERATOR_VERSION}, sort_keys=True
    ).encode()
    return hashlib.sha256(material + generator).hexdigest()[:16]


def stored_dataset(url: str) -> dict | None:
    """What `bench_dataset` says about the database at `url`, or None if there is none."""
    try:
        connection = psycopg2.connect(url)
    except psycopg2.OperationalError:
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('bench_dataset') IS NOT NULL")
            if not cursor.fetchone()[0]:
                return None
            cursor.execute("SELECT fingerprint, details FROM bench_dataset ORDER BY built_at DESC LIMIT 1")
            row = cursor.fetchone()
            return {"fingerprint": row[0], **row[1]} if row else None
    finally:
        connection.close()


def manage(*args: str, url: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=check, capture_output=True, text=True
    )


def recreate_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def ensure_dataset(*, rebuild: bool = False, log=print) -> dict:
    """The dataset's description, building the database first unless an identical one is there."""
    url = database_url()
    parameters = Parameters.from_env()
    wanted = fingerprint(parameters)
    stored = stored_dataset(url)
    if not rebuild and stored and stored["fingerprint"] == wanted:
        log(
            f"Dataset {wanted} already in {urlsplit(url).path.lstrip('/')}: reused"
            " (BENCH_REBUILD=1 rebuilds it); migrating it to this code's schema."
        )
        manage("migrate", "--noinput", "-v0", url=url)
        return {**stored, "reused": True}
    started = time.monotonic()
    recreate_database(url)
    manage("migrate", "--noinput", "-v0", url=url)
    migrated = time.monotonic()
    log(f"Database created and migrated in {migrated - started:.0f} s; loading...")
    counts = load(url, parameters, log=log)
    loaded = time.monotonic()
    steps = {"migrate_seconds": round(migrated - started, 1), "load_seconds": round(loaded - migrated, 1)}
    if "rebuild_search_index" in manage("help", "--commands", url=url).stdout.split():
        manage("rebuild_search_index", "--jobs", "2", url=url)
        steps["search_index_seconds"] = round(time.monotonic() - loaded, 1)
        log(f"Search index rebuilt in {steps['search_index_seconds']:.0f} s.")
    else:
        log("No rebuild_search_index command on this branch: skipped.")
    analyse_started = time.monotonic()
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    steps["vacuum_analyze_seconds"] = round(time.monotonic() - analyse_started, 1)
    details = {
        "counts": counts,
        "parameters": asdict(parameters),
        "build_seconds": round(time.monotonic() - started, 1),
        **steps,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_dataset (fingerprint text PRIMARY KEY, details jsonb NOT NULL,"
            " built_at timestamptz NOT NULL DEFAULT now())"
        )
        cursor.execute("INSERT INTO bench_dataset VALUES (%s, %s)", [wanted, json.dumps(details)])
    connection.close()
    log(f"Dataset {wanted} built in {details['build_seconds']:.0f} s: {counts}")
    return {"fingerprint": wanted, **details, "reused": False}


def copy_value(value) -> str:
    """One field in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    if "\\" in text or "\n" in text or "\t" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    return text


class Loader:
    def __init__(self, cursor):
        self.cursor = cursor
        self.counts: dict[str, int] = {}

    def copy(self, table: str, columns: str | tuple[str, ...], rows) -> None:
        """COPY `rows` into `table`; `columns` as a tuple or as one string of names."""
        if isinstance(columns, str):
            columns = tuple(columns.split())
        buffer = io.StringIO()
        count = 0
        for row in rows:
            buffer.write("\t".join(map(copy_value, row)))
            buffer.write("\n")
            count += 1
        buffer.seek(0)
        self.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
        self.counts[table] = self.counts.get(table, 0) + count


def slugify(text: str) -> str:
    return "-".join(text.lower().split())


def pairs(owner_ids: np.ndarray, rng: np.random.Generator, *, choices: np.ndarray, low: int, high: int):
    """(owner, choice) links: each owner gets `low`..`high` distinct choices."""
    counts = rng.integers(low, high + 1, size=len(owner_ids))
    for owner, count in zip(owner_ids.tolist(), counts.tolist(), strict=True):
        for choice in rng.choice(choices, size=min(count, len(choices)), replace=False).tolist():
            yield owner, choice


def load(url: str, p: Parameters, *, log=print) -> dict[str, int]:
    rng = np.random.default_rng(p.seed)
    vocabulary = Vocabulary(p.vocabulary)
    now = datetime.datetime.now(datetime.UTC)
    connection = psycopg2.connect(url)
    with connection, connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        # A bulk load is followed by a full rebuild of the search index; the content state's triggers
        # (content_state/triggers.py) would only log every row to be renewed in an empty cache.
        cursor.execute("SET session_replication_role = replica")
        loader = Loader(cursor)
        theme_ids = load_themes(loader)
        city_ids, partner_ids, client_ids = load_cities(loader, p, rng, vocabulary, theme_ids, now)
        deep_dive_ids = load_deep_dives(loader, p, rng, vocabulary, theme_ids, partner_ids, client_ids, now)
        load_outputs(loader, p, rng, vocabulary, theme_ids, city_ids, deep_dive_ids, now, log=log)
        load_lessons(loader, p, rng, vocabulary, theme_ids, city_ids, now)
        for table in loader.counts:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
    connection.close()
    return loader.counts


def load_themes(loader: Loader) -> np.ndarray:
    from sitewide.demo.content import THEMES

    loader.copy(
        "cities_theme",
        ("id", "name", "slug", "summary", "position"),
        ((n, t.name, t.slug, t.summary, n) for n, t in enumerate(THEMES, start=1)),
    )
    return np.arange(1, len(THEMES) + 1)


def load_cities(loader, p, rng, vocabulary, theme_ids, now):
    ids = np.arange(1, p.cities + 1)
    invented = [word.capitalize() for word in vocabulary.words[-p.cities :]]
    names = PARTNER_NAMES + invented[len(PARTNER_NAMES) :]
    summaries = vocabulary.documents(p.cities, 25, rng=rng)
    descriptions = vocabulary.documents(p.cities, 150, rng=rng, paragraphs=True)
    countries = rng.choice(COUNTRIES, size=p.cities)
    latitudes = rng.uniform(-40, 60, size=p.cities).round(5)
    longitudes = rng.uniform(-120, 150, size=p.cities).round(5)
    populations = rng.integers(50_000, 5_000_000, size=p.cities)
    rows = []
    for index, city_id in enumerate(ids.tolist()):
        partner = index < p.partner_cities
        country = "Japan" if partner else countries[index]
        rows.append(
            (
                city_id,
                names[index],
                f"{slugify(names[index])}-{city_id}",
                "partner" if partner else "client",
                country,
                int(populations[index]),
                2020,
                float(latitudes[index]),
                float(longitudes[index]),
                summaries[index][:400],
                descriptions[index],
                "",
                "",
                (index % 3) + 1 if partner else None,
                datetime.date(2016 + index % 8, 7, 1),
                now,
                now,
            )
        )
    loader.copy(
        "cities_city",
        (
            "id name slug role country population population_year latitude longitude summary description "
            "cover_image website cpp_batch joined_on created_at updated_at"
        ),
        rows,
    )
    loader.copy(
        "cities_city_themes", ("city_id", "theme_id"), pairs(ids, rng, choices=theme_ids, low=1, high=3)
    )
    return ids, ids[: p.partner_cities], ids[p.partner_cities :]


def load_deep_dives(loader, p, rng, vocabulary, theme_ids, partner_ids, client_ids, now):
    from sitewide.demo.content import THEMES

    ids = np.arange(1, p.deep_dives + 1)
    summaries = vocabulary.documents(p.deep_dives, 40, rng=rng)
    descriptions = vocabulary.documents(p.deep_dives, 250, rng=rng, paragraphs=True)
    objectives = vocabulary.documents(p.deep_dives * 3, 12, rng=rng)
    starts = rng.integers(0, 3900, size=p.deep_dives)
    themes = rng.choice(theme_ids, size=p.deep_dives)
    hosts = rng.choice(partner_ids, size=p.deep_dives)
    rows = []
    for index, deep_dive_id in enumerate(ids.tolist()):
        theme = THEMES[int(themes[index]) - 1]
        start = EPOCH.date() + datetime.timedelta(days=int(starts[index]))
        title = f"Technical Deep Dive on {theme.name} {start.year} ({deep_dive_id})"
        rows.append(
            (
                deep_dive_id,
                title,
                f"tdd-{theme.slug}-{start.year}-{deep_dive_id}",
                start,
                start + datetime.timedelta(days=4),
                "Tokyo and " + PARTNER_NAMES[int(hosts[index]) % len(PARTNER_NAMES)],
                summaries[index][:500],
                "\n".join(objectives[index * 3 : index * 3 + 3]),
                descriptions[index],
                "",
                now,
                now,
            )
        )
    loader.copy(
        "deep_dives_deepdive",
        "id title slug start_date end_date place summary objectives description cover_image "
        "created_at updated_at",
        rows,
    )
    loader.copy(
        "deep_dives_deepdive_themes",
        ("deepdive_id", "theme_id"),
        ((int(d), int(t)) for d, t in zip(ids, themes, strict=True)),
    )
    loader.copy(
        "deep_dives_deepdive_host_cities",
        ("deepdive_id", "city_id"),
        pairs(ids, rng, choices=partner_ids, low=1, high=2),
    )
    session_count = 6 * p.deep_dives
    session_titles = vocabulary.titles(session_count, rng=rng)
    session_texts = vocabulary.documents(session_count, 40, rng=rng)
    loader.copy(
        "deep_dives_session",
        "id day position kind title description host_organisation attendance attendance_is_approximate "
        "deep_dive_id",
        (
            (
                n + 1,
                n % 6 // 2 + 1,
                n % 2,
                SESSION_KINDS[n % 5],
                session_titles[n],
                session_texts[n],
                "TDLC",
                20 + n % 40,
                False,
                n // 6 + 1,
            )
            for n in range(session_count)
        ),
    )
    loader.copy(
        "deep_dives_participation",
        ("delegation", "challenge_statement", "city_id", "deep_dive_id"),
        (
            ("The mayor and two officials", "", city, deep_dive)
            for deep_dive, city in pairs(ids, rng, choices=client_ids, low=3, high=6)
        ),
    )
    return ids


def paragraphs_html(body: str) -> str:
    return "".join(f"<p>{html.escape(paragraph)}</p>\n" for paragraph in body.split("\n\n"))


def load_outputs(loader, p, rng, vocabulary, theme_ids, city_ids, deep_dive_ids, now, *, log=print):
    total = p.published_outputs + p.unpublished_outputs
    ids = np.arange(1, total + 1)
    status = np.full(total, "published", dtype=object)
    unpublished = rng.choice(total, size=p.unpublished_outputs, replace=False)
    status[unpublished] = rng.choice(UNPUBLISHED_STATUSES, size=p.unpublished_outputs)
    published_index = np.flatnonzero(status == "published")
    # Translations: versions in another language of published originals (disjoint sets).
    chosen = rng.choice(published_index, size=2 * p.translations, replace=False)
    translation_of = np.zeros(total, dtype=np.int64)
    translation_of[chosen[p.translations :]] = ids[chosen[: p.translations]]
    language = np.where(rng.random(total) < 0.9, "en", rng.choice(OTHER_LANGUAGES, size=total))
    language[chosen[: p.translations]] = "en"
    language[chosen[p.translations :]] = rng.choice(OTHER_LANGUAGES, size=p.translations)
    featured = np.zeros(total, dtype=bool)
    featured[rng.choice(published_index, size=p.featured, replace=False)] = True
    span = (now - EPOCH).total_seconds() - 86400
    published_at = [EPOCH + datetime.timedelta(seconds=float(s)) for s in rng.uniform(0, span, size=total)]
    kinds = rng.choice(KINDS, size=total)
    deep_dive = np.where(rng.random(total) < 0.3, rng.choice(deep_dive_ids, size=total), 0)
    has_attachment = rng.random(total) < p.attachment_share
    columns = (
        "id kind title slug summary body body_html authors language publication_date licence cover_image "
        "video_url featured status published_at created_at updated_at deep_dive_id cover_sha256 "
        "cover_thumbnail submitted_at content_changed_at translation_of_id cover_processing "
        "cover_processing_problem cover_processing_attempts"
    )
    attachment_id = 0
    for start in range(0, total, CHUNK):
        stop = min(start + CHUNK, total)
        size = stop - start
        titles = vocabulary.titles(size, rng=rng, low=4, high=10)
        summaries = vocabulary.documents(size, p.summary_words, rng=rng)
        bodies = vocabulary.documents(size, p.body_words, rng=rng, paragraphs=True)
        authors = vocabulary.titles(size, rng=rng, low=2, high=2)
        rows = []
        for offset in range(size):
            index = start + offset
            output_id = index + 1
            state = status[index]
            when = published_at[index]
            rows.append(
                (
                    output_id,
                    kinds[index],
                    titles[offset][:250],
                    f"{slugify(titles[offset])[:240]}-{output_id}",
                    summaries[offset],
                    bodies[offset],
                    paragraphs_html(bodies[offset]),
                    authors[offset],
                    language[index],
                    when.date(),
                    "cc-by-3.0-igo",
                    "",
                    "",
                    bool(featured[index]),
                    state,
                    when if state in ("published", "archived") else None,
                    now,
                    now,
                    int(deep_dive[index]) or None,
                    "",
                    "",
                    when if state == "submitted" else None,
                    when,
                    int(translation_of[index]) or None,
                    "ready",
                    "",
                    0,
                )
            )
        loader.copy("knowledge_output", columns, rows)
        chunk_ids = ids[start:stop]
        loader.copy(
            "knowledge_output_themes",
            ("output_id", "theme_id"),
            pairs(chunk_ids, rng, choices=theme_ids, low=1, high=3),
        )
        loader.copy(
            "knowledge_output_cities",
            ("output_id", "city_id"),
            pairs(chunk_ids, rng, choices=city_ids, low=1, high=2),
        )
        with_files = chunk_ids[has_attachment[start:stop]]
        texts = vocabulary.documents(len(with_files), p.attachment_words, rng=rng)
        sizes = rng.integers(100_000, 8_000_000, size=len(with_files))
        attachment_rows = []
        for output_id, text, file_size in zip(with_files.tolist(), texts, sizes.tolist(), strict=True):
            attachment_id += 1
            attachment_rows.append(
                (
                    attachment_id,
                    f"attachments/bench/{output_id}.pdf",
                    f"report-{output_id}.pdf",
                    "application/pdf",
                    file_size,
                    hashlib.sha256(str(output_id).encode()).hexdigest(),
                    text,
                    0,
                    now,
                    output_id,
                    "",
                    "ready",
                    "",
                    0,
                )
            )
        loader.copy(
            "knowledge_attachment",
            "id file display_name content_type size sha256 extracted_text position created_at output_id "
            "thumbnail processing processing_problem processing_attempts",
            attachment_rows,
        )
        if stop % 20_000 == 0 or stop == total:
            log(f"  outputs {stop:,}/{total:,}")


def load_lessons(loader, p, rng, vocabulary, theme_ids, city_ids, now):
    total_outputs = p.published_outputs + p.unpublished_outputs
    columns = (
        "id title slug challenge action result lesson transfer_conditions position created_at updated_at "
        "city_id output_id"
    )
    for start in range(0, p.lessons, CHUNK * 4):
        stop = min(start + CHUNK * 4, p.lessons)
        size = stop - start
        titles = vocabulary.titles(size, rng=rng, low=4, high=9)
        texts = vocabulary.documents(size * 5, 30, rng=rng)
        outputs = rng.integers(1, total_outputs + 1, size=size)
        cities = rng.choice(city_ids, size=size)
        rows = (
            (
                start + n + 1,
                titles[n],
                f"{slugify(titles[n])[:240]}-{start + n + 1}",
                *texts[n * 5 : n * 5 + 5],
                n % 4,
                now,
                now,
                int(cities[n]),
                int(outputs[n]),
            )
            for n in range(size)
        )
        loader.copy("knowledge_lesson", columns, rows)
        loader.copy(
            "knowledge_lesson_themes",
            ("lesson_id", "theme_id"),
            pairs(np.arange(start + 1, stop + 1), rng, choices=theme_ids, low=1, high=2),
        )
