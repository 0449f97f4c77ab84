"""Processing one file in a child process that cannot spend more than its budget.

The child (`python -m file_processing`, see __main__.py) limits itself before it reads a byte of the
file: CPU seconds (RLIMIT_CPU), memory (RLIMIT_AS), the size of what it writes (RLIMIT_FSIZE), no core
dump and no other process; the parent kills it after a wall-clock time-out as well. A hostile file
therefore costs at most its budget and is then refused, and whatever a decoder does wrong ends with
the child, never with the worker that runs it.
"""

import json
import signal
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from file_processing.refusals import Refused

RESULT_NAME = "result.json"
CONTENT_NAME = "content"
THUMBNAIL_NAME = "thumbnail.jpg"
TEXT_NAME = "text.txt"
# The child's exit status when it ran out of memory (a MemoryError it could still report).
OUT_OF_MEMORY = 75
# Its exit status when it tried to write more than its budget allows.
OVER_OUTPUT = 76
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Budget:
    cpu_seconds: int
    memory_bytes: int
    output_bytes: int
    wall_seconds: int
    max_pixels: int


@dataclass(frozen=True)
class Processed:
    """What processing a file gave: the re-encoded content (images), a thumbnail, the text."""

    content: Path | None
    thumbnail: bytes | None
    text: str


def process_in_child(source: Path, content_type: str, work_folder: Path, budget: Budget) -> Processed:
    """Process the file at `source` within `budget`, writing into `work_folder`; raises `Refused`."""
    command = [
        sys.executable,
        "-m",
        "file_processing",
        content_type,
        str(source),
        str(work_folder),
        json.dumps(asdict(budget)),
    ]
    try:
        finished = subprocess.run(
            command,
            cwd=PACKAGE_ROOT,
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PACKAGE_ROOT)},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=budget.wall_seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise Refused("over_time") from None
    status = finished.returncode
    if status in (-signal.SIGXCPU, -signal.SIGKILL):
        # The kernel sends SIGXCPU at the CPU limit, and SIGKILL one second after it.
        raise Refused("over_time")
    if status in (OVER_OUTPUT, -signal.SIGXFSZ):
        raise Refused("over_output")
    if status == OUT_OF_MEMORY or (status != 0 and b"MemoryError" in finished.stderr):
        raise Refused("over_memory")
    result_path = work_folder / RESULT_NAME
    if status != 0 or not result_path.exists():
        # A decoder that crashed (or aborted when memory ran out inside it): the file cannot be read.
        raise Refused("unreadable")
    result = json.loads(result_path.read_text())
    if result.get("problem"):
        raise Refused(result["problem"])
    content = work_folder / CONTENT_NAME
    thumbnail = work_folder / THUMBNAIL_NAME
    text = work_folder / TEXT_NAME
    return Processed(
        content=content if content.exists() else None,
        thumbnail=thumbnail.read_bytes() if thumbnail.exists() else None,
        text=text.read_text(encoding="utf-8") if text.exists() else "",
    )
