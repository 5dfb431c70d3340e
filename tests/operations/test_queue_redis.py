"""The same batch on the distributed broker (issue 9, item 3): Huey on Redis, chosen by
``TASK_QUEUE_URL=redis://...``. The test starts its own redis-server (the Makefile installs
Debian's) on a free port, with no persistence, and stops it after."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest
from huey import RedisHuey
from passport.extensions import db
from passport.models import Role
from passport.operations import batches as batch_ops
from passport.tasks import consumer
from passport.tasks import make_huey

from tests import factories
from tests.conftest import _empty_tables
from tests.conftest import make_test_app
from tests.operations.test_batches import wait_until_finished


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: `make test` installs it (scripts/system-deps.sh)"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    for _ in range(100):  # until it accepts connections
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def redis_app(_schema, redis_url):
    app = make_test_app(_schema, TASK_QUEUE_URL=redis_url, TASK_RETRY_DELAY=0)
    yield app
    _empty_tables(app)


def test_the_queue_is_redis_when_configured(redis_app):
    assert isinstance(make_huey(redis_app), RedisHuey)


def test_a_year_group_batch_through_redis(redis_app):
    with redis_app.app_context():
        school = factories.make_school("Oakfield Academy", "oak")
        leader = factories.make_staff(school, Role.CAREERS_LEADER)
        for n in range(3):
            pupil = factories.make_pupil(school, first_name=f"R{n}", year_group=11)
            factories.make_entry(pupil, organisation="Arup")
        batch_id = batch_ops.start_batch(leader, 11).id
        db.session.remove()
    running = consumer(redis_app, workers=2, worker_type="thread")
    running.start()
    try:
        progress = wait_until_finished(redis_app, batch_id)
    finally:
        running.stop(graceful=True)
    assert (progress.total, progress.done, progress.failed) == (3, 3, 0)
