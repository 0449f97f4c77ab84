"""Who is asking: a personal key (accounts.ApiToken) in `Authorization: Bearer <key>`, or nobody.

The API reads no session cookie: a browser signed in to the portal gets the public answers, as everyone
does, so that no other site's page can read an official's drafts through the visitor's browser."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from accounts.models import ApiToken, api_key_digest

# How often a key's "last used" time is written: not on every request.
LAST_USED_PRECISION = datetime.timedelta(minutes=5)


class ApiKeyAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(
                _("Send the key as “Authorization: Bearer” and the key, nothing else.")
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("This API key is not valid: it was revoked or mistyped.")) from None
        token = ApiToken.objects.select_related("user").filter(digest=api_key_digest(key)).first()
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(_("This API key is not valid: it was revoked or mistyped."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'
