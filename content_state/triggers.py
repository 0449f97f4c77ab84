"""What renews what: the one list of the tables whose rows the public pages show, and the scopes of
content that a change of a row renews. The database writes them itself, through triggers installed
from this list after every `migrate`, so no write escapes: not a bulk `update()`, a `COPY`, raw SQL, nor
a save through a proxy model (another signal sender).

A scope names what a page or a cached part of one depends on:

- `output:<id>`: an output's own page and card, the other versions of its work included;
- `outputs`: the set of published outputs and what lists them (the library's catalogue);
- `outputs-of-city:<id>`, `outputs-of-theme:<id>`, `outputs-of-deep-dive:<id>`: the outputs listed on a
  city's, a theme's or a deep dive's page, and the related outputs of an output that shares them;
- `lesson:<id>`, `lessons`, `lessons-of-city:<id>`, `lessons-of-theme:<id>`: the same for lessons;
- `city:<id>`, `cities`, `cities-of-theme:<id>`; `deep-dive:<id>`, `deep-dives`,
  `deep-dives-of-city:<id>`, `deep-dives-of-theme:<id>`; `theme:<id>`, `themes`;
- `taxonomy`: the names of themes, cities and deep dives, which every card shows;
- `flows`: who hosted and who took part in which deep dive (the partnership map);
- `kit-of-deep-dive:<id>`: the kits a deep dive's page offers;
- `all`: everything (a TRUNCATE, or more changes at once than are worth telling apart).

Each renewal is a query over the changed rows `r` (old and new) giving the ids of its scope; `{label}`
names the table of a model (`{knowledge.Output}`) or of a many-to-many field (`{knowledge.Output.cities}`).
A test checks that every model of the content apps is here or in `UNTRACKED` with its reason.
"""

import re
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import connection
from django.db.models import Model

from content_state.models import ContentChange


@dataclass(frozen=True)
class Renews:
    scope: str
    # SQL giving the ids (column `v`) of the scope from the changed rows `{rows} r`; None for a scope
    # without id (renewed when any row changed).
    ids: str | None = None
    # For an update: only when one of these columns changed (an insert or a delete always renews).
    # Empty: any change of the row.
    when_changed: tuple[str, ...] = ()


def _column(scope: str, column: str) -> Renews:
    return Renews(scope, f"SELECT r.{column} AS v FROM {{rows}} r")


# The other versions of an output's work (its original and the original's other translations) show it.
OUTPUT_VERSIONS = Renews(
    "output",
    "SELECT o.id AS v FROM {rows} r JOIN {knowledge.Output} o "
    "ON o.id = r.translation_of_id OR o.translation_of_id = COALESCE(r.translation_of_id, r.id)",
)


def _of_output(scope: str, through: str, column: str) -> Renews:
    return Renews(scope, f"SELECT l.{column} AS v FROM {{rows}} r JOIN {{{through}}} l ON l.output_id = r.id")


# What the library's catalogue (knowledge/catalogue.py) and every list of outputs read of an output: an
# edit of anything else (a summary, a body, a file) renews the output's own scope, not the lists.
LISTED_COLUMNS = (
    "status",
    "published_at",
    "title",
    "kind",
    "language",
    "publication_date",
    "deep_dive_id",
    "featured",
    "translation_of_id",
)
# What lists of lessons show of their source output, and what makes them public.
LESSON_LIST_COLUMNS = ("status", "published_at", "title", "slug", "kind")

TRACKED: dict[str, tuple[Renews, ...]] = {
    "knowledge.Output": (
        # The output itself by its own id, which a deleted row still has.
        _column("output", "id"),
        OUTPUT_VERSIONS,
        Renews("outputs", when_changed=LISTED_COLUMNS),
        _column("outputs-of-deep-dive", "deep_dive_id"),
        _of_output("outputs-of-city", "knowledge.Output.cities", "city_id"),
        _of_output("outputs-of-theme", "knowledge.Output.themes", "theme_id"),
        # A lesson is public when its output is.
        Renews("lesson", "SELECT l.id AS v FROM {rows} r JOIN {knowledge.Lesson} l ON l.output_id = r.id"),
        Renews("lessons", when_changed=LESSON_LIST_COLUMNS),
        Renews(
            "lessons-of-city",
            "SELECT l.city_id AS v FROM {rows} r JOIN {knowledge.Lesson} l ON l.output_id = r.id",
        ),
        Renews(
            "lessons-of-theme",
            "SELECT t.theme_id AS v FROM {rows} r JOIN {knowledge.Lesson} l ON l.output_id = r.id "
            "JOIN {knowledge.Lesson.themes} t ON t.lesson_id = l.id",
        ),
    ),
    "knowledge.Output.themes": (
        _column("output", "output_id"),
        Renews("outputs"),
        _column("outputs-of-theme", "theme_id"),
    ),
    "knowledge.Output.cities": (
        _column("output", "output_id"),
        Renews("outputs"),
        _column("outputs-of-city", "city_id"),
    ),
    "knowledge.Attachment": (_column("output", "output_id"),),
    "knowledge.Lesson": (
        _column("lesson", "id"),
        _column("output", "output_id"),
        Renews("lessons"),
        _column("lessons-of-city", "city_id"),
        Renews(
            "lessons-of-theme",
            "SELECT t.theme_id AS v FROM {rows} r JOIN {knowledge.Lesson.themes} t ON t.lesson_id = r.id",
        ),
    ),
    "knowledge.Lesson.themes": (
        _column("lesson", "lesson_id"),
        Renews(
            "output", "SELECT l.output_id AS v FROM {rows} r JOIN {knowledge.Lesson} l ON l.id = r.lesson_id"
        ),
        Renews("lessons"),
        _column("lessons-of-theme", "theme_id"),
    ),
    "cities.Theme": (_column("theme", "id"), Renews("themes"), Renews("taxonomy")),
    "cities.City": (_column("city", "id"), Renews("cities"), Renews("taxonomy")),
    "cities.City.themes": (
        _column("city", "city_id"),
        Renews("cities"),
        _column("cities-of-theme", "theme_id"),
    ),
    "cities.Recognition": (_column("city", "city_id"),),
    "cities.Challenge": (_column("city", "city_id"),),
    "cities.Challenge.themes": (
        Renews(
            "city", "SELECT c.city_id AS v FROM {rows} r JOIN {cities.Challenge} c ON c.id = r.challenge_id"
        ),
    ),
    "deep_dives.DeepDive": (
        _column("deep-dive", "id"),
        Renews("deep-dives"),
        Renews("taxonomy"),
        Renews(
            "deep-dives-of-city",
            "SELECT h.city_id AS v FROM {rows} r "
            "JOIN {deep_dives.DeepDive.host_cities} h ON h.deepdive_id = r.id "
            "UNION SELECT p.city_id FROM {rows} r JOIN {deep_dives.Participation} p ON p.deep_dive_id = r.id",
        ),
        Renews(
            "deep-dives-of-theme",
            "SELECT t.theme_id AS v FROM {rows} r "
            "JOIN {deep_dives.DeepDive.themes} t ON t.deepdive_id = r.id",
        ),
    ),
    "deep_dives.DeepDive.themes": (
        _column("deep-dive", "deepdive_id"),
        Renews("deep-dives"),
        _column("deep-dives-of-theme", "theme_id"),
    ),
    "deep_dives.DeepDive.host_cities": (
        _column("deep-dive", "deepdive_id"),
        Renews("deep-dives"),
        _column("deep-dives-of-city", "city_id"),
        Renews("flows"),
    ),
    "deep_dives.Session": (_column("deep-dive", "deep_dive_id"),),
    "deep_dives.Participation": (
        _column("deep-dive", "deep_dive_id"),
        _column("deep-dives-of-city", "city_id"),
        Renews("flows"),
    ),
    "deep_dives.ActionPlan": (_column("deep-dive", "deep_dive_id"), _column("deep-dives-of-city", "city_id")),
    # A kit built or removed changes what its deep dive's page offers (not the kit's own content).
    "kits.Kit": (_column("kit-of-deep-dive", "deep_dive_id"),),
}

# Models of the content apps that no public page shows, so that no change of theirs renews anything.
UNTRACKED = {
    "knowledge.OutputUsage": "view and download counts, read live on every visit, never cached",
    "cities.CityMembership": "who is an official of which city: only signed-in pages, never cached",
    "submissions.Transition": "the review history, shown only to the city's officials and curators",
    "submissions.Comment": "the review thread, shown only to the city's officials and curators",
    "submissions.PreviewLink": "secret previews are rendered afresh on every visit",
    "submissions.Submission": "a proxy of knowledge.Output: its rows are the outputs' rows",
}

_LABEL = re.compile(r"\{([a-z_]+\.[A-Za-z]+(?:\.[a-z_]+)?)\}")


def table_of(label: str) -> str:
    """The table of `app.Model` or of the many-to-many field `app.Model.field`."""
    app_label, model_name, *field = label.split(".")
    model = apps.get_model(app_label, model_name)
    if field:
        model = model._meta.get_field(field[0]).remote_field.through
    return model._meta.db_table


def model_of(label: str) -> type[Model]:
    app_label, model_name, *field = label.split(".")
    model = apps.get_model(app_label, model_name)
    return model._meta.get_field(field[0]).remote_field.through if field else model


@cache
def tracked_tables() -> frozenset[str]:
    return frozenset(table_of(label) for label in TRACKED)


def renewed_only_on_some_columns(label: str) -> set[str]:
    """The id-less scopes that an update of `label`'s rows renews only when certain columns change: what a
    write that changes none of them, but must count as a change (an embargo's release), logs itself."""
    return {renewal.scope for renewal in TRACKED[label] if renewal.when_changed and renewal.ids is None}


def _by_condition(renewals: tuple[Renews, ...]) -> dict[tuple[str, ...], tuple[Renews, ...]]:
    """The renewals grouped by the columns an update must change for them (() first: any change)."""
    groups: dict[tuple[str, ...], list[Renews]] = {(): []}
    for renewal in renewals:
        groups.setdefault(renewal.when_changed, []).append(renewal)
    return {columns: tuple(group) for columns, group in groups.items() if group}


def _renewal_sql(renewals: tuple[Renews, ...], rows: str) -> str:
    """One INSERT of the scopes that the rows `rows` (a table or a subquery) renew."""
    parts = []
    for renewal in renewals:
        if renewal.ids is None:
            parts.append(f"SELECT '{renewal.scope}' AS s FROM {rows} r")
        else:
            query = _LABEL.sub(lambda match: table_of(match.group(1)), renewal.ids.replace("{rows}", rows))
            parts.append(f"SELECT '{renewal.scope}:' || x.v AS s FROM ({query}) x WHERE x.v IS NOT NULL")
    union = " UNION ".join(parts)
    return f"INSERT INTO {ContentChange._meta.db_table} (scope) SELECT s FROM ({union}) scopes;"


def _postgres_statements(label: str, renewals: tuple[Renews, ...]) -> list[str]:
    table = table_of(label)
    function = f"content_state_{table}"
    both = "(SELECT * FROM new_rows UNION ALL SELECT * FROM old_rows)"

    def changed(columns: tuple[str, ...]) -> str:
        """The old and new versions of the rows whose `columns` an update changed."""
        if not columns:
            return both
        new, old = (", ".join(f"{alias}.{column}" for column in columns) for alias in "no")
        pair = f"FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE ({new}) IS DISTINCT FROM ({old})"
        return f"(SELECT n.* {pair} UNION ALL SELECT o.* {pair})"

    on_update = " ".join(
        _renewal_sql(group, changed(columns)) for columns, group in _by_condition(renewals).items()
    )
    statements = [
        f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN {_renewal_sql(renewals, "new_rows")}
            ELSIF TG_OP = 'DELETE' THEN {_renewal_sql(renewals, "old_rows")}
            ELSIF TG_OP = 'UPDATE' THEN {on_update}
            ELSE INSERT INTO {ContentChange._meta.db_table} (scope) VALUES ('all');
            END IF;
            RETURN NULL;
        END $$""",
    ]
    for event, referencing in (
        ("INSERT", "REFERENCING NEW TABLE AS new_rows"),
        ("UPDATE", "REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows"),
        ("DELETE", "REFERENCING OLD TABLE AS old_rows"),
        ("TRUNCATE", ""),
    ):
        name = f"{function}_{event.lower()}"
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        statements.append(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )
    return statements


def _sqlite_statements(label: str, renewals: tuple[Renews, ...]) -> list[str]:
    table = table_of(label)
    columns = [field.column for field in model_of(label)._meta.concrete_fields]

    def row(alias: str) -> str:
        return "(SELECT " + ", ".join(f'{alias}."{column}" AS "{column}"' for column in columns) + ")"

    statements = []
    both = f"({row('NEW')[1:-1]} UNION ALL {row('OLD')[1:-1]})"
    triggers = [
        ("insert", "INSERT", "", row("NEW"), renewals),
        ("delete", "DELETE", "", row("OLD"), renewals),
    ]
    for number, (columns, group) in enumerate(_by_condition(renewals).items()):
        when = " OR ".join(f'NEW."{column}" IS NOT OLD."{column}"' for column in columns)
        name = "update" if not columns else f"update_{number}"
        triggers.append((name, "UPDATE", f"WHEN {when} " if when else "", both, group))
    for suffix, event, when, rows, group in triggers:
        name = f"content_state_{table}_{suffix}"
        statements.append(f"DROP TRIGGER IF EXISTS {name}")
        statements.append(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW {when}"
            f"BEGIN {_renewal_sql(group, rows)} END"
        )
    return statements


def uninstall(using: str = "default", **kwargs) -> None:
    """Drop every trigger of this module. Runs before every `migrate`, whose changes of tables the
    triggers' SQL would not follow (they are installed again afterwards)."""
    from django.db import connections

    database = connections[using]
    with database.cursor() as cursor:
        if database.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE 'content_state_%%'"
            )
            for name, table in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON {table}')
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'content_state_%'"
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def install(using: str = "default", **kwargs) -> None:
    """Create (or replace) the triggers of every tracked table. Runs after every `migrate`."""
    from django.db import connections

    database = connections[using]
    existing = set(database.introspection.table_names())
    build = _postgres_statements if database.vendor == "postgresql" else _sqlite_statements
    with database.cursor() as cursor:
        for label, renewals in TRACKED.items():
            if table_of(label) in existing:
                for statement in build(label, renewals):
                    cursor.execute(statement)


def installed_triggers() -> list[str]:
    """The names of the triggers this module installs, as the database reports them (for tests)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'content_state_%%'")
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'content_state_%'"
            )
        return sorted(row[0] for row in cursor.fetchall())
