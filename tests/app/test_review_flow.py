"""The review pipeline against an in-memory GitHub: superseding, locking, resuming."""

from __future__ import annotations

import pytest
from github.GithubException import GithubException

from goleash.bot import keys, log, pr_heads
from goleash.bot.check_output import ANNOTATIONS_PER_REQUEST
from goleash.bot.config import Settings
from goleash.bot.jobs import ReviewJob
from goleash.bot.review_plan import ExistingComment
from goleash.rules.model import Finding, Report, Severity, Span
from goleash.workers import progress, review
from goleash.workers.check_run import CheckRun
from goleash.workers.github_api import ChangedFile, PullInfo, TreeEntry
from goleash.workers.pr_lock import LockBusy, PRLock
from goleash.workers.progress import CheckRunRecord

SHA = "a" * 40
CONTENT = b"package p\n\nfunc f() {\n\tgo g()\n}\n"
PATCH = "@@ -0,0 +1,5 @@\n+package p\n+\n+func f() {\n+\tgo g()\n+}"


class FakeAPI:
    def __init__(self, head=SHA):
        self.head = head
        self.calls: list[tuple] = []
        self.comments: list[ExistingComment] = []
        self.review_error: Exception | None = None
        self.on_analyze = None

    def pull(self):
        self.calls.append(("pull",))
        return PullInfo(self.head, "open", False, "https://github.com/o/r")

    def changed_files(self):
        return [ChangedFile("p/a.go", "added", "blob1", PATCH)]

    def tree(self, sha):
        return [TreeEntry("p/a.go", "blob1", len(CONTENT)), TreeEntry("go.mod", "blob2", 10)], False

    def blob(self, sha):
        return CONTENT if sha == "blob1" else b"module x\n\ngo 1.22\n"

    def blobs(self, wanted, deadline=None):
        return {sha: self.blob(sha) for sha in wanted}

    def review_comments(self):
        return list(self.comments)

    def create_check_run(self, sha, name, output, **extra):
        self.calls.append(("create_check_run", sha))
        return 77

    def update_check_run(self, check_run_id, **fields):
        self.calls.append(
            ("update_check_run", fields.get("status"), fields.get("conclusion"), len((fields.get("output") or {}).get("annotations", [])))
        )

    def create_review(self, sha, body, comments):
        self.calls.append(("create_review", len(comments)))
        if self.review_error:
            raise self.review_error
        return 1

    def edit_comment(self, comment_id, body):
        self.calls.append(("edit_comment", comment_id))

    def review_threads(self):
        return []

    def resolve_thread(self, thread_id):
        self.calls.append(("resolve", thread_id))

    def names(self):
        return [c[0] for c in self.calls]


def finding(line=4, fp="fp1"):
    return Finding("goroutine-leak", Severity.WARNING, "leaks", Span("p/a.go", line, 2, line, 8), [], [], fp)


@pytest.fixture
def setup(redis_db):
    log.configure("warning")
    api = FakeAPI()
    job = ReviewJob("d", 1, "o/r", 3, SHA)
    pr_heads.record(redis_db, job.repo, job.number, SHA, "2030-01-01T00:00:00Z")

    def analyze(files, verify_fixes=True):
        if api.on_analyze:
            api.on_analyze()
        return Report(findings=[finding()], files_analyzed=1)

    deps = review.Deps(redis_db, Settings(), api, analyze, lambda rule_id: None)
    return api, job, deps, redis_db


def test_full_run_posts_once_and_marks_done(setup):
    api, job, deps, r = setup
    assert review.run(job, deps, log.get()) == "reviewed"
    assert api.names() == ["pull", "create_check_run", "create_review", "update_check_run"]
    assert ("update_check_run", "completed", "neutral", 1) in api.calls
    assert progress.is_done(r, job.repo, job.number, SHA)
    api.calls.clear()
    assert review.run(job, deps, log.get()) == "already_done"
    assert api.calls == []


def test_the_engine_verifies_only_the_fixes_a_comment_can_show(setup):
    api, job, deps, r = setup
    on_diff = finding(line=4, fp="on")
    below_hunk = finding(line=9, fp="below")
    other_file = Finding("goroutine-leak", Severity.WARNING, "leaks", Span("p/b.go", 4, 2, 4, 8), [], [], "other")

    def analyze(files, verify_fixes=True):
        # (the engine runs in a child process: what it was told goes back through Redis)
        r.rpush("test:shown", *[f"{f.fingerprint}={verify_fixes is not True and verify_fixes(f)}" for f in (on_diff, below_hunk, other_file)])
        return Report(findings=[on_diff], files_analyzed=1)

    deps.analyze = analyze
    assert review.run(job, deps, log.get()) == "reviewed"
    assert r.lrange("test:shown", 0, -1) == [b"on=True", b"below=False", b"other=False"]


def test_superseded_before_starting_touches_nothing(setup):
    api, job, deps, r = setup
    pr_heads.record(r, job.repo, job.number, "b" * 40, "2030-01-01T00:00:01Z")
    assert review.run(job, deps, log.get()) == "superseded"
    assert api.calls == []


def test_push_during_analysis_cancels_the_check_run_and_posts_no_review(setup):
    api, job, deps, r = setup
    api.on_analyze = lambda: pr_heads.record(r, job.repo, job.number, "b" * 40, "2030-01-01T00:00:01Z")
    assert review.run(job, deps, log.get()) == "superseded"
    assert "create_review" not in api.names()
    assert ("update_check_run", "completed", "cancelled", 0) in api.calls
    assert not progress.is_done(r, job.repo, job.number, SHA)


def test_github_knowing_a_newer_head_stops_the_review(setup):
    api, job, deps, _ = setup
    api.head = "c" * 40
    assert review.run(job, deps, log.get()) == "superseded"
    assert api.names() == ["pull"]


def test_a_held_lock_makes_the_task_wait(setup):
    api, job, deps, r = setup
    other = PRLock(r, job.repo, job.number)
    other.acquire(wait=0.1)
    try:
        with pytest.raises(LockBusy):
            review.run(job, deps, log.get())
    finally:
        other.release()
    assert api.calls == []
    assert review.run(job, deps, log.get()) == "reviewed"


def test_the_lock_expires_when_its_holder_dies(redis_db):
    lock = PRLock(redis_db, "o/r", 9)
    lock.acquire(wait=0.1)
    lock._stop.set()  # a SIGKILLed worker renews nothing
    assert 0 < redis_db.pttl(keys.pr_lock("o/r", 9)) <= 15_000


def test_rerun_after_a_crash_reuses_the_check_run(setup):
    api, job, deps, r = setup
    CheckRunRecord(r, job.repo, SHA).started(55)
    assert review.run(job, deps, log.get()) == "reviewed"
    assert "create_check_run" not in api.names()


def test_rejected_review_still_completes_the_check_run(setup):
    api, job, deps, _ = setup
    api.review_error = GithubException(422, {"message": "Unprocessable Entity"}, {})
    assert review.run(job, deps, log.get()) == "reviewed"
    assert api.names()[-1] == "update_check_run"


def test_a_head_force_pushed_away_while_posting_stops_quietly_and_cancels_the_check_run(setup):
    api, job, deps, r = setup
    api.review_error = GithubException(422, {"message": "Unprocessable Entity", "errors": ["The commitOID is not part of the pull request"]}, {})
    assert review.run(job, deps, log.get()) == "superseded"
    assert api.names().count("create_review") == 1
    assert ("update_check_run", "completed", "cancelled", 0) in api.calls
    assert not progress.is_done(r, job.repo, job.number, SHA)


def test_transient_review_failure_propagates_for_the_task_to_retry(setup):
    api, job, deps, r = setup
    api.review_error = GithubException(502, {"message": "Bad Gateway"}, {})
    with pytest.raises(GithubException):
        review.run(job, deps, log.get())
    assert not progress.is_done(r, job.repo, job.number, SHA)
    assert r.get(keys.pr_lock(job.repo, job.number)) is None  # released on the way out


def test_annotations_go_fifty_per_request_and_resume_where_they_stopped(redis_db):
    api = FakeAPI()
    record = CheckRunRecord(redis_db, "o/r", SHA)
    run = CheckRun(api, record, SHA)
    run.start()
    anns = [{"path": "a.go", "start_line": i, "end_line": i, "annotation_level": "notice", "message": "m"} for i in range(120)]
    record.batch_sent()  # an interrupted attempt got the first batch out
    run.complete("neutral", "t", "s", anns)
    sizes = [c[3] for c in api.calls if c[0] == "update_check_run"]
    assert sizes == [ANNOTATIONS_PER_REQUEST, 20]  # batch 1 not repeated
    assert record.completed
