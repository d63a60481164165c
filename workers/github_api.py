"""The handful of GitHub calls a review makes, through PyGithub as an installation.

Returns plain values so the review logic never touches PyGithub objects."""
from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timezone

from github import Auth, Github
from github.Commit import Commit

from goleash.bot.config import Settings
from goleash.bot.graphql_ops import RESOLVE_THREAD, REVIEW_THREADS, Thread, parse_threads
from goleash.bot.review_plan import ExistingComment

from .github_retry import read_retry

PER_PAGE = 100  # the maximum; fewer round trips for files, comments and trees


def installation_client(settings: Settings, token: str) -> Github:
    return Github(
        auth=Auth.Token(token),
        base_url=settings.github_api_url,
        retry=read_retry(),
        per_page=PER_PAGE,
        # PyGithub waits 0.25 s before every request and 1 s before every write by default,
        # which alone would cost a review seconds. A review makes a handful of writes;
        # secondary limits are answered with Retry-After, which the retry layers honour.
        seconds_between_requests=None,
        seconds_between_writes=None,
        lazy=True,
        user_agent="goleash",
    )


@dataclass(frozen=True)
class PullInfo:
    head_sha: str
    state: str
    draft: bool
    repo_html_url: str
    base_sha: str = ""
    is_fork: bool = False


@dataclass(frozen=True)
class ChangedFile:
    path: str
    status: str       # added | modified | renamed | removed | copied | changed | unchanged
    sha: str | None   # blob sha at the head
    patch: str | None


@dataclass(frozen=True)
class TreeEntry:
    path: str
    sha: str
    size: int | None


class PullRequestAPI:
    def __init__(self, gh: Github, repo: str, number: int):
        self._gh = gh
        self.repo_name = repo
        self.number = number
        self._repo = gh.get_repo(repo)
        self._pull = self._repo.get_pull(number)
        self._comments: dict[int, object] = {}

    def pull(self) -> PullInfo:
        raw = self._pull.raw_data  # one GET /pulls/{n}
        return PullInfo(
            head_sha=raw["head"]["sha"],
            state=raw["state"],
            draft=bool(raw.get("draft")),
            repo_html_url=raw["base"]["repo"]["html_url"],
            base_sha=raw["base"].get("sha", ""),
            is_fork=((raw["head"].get("repo") or {}).get("full_name") != raw["base"]["repo"].get("full_name")),
        )

    def changed_files(self) -> list[ChangedFile]:
        return [ChangedFile(f.filename, f.status, f.sha, f.patch) for f in self._pull.get_files()]

    def tree(self, sha: str) -> tuple[list[TreeEntry], bool]:
        """ONE recursive listing of the commit's tree: blobs only; and whether GitHub truncated it."""
        tree = self._repo.get_git_tree(sha, recursive=True)
        entries = [TreeEntry(e.path, e.sha, e.size) for e in tree.tree if e.type == "blob"]
        return entries, bool(tree.raw_data.get("truncated"))

    def blob(self, sha: str) -> bytes:
        b = self._repo.get_git_blob(sha)
        if b.encoding == "base64":
            return base64.b64decode(b.content)
        return (b.content or "").encode()

    def review_comments(self) -> list[ExistingComment]:
        out = []
        for c in self._pull.get_review_comments():
            self._comments[c.id] = c
            raw = c.raw_data
            user = raw.get("user") or {}
            out.append(
                ExistingComment(
                    id=c.id,
                    body=raw.get("body") or "",
                    path=raw.get("path") or "",
                    user_login=user.get("login", ""),
                    user_type=user.get("type", ""),
                    in_reply_to_id=raw.get("in_reply_to_id"),
                )
            )
        return out

    def edit_comment(self, comment_id: int, body: str) -> None:
        self._comments[comment_id].edit(body)

    def create_check_run(self, sha: str, name: str, output: dict, **extra) -> int:
        run = self._repo.create_check_run(
            name=name,
            head_sha=sha,
            status="in_progress",
            started_at=datetime.now(timezone.utc),
            output=output,
            **extra,
        )
        return run.id

    def unfinished_check_run(self, sha: str, name: str, external_id: str | None) -> int | None:
        """Our newest check run on `sha` that never completed: created by an attempt that died
        before it could record the id (GET /repos/{o}/{r}/commits/{ref}/check-runs)."""
        commit = Commit(self._gh.requester, attributes={"sha": sha, "url": f"{self._repo.url}/commits/{sha}"},
                        completed=False)
        for run in commit.get_check_runs(check_name=name):
            if run.status != "completed" and (external_id is None or run.external_id == external_id):
                return run.id
        return None

    def update_check_run(self, check_run_id: int, **fields) -> None:
        self._repo.get_check_run(check_run_id).edit(**fields)

    def create_review(self, sha: str, body: str, comments: list[dict]) -> int:
        # A lazy Commit carrying only the sha: create_review needs nothing else from it.
        commit = Commit(self._gh.requester, attributes={"sha": sha}, completed=False)
        review = self._pull.create_review(commit=commit, body=body, event="COMMENT", comments=comments)
        return review.id

    def review_threads(self) -> list[Thread]:
        owner, name = self.repo_name.split("/", 1)
        threads: list[Thread] = []
        cursor = None
        while True:
            _, data = self._gh.requester.graphql_query(
                REVIEW_THREADS, {"owner": owner, "name": name, "number": self.number, "cursor": cursor}
            )
            page, cursor = parse_threads(data)
            threads += page
            if cursor is None:
                return threads

    def resolve_thread(self, thread_id: str) -> None:
        self._gh.requester.graphql_query(RESOLVE_THREAD, {"threadId": thread_id})
