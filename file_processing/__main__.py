"""The child process of `sandbox.process_in_child`: limits itself, then processes one file.

python -m file_processing CONTENT_TYPE SOURCE WORK_FOLDER BUDGET_JSON
"""

import errno
import json
import resource
import sys
from pathlib import Path


def limit_myself(budget: dict) -> None:
    cpu = budget["cpu_seconds"]
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_AS, (budget["memory_bytes"], budget["memory_bytes"]))
    resource.setrlimit(resource.RLIMIT_FSIZE, (budget["output_bytes"], budget["output_bytes"]))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(content_type: str, source: Path, work_folder: Path, budget: dict) -> None:
    limit_myself(budget)
    # Imported under the limits: whatever the decoders allocate counts.
    from file_processing import sandbox
    from file_processing.documents import read_docx_text, read_pdf
    from file_processing.images import FORMATS, reencoded_image
    from file_processing.refusals import Refused

    text, thumbnail = "", None
    try:
        if content_type in FORMATS:
            with source.open("rb") as image, (work_folder / sandbox.CONTENT_NAME).open("wb") as output:
                thumbnail = reencoded_image(image, output, content_type, max_pixels=budget["max_pixels"])
        elif content_type == "application/pdf":
            text, thumbnail = read_pdf(str(source))
        elif content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
            text = read_docx_text(str(source))
    except Refused as refused:
        (work_folder / sandbox.CONTENT_NAME).unlink(missing_ok=True)
        (work_folder / sandbox.RESULT_NAME).write_text(json.dumps({"problem": refused.problem}))
        return
    if text:
        (work_folder / sandbox.TEXT_NAME).write_text(text, encoding="utf-8")
    if thumbnail:
        (work_folder / sandbox.THUMBNAIL_NAME).write_bytes(thumbnail)
    (work_folder / sandbox.RESULT_NAME).write_text(json.dumps({"problem": None}))


if __name__ == "__main__":
    try:
        main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), json.loads(sys.argv[4]))
    except MemoryError:
        sys.exit(75)  # sandbox.OUT_OF_MEMORY, without importing anything more
    except OSError as error:
        # Python ignores SIGXFSZ: a write past RLIMIT_FSIZE fails with EFBIG instead.
        if error.errno == errno.EFBIG:
            sys.exit(76)  # sandbox.OVER_OUTPUT
        raise
