"""bot/github-app-manifest.json against GitHub's documented manifest parameters, GitHub's own
permission and webhook descriptions, and the events the receiver actually routes."""

from __future__ import annotations

import copy
import functools
import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import redis

from ghsandbox import paths as gh_paths
from goleash.bot.app import create_app
from goleash.bot.config import Settings
from goleash.bot.handlers import router

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "bot" / "github-app-manifest.json"

# GitHub's documented "GitHub App Manifest parameters" and the keys of `hook_attributes`.
# Source: github/docs, content/apps/sharing-github-apps/registering-a-github-app-from-a-manifest.md
# (revision 07883a50b08f; rendered at docs.github.com/en/apps/sharing-github-apps/
# registering-a-github-app-from-a-manifest). name -> JSON type; `url` is the one required key.
MANIFEST_PARAMETERS: dict[str, type] = {
    "name": str,
    "url": str,
    "hook_attributes": dict,
    "redirect_url": str,
    "callback_urls": list,  # array of strings, up to 10
    "setup_url": str,
    "description": str,
    "public": bool,
    "default_events": list,
    "default_permissions": dict,
    "request_oauth_on_install": bool,
    "setup_on_update": bool,
}
REQUIRED_PARAMETERS = {"url"}
HOOK_ATTRIBUTES: dict[str, type] = {"url": str, "active": bool}
REQUIRED_HOOK_ATTRIBUTES = {"url"}
MAX_CALLBACK_URLS = 10

# The least the App needs (see docs/operate.md and ghsandbox/github/README.md, "Permissions for the App").
EXPECTED_PERMISSIONS = {
    "pull_requests": "write",  # read PRs and files; post reviews and review comments
    "checks": "write",  # the "goleash" check run
    "contents": "read",  # fetch the PR's Go packages (contents, trees, blobs, tarball)
    "issues": "write",  # PR conversation comments; subscribing to issue_comment needs Issues
    "metadata": "read",  # granted to every App
}

# Events the App subscribes to ahead of their receiver handlers (slash commands in comments,
# replies to review comments, "Re-run" on the check). Remove an event from here once
# bot/handlers.py routes it; test_every_manifest_event_is_handled_or_planned then keeps it honest.
PLANNED_EVENTS = {"issue_comment", "pull_request_review_comment", "check_run", "check_suite"}
# Delivered without a subscription: `ping` when the hook is created, and the installation events.
ALWAYS_DELIVERED = {"ping", "installation", "installation_repositories"}

PLACEHOLDER_HOST = "goleash.example.com"


def load_manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


@functools.cache
def github_app_permissions() -> dict[str, set[str]]:
    """Permission name -> allowed levels, from GitHub's REST description (`app-permissions`)."""
    spec = json.loads(gh_paths.openapi_path().read_text(encoding="utf-8"))
    props = spec["components"]["schemas"]["app-permissions"]["properties"]
    return {name: set(p["enum"]) for name, p in props.items()}


@functools.cache
def github_webhook_events() -> dict[str, str]:
    """Event name -> GitHub's summary text, from GitHub's x-webhooks descriptions."""
    spec = json.loads(gh_paths.webhooks_openapi_path().read_text(encoding="utf-8"))
    hooks = spec.get("x-webhooks") or spec["webhooks"]
    events: dict[str, str] = {}
    for item in hooks.values():
        op = item["post"]
        events.setdefault(op["x-github"]["subcategory"], op.get("summary", ""))
    return events


# 'To subscribe to this event, a GitHub App must have at least read-level access for the "Checks" ... permission.'
_NEEDS = re.compile(r'must have at least (read|write)-level access for the "([^"]+)"(?: repository)? permission')
# GitHub's display names for the permissions that the summaries mention.
_PERMISSION_KEYS = {"Pull requests": "pull_requests", "Issues": "issues", "Checks": "checks", "Contents": "contents"}
_LEVEL = {"read": 1, "write": 2, "admin": 3}


def manifest_problems(m: dict) -> list[str]:
    """Everything wrong with a manifest; an empty list for a good one."""
    problems: list[str] = []
    for key, value in m.items():
        if key not in MANIFEST_PARAMETERS:
            problems.append(f"{key!r} is not a documented manifest parameter")
        elif not isinstance(value, MANIFEST_PARAMETERS[key]):
            problems.append(f"{key!r} must be a {MANIFEST_PARAMETERS[key].__name__}")
    problems += [f"{key!r} is required" for key in REQUIRED_PARAMETERS - m.keys()]

    hook = m.get("hook_attributes")
    if not isinstance(hook, dict):
        problems.append("hook_attributes is missing: the App would receive no webhooks")
        hook = {}
    for key, value in hook.items():
        if key not in HOOK_ATTRIBUTES:
            problems.append(f"hook_attributes.{key} is not documented")
        elif not isinstance(value, HOOK_ATTRIBUTES[key]):
            problems.append(f"hook_attributes.{key} must be a {HOOK_ATTRIBUTES[key].__name__}")
    problems += [f"hook_attributes.{k} is required" for k in REQUIRED_HOOK_ATTRIBUTES - hook.keys()]
    if hook.get("active") is False:
        problems.append("hook_attributes.active is false: no deliveries")

    urls = {k: m.get(k) for k in ("url", "redirect_url", "setup_url")} | {"hook_attributes.url": hook.get("url")}
    urls |= {f"callback_urls[{i}]": u for i, u in enumerate(m.get("callback_urls") or [])}
    if len(m.get("callback_urls") or []) > MAX_CALLBACK_URLS:
        problems.append(f"at most {MAX_CALLBACK_URLS} callback_urls")
    for key, url in urls.items():
        if url is None:
            continue
        u = urlparse(str(url))
        if u.scheme != "https" or not u.netloc:
            problems.append(f"{key} must be an absolute https URL, not {url!r}")

    perms_known = github_app_permissions()
    perms = m.get("default_permissions") or {}
    for name, level in perms.items():
        if name not in perms_known:
            problems.append(f"default_permissions.{name} is not a GitHub App permission")
        elif level not in perms_known[name]:
            problems.append(f"default_permissions.{name}={level!r}; GitHub allows {sorted(perms_known[name])}")

    events_known = github_webhook_events()
    events = m.get("default_events") or []
    if len(set(events)) != len(events):
        problems.append("default_events has duplicates")
    for event in events:
        summary = events_known.get(event)
        if summary is None:
            problems.append(f"{event!r} is not a GitHub webhook event (per GitHub's x-webhooks descriptions)")
            continue
        if "cannot manually subscribe" in summary:
            problems.append(f"{event!r} cannot be subscribed to; GitHub delivers it to every App")
        for level, display in _NEEDS.findall(summary):
            key = _PERMISSION_KEYS.get(display)
            have = perms.get(key or "", "")
            if key is None or _LEVEL.get(have, 0) < _LEVEL[level]:
                problems.append(f"subscribing to {event!r} needs {display} ({level}); the manifest grants {have or 'nothing'}")
    return problems


def test_github_reference_material_is_what_the_checks_assume():
    # If these fail, the lookups above read the wrong thing and would pass vacuously.
    perms = github_app_permissions()
    assert {"pull_requests", "checks", "contents", "issues", "metadata"} <= perms.keys()
    events = github_webhook_events()
    assert {"pull_request", "check_run", "installation"} <= events.keys()
    assert _NEEDS.search(events["pull_request"]), "GitHub's pull_request summary no longer states its permission"


def test_manifest_is_valid():
    assert manifest_problems(load_manifest()) == []


def test_manifest_asks_for_exactly_the_least_permissions():
    assert load_manifest()["default_permissions"] == EXPECTED_PERMISSIONS


def test_manifest_is_private_and_uses_placeholders():
    m = load_manifest()
    assert m["public"] is False, "an org's own deployment should not be installable by anyone"
    for url in (m["url"], m["hook_attributes"]["url"], m["redirect_url"], m["setup_url"]):
        assert urlparse(url).hostname == PLACEHOLDER_HOST, url


def test_hook_url_is_the_receivers_webhook_route():
    app = create_app(Settings(webhook_secret="x"), redis_client=redis.Redis(), enqueue=lambda job: "t")
    rules = {r.rule: r.methods for r in app.url_map.iter_rules()}
    path = urlparse(load_manifest()["hook_attributes"]["url"]).path
    assert path in rules and "POST" in rules[path], (path, rules)


def test_every_routed_event_is_subscribed():
    """A handler for an event the App does not subscribe to never runs."""
    routed = {event for event, _action in router._routes} - ALWAYS_DELIVERED
    assert routed, "no events registered on bot.handlers.router"
    assert routed <= set(load_manifest()["default_events"])


def test_every_manifest_event_is_handled_or_planned():
    routed = {event for event, _action in router._routes}
    unhandled = set(load_manifest()["default_events"]) - routed
    assert unhandled <= PLANNED_EVENTS, f"subscribed but neither routed nor planned: {unhandled - PLANNED_EVENTS}"


def _broken(edit) -> dict:
    m = copy.deepcopy(load_manifest())
    edit(m)
    return m


@pytest.mark.parametrize(
    "label,edit,expect",
    [
        ("undocumented key", lambda m: m.update(webhook_url="https://x.example"), "not a documented"),
        ("wrong type", lambda m: m.update(public="false"), "must be a bool"),
        ("no url", lambda m: m.pop("url"), "'url' is required"),
        ("hook without url", lambda m: m["hook_attributes"].pop("url"), "hook_attributes.url is required"),
        ("http hook", lambda m: m["hook_attributes"].update(url="http://goleash.example.com/webhook"), "https"),
        ("unknown permission", lambda m: m["default_permissions"].update(pull_request="write"), "not a GitHub App permission"),
        ("bad level", lambda m: m["default_permissions"].update(checks="admin"), "GitHub allows"),
        ("unknown event", lambda m: m["default_events"].append("pull_requests"), "not a GitHub webhook event"),
        ("unsubscribable event", lambda m: m["default_events"].append("installation"), "cannot be subscribed"),
        ("missing permission", lambda m: m["default_permissions"].pop("checks"), "needs Checks"),
    ],
)
def test_broken_manifests_are_rejected(label, edit, expect):
    problems = manifest_problems(_broken(edit))
    assert any(expect in p for p in problems), (label, problems)
