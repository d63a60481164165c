"""The handful of GitHub calls a review makes, through PyGithub as an installation.

Returns plain values so the review logic never touches PyGithub objects."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from github import Auth, Github
from github.Commit import Commit

from goleash.bot import check_output
from goleash.bot.config import Settings
from goleash.bot.graphql_ops import RESOLVE_THREAD, REVIEW_THREADS, Thread, parse_threads
from goleash.bot.review_plan import ExistingComment

from .blob_fetch import BlobFetcher
from .fetch_cache import FetchCache
from .github_retry import read_retry
from .patches import unified_hunks
from .rate_budget import RateBudget, govern

PER_PAGE = 100  # the maximum; fewer round trips for files, comments and trees


def _next_link(headers: dict) -> str | None:
    for part in (headers.get("link") or "").split(","):
        url, _, rel = part.partition(";")
        if 'rel="next"' in rel:
            return url.strip().strip("<>")
    return None


def _fitted(output: dict) -> dict:
    """Every check-run output within GitHub's byte limits, whoever composed it: a 422 there would
    leave the run in progress."""
    return {k: check_output.fit(v) if k in ("summary", "text") and isinstance(v, str) else v for k, v in output.items()}


def installation_client(settings: Settings, token: str, budget: RateBudget | None = None) -> Github:
    """`budget`: the installation's rate-limit budget, consulted before and fed after every request."""
    gh = Github(
        auth=Auth.Token(token),
        base_url=settings.github_api_url,
        retry=read_retry(),
        per_page=PER_PAGE,
        # PyGithub waits 0.25 s before every request and 1 s before every write by default,
        # which alone would cost a review seconds. A review makes a handful of writes; the
        # installation's budget (workers/rate_budget.py) slows requests down when it runs low.
        seconds_between_requests=None,
        seconds_between_writes=None,
        lazy=True,
        user_agent="goleash",
    )
    if budget is not None:
        govern(gh.requester, budget)
    return gh


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
    status: str  # added | modified | renamed | removed | copied | changed | unchanged
    sha: str | None  # blob sha at the head
    patch: str | None
    previous: str | None = None  # the path before a rename
    patch_omitted: bool = False  # changed lines, but GitHub left the patch out (too large a diff)


@dataclass(frozen=True)
class TreeEntry:
    path: str
    sha: str
    size: int | None
    type: str = "blob"  # blob | tree | commit (a submodule)


# GitHub lists at most this many files of a pull request; the listing just ends there.
PR_FILES_LIMIT = 3000
# Statuses whose patch compares two versions of a text file (a pure rename has none).
_DIFFED = {"added", "modified", "renamed", "copied", "changed"}


class PullRequestAPI:
    def __init__(self, gh: Github, repo: str, number: int, cache: FetchCache | None = None, fetch_concurrency: int = 4):
        """`cache`: file contents, trees and list answers kept across reviews (workers/fetch_cache.py)."""
        self._gh = gh
        self.repo_name = repo
        self.number = number
        self._repo = gh.get_repo(repo)
        self._pull = self._repo.get_pull(number)
        self.cache = cache
        self.blob_fetcher = BlobFetcher(gh.requester, self._repo.url, repo, fetch_concurrency)
        # Set by changed_files(): GitHub stopped listing at PR_FILES_LIMIT files.
        self.files_capped = False

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
        """The PR's files as GitHub lists them, each page revalidated with its ETag when cached
        (a 304 costs no rate limit). A Go file GitHub gave no patch for (its diff is too large)
        gets one made from its two versions; past PR_FILES_LIMIT files GitHub lists no more, and
        `files_capped` says so."""
        raw = list(self._conditional_pages(f"{self._repo.url}/pulls/{self.number}/files?per_page={PER_PAGE}"))
        self.files_capped = False
        if len(raw) >= PR_FILES_LIMIT:
            # The pull request itself counts every file (already read by pull(), as a rule).
            total = self._pull.raw_data.get("changed_files")
            self.files_capped = total is None or total > len(raw)
        # A pure rename, or a binary file, has no patch and no changed lines either.
        return [
            ChangedFile(
                f["filename"],
                f["status"],
                f.get("sha"),
                f.get("patch"),
                f.get("previous_filename"),
                patch_omitted="patch" not in f and bool(f.get("changes")) and f["status"] in _DIFFED,
            )
            for f in raw
        ]

    def _conditional_pages(self, url: str):
        req = self._gh.requester
        while url:
            cached = self.cache.answer(self.repo_name, url) if self.cache else None
            headers = {"If-None-Match": cached[0]} if cached else {}
            status, resp_headers, raw = req.requestJson("GET", url, headers=headers)
            if status == 304 and cached:
                _, data, nxt = cached
            elif status >= 400:
                raise req.createException(status, resp_headers, json.loads(raw) if raw else None)
            else:
                data, nxt = json.loads(raw), _next_link(resp_headers)
                if self.cache and resp_headers.get("etag"):
                    self.cache.put_answer(self.repo_name, url, resp_headers["etag"], data, nxt)
            yield from data
            url = nxt

    def made_patches(self, files: list[ChangedFile], heads: dict[str, bytes], max_bytes: int) -> dict[str, str]:
        """path -> patch of each of `files` whose head version is in `heads` (sha -> bytes), made
        from its two versions; a base version over `max_bytes` is not fetched (no patch then)."""
        files = [f for f in files if f.sha in heads]
        olds = [f.previous or f.path for f in files if f.status != "added"]
        # The files list diffs against the merge base, not the base branch's tip.
        old = self.blob_fetcher.at(self.merge_base(), olds, max_bytes) if olds else {}
        made = {}
        for f in files:
            before = b"" if f.status == "added" else old.get(f.previous or f.path)
            if before is not None and (patch := unified_hunks(before, heads[f.sha])):
                made[f.path] = patch
        return made

    def merge_base(self) -> str:
        pr = self._pull.raw_data
        _, data = self._gh.requester.requestJsonAndCheck(
            "GET", f"{self._repo.url}/compare/{pr['base']['sha']}...{pr['head']['sha']}", parameters={"per_page": 1}
        )
        return data["merge_base_commit"]["sha"]

    def tree(self, sha: str) -> tuple[list[TreeEntry], bool]:
        """ONE recursive listing of the commit's tree: blobs only; and whether GitHub truncated it."""
        listing = self._listing(sha, recursive=True)
        return [e for e in listing[0] if e.type == "blob"], listing[1]

    def subtree(self, tree_sha: str) -> list[TreeEntry]:
        """One level of a tree (blobs and trees), for walking to a directory when the recursive
        listing was truncated."""
        return self._listing(tree_sha, recursive=False)[0]

    def _listing(self, sha: str, recursive: bool) -> tuple[list[TreeEntry], bool]:
        # A commit's or a tree's listing never changes: cached by sha, never asked again.
        name = f"{sha}:{'r' if recursive else '1'}"
        got = self.cache.tree(self.repo_name, name) if self.cache else None
        if got is None:
            _, data = self._gh.requester.requestJsonAndCheck(
                "GET", f"{self._repo.url}/git/trees/{sha}", parameters={"recursive": "1"} if recursive else None
            )
            got = {"entries": [[e["path"], e["sha"], e.get("size"), e["type"]] for e in data["tree"]], "truncated": bool(data.get("truncated"))}
            if self.cache:
                self.cache.put_tree(self.repo_name, name, got)
        return [TreeEntry(*e) for e in got["entries"]], got["truncated"]

    def blob(self, sha: str) -> bytes:
        return self.blobs({sha: None})[sha]

    def blobs(self, wanted: dict[str, int | None], deadline: float | None = None) -> dict[str, bytes]:
        """sha -> bytes: from the cache, the rest in batches (workers/blob_fetch.py). A blob not
        fetched by `deadline` is absent."""
        got = self.cache.blobs(self.repo_name, list(wanted)) if self.cache else {}
        rest = {s: n for s, n in wanted.items() if s not in got}
        if rest:
            fetched = self.blob_fetcher.fetch(rest, deadline)
            if self.cache:
                self.cache.put_blobs(self.repo_name, fetched)
            got.update(fetched)
        return got

    def _pages(self, url: str, params: dict | None = None):
        """Items of a paginated list as GitHub sent them, following Link rel="next". (Reading
        raw_data of PyGithub's listed objects would GET every item again to "complete" it.)"""
        req = self._gh.requester
        headers, data = req.requestJsonAndCheck("GET", url, parameters={"per_page": PER_PAGE, **(params or {})})
        while True:
            yield from data
            nxt = _next_link(headers)
            if nxt is None:
                return
            headers, data = req.requestJsonAndCheck("GET", nxt)

    def review_comments(self) -> list[ExistingComment]:
        out = []
        for raw in self._pages(f"{self._repo.url}/pulls/{self.number}/comments"):
            user = raw.get("user") or {}
            out.append(
                ExistingComment(
                    id=raw["id"],
                    body=raw.get("body") or "",
                    path=raw.get("path") or "",
                    user_login=user.get("login", ""),
                    user_type=user.get("type", ""),
                    in_reply_to_id=raw.get("in_reply_to_id"),
                )
            )
        return out

    def edit_comment(self, comment_id: int, body: str) -> None:
        self._gh.requester.requestJsonAndCheck("PATCH", f"{self._repo.url}/pulls/comments/{comment_id}", input={"body": body})

    def create_check_run(self, sha: str, name: str, output: dict, **extra) -> int:
        run = self._repo.create_check_run(
            name=name,
            head_sha=sha,
            status="in_progress",
            started_at=datetime.now(timezone.utc),
            output=_fitted(output),
            **extra,
        )
        return run.id

    def unfinished_check_run(self, sha: str, name: str, external_id: str | None) -> int | None:
        """Our newest check run on `sha` that never completed: created by an attempt that died
        before it could record the id (GET /repos/{o}/{r}/commits/{ref}/check-runs)."""
        commit = Commit(self._gh.requester, attributes={"sha": sha, "url": f"{self._repo.url}/commits/{sha}"}, completed=False)
        for run in commit.get_check_runs(check_name=name):
            if run.status != "completed" and (external_id is None or run.external_id == external_id):
                return run.id
        return None

    def update_check_run(self, check_run_id: int, **fields) -> None:
        if fields.get("output"):
            fields["output"] = _fitted(fields["output"])
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
            _, data = self._gh.requester.graphql_query(REVIEW_THREADS, {"owner": owner, "name": name, "number": self.number, "cursor": cursor})
            page, cursor = parse_threads(data)
            threads += page
            if cursor is None:
                return threads

    def resolve_thread(self, thread_id: str) -> None:
        self._gh.requester.graphql_query(RESOLVE_THREAD, {"threadId": thread_id})
