"""The shapes of the demo's content: plain frozen records, loaded into the models by `loader`."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ThemeRecord:
    slug: str
    name: str
    summary: str
    colour: str


@dataclass(frozen=True)
class RecognitionRecord:
    title: str
    awarded_by: str
    year: int | None
    note: str = ""


@dataclass(frozen=True)
class ChallengeRecord:
    title: str
    description: str
    themes: tuple[str, ...]


@dataclass(frozen=True)
class CityRecord:
    slug: str
    name: str
    role: str
    country: str
    latitude: str
    longitude: str
    summary: str
    description: str
    themes: tuple[str, ...] = ()
    cpp_batch: int | None = None
    joined_on: date | None = None
    recognitions: tuple[RecognitionRecord, ...] = ()
    challenges: tuple[ChallengeRecord, ...] = ()


@dataclass(frozen=True)
class SessionRecord:
    day: int
    kind: str
    title: str
    description: str
    host_organisation: str = ""
    attendance: int | None = None
    attendance_is_approximate: bool = False


@dataclass(frozen=True)
class ActionPlanRecord:
    title: str
    goals: tuple[str, ...]
    next_steps: tuple[str, ...]
    status: str


@dataclass(frozen=True)
class ParticipationRecord:
    city: str
    delegation: str
    challenge_statement: str
    action_plan: ActionPlanRecord


@dataclass(frozen=True)
class DeepDiveRecord:
    slug: str
    title: str
    hosts: tuple[str, ...]
    themes: tuple[str, ...]
    place: str
    summary: str
    objectives: tuple[str, ...]
    description: str
    colour: str
    sessions: tuple[SessionRecord, ...]
    participations: tuple[ParticipationRecord, ...]


@dataclass(frozen=True)
class TopicRecord:
    """What a group of sample outputs is about; each output picks from its points and steps."""

    key: str
    themes: tuple[str, ...]
    cities: tuple[str, ...]
    deep_dive: str | None
    focus: str
    context: str
    points: tuple[str, ...]
    steps: tuple[str, ...]
    questions: tuple[str, ...]


@dataclass(frozen=True)
class OutputRecord:
    """A sample output. Without `summary` and `body` they are written from its topic and kind."""

    kind: str
    title: str
    topic: str
    language: str = "en"
    slug: str = ""
    status: str = "published"
    embargoed: bool = False
    featured: bool = False
    summary: str = ""
    body: str = ""
    pdf_annex: str = ""
    # For a translation: the slug of the original it translates.
    translation_of: str = ""


@dataclass(frozen=True)
class LessonRecord:
    topic: str
    city: str
    title: str
    challenge: str
    action: str
    result: str
    lesson: str
    transfer_conditions: str
    themes: tuple[str, ...] = ()
