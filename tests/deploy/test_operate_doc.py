"""docs/operate.md's Configure table lists every environment variable the processes read, and the
deploy files set only variables that something reads."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
# env.get("X"), environ["X"], and the helpers that also accept X_FILE: secret_from_env(env, "X")
READ = re.compile(
    r"""(?:env|environ)\.get\(\s*["']([A-Z][A-Z0-9_]+)["']|environ\[["']([A-Z][A-Z0-9_]+)["']\]"""
    r"""|(?:secret_from_env|_secret)\(\s*\w+,\s*["']([A-Z][A-Z0-9_]+)["']"""
)
# Read by gunicorn itself, not by our code.
GUNICORN = {"WEB_CONCURRENCY", "GUNICORN_CMD_ARGS"}


def variables_read() -> set[str]:
    found: set[str] = set()
    for pkg in ("bot", "workers"):
        for path in (ROOT / pkg).rglob("*.py"):
            for names in READ.findall(path.read_text(encoding="utf-8")):
                found.add(next(n for n in names if n))
    return found


def documented() -> set[str]:
    text = (ROOT / "docs" / "operate.md").read_text(encoding="utf-8")
    section = text.split("## Configure", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)`[^|]*\|", section, re.MULTILINE))


def test_scanner_finds_the_settings():
    assert {"REDIS_URL", "GOLEASH_WEBHOOK_SECRET", "GITHUB_PRIVATE_KEY_FILE"} <= variables_read()


def test_every_variable_read_is_documented():
    missing = variables_read() - documented()
    assert not missing, f"add to docs/operate.md's Configure table: {sorted(missing)}"


def test_deploy_files_set_only_variables_that_are_read():
    known = variables_read() | GUNICORN
    env_example = {line.split("=", 1)[0] for line in (ROOT / "deploy" / ".env.example").read_text().splitlines() if line and not line.startswith("#")}
    config = next(d for d in yaml.safe_load_all((ROOT / "deploy" / "k8s" / "10-config.yaml").read_text()) if d["kind"] == "ConfigMap")["data"].keys()
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    compose_env = {k for s in compose["services"].values() for k in (s.get("environment") or {})}
    for where, names in (("deploy/.env.example", env_example), ("10-config.yaml", set(config)), ("compose.yaml", compose_env)):
        assert set(names) <= known, f"{where} sets variables nothing reads: {set(names) - known}"


def test_a_missing_row_is_caught():
    # The negative case: a variable absent from the table is reported.
    assert "NOT_A_SETTING" not in documented()
    assert (variables_read() | {"NOT_A_SETTING"}) - documented() == {"NOT_A_SETTING"}
