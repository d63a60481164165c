"""Where the shared GitHub reference material lives.

The project keeps GitHub's own descriptions (OpenAPI subset, webhook payloads and schemas, GraphQL
schema) in a ``shared/`` directory next to the repository: ``<repo root>/../shared/github``.  The
environment variable ``GOLEASH_SHARED_DIR`` overrides the location of ``shared``.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
SCENARIOS_DIR = PACKAGE_DIR / "scenarios"


def shared_dir() -> Path:
    env = os.environ.get("GOLEASH_SHARED_DIR")
    if env:
        return Path(env).resolve()
    return (REPO_ROOT / ".." / "shared").resolve()


def github_dir() -> Path:
    d = shared_dir() / "github"
    if not d.is_dir():
        raise FileNotFoundError(
            f"GitHub reference material not found at {d}; set GOLEASH_SHARED_DIR to the shared/ directory"
        )
    return d


def openapi_path() -> Path:
    return github_dir() / "openapi" / "github-bot-subset.json"


def graphql_schema_path() -> Path:
    return github_dir() / "graphql" / "schema.json"


def payloads_dir() -> Path:
    return github_dir() / "payloads"


def webhook_schemas_dir() -> Path:
    return github_dir() / "schemas" / "octokit-webhooks"


def sample_scenario() -> Path:
    return SCENARIOS_DIR / "sample"
