"""A real task queue for the tests in this folder: a Celery worker process on the local Redis, working on
the test database, and a real SMTP server that records what it receives.

The tests here commit (transactional_db): the worker is another process and sees only committed rows.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from django.db import connection

from cpp_portal.celery import app
from tests.submissions.conftest import people  # noqa: F401 (the same curator and officials)

ROOT = Path(__file__).resolve().parents[2]
BROKER_URL = os.getenv("TEST_BROKER_URL", "redis://127.0.0.1:6379/9")
WAIT_SECONDS = 60


def wait_for(condition: Callable[[], object], *, seconds: float = WAIT_SECONDS, what: str = "the worker"):
    """Poll `condition` until it holds: the worker is another process, whose time cannot be frozen."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"Waited {seconds} s for {what}")


class RecordingHandler:
    def __init__(self):
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """A real SMTP server (aiosmtpd) on a port of its own, which a test can stop and start again."""

    def __init__(self):
        self.port = free_port()
        self.handler = RecordingHandler()
        self.controller: Controller | None = None

    @property
    def messages(self) -> list:
        return self.handler.messages

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free port; `.messages` holds every message it accepted."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


class Worker:
    """`celery worker` in a child process, with the settings the tests give it."""

    def __init__(self, environment: dict[str, str], log: Path):
        self.environment = environment
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cpp_portal",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "1",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],  # fmt: skip
            cwd=ROOT,
            env=self.environment,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: b"ready." in self.log.read_bytes(), seconds=60, what="the worker to start")

    def pool_children(self) -> list[int]:
        found = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True)
        return [int(pid) for pid in found.stdout.split()]

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def kill(self) -> None:
        """As a machine that is lost: no chance to give anything back."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


@pytest.fixture
def queue(transactional_db, media_root, tmp_path):
    """Requests queue their jobs on Redis (not eagerly); the jobs run in the worker that `worker` starts."""
    redis.Redis.from_url(BROKER_URL).flushdb()
    app.conf.task_always_eager = False
    _forget_connections()
    # Celery reads CELERY_BROKER_URL from the environment before its configuration.
    folder_queue_options = app.conf.broker_transport_options
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CELERY_BROKER_URL", BROKER_URL)
        app.conf.broker_transport_options = {"visibility_timeout": 3600}
        yield BROKER_URL
    app.conf.broker_transport_options = folder_queue_options
    app.conf.task_always_eager = True
    _forget_connections()
    redis.Redis.from_url(BROKER_URL).flushdb()


def _forget_connections() -> None:
    """This process's connections to a broker are made again, to the broker the tests name (as Celery
    does after a fork)."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def worker_environment(queue, media_root, smtp_server):
    database = connection.settings_dict
    address = f"{database['USER']}@{database['HOST']}:{database['PORT'] or 5432}"
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{address}/{database['NAME']}",
        "CELERY_BROKER_URL": queue,
        "MEDIA_ROOT": str(media_root),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "EMAIL_USE_TLS": "0",
        "EMAIL_TIMEOUT": "5",
        "CONTENT_STATE_POLL_SECONDS": "1",
    }


@pytest.fixture
def worker(worker_environment, tmp_path):
    started = Worker(worker_environment, tmp_path / "worker.log")
    started.start()
    yield started
    started.stop()


@pytest.fixture
def worker_factory(worker_environment, tmp_path):
    """Workers started and stopped by the test itself (to kill one in the middle of a job)."""
    workers: list[Worker] = []

    def start(**environment) -> Worker:
        started = Worker({**worker_environment, **environment}, tmp_path / f"worker-{len(workers)}.log")
        workers.append(started)
        started.start()
        return started

    yield start
    for started in workers:
        started.stop()
