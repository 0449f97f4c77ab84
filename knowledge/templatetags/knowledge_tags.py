import json
from dataclasses import dataclass

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from knowledge.catalogue import current_catalogue
from knowledge.library import outputs_in_order

register = template.Library()

# As in Django's json_script: nothing in the data can close the script element or open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data: dict) -> str:
    """A schema.org JSON-LD block. Browsers do not run it, so the Content Security Policy allows it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def lang_attribute(language_code: str) -> str:
    """` lang="…"` for content in another language than the page's, so screen readers switch voice."""
    if not language_code or language_code == get_language():
        return ""
    return format_html(' lang="{}"', language_code)


@dataclass(frozen=True)
class PublishedWorks:
    outputs: list
    count: int


@register.simple_tag
def published_works(*, city=None, deep_dive=None, shown: int = 6) -> PublishedWorks:
    """The published works about a city or from a deep dive, newest first: the first `shown` of them
    loaded, and how many there are. For the pages of apps that do not import this one."""
    filters = {"city": [city.pk]} if city is not None else {"deep_dive": [deep_dive.pk]}
    works = current_catalogue().newest_works(filters)
    return PublishedWorks(outputs_in_order(works.first(shown)), len(works))
