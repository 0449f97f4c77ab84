"""The demo path of `make run`: SQLite, the demo data, production settings, a real server.

The rest of the suite runs on PostgreSQL; this test runs the demo as a newcomer would, in
subprocesses with their own SQLite database, and reads every page type over HTTP.
"""

import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

import feedparser
import pytest
from oaipmh_scythe import Scythe

from tests.builders import pdf_bytes

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "DEBUG": "0",
        "SECRET_KEY": "demo-smoke-test-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "OAI_ADMIN_EMAILS": "cpp-portal-demo@example.org",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SITE_URL": f"http://127.0.0.1:{port}",
    }

    def manage(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    manage("migrate", "--noinput", "-v0")
    first_load = manage("load_demo")
    second_load = manage("load_demo")
    manage("collectstatic", "--noinput", "-v0")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        yield {"base": base, "env": env, "manage": manage, "loads": (first_load, second_load)}
    finally:
        server.terminate()
        server.wait(timeout=10)


def fetch(base: str, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(base + path, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def demo_count(demo_server, expression: str) -> str:
    return demo_server["manage"]("shell", "-c", f"print({expression})").strip().splitlines()[-1]


def test_loading_the_demo_twice_adds_nothing(demo_server):
    counts = (
        "Output.objects.count(), Lesson.objects.count(), City.objects.count(), Attachment.objects.count()"
    )
    before = demo_count(demo_server, counts)
    demo_server["manage"]("load_demo")
    assert demo_count(demo_server, counts) == before


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "What Japanese cities learned"),
        ("/knowledge/", "Knowledge library"),
        ("/knowledge/?kind=toolkit&sort=title", "Toolkit"),
        ("/cities/", "Yokohama"),
        ("/cities/toyama/", "Environmental Model City"),
        ("/cities/narayanganj/", "Mayor of Narayanganj"),
        ("/deep-dives/", "Technical Deep Dive on Smart Cities"),
        ("/lessons/", "Lessons"),
        ("/themes/", "Compact Cities"),
        ("/themes/compact-cities/", "Compact Cities"),
        ("/healthz", "ok"),
    ],
)
def test_every_page_type_answers_with_its_content(demo_server, path, expected):
    status, body = fetch(demo_server["base"], path)
    assert status == 200, body[:500]
    assert expected in body


def test_detail_pages_and_a_file_download(demo_server):
    slug_of = "Output.objects.published().filter(attachments__isnull=False).first().slug"
    slug = demo_count(demo_server, slug_of)
    status, body = fetch(demo_server["base"], f"/knowledge/{slug}/")
    assert status == 200
    assert "Files" in body
    download = body.split('class="file__link" href="', 1)[1].split('"', 1)[0]
    with urllib.request.urlopen(demo_server["base"] + download, timeout=20) as response:
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert len(response.read()) > 0

    deep_dive = demo_count(demo_server, "DeepDive.objects.get(title__contains='Smart Cities').slug")
    status, body = fetch(demo_server["base"], f"/deep-dives/{deep_dive}/")
    assert status == 200
    assert "About 190 participants" in body
    kit_link = re.search(r'href="(/deep-dives/[^"]+/kit\.zip)"', body).group(1)
    with urllib.request.urlopen(demo_server["base"] + kit_link, timeout=20) as response:
        kit = zipfile.ZipFile(io.BytesIO(response.read()))
    assert {"index.html", "index.ja.html"} <= set(kit.namelist())
    assert any(name.startswith("files/") for name in kit.namelist())
    assert kit.testzip() is None

    lesson = demo_count(demo_server, "Lesson.objects.published().first().slug")
    status, body = fetch(demo_server["base"], f"/lessons/{lesson}/")
    assert status == 200
    assert "The lesson" in body or "Challenge" in body


def test_static_files_are_served_compressed_with_a_hashed_name(demo_server):
    status, body = fetch(demo_server["base"], "/")
    stylesheet = body.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    assert stylesheet.startswith("/static/css/portal.") and stylesheet.endswith(".css")
    request = urllib.request.Request(demo_server["base"] + stylesheet, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=20) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert "max-age" in response.headers["Cache-Control"]


def test_the_map_land_is_a_compressed_static_file_and_the_demo_has_translations(demo_server):
    status, body = fetch(demo_server["base"], "/cities/")
    land = body.split('<image href="', 1)[1].split('"', 1)[0]
    assert land.startswith("/static/img/world-land.") and land.endswith(".svg")
    request = urllib.request.Request(demo_server["base"] + land, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=20) as response:
        assert response.headers["Content-Encoding"] == "gzip"
    status, body = fetch(demo_server["base"], "/knowledge/city-centre-revitalisation-toolkit/")
    assert status == 200
    assert "中心市街地活性化ツールキット" in body


def test_search_works_on_sqlite_too(demo_server):
    status, body = fetch(demo_server["base"], "/search/?q=toyama")
    assert status == 200
    assert "Case study: Toyama as an Environmental Model City" in body.replace("&#x27;", "'")
    assert "<mark>Toyama</mark>" in body
    # A word only in the PDF of a published output, and one only in the PDF of a draft.
    status, body = fetch(demo_server["base"], "/search/?q=bramblewick")
    assert "How a Technical Deep Dive works" in body
    assert "<mark>bramblewick</mark>" in body
    status, body = fetch(demo_server["base"], "/search/?q=zelkovine")
    assert "Nothing was found" in body
    assert "Toolkit for documenting lessons" not in body
    status, body = fetch(demo_server["base"], "/search/?q=%E5%AF%8C%E5%B1%B1")  # 富山
    assert "コンパクトシティ政策の基本" in body
    status, body = fetch(demo_server["base"], "/search/?q=toyma")
    assert 'Did you mean <a href="/search/?q=toyama">toyama</a>?' in body


@pytest.mark.parametrize("q", ["city", "toyama", "urban transport", "kobe OR yokohama"])
def test_see_all_in_the_library_counts_what_the_library_then_lists(demo_server, q):
    status, body = fetch(demo_server["base"], f"/search/?{urllib.parse.urlencode({'q': q})}")
    assert status == 200
    see_all = re.search(r"See all (\d+) in the library", body)
    counted = re.search(r"\((\d+) outputs?\)", body)
    assert counted, "the query finds outputs"
    status, library = fetch(demo_server["base"], f"/knowledge/?{urllib.parse.urlencode({'q': q})}")
    assert re.search(rf"\b{counted.group(1)} outputs?\b", library)
    if see_all:
        assert see_all.group(1) == counted.group(1)


def test_an_unknown_page_is_a_friendly_404(demo_server):
    status, body = fetch(demo_server["base"], "/knowledge/no-such-output/")
    assert status == 404
    assert "Page not found" in body


def test_the_demo_can_be_harvested_subscribed_to_and_crawled(demo_server):
    base = demo_server["base"]
    published = int(demo_count(demo_server, "Output.objects.published().count()"))
    archived = int(demo_count(demo_server, "Output.objects.formerly_published().count()"))

    with Scythe(f"{base}/oai/") as scythe:
        records = list(scythe.list_records(metadata_prefix="oai_dc"))
    live = {record.header.identifier for record in records if not record.deleted}
    assert len(live) == published
    assert len(records) == published + archived

    status, feed = fetch(base, "/feeds/outputs.atom")
    assert status == 200
    assert not feedparser.parse(feed).bozo
    status, robots = fetch(base, "/robots.txt")
    assert f"Sitemap: {base}/sitemap.xml" in robots
    status, outputs = fetch(base, "/sitemap-outputs.xml")
    assert status == 200
    # One entry per output, at its page in its own language: the other interface's page is the same work.
    assert outputs.count("<url>") == published


def test_the_demo_accounts_exist_with_their_roles(demo_server):
    check = (
        "[(u.username, u.check_password('cpp-demo-2016'), u.is_staff, u.is_superuser, "
        "sorted(u.groups.values_list('name', flat=True)), "
        "sorted(u.city_memberships.values_list('city__slug', flat=True))) "
        "for u in User.objects.order_by('username')]"
    )
    assert demo_count(demo_server, check) == (
        "[('curator', True, True, False, ['Curators'], []), ('toyama', True, False, False, [], ['toyama'])]"
    )


class DemoSession:
    """A signed-in browser of the demo server: its own cookies, the CSRF token of the last form."""

    def __init__(self, base: str, username: str, password: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.post(
            "/accounts/login/", {"username": username, "password": password}, form_path="/accounts/login/"
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.read().decode()

    def post(self, path: str, fields: dict, *, form_path: str, files: dict | None = None) -> int:
        form = self.get(form_path)
        token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        body, content_type = _multipart({"csrfmiddlewaretoken": token, **fields}, files or {})
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={"Content-Type": content_type, "Referer": self.base + form_path},
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = "portal-test-boundary"
    parts = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode()
            )
    for name, (filename, content, mime) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(f"{head}Content-Type: {mime}\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_parallel_uploads_on_sqlite_wait_for_each_other_instead_of_failing(demo_server):
    base = demo_server["base"]
    toyama = demo_count(demo_server, "City.objects.get(slug='toyama').pk")
    sessions = [DemoSession(base, "toyama", "cpp-demo-2016") for _ in range(4)]
    before = int(demo_count(demo_server, "Output.objects.count()"))

    def submit(number: int) -> int:
        fields = {
            "title": f"Parallel upload {number}",
            "kind": "knowledge_note",
            "summary": "Written while other uploads are saved.",
            "language": "en",
            "cities": [toyama],
            "submit": "0",
        }
        files = {"attachments": (f"report-{number}.pdf", pdf_bytes(f"Report {number}"), "application/pdf")}
        return sessions[number % 4].post("/submit/new/", fields, form_path="/submit/new/", files=files)

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(submit, range(20)))

    assert answers == [200] * 20  # each redirected to its submission's page
    assert int(demo_count(demo_server, "Output.objects.count()")) == before + 20
    stored = "Attachment.objects.filter(output__title__startswith='Parallel upload').count()"
    assert demo_count(demo_server, stored) == "20"
