"""What the account tests share: signing in through the forms, and being the user's authenticator app."""

import base64
import re

from django_otp.oath import TOTP

PASSWORD = "correct horse battery"
ADDRESS = "203.0.113.7"


def sign_in(client, username: str, password: str = PASSWORD, *, path: str = "/accounts/login/", **extra):
    extra.setdefault("REMOTE_ADDR", ADDRESS)
    return client.post(path, {"username": username, "password": password}, **extra)


def secret_on(page) -> bytes:
    """The key the set-up page shows for typing into an app, as the app reads it."""
    typed = re.search(r'<code class="secret-key">([A-Z2-7 ]+)</code>', page.content.decode()).group(1)
    return base64.b32decode(typed.replace(" ", ""))


def app_code(secret: bytes) -> str:
    """What an authenticator app with this key shows now."""
    return f"{TOTP(secret).token():06}"


def recovery_codes_on(page) -> list[str]:
    listing = re.search(r'<ul class="recovery-codes".*?</ul>', page.content.decode(), flags=re.S).group(0)
    return re.findall(r"<code>([a-z2-7]+)</code>", listing)
