"""What the API says about each record: its fields, its links to the related records, and its address on
the portal in English and in Japanese (at SITE_URL, as every address read away from the site). Every
serializer reads only what its view's queryset prefetched."""

from django.utils import translation
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from cities.models import Challenge, City, Recognition, Theme
from cpp_portal.site_url import absolute_url
from deep_dives.models import ActionPlan, DeepDive, Participation, Session
from knowledge.models import Attachment, Lesson, Output

PORTAL_URLS = inline_serializer(
    "PortalUrls",
    {
        "en": serializers.URLField(help_text="The record's page in the English interface."),
        "ja": serializers.URLField(help_text="The record's page in the Japanese interface."),
    },
)


@extend_schema_field(PORTAL_URLS)
class PortalUrlsField(serializers.Field):
    """The record's page on the portal, in each interface language."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance) -> dict[str, str]:
        urls = {}
        for language in ("en", "ja"):
            with translation.override(language):
                urls[language] = absolute_url(instance.get_absolute_url())
        return urls


class OptionalUrlField(serializers.URLField):
    """An address that may be missing: null, rather than an empty string that is no URL."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, read_only=True, **kwargs)

    def to_representation(self, value):
        return value or None


class ThemeLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name"]


class CityLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = City
        fields = ["slug", "name", "role", "country"]


class DeepDiveLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeepDive
        fields = ["slug", "title"]


class OutputLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Output
        fields = ["slug", "title", "language"]


class LessonLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lesson
        fields = ["slug", "title"]


class ThemeSerializer(serializers.ModelSerializer):
    portal_urls = PortalUrlsField()

    class Meta:
        model = Theme
        fields = ["slug", "name", "summary", "portal_urls"]


class FileSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name")
    url = serializers.SerializerMethodField(
        help_text="Where to download the file (it answers Range requests)."
    )
    sha256 = serializers.CharField(help_text="The SHA-256 of the file's bytes, in hexadecimal.")

    class Meta:
        model = Attachment
        fields = ["name", "content_type", "size", "sha256", "url"]

    def get_url(self, attachment) -> str:
        return absolute_url(attachment.get_absolute_url())


class OutputSerializer(serializers.ModelSerializer):
    portal_urls = PortalUrlsField()
    canonical_url = serializers.SerializerMethodField(
        help_text="The output's one address for machines: its page in its own language."
    )
    authors = serializers.ListField(source="author_list", child=serializers.CharField())
    licence_url = OptionalUrlField(help_text="The licence's text, when it has one.")
    video_url = OptionalUrlField(help_text="Where the video plays, when the output is a video.")
    themes = ThemeLinkSerializer(many=True)
    cities = CityLinkSerializer(many=True)
    deep_dive = DeepDiveLinkSerializer(allow_null=True)
    files = FileSerializer(many=True, source="api_files")
    lessons = LessonLinkSerializer(many=True, source="api_lessons")
    translations = OutputLinkSerializer(
        many=True,
        source="other_versions",
        help_text="The other published language versions of the same work, the original first.",
    )
    translation_of = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The original's slug when this output is a translation.",
    )

    class Meta:
        model = Output
        fields = [
            "slug",
            "title",
            "kind",
            "language",
            "summary",
            "body",
            "authors",
            "publication_date",
            "published_at",
            "status",
            "licence",
            "licence_url",
            "video_url",
            "themes",
            "cities",
            "deep_dive",
            "files",
            "lessons",
            "translation_of",
            "translations",
            "portal_urls",
            "canonical_url",
        ]

    def get_canonical_url(self, output) -> str:
        return absolute_url(output.get_canonical_url())


class LessonSerializer(serializers.ModelSerializer):
    portal_urls = PortalUrlsField()
    city = CityLinkSerializer()
    themes = ThemeLinkSerializer(many=True)
    output = OutputLinkSerializer(help_text="The output the lesson is drawn from.")

    class Meta:
        model = Lesson
        fields = [
            "slug",
            "title",
            "challenge",
            "action",
            "result",
            "lesson",
            "transfer_conditions",
            "city",
            "themes",
            "output",
            "portal_urls",
        ]


class RecognitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recognition
        fields = ["title", "awarded_by", "year", "note"]


class ChallengeSerializer(serializers.ModelSerializer):
    themes = ThemeLinkSerializer(many=True)

    class Meta:
        model = Challenge
        fields = ["title", "description", "themes"]


class CitySerializer(serializers.ModelSerializer):
    portal_urls = PortalUrlsField()
    themes = ThemeLinkSerializer(many=True)
    recognitions = RecognitionSerializer(many=True)
    challenges = ChallengeSerializer(many=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    website = OptionalUrlField()

    class Meta:
        model = City
        fields = [
            "slug",
            "name",
            "role",
            "country",
            "population",
            "population_year",
            "latitude",
            "longitude",
            "summary",
            "description",
            "website",
            "cpp_batch",
            "joined_on",
            "themes",
            "recognitions",
            "challenges",
            "portal_urls",
        ]


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["day", "kind", "title", "description", "host_organisation", "attendance"]


class ParticipantSerializer(serializers.ModelSerializer):
    city = CityLinkSerializer()

    class Meta:
        model = Participation
        fields = ["city", "delegation", "challenge_statement"]


class ActionPlanSerializer(serializers.ModelSerializer):
    deep_dive = DeepDiveLinkSerializer()
    city = CityLinkSerializer()
    goals = serializers.ListField(source="goal_list", child=serializers.CharField())
    next_steps = serializers.ListField(source="next_step_list", child=serializers.CharField())
    operation_url = OptionalUrlField(help_text="The World Bank operation's page, when one is named.")

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "title",
            "status",
            "deep_dive",
            "city",
            "goals",
            "next_steps",
            "operation_id",
            "operation_name",
            "operation_url",
        ]


class DeepDiveActionPlanSerializer(ActionPlanSerializer):
    class Meta(ActionPlanSerializer.Meta):
        fields = [name for name in ActionPlanSerializer.Meta.fields if name != "deep_dive"]


class DeepDiveSerializer(serializers.ModelSerializer):
    portal_urls = PortalUrlsField()
    themes = ThemeLinkSerializer(many=True)
    host_cities = CityLinkSerializer(many=True)
    objectives = serializers.ListField(source="objective_list", child=serializers.CharField())
    sessions = SessionSerializer(many=True)
    participants = ParticipantSerializer(many=True, source="participations")
    action_plans = DeepDiveActionPlanSerializer(many=True)

    class Meta:
        model = DeepDive
        fields = [
            "slug",
            "title",
            "start_date",
            "end_date",
            "place",
            "summary",
            "objectives",
            "description",
            "themes",
            "host_cities",
            "sessions",
            "participants",
            "action_plans",
            "portal_urls",
        ]
