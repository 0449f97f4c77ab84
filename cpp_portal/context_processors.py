from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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


def site(request):
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else None
    return {
        "site_url": settings.SITE_URL,
        "navigation": [
            {"label": label, "url": reverse(name), "current": current in section}
            for label, name, section in NAVIGATION
        ],
    }
