from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.filter
def lang_attribute(language_code: str) -> str:
    """` lang="…"` for content in another language than the page's, so screen readers switch voice."""
    if not language_code or language_code == get_language():
        return ""
    return format_html(' lang="{}"', language_code)
