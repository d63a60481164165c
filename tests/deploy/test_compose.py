"""deploy/compose.yaml against the Compose Specification's JSON schema.

The schema is compose-spec's `schema/compose-spec.json` as vendored by the check-jsonschema
package (dev extra), at check_jsonschema/builtin_schemas/vendor/compose-spec.json; the package
ships its sha256 beside it, which is checked here too."""

from __future__ import annotations

import copy
import functools
import hashlib
import importlib.resources
import json
import shlex
from pathlib import Path

import jsonschema
import pytest
import yaml

from goleash.bot.config import Settings
from goleash.bot.jobs import REVIEW_TASK

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "deploy" / "compose.yaml"
VENDOR = importlib.resources.files("check_jsonschema") / "builtin_schemas" / "vendor"
GOLEASH_SERVICES = ("receiver", "review-worker", "replay-worker")


@functools.cache
def compose_validator() -> jsonschema.Validator:
    raw = (VENDOR / "compose-spec.json").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == (VENDOR / "sha256" / "compose-spec.sha256").read_text().strip()
    schema = json.loads(raw)
    assert schema["title"] == "Compose Specification"
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_errors(doc: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in compose_validator().iter_errors(doc)]


def load() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def argv(service: dict) -> list[str]:
    c = service["command"]
    return shlex.split(c) if isinstance(c, str) else list(c)


def queues(service: dict) -> set[str]:
    a = argv(service)
    return set(a[a.index("-Q") + 1].split(","))


def test_compose_matches_the_compose_specification():
    assert schema_errors(load()) == []


def test_services_health_and_restart():
    doc = load()
    assert set(GOLEASH_SERVICES) | {"redis"} <= doc["services"].keys()
    for name, svc in doc["services"].items():
        assert svc.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
        assert svc.get("restart") in ("always", "unless-stopped", "on-failure"), name


def test_redis_persists():
    doc = load()
    redis = doc["services"]["redis"]
    cmd = " ".join(argv(redis))
    assert "--appendonly yes" in cmd
    volume = next(v for v in redis["volumes"] if v.split(":")[1] == "/data").split(":")[0]
    assert volume in doc["volumes"], "Redis's /data must be a named volume"


def test_goleash_services_share_env_and_key():
    doc = load()
    for name in GOLEASH_SERVICES:
        svc = doc["services"][name]
        assert svc["env_file"] == ".env", name
        env = svc["environment"]
        assert env["REDIS_URL"].startswith("redis://redis:"), name
        assert "GITHUB_PRIVATE_KEY" not in env, "the key goes in a file, not the environment"
        secret = env["GITHUB_PRIVATE_KEY_FILE"].removeprefix("/run/secrets/")
        assert secret in svc["secrets"] and secret in doc["secrets"], name
        assert svc["depends_on"]["redis"]["condition"] == "service_healthy"


def test_workers_consume_the_queues_the_tasks_are_routed_to():
    from goleash.workers.app import make_celery

    routes = make_celery(Settings()).conf.task_routes
    review_queue = routes[REVIEW_TASK]["queue"]
    doc = load()
    assert argv(doc["services"]["review-worker"])[:4] == ["celery", "-A", "goleash.workers.app", "worker"]
    assert {"reviews", review_queue} <= queues(doc["services"]["review-worker"])
    assert queues(doc["services"]["replay-worker"]) == {"replays"}


def test_replay_workers_can_run_bubblewrap():
    svc = load()["services"]["replay-worker"]
    opts = set(svc["security_opt"])
    assert {"seccomp=unconfined", "apparmor=unconfined", "systempaths=unconfined"} <= opts
    assert "no-new-privileges:true" in opts
    assert svc["cap_drop"] == ["ALL"] and not svc.get("privileged")


def _broken(edit) -> dict:
    doc = copy.deepcopy(load())
    edit(doc)
    return doc


@pytest.mark.parametrize(
    "label,edit",
    [
        ("misspelt service key", lambda d: d["services"]["receiver"].update(restrat="always")),
        ("bad restart policy type", lambda d: d["services"]["redis"].update(restart=["always"])),
        ("healthcheck interval as list", lambda d: d["services"]["redis"]["healthcheck"].update(interval=["10s"])),
        ("unknown top-level key", lambda d: d.update(service={})),
        ("bad service name", lambda d: d["services"].update({"bad name!": {"image": "x"}})),
        ("depends_on condition", lambda d: d["services"]["receiver"]["depends_on"]["redis"].update(condition="ready")),
    ],
)
def test_broken_compose_files_fail_the_schema(label, edit):
    assert schema_errors(_broken(edit)), label
