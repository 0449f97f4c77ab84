"""The write load of `make bench` (BENCH_WRITES=1): a curator at work while the pages are measured.

Every BENCH_WRITE_SECONDS (10) it saves one output through the ORM, as the admin does, alternating
an edit of a published output's summary and the publication of an unpublished one. It runs as its own
process against the benchmark's database and shared cache, and prints one line per write.

    .venv/bin/python -m bench.writer --seconds 60
"""

import argparse
import os
import random
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, required=True, help="how long to keep writing")
    parser.add_argument("--every", type=float, default=float(os.getenv("BENCH_WRITE_SECONDS", "10")))
    parser.add_argument("--seed", type=int, default=10)
    arguments = parser.parse_args()

    from bench.run import server_environment

    os.environ.update(server_environment())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpp_portal.settings")
    import django

    django.setup()
    from django.utils import timezone

    from knowledge.models import Output

    rng = random.Random(arguments.seed)
    published = list(Output.objects.published().values_list("pk", flat=True))
    unpublished = list(Output.objects.exclude(status=Output.Status.PUBLISHED).values_list("pk", flat=True))
    rng.shuffle(unpublished)
    deadline = time.monotonic() + arguments.seconds
    edits = 0
    while True:
        wake = time.monotonic() + arguments.every
        if wake > deadline:
            break
        time.sleep(max(0.0, wake - time.monotonic()))
        started = time.monotonic()
        if edits % 2 == 0 or not unpublished:
            output = Output.objects.get(pk=rng.choice(published))
            output.summary = f"{output.summary.split(' [edited', 1)[0]} [edited {timezone.now():%H:%M:%S}]"
            output.save()
            what = "edit"
        else:
            output = Output.objects.get(pk=unpublished.pop())
            output.status = Output.Status.PUBLISHED
            output.published_at = timezone.now()
            output.save()
            published.append(output.pk)
            what = "publish"
        edits += 1
        print(f"{what} {output.pk} in {(time.monotonic() - started) * 1000:.0f} ms", flush=True)


if __name__ == "__main__":
    main()
