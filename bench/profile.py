"""Where one page's time goes, on the benchmark's database: SQL (count, time, the slowest statements) and
Python (the functions of the project that take the most time), with the standard library's cProfile.

    .venv/bin/python -m bench.profile '/knowledge/?q=toyama' [--repeat 3]

Runs the request through Django's test client in this process, under the same settings as the benchmark's
server (production settings, the bench database, the Redis cache), after one unprofiled request so that
per-process caches are warm, as they are in the measured run.
"""

import argparse
import cProfile
import io
import os
import pstats
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--repeat", type=int, default=3, help="profiled requests (after one warm-up)")
    parser.add_argument("--functions", type=int, default=25)
    parser.add_argument("--sql-chars", type=int, default=300, help="how much of each slow statement to show")
    arguments = parser.parse_args()

    from bench.run import server_environment

    os.environ.update(server_environment())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpp_portal.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    first = client.get(arguments.path)
    print(f"{arguments.path}: status {first.status_code}, {len(first.content):,} bytes")

    profiler = cProfile.Profile()
    timings = []
    with CaptureQueriesContext(connection) as queries:
        for _ in range(arguments.repeat):
            started = time.perf_counter()
            profiler.enable()
            client.get(arguments.path)
            profiler.disable()
            timings.append(time.perf_counter() - started)
    per_request = sorted(timings)[len(timings) // 2] * 1000
    sql = [(float(query["time"]) * 1000, query["sql"]) for query in queries.captured_queries]
    sql_ms = sum(ms for ms, _ in sql) / arguments.repeat
    print(
        f"median {per_request:.1f} ms a request; SQL: {len(sql) // arguments.repeat} queries, {sql_ms:.1f} ms"
    )
    print("slowest statements:")
    for ms, statement in sorted(sql, reverse=True)[:5]:
        print(f"  {ms:8.1f} ms  {statement[: arguments.sql_chars]}")

    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("cumulative").print_stats(
        r"(cities|deep_dives|knowledge|search|cpp_portal)/|shortcuts.py|execute_sql", arguments.functions
    )
    print(stream.getvalue().split("\n", 6)[-1] if stream.getvalue() else "")


if __name__ == "__main__":
    main()
