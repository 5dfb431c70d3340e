"""The task queue: work that takes longer than a request, such as a year group's leavers'
folders (issue 9, item 3), runs in a worker process, never in the web app.

Huey, chosen by ``TASK_QUEUE_URL``:

* unset: ``SqliteHuey`` in ``instance/tasks.sqlite3``. Nothing more to run on one machine than
  the worker (``flask --app passport passport worker``, which ``make run`` starts).
* ``redis://`` or ``rediss://``: ``RedisHuey`` on an existing Redis, when the app outgrows one
  machine: any number of web servers enqueue, any number of workers take tasks.
* ``sqlite:////path/file.sqlite3``: SQLite in that file (the tests use their own).
* ``memory://``: in this process only (a unit test that never runs a task).

Tasks carry ids, never personal data: a queue's storage holds ``build_folder(1234)``, and the
worker reads the pupil from the database. Each app builds its own Huey (``init_app``), so two
apps in one process (tests) never share a queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask import Flask
from huey import Huey
from huey import MemoryHuey
from huey import RedisHuey
from huey import SqliteHuey

NAME = "career-passport"
# A failed folder is tried this many more times (TASK_RETRY_DELAY seconds apart, default 2)
# before it is reported.
RETRIES = 2


@dataclass(frozen=True)
class Queue:
    huey: Huey
    build_folder: object  # the Huey task: build_folder(item_id)


def make_huey(app: Flask) -> Huey:
    url = (app.config.get("TASK_QUEUE_URL") or "").strip()
    if not url:
        return SqliteHuey(NAME, filename=str(Path(app.instance_path) / "tasks.sqlite3"))
    if url.startswith("sqlite:///"):
        return SqliteHuey(NAME, filename=url[len("sqlite:///") :])
    if url.startswith(("redis://", "rediss://")):
        return RedisHuey(NAME, url=url)
    if url == "memory://":
        return MemoryHuey(NAME)
    raise RuntimeError(
        f"TASK_QUEUE_URL must be redis://..., sqlite:////path or empty (got {url[:40]!r}; see README.md)."
    )


def init_app(app: Flask) -> None:
    huey = make_huey(app)

    delay = app.config.get("TASK_RETRY_DELAY", 2)

    @huey.task(retries=RETRIES, retry_delay=delay, context=True, name="build_folder")
    def build_folder(item_id: int, task=None):
        from .operations import batches

        with document_context(app):
            batches.build_item(item_id, last_try=task is None or task.retries == 0)

    app.extensions["tasks"] = Queue(huey=huey, build_folder=build_folder)


def queue() -> Queue:
    """This app's queue."""
    return queue_of(current_app)


def document_context(app: Flask):
    """What rendering a document outside a request needs: templates and links are built as if
    for a request to ``PUBLIC_URL`` (links.public_base), never from a Host header."""
    return app.test_request_context("/", base_url=app.config.get("PUBLIC_URL") or "http://localhost")


def consumer(app: Flask, workers: int | None = None, worker_type: str = "process"):
    """A Huey consumer of ``app``'s queue: ``.run()`` in the worker command, ``.start()`` and
    ``.stop()`` in tests."""
    return queue_of(app).huey.create_consumer(
        workers=workers or app.config.get("TASK_WORKERS", 2),
        worker_type=worker_type,
        periodic=False,
        check_worker_health=True,
    )


def queue_of(app: Flask) -> Queue:
    return app.extensions["tasks"]
