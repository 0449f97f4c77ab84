"""The benchmark's results: one record per page type, the targets, the tables and the JSON file.

Targets: each page type's p95 and its throughput as a share of the floor's (/healthz); and, measured
under a write load (BENCH_WRITES=1), at least WRITE_LOAD_LEAST_SHARE of its own throughput without writes
and a p95 at most WRITE_LOAD_MOST_P95 times its own p95 without writes.
"""

import json
from pathlib import Path

DETAIL_PAGES = ("output", "city", "deep_dive")
LIBRARY_PAGES = ("library", "library_one_filter", "library_two_filters")
SEARCH_PAGES = ("library_search", "global_search")

# Page type: (p95 ceiling in ms, least throughput as a share of /healthz's).
TARGETS = {
    **dict.fromkeys(DETAIL_PAGES, (30, 0.15)),
    **dict.fromkeys(LIBRARY_PAGES, (80, 0.05)),
    **dict.fromkeys(SEARCH_PAGES, (150, 0.02)),
}


WRITE_LOAD_LEAST_SHARE = 0.8
WRITE_LOAD_MOST_P95 = 2.0


def page_result(wrk: dict, *, urls: int, floor_rps: float | None) -> dict:
    """One page type's figures from what bench.lua printed."""
    seconds = wrk["duration_us"] / 1e6
    rps = wrk["requests"] / seconds if seconds else 0.0
    socket_errors = wrk["connect"] + wrk["read"] + wrk["write"] + wrk["timeout"]
    # With no response in the whole run there is no latency to report (wrk would say 0).
    completed = wrk["requests"] > 0
    return {
        "rps": round(rps, 1),
        "p50_ms": round(wrk["p50_us"] / 1000, 1) if completed else None,
        "p95_ms": round(wrk["p95_us"] / 1000, 1) if completed else None,
        "p99_ms": round(wrk["p99_us"] / 1000, 1) if completed else None,
        "errors": wrk["not_2xx"] + socket_errors,
        "ratio_to_floor": round(rps / floor_rps, 3) if floor_rps else 1.0,
        "urls": urls,
        "requests": wrk["requests"],
        "error_statuses": wrk.get("statuses", "").strip(),
    }


def targets_met(pages: dict[str, dict]) -> dict[str, dict]:
    met = {}
    for page_type, result in pages.items():
        checks = {"no_errors": result["errors"] == 0}
        if page_type in TARGETS:
            p95_ceiling, least_ratio = TARGETS[page_type]
            checks[f"p95_under_{p95_ceiling}_ms"] = (
                result["p95_ms"] is not None and result["p95_ms"] < p95_ceiling
            )
            checks[f"ratio_at_least_{least_ratio}"] = result["ratio_to_floor"] >= least_ratio
        writes = result.get("under_writes")
        if writes is not None:
            checks["no_errors_under_writes"] = writes["errors"] == 0
            checks[f"throughput_under_writes_at_least_{WRITE_LOAD_LEAST_SHARE}"] = (
                writes["rps"] >= WRITE_LOAD_LEAST_SHARE * result["rps"]
            )
            checks[f"p95_under_writes_at_most_{WRITE_LOAD_MOST_P95:g}x"] = (
                writes["p95_ms"] is not None
                and result["p95_ms"] is not None
                and writes["p95_ms"] <= WRITE_LOAD_MOST_P95 * result["p95_ms"]
            )
        met[page_type] = {**checks, "met": all(checks.values())}
    met["all"] = all(entry["met"] for entry in met.values())
    return met


def results(pages: dict[str, dict], *, dataset: dict, machine: dict, run: dict) -> dict:
    return {
        "pages": pages,
        "dataset": dataset,
        "machine": machine,
        "run": run,
        "targets_met": targets_met(pages),
    }


def write_results(data: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")


def milliseconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def table(data: dict) -> str:
    """A Markdown table, for the terminal and for the README."""
    met = data["targets_met"]
    lines = [
        "| page type | URLs | req/s | p50 ms | p95 ms | p99 ms | errors | × floor | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page_type, result in data["pages"].items():
        if page_type in TARGETS:
            p95_ceiling, least_ratio = TARGETS[page_type]
            verdict = "met" if met[page_type]["met"] else "MISSED"
            target = f"{verdict} (p95 < {p95_ceiling}, ≥ {least_ratio})"
        else:
            target = "met (no errors)" if met[page_type]["met"] else "MISSED (errors)"
        lines.append(
            f"| {page_type} | {result['urls']} | {result['rps']:.1f} | {milliseconds(result['p50_ms'])} "
            f"| {milliseconds(result['p95_ms'])} | {milliseconds(result['p99_ms'])} | {result['errors']} "
            f"| {result['ratio_to_floor']:.3f} | {target} |"
        )
    return "\n".join(lines)


def writes_table(data: dict) -> str:
    """The write-load run beside the run without writes, for the page types measured both ways."""
    lines = [
        "| page type | req/s | req/s under writes | share | p95 ms | p95 ms under writes | × p95 | writes "
        "| target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page_type, result in data["pages"].items():
        writes = result.get("under_writes")
        if writes is None:
            continue
        share = writes["rps"] / result["rps"] if result["rps"] else 0.0
        growth = writes["p95_ms"] / result["p95_ms"] if writes["p95_ms"] and result["p95_ms"] else 0.0
        checks = data["targets_met"][page_type]
        verdict = "met" if all(value for name, value in checks.items() if "writes" in name) else "MISSED"
        lines.append(
            f"| {page_type} | {result['rps']:.1f} | {writes['rps']:.1f} | {share:.2f} "
            f"| {milliseconds(result['p95_ms'])} | {milliseconds(writes['p95_ms'])} | {growth:.2f} "
            f"| {len(writes['writes'])} "
            f"| {verdict} (≥ {WRITE_LOAD_LEAST_SHARE}, ≤ {WRITE_LOAD_MOST_P95:g}×) |"
        )
    return "\n".join(lines) if len(lines) > 2 else ""
