"""A year group's leavers' folders through the embedded task queue, end to end (issue 9, item 3):
Huey on SQLite with a real consumer (worker threads), the careers leader's pages, a pupil whose
folder fails (a stored certificate that no longer opens), its report, the retry, and the zip."""

from __future__ import annotations

import io
import threading
import zipfile
from datetime import datetime
from datetime import timedelta

import pytest
from passport.extensions import db
from passport.models import DocumentKind
from passport.models import FolderBatch
from passport.models import FolderBatchItem
from passport.models import FolderDocument
from passport.models import ItemStatus
from passport.models import Role
from passport.operations import batches as batch_ops
from passport.operations import folder as folder_ops
from passport.queries import batches as batch_q
from passport.tasks import consumer
from pypdf import PdfReader
from sqlalchemy import func
from sqlalchemy import select

from tests import factories
from tests.conftest import _empty_tables
from tests.conftest import AuthActions
from tests.conftest import make_test_app
from tests.documents.test_folder import one_page_pdf


@pytest.fixture
def queue_app(_schema, tmp_path):
    app = make_test_app(_schema, TASK_QUEUE_URL=f"sqlite:///{tmp_path / 'tasks.sqlite3'}", TASK_RETRY_DELAY=0)
    yield app
    _empty_tables(app)


@pytest.fixture
def worker(queue_app):
    """The queue's consumer, running in this process in two threads, like `passport worker`."""
    running = consumer(queue_app, workers=2, worker_type="thread")
    running.start()
    yield running
    running.stop(graceful=True)


def wait_until_finished(app, batch_id: int, timeout: float = 120) -> batch_q.Progress:
    """Wait for the workers (an event, not a clock: the deadline only stops a hung test)."""
    done = threading.Event()
    for _ in range(int(timeout * 10)):
        with app.app_context():
            batch = batch_q.batch_of_or_none(_leader(app), batch_id)
            progress = batch_q.progress_of(batch)
            db.session.remove()
        if progress.finished:
            return progress
        done.wait(0.1)
    raise AssertionError(f"the batch did not finish: {progress}")


def _leader(app):
    from passport.models import User

    return db.session.scalar(db.select(User).where(User.role == Role.CAREERS_LEADER))


def test_year_group_batch_with_a_failure_reported_and_retried(queue_app, worker):
    with queue_app.app_context():
        school = factories.make_school("Oakfield Academy", "oak")
        leader = factories.make_staff(school, Role.CAREERS_LEADER)
        pupils = [factories.make_pupil(school, first_name=f"P{n}", year_group=11) for n in range(4)]
        factories.make_pupil(school, first_name="Younger", year_group=10)  # not in the batch
        for p in pupils:
            factories.make_entry(p, organisation=f"Employer of {p.user.first_name}")
        broken = folder_ops.add_document(
            leader, pupils[2], DocumentKind.CERTIFICATE, "Award", one_page_pdf("Award")
        )
        broken.content = b"%PDF-1.7\n" + b"\x00damaged" * 40  # storage damaged after the upload was checked
        db.session.commit()
        leader_name, broken_id, broken_pupil = leader.username, broken.id, pupils[2].id

    client = queue_app.test_client()
    AuthActions(client).login(leader_name)
    response = client.post("/staff/folders/batches", data={"year_group": "11"})
    assert response.status_code == 303
    batch_url = response.headers["Location"]
    batch_id = int(batch_url.rsplit("/", 1)[1])

    progress = wait_until_finished(queue_app, batch_id)
    assert (progress.total, progress.done, progress.failed) == (4, 3, 1)
    page = client.get(batch_url).get_data(as_text=True)
    assert "Folders that could not be made" in page and "The folder could not be made" in page
    assert "tried 3 times" in page  # the first try and the queue's two retries
    with queue_app.app_context():
        item = db.session.scalar(db.select(FolderBatchItem).where(FolderBatchItem.pupil_id == broken_pupil))
        assert item.status is ItemStatus.FAILED and item.attempts == 3

    # The careers leader removes the damaged certificate and tries again.
    with queue_app.app_context():
        folder_ops.remove_document(_leader(queue_app), db.session.get(FolderDocument, broken_id))
    assert client.post(f"{batch_url}/retry").status_code == 303
    progress = wait_until_finished(queue_app, batch_id)
    assert (progress.done, progress.failed) == (4, 0)

    response = client.get(f"{batch_url}/folders.zip")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    response.close()  # the server closes the spooled file when the download ends
    names = archive.namelist()
    assert len(names) == 4 and all(n.endswith(".pdf") for n in names)
    for name in names:
        text = PdfReader(io.BytesIO(archive.read(name))).pages[2].extract_text()
        assert "Dear P" in text


def test_only_the_careers_leader_starts_a_batch_and_only_their_schools(ctx):
    school = factories.make_school("Oakfield Academy", "oak")
    other = factories.make_school("Elm School", "elm")
    tutor = factories.make_staff(school, Role.TUTOR)
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    elsewhere = factories.make_staff(other, Role.CAREERS_LEADER)
    factories.make_pupil(school, year_group=11)
    with pytest.raises(batch_ops.BatchRefused):
        batch_ops.start_batch(tutor, 11)
    with pytest.raises(batch_ops.BatchRefused, match="no pupils in Year 11"):
        batch_ops.start_batch(elsewhere, 11)
    batch = batch_ops.start_batch(leader, 11)
    assert batch_q.batch_of_or_none(elsewhere, batch.id) is None
    with pytest.raises(batch_ops.BatchRefused):
        batch_ops.retry_failed(elsewhere, batch)


def test_a_task_delivered_twice_builds_once(queue_app):
    """Exactly once: a duplicate delivery of a finished item changes nothing."""
    with queue_app.app_context():
        school = factories.make_school("Oakfield Academy", "oak")
        leader = factories.make_staff(school, Role.CAREERS_LEADER)
        factories.make_pupil(school, year_group=11)
        batch = batch_ops.start_batch(leader, 11)
        item_id = batch.items[0].id
    from passport.tasks import document_context

    with document_context(queue_app):
        batch_ops.build_item(item_id, last_try=True)
        first = db.session.get(FolderBatchItem, item_id)
        pdf, attempts = first.pdf, first.attempts
        batch_ops.build_item(item_id, last_try=True)
        again = db.session.get(FolderBatchItem, item_id)
        assert (again.attempts, again.pdf) == (attempts, pdf) and attempts == 1


def test_an_item_a_dead_worker_left_is_reported_and_retried(ctx, client):
    """Huey does not give back a task whose worker was killed: after STUCK_AFTER the item counts
    as failed, the page says why, and "Try the failed ones again" puts it back on the queue."""
    from datetime import timedelta

    from passport.models._base import utcnow

    school = factories.make_school("Oakfield Academy", "oak")
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    factories.make_pupil(school, year_group=11)
    factories.make_pupil(school, year_group=11)
    batch = batch_ops.start_batch(leader, 11)
    dead, fresh = batch.items
    dead.attempts, dead.started_at = 1, utcnow() - batch_q.STUCK_AFTER - timedelta(seconds=1)
    fresh.attempts, fresh.started_at = 1, utcnow()  # being made now: not stuck
    db.session.commit()
    progress = batch_q.progress_of(batch)
    assert (progress.failed, progress.waiting) == (1, 1)
    AuthActions(client).login(leader.username)
    page = client.get(f"/staff/folders/batches/{batch.id}").get_data(as_text=True)
    assert "The worker stopped while making this folder (tried 1 time)" in page
    assert batch_ops.retry_failed(leader, batch) == 1
    db.session.refresh(dead)
    assert dead.status is ItemStatus.WAITING and dead.started_at is None
    assert batch_q.progress_of(batch).failed == 0


def test_batches_older_than_two_weeks_go_with_their_pdfs_when_the_next_starts(ctx):
    """docs/documents.md: a batch keeps every pupil's PDF; it is kept 14 days for the download."""
    ctx.config["FIXED_NOW"] = "2026-03-10T09:00:00"
    school = factories.make_school("Oakfield Academy", "oak")
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    factories.make_pupil(school, year_group=11)
    old, recent = batch_ops.start_batch(leader, 11), batch_ops.start_batch(leader, 11)
    now = datetime(2026, 3, 10, 9, 0)
    old.created_at = now - timedelta(days=batch_ops.KEEP_BATCHES_DAYS, minutes=1)
    recent.created_at = now - timedelta(days=batch_ops.KEEP_BATCHES_DAYS - 1)
    old_id = old.id
    db.session.commit()
    newest = batch_ops.start_batch(leader, 11)
    kept = set(db.session.scalars(select(FolderBatch.id)))
    assert kept == {recent.id, newest.id} and old_id not in kept
    assert db.session.scalar(select(func.count()).where(FolderBatchItem.batch_id == old_id)) == 0
