"""`.github/goleash.yml`: the repository's settings for goleash, read at the pull request's
BASE commit (so a pull request cannot loosen its own rules), falling back to the same file
in the owner's `.github` repository. Validated against bot/schemas/goleash-config.schema.json;
an invalid file is reported (key path and line) and the review goes on with the defaults."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from goleash.rules.model import Finding, Severity

CONFIG_PATH = ".github/goleash.yml"
CONFIG_PATHS = (".github/goleash.yml", ".github/goleash.yaml")
BASELINE_PATH = ".goleash-baseline.json"
MAX_BYTES = 256 * 1024


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(resources.files("goleash.bot.schemas").joinpath("goleash-config.schema.json").read_text())


@dataclass(frozen=True)
class Problem:
    path: str  # key path, e.g. "rules.map-concurrent-write" ("" for the document)
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"`{self.path}`" if self.path else "the file"
        at = f" (line {self.line})" if self.line else ""
        return f"{where}{at}: {self.message}"


@dataclass
class RepoConfig:
    rules: dict[str, Any] = field(default_factory=dict)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    comment_cap: int | None = None
    findings: str = "review"
    fail_on: str | None = None
    drafts: str | None = None
    replay: str = "on-request"

    @classmethod
    def from_dict(cls, d: dict) -> RepoConfig:
        paths = d.get("paths") or {}
        return cls(
            rules=dict(d.get("rules") or {}),
            include=list(paths.get("include") or []),
            exclude=list(paths.get("exclude") or []),
            comment_cap=d.get("comment_cap"),
            findings=d.get("findings", "review"),
            fail_on=d.get("fail_on"),
            drafts=d.get("drafts"),
            replay=d.get("replay", "on-request"),
        )

    def rule_enabled(self, rule_id: str) -> bool:
        v = self.rules.get(rule_id, True)
        return v not in (False, "off")

    def severity_for(self, rule_id: str) -> Severity | None:
        v = self.rules.get(rule_id)
        return Severity(v) if v in ("error", "warning", "info") else None

    def path_wanted(self, path: str) -> bool:
        if self.include and not any(glob_match(g, path) for g in self.include):
            return False
        return not any(glob_match(g, path) for g in self.exclude)


@dataclass
class Loaded:
    config: RepoConfig
    source: str | None = None  # "owner/repo:.github/goleash.yml@sha", None: defaults
    problems: list[Problem] = field(default_factory=list)

    def notes(self) -> str:
        if not self.problems:
            return ""
        lines = [f"**`{CONFIG_PATH}` is invalid** ({self.source}); this review used the default settings:", ""]
        lines += [f"- {p}" for p in self.problems]
        return "\n".join(lines) + "\n\n"


# ----------------------------------------------------------------------------- globs
@lru_cache(maxsize=512)
def _glob_re(pattern: str) -> re.Pattern:
    out, i = [], 0
    p = pattern.lstrip("/")
    while i < len(p):
        c = p[i]
        if p.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif p.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(c))
            i += 1
    # A pattern naming a directory covers everything under it.
    return re.compile("".join(out) + "(?:/.*)?\\Z")


def glob_match(pattern: str, path: str) -> bool:
    return bool(_glob_re(pattern).match(path))


# ----------------------------------------------------------------------------- parsing


def _to_py(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _node_at(root: yaml.Node, path: Iterable) -> yaml.Node:
    node = root
    for part in path:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == str(part):
                    node = v
                    break
            else:
                return node
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return node
    return node


def _key_node(mapping: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(mapping, yaml.MappingNode):
        for k, _ in mapping.value:
            if k.value == key:
                return k
    return None


def _line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def parse(text: str, known_rule: Callable[[str], bool] | None = None) -> tuple[RepoConfig, list[Problem]]:
    """The config in `text`, or the defaults and every problem found (with key path and line)."""
    from jsonschema import Draft202012Validator

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return RepoConfig(), [Problem("", mark.line + 1 if mark else None, f"not valid YAML: {getattr(exc, 'problem', exc)}")]
    if root is None:
        return RepoConfig(), []
    try:
        data = _to_py(root)
    except yaml.YAMLError as exc:
        return RepoConfig(), [Problem("", _line(root), f"not valid YAML: {exc}")]
    problems: list[Problem] = []
    for err in sorted(Draft202012Validator(schema()).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = list(err.absolute_path)
        node = _node_at(root, path)
        if err.validator == "additionalProperties" and isinstance(data, dict | None):
            parent = node
            extra = [k for k in (err.instance or {}) if k not in (err.schema.get("properties") or {})]
            for k in extra:
                kn = _key_node(parent, k)
                allowed = ", ".join(sorted(err.schema.get("properties") or {}))
                problems.append(
                    Problem(
                        ".".join(map(str, path + [k])), _line(kn) or _line(node), f"unknown key {k!r}" + (f" (allowed: {allowed})" if allowed else "")
                    )
                )
            continue
        msg = err.message
        if err.validator == "enum":
            msg = f"{err.instance!r} is not one of " + ", ".join(_show(v) for v in err.validator_value)
        problems.append(Problem(".".join(map(str, path)), _line(node), msg))
    if isinstance(data, dict) and isinstance(data.get("rules"), dict) and known_rule is not None:
        for rule_id in data["rules"]:
            if not known_rule(str(rule_id)):
                problems.append(
                    Problem(
                        f"rules.{rule_id}",
                        _line(_key_node(_node_at(root, ["rules"]), str(rule_id))),
                        f"unknown rule {rule_id!r} (`goleash rules` lists them)",
                    )
                )
    if problems:
        return RepoConfig(), problems
    return RepoConfig.from_dict(data or {}), []


def _show(v: Any) -> str:
    if v is False:
        return "off"
    if v is True:
        return "on"
    return str(v)


def _known_rule(rule_id: str) -> bool:
    from goleash.rules.catalog import get_rule

    return get_rule(rule_id) is not None


# ----------------------------------------------------------------------------- applying
def apply(
    findings: list[Finding], cfg: RepoConfig, ignored_rules: Iterable[str] = (), baseline: set[str] | frozenset[str] = frozenset()
) -> list[Finding]:
    """The findings the repository wants to hear about, with its severity overrides applied."""
    ignored = set(ignored_rules)
    out = []
    for f in findings:
        if f.rule_id in ignored or not cfg.rule_enabled(f.rule_id):
            continue
        if not cfg.path_wanted(f.path):
            continue
        if f.fingerprint and f.fingerprint in baseline:
            continue
        sev = cfg.severity_for(f.rule_id)
        if sev is not None:
            f.severity = sev
        out.append(f)
    return out


# ----------------------------------------------------------------------------- fetching
def read_file(gh, repo: str, path: str, ref: str | None, cache=None) -> bytes | None:
    """The file at `ref`, or None if there is none (404). Other errors propagate. `cache`
    (workers/fetch_cache.py) keeps the answer for a commit sha, which never changes."""
    if cache is not None and ref and re.fullmatch(r"[0-9a-f]{40}", ref):
        hit = cache.file_at(repo, ref, path)
        if hit is None:
            hit = (read_file(gh, repo, path, ref),)
            cache.put_file_at(repo, ref, path, hit[0])
        return hit[0]
    from github.GithubException import GithubException, UnknownObjectException

    try:
        kwargs = {"ref": ref} if ref else {}
        c = gh.get_repo(repo).get_contents(path, **kwargs)
    except UnknownObjectException:
        return None
    except GithubException as exc:
        if exc.status in (403, 404):  # no access to the org's .github repository
            return None
        raise
    if isinstance(c, list) or getattr(c, "type", "file") != "file":
        return None
    if (c.size or 0) > MAX_BYTES:
        return None
    return c.decoded_content


def load(gh, repo: str, base_sha: str, cache=None) -> Loaded:
    """The configuration for a pull request into `repo` whose base is `base_sha`."""
    owner = repo.split("/", 1)[0]
    candidates = [(repo, p, base_sha) for p in CONFIG_PATHS]
    if repo.split("/", 1)[1].lower() != ".github":
        candidates += [(f"{owner}/.github", p, None) for p in CONFIG_PATHS]
    for where, path, ref in candidates:
        data = read_file(gh, where, path, ref, cache)
        if data is None:
            continue
        source = f"{where}:{path}" + (f"@{ref[:12]}" if ref else "")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return Loaded(RepoConfig(), source, [Problem("", None, "not UTF-8 text")])
        cfg, problems = parse(text, _known_rule)
        return Loaded(cfg, source, problems)
    return Loaded(RepoConfig())


def load_baseline(gh, repo: str, base_sha: str, cache=None) -> set[str]:
    from goleash.rules.baseline import parse_baseline

    data = read_file(gh, repo, BASELINE_PATH, base_sha, cache)
    if data is None:
        return set()
    try:
        return parse_baseline(data)
    except ValueError:
        return set()


# ----------------------------------------------------------------------------- the review's view
@dataclass
class ForReview:
    """Everything that shapes one review: the config at the base, the rules ignored on this
    pull request (/goleash ignore) and the baseline at the base."""

    loaded: Loaded = field(default_factory=lambda: Loaded(RepoConfig()))
    ignored: dict[str, dict] = field(default_factory=dict)
    baseline: set[str] = field(default_factory=set)

    @property
    def config(self) -> RepoConfig:
        return self.loaded.config

    def filter(self, findings: list[Finding]) -> list[Finding]:
        return apply(findings, self.config, self.ignored, self.baseline)

    def comment_cap(self, default: int) -> int:
        return default if self.config.comment_cap is None else self.config.comment_cap

    @property
    def post_comments(self) -> bool:
        return self.config.findings != "check-run"

    def fail_on(self, default: str) -> str:
        return self.config.fail_on or default

    def skip_draft(self, review_drafts: bool) -> bool:
        if self.config.drafts is None:
            return not review_drafts
        return self.config.drafts == "skip"

    def notes(self) -> str:
        out = self.loaded.notes()
        if self.ignored:
            rows = [
                f"- `{rule}` by @{v.get('by', '?')}" + (f": {v['reason']}" if v.get("reason") else "") for rule, v in sorted(self.ignored.items())
            ]
            out += "Rules ignored on this pull request (`/goleash ignore`):\n" + "\n".join(rows) + "\n\n"
        return out


def for_review(api, r, repo: str, number: int, base_sha: str) -> ForReview:
    from .commands import ignored_rules

    gh = getattr(api, "_gh", None)
    if gh is None or not base_sha:
        return ForReview(ignored=ignored_rules(r, repo, number))
    cache = getattr(api, "cache", None)
    return ForReview(load(gh, repo, base_sha, cache), ignored_rules(r, repo, number), load_baseline(gh, repo, base_sha, cache))
