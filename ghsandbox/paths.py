"""Where the stand-in finds GitHub's own descriptions of itself.

``github/`` beside this module holds copies of GitHub's OpenAPI subset, webhook payloads and
schemas and GraphQL schema; ``github/README.md`` names each source and its licence.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
SCENARIOS_DIR = PACKAGE_DIR / "scenarios"
GITHUB_DIR = PACKAGE_DIR / "github"


def github_dir() -> Path:
    return GITHUB_DIR


def openapi_path() -> Path:
    return GITHUB_DIR / "openapi" / "github-bot-subset.json"


def webhooks_openapi_path() -> Path:
    return GITHUB_DIR / "openapi" / "github-webhooks-subset.json"


def graphql_schema_path() -> Path:
    return GITHUB_DIR / "graphql" / "schema.json"


def payloads_dir() -> Path:
    return GITHUB_DIR / "payloads"


def webhook_schemas_dir() -> Path:
    return GITHUB_DIR / "schemas" / "octokit-webhooks"


def sample_scenario() -> Path:
    return SCENARIOS_DIR / "sample"
