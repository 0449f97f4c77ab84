from django.contrib import admin
from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext_lazy as _

from cpp_portal.tasks import enqueue_on_commit
from kits.models import Kit
from kits.tasks import refresh_kits


@admin.register(Kit)
class KitAdmin(admin.ModelAdmin):
    """Kits are made by the task queue from what is published: staff see them and can ask for a rebuild,
    never edit one."""

    list_display = ["deep_dive", "variant", "size", "file_count", "videos_left_out", "built_at", "is_current"]
    list_filter = ["variant"]
    list_select_related = ["deep_dive"]
    actions = ["rebuild"]

    def get_queryset(self, request):
        current = Kit.objects.current().filter(pk=OuterRef("pk"))
        return super().get_queryset(request).annotate(current=Exists(current))

    @admin.display(boolean=True, description=_("up to date"), ordering=F("current"))
    def is_current(self, kit: Kit) -> bool:
        return kit.current

    @admin.action(description=_("Bring the selected kits up to date with what is published"))
    def rebuild(self, request, queryset):
        enqueue_on_commit(refresh_kits, sorted(set(queryset.values_list("deep_dive_id", flat=True))))
        self.message_user(request, _("The kits will be brought up to date in a few minutes."))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
