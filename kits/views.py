import base64

from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from content_state.versions import sync
from cpp_portal.files import stored_file_response
from deep_dives.models import DeepDive
from kits.models import Kit
from kits.tasks import queue_rebuild

# How long a visitor is asked to wait while a kit is (re)built.
RETRY_AFTER_SECONDS = 60


@require_safe
def deep_dive_kit(request, slug: str, variant: str):
    """The kit as a download (ranges for resuming, its SHA-256 as ETag and Repr-Digest); while it is
    being built, or rebuilt after a change (an out-of-date kit is never served), a page that says so,
    with 503 and Retry-After."""
    deep_dive = get_object_or_404(DeepDive, slug=slug)
    sync()  # a change committed a moment ago puts the kit out of date now, not at the next poll
    kit = Kit.objects.current().filter(deep_dive=deep_dive, variant=variant).first()
    if kit is None:
        if variant == Kit.Variant.FULL and not _needs_full_kit(deep_dive):
            return render(request, "kits/not_available.html", {"deep_dive": deep_dive}, status=404)
        queue_rebuild([deep_dive.pk])  # one build, however many visitors ask meanwhile
        response = render(request, "kits/being_prepared.html", {"deep_dive": deep_dive}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        patch_cache_control(response, no_store=True)
        return response
    kit.deep_dive = deep_dive
    response = stored_file_response(
        request,
        kit.file,
        content_type="application/zip",
        filename=kit.download_name,
        inline=False,
        public=True,
        sha256=kit.sha256,
    )
    response["Repr-Digest"] = f"sha-256=:{base64.b64encode(bytes.fromhex(kit.sha256)).decode()}:"
    # A kit changes when its deep dive does: a cache must ask again (the ETag makes that cheap).
    patch_cache_control(response, public=True, no_cache=True)
    return response


def _needs_full_kit(deep_dive: DeepDive) -> bool:
    light = Kit.objects.current().filter(deep_dive=deep_dive, variant=Kit.Variant.LIGHT).first()
    return light is None or light.videos_left_out > 0
