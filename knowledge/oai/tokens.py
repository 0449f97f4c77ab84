"""Resumption tokens: where a harvester is in a long list, kept by the harvester, not by us.

A token holds the whole selection and the position in it, signed with SECRET_KEY so it cannot be forged or
altered, and dated so it expires. The list's upper bound is fixed when the harvest starts: a record that
changes during the harvest leaves this list and comes back, with its new datestamp, in the next harvest.
"""

import datetime
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core import signing

from knowledge.oai.errors import OAIError

SALT = "knowledge.oai.resumption-token"


@dataclass(frozen=True)
class ListPosition:
    verb: str
    metadata_prefix: str
    set_spec: str
    since: datetime.datetime | None
    before: datetime.datetime
    after_id: int = 0
    cursor: int = 0

    def next(self, *, after_id: int, cursor: int) -> "ListPosition":
        return ListPosition(**{**asdict(self), "after_id": after_id, "cursor": cursor})


def issue_token(position: ListPosition) -> str:
    payload = asdict(position)
    payload["since"] = position.since.isoformat() if position.since else None
    payload["before"] = position.before.isoformat()
    return signing.dumps(payload, salt=SALT, compress=True)


def redeem_token(token: str, verb: str) -> ListPosition:
    try:
        payload = signing.loads(
            token, salt=SALT, max_age=settings.OAI_RESUMPTION_TOKEN_LIFETIME.total_seconds()
        )
    except signing.SignatureExpired:
        raise OAIError(
            "badResumptionToken", "The resumptionToken has expired: start the list again."
        ) from None
    except signing.BadSignature:
        raise OAIError(
            "badResumptionToken", "The resumptionToken is not one this repository issued."
        ) from None
    try:
        position = ListPosition(
            verb=payload["verb"],
            metadata_prefix=payload["metadata_prefix"],
            set_spec=payload["set_spec"],
            since=datetime.datetime.fromisoformat(payload["since"]) if payload["since"] else None,
            before=datetime.datetime.fromisoformat(payload["before"]),
            after_id=int(payload["after_id"]),
            cursor=int(payload["cursor"]),
        )
    except (KeyError, TypeError, ValueError):
        raise OAIError(
            "badResumptionToken", "The resumptionToken is not one this repository issued."
        ) from None
    if position.verb != verb:
        raise OAIError("badResumptionToken", f"The resumptionToken belongs to {position.verb}, not {verb}.")
    return position
