from django.conf import settings


def absolute_url(path: str) -> str:
    """The public address of a path on this site (SITE_URL), for what is read away from it: feeds,
    sitemaps, harvested records, citations and the metadata of shared links."""
    return settings.SITE_URL + path
