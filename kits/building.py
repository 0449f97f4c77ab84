"""Building a deep dive's kit: what it holds, its offline pages, the ZIP, and storing it with its record."""

import hashlib
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation

from content_state.versions import sync
from cpp_portal.file_types import clean_display_name
from cpp_portal.files import atomic_with_files, delete_file_on_commit, store_file
from deep_dives.models import ActionPlan, DeepDive, Participation
from kits.models import Kit, KitRevision
from knowledge.models import Attachment, Lesson, Output

# The kit's offline pages, one per interface language, and the link to each from the others (in its
# own language).
PAGES = {"en": "index.html", "ja": "index.ja.html"}
PAGE_LINKS = {"en": "Read this kit in English", "ja": "このキットを日本語で読む"}
# Already compressed: stored as they are.
STORED_TYPES = ("application/pdf", "application/zip", "image/", "video/", "audio/")
COPY_CHUNK = 1024 * 1024


@dataclass
class KitFile:
    attachment: Attachment
    path: str  # inside the ZIP
    # A video above KIT_VIDEO_LIMIT: only in the full kit.
    too_large: bool


@dataclass
class KitOutput:
    output: Output
    files: list[KitFile] = field(default_factory=list)


@dataclass
class KitContent:
    """Everything public that a kit of `deep_dive` holds, as read at one moment."""

    deep_dive: DeepDive
    outputs: list[KitOutput]
    lessons: list[Lesson]
    # The deep dive's KitRevision number, read before the content: a change made meanwhile counts after it.
    revision: int

    def works(self, language: str) -> list[dict]:
        """The outputs as works, each shown in `language` where it has that version (else as the
        original), followed by its other language versions."""
        works: dict[int, list[KitOutput]] = {}
        for item in self.outputs:
            works.setdefault(item.output.translation_of_id or item.output.pk, []).append(item)
        shown = []
        for versions_of_work in works.values():
            in_language = [item for item in versions_of_work if item.output.language == language]
            main = (in_language or versions_of_work)[0]
            shown.append({"main": main, "others": [item for item in versions_of_work if item is not main]})
        return shown

    @property
    def files(self) -> list[KitFile]:
        return [kit_file for item in self.outputs for kit_file in item.files]

    @property
    def videos_too_large(self) -> list[KitFile]:
        return [kit_file for kit_file in self.files if kit_file.too_large]

    def left_out_of(self, variant: str) -> set[str]:
        """The paths of the files that the kit of `variant` leaves out."""
        return set() if variant == Kit.Variant.FULL else {kit_file.path for kit_file in self.videos_too_large}


def published_outputs_of(deep_dive: DeepDive):
    """The deep dive's published outputs and the published translations of them."""
    return Output.objects.published().filter(Q(deep_dive=deep_dive) | Q(translation_of__deep_dive=deep_dive))


def kit_content(deep_dive: DeepDive) -> KitContent:
    revision, _created = KitRevision.objects.get_or_create(deep_dive_id=deep_dive.pk)
    output_ids = list(published_outputs_of(deep_dive).values_list("pk", flat=True))
    deep_dive = (
        DeepDive.objects.prefetch_related(
            "themes",
            "host_cities",
            "sessions",
            Prefetch("participations", queryset=Participation.objects.select_related("city")),
            Prefetch("action_plans", queryset=ActionPlan.objects.select_related("city")),
        )
        .filter(pk=deep_dive.pk)
        .first()
    )
    outputs = (
        Output.objects.filter(pk__in=output_ids)
        .published()
        .select_related("translation_of")
        .prefetch_related("themes", Prefetch("attachments", queryset=Attachment.objects.ready()))
        # Each original followed by its translations.
        .order_by(Coalesce("translation_of", "id"), F("translation_of").asc(nulls_first=True), "language")
    )
    items = []
    video_limit = settings.KIT_VIDEO_LIMIT
    for output in outputs:
        item = KitOutput(output)
        taken = set()
        for attachment in output.attachments.all():
            # A file name is the uploader's: it must not climb out of the output's folder.
            name = clean_display_name(attachment.display_name)
            if name in taken:
                name = f"{attachment.pk}-{name}"
            taken.add(name)
            too_large = attachment.content_type.startswith("video/") and attachment.size > video_limit
            item.files.append(KitFile(attachment, f"files/{output.slug}/{name}", too_large))
        items.append(item)
    lessons = list(
        Lesson.objects.published()
        .filter(output__in=output_ids)
        .select_related("city", "output")
        .order_by("output__title", "position", "title")
    )
    return KitContent(deep_dive, items, lessons, revision.number)


def kit_pages(content: KitContent, variant: str) -> dict[str, str]:
    """The offline pages of the kit, by file name inside the ZIP."""
    pages = {}
    for language, name in PAGES.items():
        with translation.override(language):
            pages[name] = render_to_string(
                "kits/index.html",
                {
                    "content": content,
                    "deep_dive": content.deep_dive,
                    "works": content.works(language),
                    "other_pages": [
                        (code, page, PAGE_LINKS[code]) for code, page in PAGES.items() if code != language
                    ],
                    "language": language,
                    "left_out": content.left_out_of(variant),
                    "video_limit": settings.KIT_VIDEO_LIMIT,
                    "portal_url": settings.SITE_URL + content.deep_dive.get_absolute_url(),
                },
            )
    return pages


def content_digest(content: KitContent) -> str:
    """A digest of what the kits show and hold: equal digests, equal kits (but for when they were made)."""
    digest = hashlib.sha256()
    for page in kit_pages(content, Kit.Variant.FULL).values():
        digest.update(page.encode())
    for kit_file in content.files:
        digest.update(f"\n{kit_file.path}\t{kit_file.attachment.sha256}\t{kit_file.attachment.size}".encode())
    digest.update(f"\nlimit {settings.KIT_VIDEO_LIMIT}".encode())
    return digest.hexdigest()


def _zip_time(moment: datetime) -> tuple:
    return timezone.localtime(moment).timetuple()[:6]


def write_kit(content: KitContent, variant: str, handle, built_at: datetime) -> int:
    """Write the ZIP of `variant` into `handle`; returns the number of files of the outputs in it."""
    count = 0
    with zipfile.ZipFile(handle, "w", allowZip64=True) as archive:
        for name, page in kit_pages(content, variant).items():
            info = zipfile.ZipInfo(name, _zip_time(built_at))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, page)
        left_out = content.left_out_of(variant)
        for kit_file in content.files:
            if kit_file.path in left_out:
                continue
            attachment = kit_file.attachment
            info = zipfile.ZipInfo(kit_file.path, _zip_time(attachment.created_at))
            info.external_attr = 0o644 << 16
            compressed = attachment.content_type.startswith(STORED_TYPES)
            info.compress_type = zipfile.ZIP_STORED if compressed else zipfile.ZIP_DEFLATED
            info.file_size = attachment.size
            with attachment.file.open("rb") as source, archive.open(info, "w", force_zip64=True) as target:
                shutil.copyfileobj(source, target, COPY_CHUNK)
            count += 1
    return count


def kit_build(deep_dive: DeepDive) -> int:
    """Bring the deep dive's kits up to date: its kit, and a full kit when the first leaves videos out
    (a full kit that would hold nothing more is removed). A kit whose pages and files would not change
    keeps its file. Returns how many kit files were written."""
    sync()  # the changes made so far, counted in the revision read next
    content = kit_content(deep_dive)
    if content.deep_dive is None:  # deleted meanwhile
        return 0
    digest = content_digest(content)
    variants = [Kit.Variant.LIGHT, Kit.Variant.FULL] if content.videos_too_large else [Kit.Variant.LIGHT]
    if not content.videos_too_large:
        _remove_kit(deep_dive, Kit.Variant.FULL)
    existing = {kit.variant: kit for kit in Kit.objects.filter(deep_dive=deep_dive)}
    written = 0
    for variant in variants:
        kit = existing.get(variant)
        if kit is not None and kit.content_digest == digest and kit.file.storage.exists(kit.file.name):
            Kit.objects.filter(pk=kit.pk, revision__lt=content.revision).update(revision=content.revision)
        else:
            _build_variant(content, variant, digest)
            written += 1
    return written


def _build_variant(content: KitContent, variant: str, digest: str) -> Kit:
    built_at = timezone.now()
    with tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR) as handle:
        file_count = write_kit(content, variant, handle, built_at)
        size = handle.tell()
        handle.seek(0)
        sha256 = hashlib.sha256()
        while chunk := handle.read(COPY_CHUNK):
            sha256.update(chunk)
        handle.seek(0)
        return _store(
            content,
            variant,
            File(handle, name=f"{content.deep_dive.slug}.zip"),
            size=size,
            sha256=sha256.hexdigest(),
            file_count=file_count,
            videos_left_out=len(content.left_out_of(variant)),
            content_digest=digest,
            built_at=built_at,
        )


@atomic_with_files
def _store(content: KitContent, variant: str, archive: File, **fields) -> Kit:
    kit = Kit.objects.select_for_update().filter(deep_dive=content.deep_dive, variant=variant).first()
    if kit is None:
        kit = Kit(deep_dive=content.deep_dive, variant=variant)
    else:
        delete_file_on_commit(kit.file)
    store_file(kit.file, archive.name, archive)
    for name, value in fields.items():
        setattr(kit, name, value)
    kit.revision = content.revision
    kit.output_ids = sorted(item.output.pk for item in content.outputs)
    kit.full_clean()
    kit.save()
    return kit


def _remove_kit(deep_dive: DeepDive, variant: str) -> None:
    with transaction.atomic():
        for kit in Kit.objects.select_for_update().filter(deep_dive=deep_dive, variant=variant):
            delete_file_on_commit(kit.file)
            kit.delete()


def refresh_kits(deep_dive_ids=None) -> int:
    """Bring the kits of these deep dives up to date (by default of every deep dive without a current
    kit: one new, or out of date and whose rebuild was lost); how many kit files were written."""
    deep_dives = DeepDive.objects.order_by("pk")
    if deep_dive_ids is not None:
        deep_dives = deep_dives.filter(pk__in=deep_dive_ids)
    else:
        deep_dives = deep_dives.exclude(Exists(Kit.objects.current().filter(deep_dive=OuterRef("pk"))))
    return sum(kit_build(deep_dive) for deep_dive in deep_dives)
