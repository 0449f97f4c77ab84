"""What the submission tests share besides fixtures: form data, uploads, reading pages and storage."""

import html
import re

from django.core.files.uploadedfile import SimpleUploadedFile

from knowledge.models import Output


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def submission_data(people, **overrides) -> dict:
    """A complete, valid POST of the submission form."""
    data = {
        "title": "Compact city planning in Toyama",
        "kind": Output.Kind.KNOWLEDGE_NOTE,
        "summary": "How Toyama concentrates services along public transport.",
        "body": "## Approach\n\nDensify around stations.",
        "themes": [people.compact.pk],
        "cities": [people.toyama.pk],
        "deep_dive": "",
        "language": "en",
        "authors": "Aiko Tanaka",
        "publication_date": "2024-05-01",
        "video_url": "",
        "submit": "0",
    }
    data.update(overrides)
    return data


def text_of(response) -> str:
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).replace("\xa0", " ").split())


def stored_files(media_root) -> list[str]:
    return sorted(str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file())


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)
