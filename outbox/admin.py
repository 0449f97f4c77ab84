from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from outbox import delivery
from outbox.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """What the portal has sent or is trying to send, for curators to follow up on; nothing is edited."""

    list_display = ["subject", "recipients", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject", "to"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    fields = [
        "subject", "from_email", "to", "cc", "reply_to", "body",
        "status", "attempts", "created_at", "next_attempt_at", "sent_at", "last_error",
    ]  # fmt: skip
    readonly_fields = fields

    @admin.display(description=_("to"))
    def recipients(self, email: OutgoingEmail) -> str:
        return ", ".join(email.to)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Send the selected failed emails again"), permissions=["view"])
    def send_again(self, request, queryset):
        count = delivery.send_again(queryset)
        self.message_user(
            request,
            ngettext("%(count)d email will be sent again.", "%(count)d emails will be sent again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
