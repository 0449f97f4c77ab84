"""The OAI-PMH 2.0 endpoint at /oai/: one URL, six verbs, answers in XML (always HTTP 200, as the protocol
wants: errors are part of the XML response)."""

import re

from django.conf import settings
from django.db.models import Min
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cities.models import City, Theme
from cpp_portal.site_url import absolute_url
from knowledge.metadata import PUBLISHER
from knowledge.oai import repository
from knowledge.oai.arguments import OAIRequest, parse_request
from knowledge.oai.errors import OAIError
from knowledge.oai.tokens import ListPosition, issue_token, redeem_token

# Characters XML 1.0 does not allow, which text typed into the admin could still hold.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@csrf_exempt  # Harvesters may POST their requests (§3.1.1); nothing here changes anything.
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request):
    now = timezone.now()
    context = {"response_date": repository.datestamp(now), "base_url": absolute_url(request.path)}
    try:
        oai_request = parse_request(request.POST if request.method == "POST" else request.GET)
        context["request_arguments"] = {"verb": oai_request.verb, **oai_request.arguments}
        template, verb_context = VERBS[oai_request.verb](oai_request, now)
        context.update(verb_context)
    except OAIError as error:
        if not error.echoes_request:
            context["request_arguments"] = {}
        template = "oai/error.xml"
        context["error"] = error
    document = NOT_XML.sub("", render_to_string(template, context, request))
    return HttpResponse(document, content_type="text/xml; charset=utf-8")


def identify(oai_request: OAIRequest, now):
    earliest = repository.harvestable().aggregate(earliest=Min("oai_datestamp"))["earliest"]
    return "oai/identify.xml", {
        "repository_name": f"CPP Knowledge Portal, {PUBLISHER}",
        "admin_emails": settings.OAI_ADMIN_EMAILS,
        "repository_identifier": settings.OAI_REPOSITORY_IDENTIFIER
        if repository.follows_identifier_scheme()
        else "",
        "earliest_datestamp": repository.datestamp(earliest or now),
    }


def list_metadata_formats(oai_request: OAIRequest, now):
    if oai_request.identifier:
        _find_output(oai_request.identifier)
    return "oai/list_metadata_formats.xml", {"formats": repository.METADATA_FORMATS.values()}


def list_sets(oai_request: OAIRequest, now):
    if oai_request.resumption_token:
        raise OAIError("badResumptionToken", "The list of sets comes whole: it has no resumptionToken.")
    sets = [(repository.THEME_SETS, "Themes", "")]
    sets += [
        (f"{repository.THEME_SETS}:{theme.slug}", theme.name, theme.summary)
        for theme in Theme.objects.only("slug", "name", "summary")
    ]
    sets.append((repository.CITY_SETS, "Cities", ""))
    sets += [
        (f"{repository.CITY_SETS}:{city.slug}", f"{city.name}, {city.country}", city.summary)
        for city in City.objects.only("slug", "name", "country", "summary")
    ]
    return "oai/list_sets.xml", {
        "sets": [
            (spec, name, [("description", description, "")] if description else [])
            for spec, name, description in sets
        ]
    }


def get_record(oai_request: OAIRequest, now):
    _check_format(oai_request.metadata_prefix)
    output = _find_output(oai_request.identifier, with_metadata=True)
    return "oai/get_record.xml", {"record": repository.record(output, with_metadata=True)}


def list_identifiers(oai_request: OAIRequest, now):
    return _list("oai/list_identifiers.xml", oai_request, now, with_metadata=False)


def list_records(oai_request: OAIRequest, now):
    return _list("oai/list_records.xml", oai_request, now, with_metadata=True)


def _list(template: str, oai_request: OAIRequest, now, *, with_metadata: bool):
    if oai_request.resumption_token:
        position = redeem_token(oai_request.resumption_token, oai_request.verb)
    else:
        before = min(oai_request.before, now) if oai_request.before else now
        position = ListPosition(
            oai_request.verb, oai_request.metadata_prefix, oai_request.set_spec, oai_request.since, before
        )
    _check_format(position.metadata_prefix)

    selected = repository.harvestable().filter(oai_datestamp__lt=position.before)
    if position.since:
        selected = selected.filter(oai_datestamp__gte=position.since)
    if position.set_spec:
        selected = repository.in_set(selected, position.set_spec)
    page_size = settings.OAI_PAGE_SIZE
    outputs = list(
        repository.for_records(selected, with_metadata=with_metadata)
        .filter(pk__gt=position.after_id)
        .order_by("pk")[: page_size + 1]
    )
    if not outputs:
        raise OAIError("noRecordsMatch", "No record matches the metadataPrefix, set, from and until given.")
    more = len(outputs) > page_size
    outputs = outputs[:page_size]

    resumption = None
    if more or oai_request.resumption_token:
        resumption = {"cursor": position.cursor, "complete_list_size": selected.count(), "token": ""}
        if more:
            following = position.next(after_id=outputs[-1].pk, cursor=position.cursor + len(outputs))
            resumption["token"] = issue_token(following)
            resumption["expires"] = repository.datestamp(now + settings.OAI_RESUMPTION_TOKEN_LIFETIME)
    return template, {
        "records": [repository.record(output, with_metadata=with_metadata) for output in outputs],
        "resumption": resumption,
    }


def _check_format(prefix: str) -> None:
    if prefix not in repository.METADATA_FORMATS:
        raise OAIError("cannotDisseminateFormat", f"Records are available in oai_dc, not in {prefix}.")


def _find_output(oai_identifier: str, *, with_metadata: bool = False):
    number = repository.output_id(oai_identifier)
    found = (
        repository.for_records(repository.harvestable(), with_metadata=with_metadata)
        .filter(pk=number)
        .first()
        if number is not None
        else None
    )
    if found is None:
        raise OAIError("idDoesNotExist", f"This repository has no record “{oai_identifier}”.")
    return found


VERBS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}
