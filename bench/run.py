"""`make bench`: build (or reuse) the dataset, serve the portal with gunicorn as in production, warm it up,
measure every page type with wrk, print the table and write bench/results/latest.json.

Settings come from the environment: BENCH_DATABASE_URL, BENCH_REBUILD=1, BENCH_WORKERS (gunicorn sync
workers), BENCH_SECONDS (per page type), BENCH_PORT, BENCH_CACHE_URL, BENCH_PAGES (a comma-separated
subset of page types, for a quick look at one page; written to bench/out/partial.json), BENCH_WARMUP_LIMIT
(seconds of warm-up at most per page type), BENCH_WRITES=1 (each page type measured again under a write
load, bench/writer.py) and BENCH_WRITE_SECONDS (the time between two writes).
"""

import json
import os
import platform
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import psycopg2

from bench import dataset, report

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "results" / "latest.json"
HOST = "127.0.0.1"
PORT = int(os.getenv("BENCH_PORT", "8100"))
WORKERS = int(os.getenv("BENCH_WORKERS", "4"))
SECONDS = int(os.getenv("BENCH_SECONDS", "60"))
CONNECTIONS = 8
THREADS = 2
WARM_UP_LIMIT_SECONDS = int(os.getenv("BENCH_WARMUP_LIMIT", "120"))
WARM_UP_URLS = 24
WARM_UP_SEED = 2016
# BENCH_WRITES=1 measures each page type a second time while bench/writer.py saves an output every
# BENCH_WRITE_SECONDS.
WRITES = os.getenv("BENCH_WRITES", "0") == "1"
WRITE_SECONDS = int(os.getenv("BENCH_WRITE_SECONDS", "10"))


def server_environment() -> dict[str, str]:
    """Production settings on plain HTTP at 127.0.0.1 (no TLS redirect, no secure-only cookies)."""
    return {
        **os.environ,
        "DATABASE_URL": dataset.database_url(),
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-not-for-any-real-site-0123456789abcdef",
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "OAI_ADMIN_EMAILS": "bench@example.org",
        "SITE_URL": f"http://{HOST}:{PORT}",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "CONN_MAX_AGE": "600",
        "CACHE_URL": os.getenv("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5"),
        "STATIC_ROOT": str(OUT / "static"),
        "MEDIA_ROOT": str(OUT / "media"),
        "LOG_LEVEL": "WARNING",
    }


def log(message: str) -> None:
    print(message, flush=True)


def clear_cache(environment: dict[str, str]) -> None:
    import redis

    redis.Redis.from_url(environment["CACHE_URL"]).flushdb()


def start_server(environment: dict[str, str]) -> subprocess.Popen:
    OUT.mkdir(parents=True, exist_ok=True)
    # Django's own log lines (a 404 is a warning) go to the same file as gunicorn's, not the table.
    server_log = (OUT / "gunicorn.log").open("a")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "cpp_portal.wsgi:application",
            f"--workers={WORKERS}",
            "--worker-class=sync",
            f"--bind={HOST}:{PORT}",
            "--timeout=120",
            f"--error-logfile={OUT / 'gunicorn.log'}",
        ],
        cwd=ROOT,
        env=environment,
        stdout=server_log,
        stderr=server_log,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{PORT}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer on {HOST}:{PORT}; see {OUT / 'gunicorn.log'}")


def fetch(path: str) -> tuple[str, int, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(f"http://{HOST}:{PORT}{path}", timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return path, status, time.monotonic() - started


def warm_up(paths: list[str]) -> dict:
    """Request each of `paths` once, as many at a time as there are workers, within a time limit."""
    started = time.monotonic()

    def fetch_in_time(path: str) -> tuple[str, int, float] | None:
        return fetch(path) if time.monotonic() - started < WARM_UP_LIMIT_SECONDS else None

    with ThreadPoolExecutor(WORKERS) as pool:
        outcomes = [outcome for outcome in pool.map(fetch_in_time, paths) if outcome is not None]
    failures = {path: status for path, status, _ in outcomes if not 200 <= status < 300}
    return {
        "requested": len(outcomes),
        "seconds": round(time.monotonic() - started, 1),
        "slowest_ms": round(max((seconds for _, _, seconds in outcomes), default=0) * 1000),
        "failures": len(failures),
        "failure_examples": dict(list(failures.items())[:5]),
    }


def wait_until_idle(limit_seconds: int = 180) -> float:
    """Wait until the workers have finished what the last page type left queued (wrk stops sending,
    but requests already in gunicorn's backlog still run): /healthz answering fast three times in a row.
    Without this, a slow page type's leftovers would be measured as the next page type's slowness."""
    started = time.monotonic()
    fast_in_a_row = 0
    while fast_in_a_row < 3 and time.monotonic() - started < limit_seconds:
        _, status, seconds = fetch("/healthz")
        fast_in_a_row = fast_in_a_row + 1 if status == 200 and seconds < 0.05 else 0
        time.sleep(0.2)
    return round(time.monotonic() - started, 1)


def measure(url_file: Path) -> dict:
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{SECONDS}s",
        "--timeout=30s",
        f"--script={ROOT / 'bench' / 'bench.lua'}",
        f"http://{HOST}:{PORT}",
        "--",
        str(url_file),
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_RESULT "))
    return json.loads(line.removeprefix("BENCH_RESULT "))


@contextmanager
def writing(environment: dict[str, str]):
    """The write load (bench/writer.py) for the length of one measurement; yields the list of writes it
    reports, filled in when it ends."""
    writes: list[str] = []
    writer = subprocess.Popen(
        [sys.executable, "-m", "bench.writer", "--seconds", str(SECONDS), "--every", str(WRITE_SECONDS)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield writes
    finally:
        output, _ = writer.communicate(timeout=SECONDS + 60)
        writes.extend(line for line in output.splitlines() if line.strip())
        if writer.returncode:
            raise SystemExit(f"The writer failed:\n{output}")


def machine(environment: dict[str, str]) -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    connection = psycopg2.connect(environment["DATABASE_URL"])
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    connection.close()
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "postgresql": postgres,
        "wrk": wrk.strip(),
        "gunicorn_workers": WORKERS,
        "worker_class": "sync",
        # The machine may be shared: other work during the run slows every page type alike.
        "load_average_after_run": [round(load, 2) for load in os.getloadavg()],
    }


def main() -> None:
    environment = server_environment()
    # Django reads its settings once: the URL generator uses the same database and settings as the server.
    os.environ.update(environment)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpp_portal.settings")

    details = dataset.ensure_dataset(rebuild=os.getenv("BENCH_REBUILD", "0") == "1", log=log)
    clear_cache(environment)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )

    import django

    django.setup()
    from bench import urls

    url_lists = urls.generate()
    url_files = urls.write(url_lists, OUT / "urls")
    # The warm-up loads what every worker keeps in memory (code, templates, the catalogue) through other
    # addresses than the measured ones: each measured address is rendered for the first time during the
    # measured run, as a page is after a publish, so the figures include those cache misses.
    warm_up_lists = {
        page_type: [url for url in others if url not in set(url_lists[page_type])][:WARM_UP_URLS]
        for page_type, others in urls.generate(seed=WARM_UP_SEED).items()
    }
    wanted = [name for name in os.getenv("BENCH_PAGES", "").split(",") if name]
    page_types = [name for name in urls.PAGE_TYPES if not wanted or name in wanted or name == "healthz"]

    load_before = [round(load, 2) for load in os.getloadavg()]
    server = start_server(environment)
    pages: dict[str, dict] = {}
    warm_ups: dict[str, dict] = {}
    drained: dict[str, float] = {}
    try:
        log(
            f"Warm-up: up to {WARM_UP_URLS} addresses a page type that are not measured, {WORKERS} at a time"
            f" (for at most {WARM_UP_LIMIT_SECONDS} s a page type)."
        )
        for page_type in page_types:
            warm_ups[page_type] = warm_up(warm_up_lists[page_type] or url_lists[page_type][:1])
            log(f"  {page_type}: {warm_ups[page_type]}")
        log(f"Measuring: wrk -t{THREADS} -c{CONNECTIONS}, {SECONDS} s a page type, {WORKERS} sync workers.")
        if WRITES:
            log(f"Each page type twice: alone, then while a curator saves an output every {WRITE_SECONDS} s.")
        for page_type in page_types:
            drained[page_type] = wait_until_idle()
            figures = measure(url_files[page_type])
            floor = pages["healthz"]["rps"] if "healthz" in pages else None
            pages[page_type] = report.page_result(figures, urls=len(url_lists[page_type]), floor_rps=floor)
            log(f"  {page_type}: {pages[page_type]}")
            if WRITES and page_type != "healthz":
                wait_until_idle()
                with writing(environment) as writes:
                    figures = measure(url_files[page_type])
                pages[page_type]["under_writes"] = {
                    **report.page_result(figures, urls=len(url_lists[page_type]), floor_rps=floor),
                    "writes": writes,
                }
                log(f"  {page_type} under writes: {pages[page_type]['under_writes']}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)

    dataset_summary = {
        "fingerprint": details["fingerprint"],
        "counts": details["counts"],
        "published_outputs": details["parameters"]["published_outputs"],
        "unpublished_outputs": details["parameters"]["unpublished_outputs"],
        "build_seconds": details["build_seconds"],
        "build_steps": {key: value for key, value in details.items() if key.endswith("_seconds")},
        "reused": details["reused"],
    }
    run = {
        "load_average_before": load_before,
        "seconds_per_page_type": SECONDS,
        "connections": CONNECTIONS,
        "threads": THREADS,
        "warm_up": warm_ups,
        "idle_wait_seconds_before": drained,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    data = report.results(pages, dataset=dataset_summary, machine=machine(environment), run=run)
    # A run of a few page types does not replace the full run's results.
    results_path = OUT / "partial.json" if wanted else RESULTS
    report.write_results(data, results_path)
    log("")
    log(report.table(data))
    if report.writes_table(data):
        log("")
        log(report.writes_table(data))
    met = data["targets_met"]
    missed = [name for name, entry in met.items() if name != "all" and not entry["met"]]
    log("")
    log("All targets met." if met["all"] else f"Targets missed: {', '.join(missed)}.")
    log(f"Results written to {results_path.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
