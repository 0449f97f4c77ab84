# The Celery app is loaded with Django, so that a task queued by a request uses the project's settings.
from cpp_portal.celery import app as celery_app

__all__ = ["celery_app"]
