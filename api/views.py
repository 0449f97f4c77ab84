"""The read API: one read-only viewset per kind of record, each over the queryset of what the caller may
see (accounts.ApiToken's user, else the public), prefetched so that a page costs the same few queries
whatever its size."""

import hashlib

from django.db.models import Prefetch
from django.http import HttpResponsePermanentRedirect
from django.urls import resolve
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from api import serializers
from api.filters import ActionPlanFilter, OutputApiFilter
from cities.filters import CityFilter
from cities.models import Challenge, City, Theme
from deep_dives.filters import DeepDiveFilter
from deep_dives.models import ActionPlan, DeepDive, Participation
from knowledge.filters import LessonFilter
from knowledge.models import Attachment, Lesson, Output

# How long a client or a shared cache may reuse a public answer before asking again (with If-None-Match,
# which costs a 304 and no body).
PUBLIC_MAX_AGE = 60


class ReadOnlyApiViewSet(viewsets.ReadOnlyModelViewSet):
    """JSON with a strong ETag of its bytes: a GET that sends it back in If-None-Match gets 304."""

    # Any value reaches the view (and gets a JSON 404 when nothing has it), not Django's HTML 404.
    lookup_value_regex = "[^/]+"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Authorization"])
        # Only a public answer may be kept by a shared cache: not one for a key, nor an error (a 429
        # kept by a proxy would refuse everyone behind it).
        if request.auth is not None or response.status_code != 200:
            patch_cache_control(response, private=True, no_store=True)
        else:
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        response["ETag"] = etag
        return get_conditional_response(request._request, etag=etag, response=response)


@extend_schema_view(
    list=extend_schema(summary="Outputs, newest first, filtered like the library"),
    retrieve=extend_schema(summary="One output, with its files, lessons and translations"),
)
class OutputViewSet(ReadOnlyApiViewSet):
    serializer_class = serializers.OutputSerializer
    filterset_class = OutputApiFilter
    lookup_field = "slug"
    ordering = "-id"

    def get_queryset(self):
        return (
            Output.objects.visible_to(self.request.user)
            .select_related("deep_dive", "translation_of")
            .prefetch_related(
                "themes",
                "cities",
                Prefetch("attachments", Attachment.objects.ready().for_file_list(), to_attr="api_files"),
                Prefetch("lessons", Lesson.objects.only("title", "slug", "output"), to_attr="api_lessons"),
            )
            .with_versions()
        )


@extend_schema_view(
    list=extend_schema(summary="Lessons: a challenge, what was done, the result and when it transfers"),
    retrieve=extend_schema(summary="One lesson"),
)
class LessonViewSet(ReadOnlyApiViewSet):
    serializer_class = serializers.LessonSerializer
    filterset_class = LessonFilter
    lookup_field = "slug"
    ordering = "-id"

    def get_queryset(self):
        return (
            Lesson.objects.filter(output__in=Output.objects.visible_to(self.request.user).values("pk"))
            .select_related("city", "output")
            .prefetch_related("themes")
        )


@extend_schema_view(
    list=extend_schema(summary="Partner and client cities"),
    retrieve=extend_schema(summary="One city, with its recognitions and challenges"),
)
class CityViewSet(ReadOnlyApiViewSet):
    serializer_class = serializers.CitySerializer
    filterset_class = CityFilter
    lookup_field = "slug"
    ordering = "id"

    def get_queryset(self):
        return City.objects.prefetch_related(
            "themes", "recognitions", Prefetch("challenges", Challenge.objects.prefetch_related("themes"))
        )


@extend_schema_view(
    list=extend_schema(summary="Technical Deep Dives"),
    retrieve=extend_schema(summary="One deep dive, with its sessions, participants and action plans"),
)
class DeepDiveViewSet(ReadOnlyApiViewSet):
    serializer_class = serializers.DeepDiveSerializer
    filterset_class = DeepDiveFilter
    lookup_field = "slug"
    ordering = "-id"

    def get_queryset(self):
        return DeepDive.objects.prefetch_related(
            "themes",
            "host_cities",
            "sessions",
            Prefetch("participations", Participation.objects.select_related("city")),
            Prefetch("action_plans", ActionPlan.objects.select_related("city")),
        )


@extend_schema_view(
    list=extend_schema(summary="Action plans that cities made after a deep dive"),
    retrieve=extend_schema(
        summary="One action plan", parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)]
    ),
)
class ActionPlanViewSet(ReadOnlyApiViewSet):
    serializer_class = serializers.ActionPlanSerializer
    filterset_class = ActionPlanFilter
    ordering = "id"

    def get_queryset(self):
        return ActionPlan.objects.select_related("deep_dive", "city")


@extend_schema_view(list=extend_schema(summary="Themes"), retrieve=extend_schema(summary="One theme"))
class ThemeViewSet(ReadOnlyApiViewSet):
    serializer_class = serializers.ThemeSerializer
    lookup_field = "slug"
    ordering = "id"

    def get_queryset(self):
        return Theme.objects.all()


@extend_schema(exclude=True)
class ApiRoot(APIView):
    """Where everything is: the endpoints, the schema and its documentation."""

    def get(self, request):
        endpoints = {
            prefix.replace("-", "_"): reverse(f"api:{basename}-list", request=request)
            for prefix, _viewset, basename in ENDPOINTS
        }
        return Response(
            {
                **endpoints,
                "schema": reverse("api:schema", request=request),
                "documentation": reverse("api:docs", request=request),
            }
        )


# (address, viewset, name) of each endpoint: the URLs, the root's list and the schema's filters read it.
ENDPOINTS = (
    ("outputs", OutputViewSet, "output"),
    ("lessons", LessonViewSet, "lesson"),
    ("cities", CityViewSet, "city"),
    ("deep-dives", DeepDiveViewSet, "deep-dive"),
    ("action-plans", ActionPlanViewSet, "action-plan"),
    ("themes", ThemeViewSet, "theme"),
)


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other address under /api/: a 404 in JSON, as the endpoints give theirs."""

    def get(self, request, *args, **kwargs):
        with_slash = f"{request.path}/"
        if not request.path.endswith("/") and resolve(with_slash).url_name != "not_found":
            return HttpResponsePermanentRedirect(with_slash)  # as APPEND_SLASH does elsewhere
        raise NotFound(
            _("There is no such address in the API: see %(root)s.") % {"root": reverse("api:root")}
        )
