from functools import cached_property

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext_lazy as _

from cpp_portal.site_url import absolute_url

# (label, URL name, the URL names that count as being in that section)
NAVIGATION = [
    (_("Library"), "knowledge:library", {"knowledge:library", "knowledge:output_detail"}),
    (_("Lessons"), "knowledge:lesson_list", {"knowledge:lesson_list", "knowledge:lesson_detail"}),
    (_("Cities"), "cities:city_list", {"cities:city_list", "cities:city_detail"}),
    (
        _("Deep dives"),
        "deep_dives:deep_dive_list",
        {"deep_dives:deep_dive_list", "deep_dives:deep_dive_detail"},
    ),
    (_("Themes"), "knowledge:theme_list", {"knowledge:theme_list", "knowledge:theme_detail"}),
]


class PageAddresses:
    """This page's public address and its address in each interface language (for hreflang), worked out
    only if the template asks."""

    def __init__(self, request):
        self.path = escape_uri_path(request.path)
        self.full_path = request.get_full_path()

    @cached_property
    def canonical(self) -> str:
        return absolute_url(self.path)

    @cached_property
    def alternates(self) -> list[tuple[str, str]]:
        by_language = {code: translate_url(self.path, code) for code, _name in settings.LANGUAGES}
        return [(code, absolute_url(path)) for code, path in by_language.items()] + [
            ("x-default", absolute_url(by_language[settings.LANGUAGE_CODE]))
        ]

    @cached_property
    def for_language_switch(self) -> str:
        """This page in the default language, query string kept: the language switcher's `next`.

        Django's set_language resolves `next` before translating it, and it runs in the default language
        (its own address has no prefix), where only the unprefixed form of an address resolves. Given
        /ja/knowledge/?theme=x it would find nothing and send a visitor who chose English back there."""
        return translate_url(self.full_path, settings.LANGUAGE_CODE)


def site(request):
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else None
    return {
        "site_url": settings.SITE_URL,
        "page_addresses": PageAddresses(request),
        "navigation": [
            {"label": label, "url": reverse(name), "current": current in section}
            for label, name, section in NAVIGATION
        ],
    }
