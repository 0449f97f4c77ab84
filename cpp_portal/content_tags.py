"""Template filters for content, whatever app it comes from (registered as the `content_tags` library
in settings.TEMPLATES): the `lang` of text in another language, and a JSON-LD block."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

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
