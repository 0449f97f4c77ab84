"""Small builders for test data. Each returns a saved object with sensible defaults."""

import datetime
import hashlib
import itertools
from io import BytesIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.test import Client, TestCase
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from fpdf import FPDF
from PIL import Image

from accounts.roles import ensure_curators_group
from accounts.two_factor import SECOND_FACTOR_OWED
from cities.models import City, CityMembership, Theme
from deep_dives.models import ActionPlan, DeepDive, Participation, Session
from knowledge.models import Attachment, Lesson, Output
from knowledge.processing import process_waiting_now

_numbers = itertools.count(1)


def theme(name: str | None = None, **fields) -> Theme:
    return Theme.objects.create(name=name or f"Theme {next(_numbers)}", **fields)


def city(name: str | None = None, *, role: str = City.Role.PARTNER, themes=(), **fields) -> City:
    fields.setdefault("country", "Japan" if role == City.Role.PARTNER else "Bangladesh")
    created = City.objects.create(name=name or f"City {next(_numbers)}", role=role, **fields)
    created.themes.set(themes)
    return created


def deep_dive(title: str | None = None, *, hosts=(), themes=(), **fields) -> DeepDive:
    fields.setdefault("summary", "A Technical Deep Dive for the tests.")
    created = DeepDive.objects.create(title=title or f"Deep dive {next(_numbers)}", **fields)
    created.host_cities.set(hosts)
    created.themes.set(themes)
    return created


def session(deep_dive: DeepDive, title: str, *, kind: str = Session.Kind.WORKSHOP, **fields) -> Session:
    return Session.objects.create(deep_dive=deep_dive, title=title, kind=kind, **fields)


def participation(deep_dive: DeepDive, city: City, **fields) -> Participation:
    return Participation.objects.create(deep_dive=deep_dive, city=city, **fields)


def action_plan(deep_dive: DeepDive, city: City, title: str = "Action plan", **fields) -> ActionPlan:
    fields.setdefault("goals", "First goal\nSecond goal")
    return ActionPlan.objects.create(deep_dive=deep_dive, city=city, title=title, **fields)


def output(
    title: str | None = None,
    *,
    status: str = Output.Status.PUBLISHED,
    themes=(),
    cities=(),
    **fields,
) -> Output:
    fields.setdefault("kind", Output.Kind.KNOWLEDGE_NOTE)
    fields.setdefault("summary", "A summary written for the tests.")
    fields.setdefault("publication_date", datetime.date(2020, 1, 1))
    if status == Output.Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now() - datetime.timedelta(days=1))
    created = Output.objects.create(title=title or f"Output {next(_numbers)}", status=status, **fields)
    created.themes.set(themes)
    created.cities.set(cities)
    return created


def attachment(output: Output, name: str = "note.pdf", content: bytes | None = None, **fields) -> Attachment:
    content = pdf_bytes(f"Attachment of {output.title}") if content is None else content
    fields.setdefault(
        "content_type", "application/pdf" if name.endswith(".pdf") else "application/octet-stream"
    )
    return Attachment.objects.create(
        output=output,
        file=ContentFile(content, name=name),
        display_name=name,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        **fields,
    )


def user(
    username: str | None = None, *, password: str = "a-long-test-password", **fields
) -> AbstractBaseUser:
    username = username or f"user{next(_numbers)}"
    fields.setdefault("email", f"{username}@example.org")
    return get_user_model().objects.create_user(username, password=password, **fields)


def official(*cities: City, username: str | None = None, **fields) -> AbstractBaseUser:
    """A city official: an account with a membership of each of `cities`."""
    created = user(username, **fields)
    for each in cities:
        CityMembership.objects.create(user=created, city=each)
    return created


def curator(username: str = "curator", **fields) -> AbstractBaseUser:
    """TDLC staff in the Curators group (not a superuser)."""
    created = user(username, is_staff=True, **fields)
    created.groups.add(ensure_curators_group())
    return created


def lesson(output: Output, city: City, title: str | None = None, *, themes=(), **fields) -> Lesson:
    fields.setdefault("challenge", "The challenge.")
    fields.setdefault("action", "What was done.")
    fields.setdefault("lesson", "The lesson learned.")
    created = Lesson.objects.create(
        output=output, city=city, title=title or f"Lesson {next(_numbers)}", **fields
    )
    created.themes.set(themes)
    return created


def pdf_bytes(*paragraphs: str) -> bytes:
    """A real PDF whose text can be extracted again."""
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    for paragraph in paragraphs:
        document.multi_cell(0, 8, paragraph)
    return bytes(document.output())


def png_bytes(width: int = 40, height: int = 30, colour: str = "teal") -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def process_files() -> int:
    """Process the files waiting for the task queue, here and now, through the queue's own code (a test
    in a transaction runs no commit callback, so the job queued by the upload never starts). The
    callbacks of processing (removing the original of a re-encoded image) run as if it had committed."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return process_waiting_now()


def authenticator(user) -> TOTPDevice:
    """A confirmed authenticator app (TOTP) for `user`; `totp_code(device)` is what the app shows now."""
    return TOTPDevice.objects.create(user=user, name="Test phone", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}}"


class PortalClient(Client):
    """Django's test client, whose `force_login` signs in as the portal asks: a staff account, or one with a
    second factor, has passed that too (with a real confirmed authenticator), so that tests of what a curator
    does need not go through the code page. Tests of the sign-in itself post to the forms instead."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if not (user.is_staff or user_has_device(user)):
            return
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or authenticator(user)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.pop(SECOND_FACTOR_OWED, None)
        session.save()


def form_as_submitted(response, *, with_field: str) -> dict[str, str | list[str]]:
    """What a browser would send of the page's form that has `with_field`, as it was served: its fields'
    values, ticked boxes and chosen options (files left out); fields with several values as lists."""
    from lxml import html

    page = html.fromstring(response.content.decode())
    form = next(form for form in page.forms if with_field in form.fields)
    values: dict[str, str | list[str]] = {}
    for name, value in form.form_values():
        if name in values:
            values[name] = [*([values[name]] if isinstance(values[name], str) else values[name]), value]
        else:
            values[name] = value
    for area in form.xpath(".//textarea[@name]"):
        # A browser drops a text area's first line end, which Django writes after the opening tag.
        values[area.name] = area.value.removeprefix("\n")
    return values
