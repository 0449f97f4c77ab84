from celery import shared_task
from django.conf import settings
from django.db import DatabaseError

from knowledge import processing


# A failure that is not the file's (storage or database out of reach) is tried again with backoff; each
# attempt is counted by `processing.process`, which marks the file failed once they are used up.
@shared_task(
    ignore_result=True,
    autoretry_for=(OSError, DatabaseError),
    retry_backoff=5,
    retry_backoff_max=600,
    max_retries=settings.FILE_PROCESSING_ATTEMPTS,
)
def process_file(slot_name: str, pk: int) -> None:
    processing.process(slot_name, pk)


@shared_task(ignore_result=True)
def process_waiting_files() -> None:
    processing.queue_stalled_files()
