"""Reading an OAI-PMH request: which verb, which arguments, and whether they are legal (OAI-PMH 2.0, §3)."""

import datetime
import re
from dataclasses import dataclass, field

from django.http import QueryDict

from knowledge.oai.errors import OAIError


@dataclass(frozen=True)
class VerbArguments:
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    exclusive: str = ""


SELECTIVE_LIST = VerbArguments(("metadataPrefix",), ("from", "until", "set"), "resumptionToken")

VERBS = {
    "Identify": VerbArguments(),
    "ListMetadataFormats": VerbArguments(optional=("identifier",)),
    "ListSets": VerbArguments(exclusive="resumptionToken"),
    "GetRecord": VerbArguments(required=("identifier", "metadataPrefix")),
    "ListIdentifiers": SELECTIVE_LIST,
    "ListRecords": SELECTIVE_LIST,
}

# The value syntaxes of the protocol's schema, so that every value echoed in <request> is valid there.
METADATA_PREFIX = re.compile(r"[A-Za-z0-9\-_.!~*'()]+\Z")
SET_SPEC = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*\Z")
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
SECOND = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\Z")


@dataclass(frozen=True)
class OAIRequest:
    verb: str
    arguments: dict[str, str] = field(default_factory=dict)
    # Selective harvesting, as a half-open range of datestamps: since <= datestamp < before.
    since: datetime.datetime | None = None
    before: datetime.datetime | None = None

    @property
    def metadata_prefix(self) -> str:
        return self.arguments.get("metadataPrefix", "")

    @property
    def identifier(self) -> str:
        return self.arguments.get("identifier", "")

    @property
    def set_spec(self) -> str:
        return self.arguments.get("set", "")

    @property
    def resumption_token(self) -> str:
        return self.arguments.get("resumptionToken", "")


def parse_request(query: QueryDict) -> OAIRequest:
    """The request, or OAIError(badVerb / badArgument) saying exactly what is wrong with it."""
    values = dict(query.lists())
    verbs = values.pop("verb", [])
    if not verbs:
        raise OAIError("badVerb", "The verb argument is missing.")
    if len(verbs) > 1:
        raise OAIError("badVerb", "The verb argument is repeated.")
    verb = verbs[0]
    if verb not in VERBS:
        raise OAIError("badVerb", f"“{verb}” is not an OAI-PMH verb.")
    expected = VERBS[verb]

    for name, given in values.items():
        if len(given) > 1:
            raise OAIError("badArgument", f"The argument {name} is repeated.")
    arguments = {name: given[0] for name, given in values.items()}
    allowed = {*expected.required, *expected.optional, expected.exclusive} - {""}
    if illegal := sorted(set(arguments) - allowed):
        raise OAIError("badArgument", f"{verb} does not take {', '.join(illegal)}.")
    if empty := sorted(name for name, value in arguments.items() if not value):
        raise OAIError("badArgument", f"{', '.join(empty)} has no value.")

    if expected.exclusive in arguments:
        if len(arguments) > 1:
            raise OAIError("badArgument", f"{expected.exclusive} is an exclusive argument: give it alone.")
        return OAIRequest(verb, arguments)
    if missing := [name for name in expected.required if name not in arguments]:
        raise OAIError("badArgument", f"{verb} needs {', '.join(missing)}.")
    if "metadataPrefix" in arguments and not METADATA_PREFIX.match(arguments["metadataPrefix"]):
        raise OAIError("badArgument", "The metadataPrefix has characters a prefix cannot have.")
    if "set" in arguments and not SET_SPEC.match(arguments["set"]):
        raise OAIError("badArgument", "The set is not a setSpec.")
    since, before = _date_range(arguments.get("from"), arguments.get("until"))
    return OAIRequest(verb, arguments, since=since, before=before)


def _date_range(
    start: str | None, end: str | None
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    since = since_granularity = before = before_granularity = None
    if start:
        since, since_granularity = _datestamp("from", start)
    if end:
        until, before_granularity = _datestamp("until", end)
        # `until` counts in its own granularity: until=2020-01-31 includes the whole of that day.
        step = datetime.timedelta(days=1) if before_granularity == "day" else datetime.timedelta(seconds=1)
        before = until + step
    if since_granularity and before_granularity and since_granularity != before_granularity:
        raise OAIError("badArgument", "from and until must have the same granularity.")
    if since and before and since >= before:
        raise OAIError("badArgument", "from is later than until.")
    return since, before


def _datestamp(name: str, value: str) -> tuple[datetime.datetime, str]:
    if DAY.match(value):
        text_format, granularity = "%Y-%m-%d", "day"
    elif SECOND.match(value):
        text_format, granularity = "%Y-%m-%dT%H:%M:%SZ", "second"
    else:
        raise OAIError(
            "badArgument", f"{name} must be a UTC date, YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, not “{value}”."
        )
    try:
        moment = datetime.datetime.strptime(value, text_format)
    except ValueError:
        raise OAIError("badArgument", f"{name} is not a date that exists: “{value}”.") from None
    return moment.replace(tzinfo=datetime.UTC), granularity
