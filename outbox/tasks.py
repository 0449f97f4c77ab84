from celery import shared_task

from outbox import delivery


@shared_task(ignore_result=True)
def deliver_email(pk: int) -> None:
    delivery.deliver(pk)


@shared_task(ignore_result=True)
def deliver_due_emails() -> None:
    delivery.deliver_due()
