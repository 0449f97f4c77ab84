"""Turning a YouTube or Vimeo address into the address of its embeddable player."""

import re
from urllib.parse import parse_qs, urlsplit

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^\d{1,12}$")


def video_embed_url(url: str) -> str | None:
    """The player address for a YouTube or Vimeo video page, or None for any other address."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = [segment for segment in parts.path.split("/") if segment]

    video_id = None
    if host == "youtu.be" and path:
        video_id = path[0]
    elif host in ("youtube.com", "youtube-nocookie.com"):
        if path == ["watch"]:
            video_id = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(path) >= 2 and path[0] in ("embed", "shorts", "live", "v"):
            video_id = path[1]
    if video_id is not None:
        return f"https://www.youtube-nocookie.com/embed/{video_id}" if _YOUTUBE_ID.match(video_id) else None

    if host == "vimeo.com" and path:
        video_id = path[-1] if _VIMEO_ID.match(path[-1]) else None
    elif host == "player.vimeo.com" and len(path) == 2 and path[0] == "video":
        video_id = path[1]
    if video_id and _VIMEO_ID.match(video_id):
        return f"https://player.vimeo.com/video/{video_id}?dnt=1"
    return None
