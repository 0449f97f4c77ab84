"""The apps depend in one direction, read from the code's own imports: each app imports only the apps
below it, and the project package (`cpp_portal/`) imports none, but for the root URLconf.

    sitewide        pages that bring every app together: home, a city's and a deep dive's page, ...
    api             the read API over the content apps (and search, through cpp_portal.search)
    kits            a deep dive's content and files in one ZIP, to read offline
    search          reads the content apps to index them; reached by the others through
                    cpp_portal.search, the narrow interface, and settings.SEARCH_ENGINE
    submissions     the review workflow
    knowledge       outputs, files, lessons, the library
    deep_dives      Technical Deep Dives, their sessions, participants and action plans
    cities          cities and themes
    accounts        roles
    outbox          emails as rows, sent by the task queue's workers
    content_state   what changed, for the caches
    cpp_portal      settings and plumbing
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [
    "content_state",
    "outbox",
    "accounts",
    "cities",
    "deep_dives",
    "knowledge",
    "submissions",
    "search",
    "kits",
    "api",
    "sitewide",
]
# The one module of the project package that puts the apps together.
URLCONF = Path("cpp_portal/urls.py")


def project_modules():
    for package in ["cpp_portal", *LAYERS]:
        for path in (ROOT / package).rglob("*.py"):
            relative = path.relative_to(ROOT)
            if "migrations" not in relative.parts:
                yield relative


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse((ROOT / path).read_text(), filename=str(path))  # relative to ROOT, or absolute
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & {"cpp_portal", *LAYERS}


def test_every_import_runs_down_the_layers():
    wrong = []
    for path in project_modules():
        package = path.parts[0]
        for imported in imported_packages(path):
            if imported in (package, "cpp_portal"):
                continue
            if package == "cpp_portal":
                if path != URLCONF:
                    wrong.append(f"{path} imports {imported}: the project package imports no app")
            elif LAYERS.index(imported) > LAYERS.index(package):
                wrong.append(f"{path} imports {imported}, which stands above {package}")
    assert wrong == []


def test_the_check_would_see_an_import_against_the_direction(tmp_path):
    module = tmp_path / "example.py"
    module.write_text("from sitewide.pages import HomePage\nimport knowledge.models\nfrom . import sibling\n")
    assert imported_packages(module) == {"sitewide", "knowledge"}
