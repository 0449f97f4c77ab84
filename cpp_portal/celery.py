"""The task queue: Celery, configured from the CELERY_* settings, running the tasks of every app.

.venv/bin/celery -A cpp_portal worker --beat     (what `make worker` runs)
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpp_portal.settings")

app = Celery("cpp_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
