"""The "goleash" check run of one head sha: created in_progress when work starts,
completed with a conclusion; annotations go 50 per request, later PATCHes appending."""

from __future__ import annotations

from datetime import datetime, timezone

from goleash.bot.check_output import CHECK_NAME, batches

from .github_api import PullRequestAPI
from .progress import CheckRunRecord

# check_run.requested_action with this identifier is handled by bot/events/checks.py.
REPLAY_BUTTON = {"label": "Run race replay", "description": "Replay the PR's goroutines under -race", "identifier": "replay"}


class CheckRun:
    def __init__(self, api: PullRequestAPI, record: CheckRunRecord, sha: str):
        self._api = api
        self._record = record
        self._sha = sha
        self.id: int | None = None

    @property
    def completed(self) -> bool:
        return self._record.completed

    def start(self) -> None:
        """Create the run, or take over the one an interrupted attempt created."""
        self.id = self._record.id
        if self.id is None:
            n = getattr(self._api, "number", None)
            external = {"external_id": f"pr:{n}"} if n else {}  # lets check_run.rerequested find the PR
            # A worker killed between GitHub creating the run and us recording its id left one
            # "in progress" forever; take it over instead of adding a second.
            find = getattr(self._api, "unfinished_check_run", None)
            self.id = find(self._sha, CHECK_NAME, external.get("external_id")) if find else None
            if self.id is None:
                self.id = self._api.create_check_run(
                    self._sha,
                    CHECK_NAME,
                    {"title": "Reviewing", "summary": "goleash is analysing the changed Go packages."},
                    **external,
                )
            self._record.started(self.id)

    def complete(self, conclusion: str, title: str, summary: str, annotations: list[dict]) -> None:
        if self._record.completed:
            return
        parts = batches(annotations)
        for i, part in enumerate(parts[:-1]):
            if i < self._record.batches_sent:
                continue  # sent by an attempt that was interrupted; annotations append
            self._api.update_check_run(self.id, output={"title": title, "summary": summary, "annotations": part})
            self._record.batch_sent()
        output = {"title": title, "summary": summary}
        if parts[-1]:
            output["annotations"] = parts[-1]
        self._api.update_check_run(
            self.id,
            status="completed",
            conclusion=conclusion,
            completed_at=datetime.now(timezone.utc),
            output=output,
            actions=[REPLAY_BUTTON],
        )
        self._record.finished()

    def end_unfinished(self, conclusion: str, title: str, summary: str) -> bool:
        """Complete a run that a review left in progress because it stopped early (out of time,
        given up, crashed): a check run spinning forever blocks the PR's required checks."""
        self.id = self._record.id
        if self.id is None or self._record.completed:
            return False
        self._api.update_check_run(
            self.id,
            status="completed",
            conclusion=conclusion,
            completed_at=datetime.now(timezone.utc),
            output={"title": title, "summary": summary},
            actions=[REPLAY_BUTTON],
        )
        self._record.finished()
        return True

    def cancel(self, summary: str) -> None:
        """A newer push superseded this sha: leave no run spinning forever on the old commit."""
        if self.id is None or self._record.completed:
            return
        self._api.update_check_run(
            self.id,
            status="completed",
            conclusion="cancelled",
            completed_at=datetime.now(timezone.utc),
            output={"title": "Superseded by a newer push", "summary": summary},
        )
        self._record.finished()
