"""Webhook deliveries as GitHub makes them, built from the shared example payloads.

    payload = pull_request_event(state, "opened")      # example payload filled with the scenario
    deliver("http://127.0.0.1:8000/webhook", "pull_request", payload, state.webhook_secret)

Payloads are filled from the scenario (repository, PR number/title/head sha/base sha, installation id,
users) and validated against the octokit webhook JSON schemas (``schemas/octokit-webhooks``, every
file registered by its ``$id``); an invalid payload raises ``ValueError``.  URLs in the payloads point
at the sandbox when it is running (``state.public_url``), so API calls made from payload URLs land on it.
"""

from __future__ import annotations

import glob
import hashlib
import hmac
import json
import os
import threading
import uuid
from typing import Any

import requests

from . import paths, render
from .state import SandboxState, User, legacy_node_id

HOOKSHOT_UA = "GitHub-Hookshot/4e0e0b5"
DEFAULT_HOOK_ID = "512345678"


# ============================================================================ payloads
def load_payload(name: str) -> dict:
    """``load_payload("pull_request.opened")`` (``.json`` optional; ``variants/...`` allowed)."""
    if not name.endswith(".json"):
        name += ".json"
    p = paths.payloads_dir() / name
    return json.loads(p.read_text())


_registry = None
_reg_lock = threading.Lock()


def _schemas():
    global _registry
    with _reg_lock:
        if _registry is None:
            from referencing import Registry, Resource
            from referencing.jsonschema import DRAFT7

            base = paths.webhook_schemas_dir()
            docs = [json.loads(open(f).read()) for f in glob.glob(str(base / "**" / "*.json"), recursive=True)]
            _registry = Registry().with_resources((d["$id"], Resource(contents=d, specification=DRAFT7)) for d in docs)
        return _registry


def validate_payload(event: str, action: str | None, payload: dict) -> list[str]:
    """Problems of ``payload`` against ``schemas/octokit-webhooks/<event>/<action>.schema.json``."""
    from jsonschema import Draft7Validator

    schema_path = paths.webhook_schemas_dir() / event / f"{action or 'event'}.schema.json"
    schema = json.loads(schema_path.read_text())
    v = Draft7Validator(schema, registry=_schemas())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in v.iter_errors(payload)]


def _urls(st: SandboxState) -> render.Urls:
    if st.public_url:
        return render.Urls(api=st.public_url.rstrip("/") + st.api_prefix, web=st.public_url.rstrip("/"))
    return render.Urls(api="https://api.github.com", web="https://github.com")


def _fill(example: Any, rendered: Any) -> Any:
    """Keep the example's keys; take the rendered value where it has the same JSON type (so an
    example's integer timestamp stays an integer), or where either side is null."""
    if isinstance(example, dict) and isinstance(rendered, dict):
        return {k: (_fill(v, rendered[k]) if k in rendered else v) for k, v in example.items()}
    if example is None or rendered is None:
        return rendered
    if isinstance(example, bool) or isinstance(rendered, bool):
        return rendered if isinstance(example, bool) and isinstance(rendered, bool) else example
    if type(example) is type(rendered) or (isinstance(example, (int, float)) and isinstance(rendered, (int, float))):
        return rendered
    return example


def _user(example: dict, u: User, urls: render.Urls) -> dict:
    return _fill(example, render.simple_user(u, urls))


def _rewrite_strings(obj: Any, old_full: str, new_full: str, urls: render.Urls) -> Any:
    if isinstance(obj, dict):
        return {k: _rewrite_strings(v, old_full, new_full, urls) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_rewrite_strings(v, old_full, new_full, urls) for v in obj]
    if isinstance(obj, str):
        s = obj.replace(old_full, new_full)
        if s.startswith("https://api.github.com"):
            s = urls.api + s[len("https://api.github.com") :]
        elif s.startswith("https://github.com"):
            s = urls.web + s[len("https://github.com") :]
        return s
    return obj


def _repo(st: SandboxState, example: dict, urls: render.Urls) -> dict:
    rendered = render.repository(st, urls)
    out = _fill(example, rendered)
    out["owner"] = _user(example["owner"], st.owner_user, urls)
    out["default_branch"] = st.scenario.base_branch
    if "master_branch" in out:
        out["master_branch"] = st.scenario.base_branch
    return out


def _installation(st: SandboxState) -> dict:
    return {"id": st.installation_id, "node_id": legacy_node_id("IntegrationInstallation", st.installation_id)}


def _prepare(st: SandboxState, name: str) -> tuple[dict, render.Urls]:
    payload = load_payload(name)
    urls = _urls(st)
    old_full = payload["repository"]["full_name"]
    payload = _rewrite_strings(payload, old_full, st.full_name, urls)
    payload["repository"] = _repo(st, payload["repository"], urls)
    payload["installation"] = _installation(st)
    if "organization" in payload and st.owner_user.type != "Organization":
        del payload["organization"]
    elif "organization" in payload:
        org = payload["organization"]
        org.update(login=st.owner, id=st.owner_user.id, node_id=legacy_node_id("Organization", st.owner_user.id))
    return payload, urls


def _pull_request(st: SandboxState, example: dict, urls: render.Urls) -> dict:
    with st.lock:
        rendered = render.pull_request(st, urls, consume_mergeable=False)
    out = _fill(example, rendered)
    out["user"] = _user(example["user"], st.author, urls)
    for side in ("head", "base"):
        ex = example[side]
        out[side] = dict(ex)
        out[side].update(label=rendered[side]["label"], ref=rendered[side]["ref"], sha=rendered[side]["sha"])
        out[side]["user"] = _user(ex["user"], st.owner_user, urls)
        out[side]["repo"] = _repo(st, ex["repo"], urls)
    defaults = {
        "mergeable": None,
        "rebaseable": None,
        "mergeable_state": "unknown",
        "requested_reviewers": [],
        "requested_teams": [],
        "labels": [],
        "assignees": [],
        "assignee": None,
        "milestone": None,
        "draft": False,
    }
    for k, v in defaults.items():
        if k in out:
            out[k] = v
    return out


def _checked(event: str, action: str | None, payload: dict, validate: bool) -> dict:
    if validate:
        problems = validate_payload(event, action, payload)
        if problems:
            raise ValueError(f"{event}.{action} payload does not match the octokit schema: {problems[:5]}")
    return payload


def pull_request_event(st: SandboxState, action: str = "opened", validate: bool = True) -> dict:
    """``pull_request`` delivery body for the scenario's PR (``opened``, ``synchronize``, ``reopened``,
    ``closed``, ``edited``, ``ready_for_review``).  ``synchronize`` carries ``before``/``after`` of the
    last ``push``."""
    payload, urls = _prepare(st, f"pull_request.{action}")
    payload["action"] = action
    payload["number"] = st.pr_number
    payload["pull_request"] = _pull_request(st, payload["pull_request"], urls)
    payload["sender"] = _user(payload["sender"], st.author, urls)
    if action == "synchronize":
        payload["before"] = st.pushes[-1]["before"] if st.pushes else st.pr_commits[0]
        payload["after"] = st.head_sha
    if action == "closed":  # closed without merging
        payload["pull_request"].update(state="closed", closed_at=render.now_iso(), merged=False, merged_at=None, merged_by=None)
    return _checked("pull_request", action, payload, validate)


def issue_comment_event(st: SandboxState, comment_id: int, action: str = "created", validate: bool = True) -> dict:
    """``issue_comment`` delivery for an issue comment on the PR (``state.add_issue_comment``)."""
    ic = st.issue_comment(comment_id)
    if ic is None:
        raise KeyError(f"no issue comment {comment_id}")
    payload, urls = _prepare(st, f"issue_comment.{action}")
    payload["action"] = action
    with st.lock:
        rendered_c = render.issue_comment(st, urls, ic)
        rendered_pr = render.pull_request(st, urls, consume_mergeable=False)
    c = _fill(payload["comment"], rendered_c)
    u = st.users[ic["user"]["login"]]
    c["user"] = _user(payload["comment"]["user"], u, urls)
    c["performed_via_github_app"] = None
    payload["comment"] = c
    issue = dict(payload["issue"])
    issue.update(
        number=st.pr_number,
        title=st.scenario.title,
        body=st.scenario.body,
        state="open",
        html_url=rendered_pr["html_url"],
        url=rendered_pr["issue_url"],
        comments_url=rendered_pr["comments_url"],
        comments=len(st.issue_comments),
        id=render.pr_id(st),
        node_id=legacy_node_id("PullRequest", render.pr_id(st)),
        created_at=st.pr_state["created_at"],
        updated_at=st.pr_state["updated_at"],
    )
    issue["user"] = _user(payload["issue"]["user"], st.author, urls)
    issue["pull_request"] = {
        "url": rendered_pr["url"],
        "html_url": rendered_pr["html_url"],
        "diff_url": rendered_pr["diff_url"],
        "patch_url": rendered_pr["patch_url"],
        "merged_at": None,
    }
    issue["labels"], issue["assignees"], issue["assignee"], issue["milestone"] = [], [], None, None
    payload["issue"] = issue
    payload["sender"] = _user(payload["sender"], u, urls)
    return _checked("issue_comment", action, payload, validate)


def review_comment_event(st: SandboxState, comment_id: int, action: str = "created", validate: bool = True) -> dict:
    """``pull_request_review_comment`` delivery (e.g. after ``state.add_human_reply``)."""
    rc = st.comment(comment_id)
    if rc is None:
        raise KeyError(f"no review comment {comment_id}")
    name = f"pull_request_review_comment.{action}" if action == "created" else f"variants/pull_request_review_comment.{action}"
    payload, urls = _prepare(st, name)
    payload["action"] = action
    with st.lock:
        rendered = render.review_comment(st, urls, rc)
    c = _fill(payload["comment"], rendered)
    for k in ("in_reply_to_id", "subject_type"):
        if k in rendered:
            c[k] = rendered[k]
    u = st.users[rc["user"]["login"]]
    c["user"] = _user(payload["comment"]["user"], u, urls)
    c["line"], c["original_line"] = rc["line"], rc["original_line"]
    c["start_line"], c["original_start_line"], c["start_side"] = rc["start_line"], rc["original_start_line"], rc["start_side"]
    c["position"], c["original_position"] = rc["position"], rc["original_position"]
    payload["comment"] = c
    payload["pull_request"] = _pull_request(st, payload["pull_request"], urls)
    payload["sender"] = _user(payload["sender"], u, urls)
    return _checked("pull_request_review_comment", action, payload, validate)


def check_run_event(st: SandboxState, run_id: int, action: str = "rerequested", identifier: str | None = None, validate: bool = True) -> dict:
    """``check_run`` delivery (``rerequested`` / ``requested_action``) for one of the App's runs."""
    run = st.check_run(run_id)
    if run is None:
        raise KeyError(f"no check run {run_id}")
    payload, urls = _prepare(st, f"check_run.{action}")
    cr = payload["check_run"]
    with st.lock:
        rendered = render.check_run(st, urls, run)
    cr.update(
        id=run["id"],
        node_id=run["node_id"],
        head_sha=run["head_sha"],
        name=run["name"],
        status=run["status"],
        conclusion=run["conclusion"],
        url=rendered["url"],
        html_url=rendered["html_url"],
        started_at=run["started_at"],
        completed_at=run["completed_at"],
    )
    if "external_id" in cr:
        cr["external_id"] = rendered["external_id"]
    if isinstance(cr.get("check_suite"), dict):
        cr["check_suite"].update(id=run["check_suite_id"], head_sha=run["head_sha"], head_branch=st.scenario.head_branch)
    if isinstance(cr.get("app"), dict):
        cr["app"].update(id=st.app_id, slug=st.app_slug, name=st.scenario.app_name)
    if action == "requested_action":
        payload["requested_action"] = {"identifier": identifier or "fix"}
    payload["sender"] = _user(payload["sender"], st.author, urls)
    return _checked("check_run", action, payload, validate)


# ============================================================================ signing and delivery
def sign(body: bytes, secret: str | bytes) -> str:
    """``X-Hub-Signature-256`` value: ``sha256=`` + hex HMAC-SHA256 of the raw body."""
    key = secret.encode() if isinstance(secret, str) else secret
    return "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()


def sign_sha1(body: bytes, secret: str | bytes) -> str:
    key = secret.encode() if isinstance(secret, str) else secret
    return "sha1=" + hmac.new(key, body, hashlib.sha1).hexdigest()


def delivery_headers(
    event: str,
    body: bytes,
    secret: str | bytes,
    delivery_id: str | None = None,
    hook_id: str = DEFAULT_HOOK_ID,
    target_id: int | str | None = None,
    target_type: str = "integration",
) -> dict[str, str]:
    return {
        "Accept": "*/*",
        "Content-Type": "application/json",
        "User-Agent": HOOKSHOT_UA,
        "X-GitHub-Delivery": delivery_id or str(uuid.uuid4()),
        "X-GitHub-Event": event,
        "X-GitHub-Hook-ID": str(hook_id),
        "X-GitHub-Hook-Installation-Target-ID": str(target_id if target_id is not None else os.environ.get("GOLEASH_APP_ID", "0")),
        "X-GitHub-Hook-Installation-Target-Type": target_type,
        "X-Hub-Signature": sign_sha1(body, secret),
        "X-Hub-Signature-256": sign(body, secret),
    }


def deliver(
    url: str,
    event: str,
    payload: dict | bytes,
    secret: str | bytes,
    delivery_id: str | None = None,
    *,
    app_id: int | str | None = None,
    hook_id: str = DEFAULT_HOOK_ID,
    timeout: float = 10.0,
    session: requests.Session | None = None,
) -> requests.Response:
    """POST one delivery with GitHub's headers.  Reuse ``delivery_id`` to simulate a redelivery.
    ``app_id`` fills ``X-GitHub-Hook-Installation-Target-ID`` (defaults to the payload's
    ``installation``-less guess: env ``GOLEASH_APP_ID`` or 0)."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload, separators=(",", ":")).encode()
    headers = delivery_headers(event, body, secret, delivery_id, hook_id, app_id)
    http = session or requests
    return http.post(url, data=body, headers=headers, timeout=timeout)


def deliver_for(
    st: SandboxState, url: str, event: str, payload: dict, delivery_id: str | None = None, secret: str | None = None, **kw
) -> requests.Response:
    """``deliver`` with the scenario's secret and App id."""
    return deliver(url, event, payload, secret if secret is not None else st.webhook_secret, delivery_id, app_id=st.app_id, **kw)


__all__ = [
    "load_payload",
    "validate_payload",
    "pull_request_event",
    "issue_comment_event",
    "review_comment_event",
    "check_run_event",
    "sign",
    "deliver",
    "deliver_for",
    "delivery_headers",
]
