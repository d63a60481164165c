"""Validation of every exchange against GitHub's OpenAPI description (openapi-core).

``OpenAPIValidator`` wraps ``openapi_core.OpenAPI`` for ``openapi/github-bot-subset.json``.  A few
places where GitHub's own description disagrees with GitHub's real behaviour (or with OpenAPI 3.0
semantics) are relaxed here, each narrowly and each listed in ``RELAXATIONS``:

R1  ``check-run.conclusion`` is ``nullable`` with an ``enum`` lacking ``null``.  Under OAS 3.0.3
    ``nullable`` does not extend an ``enum``, so GitHub's own example (``conclusion: null`` for a run
    in progress) fails.  ``null`` is added to that enum only.
R2  ``pull-request-review-comment.start_side``: the same nullable/enum clash (``null`` for a single
    line comment).  ``null`` is added to that enum only.
R3  ``pull-request-review-comment.line``/``position``/``original_position`` are typed as plain
    integers but GitHub returns ``null`` for outdated comments (and ``position`` is ``null`` for
    multi-line or file comments).  They are made ``nullable`` (the schema otherwise unchanged).
R4  ``POST /repos/{owner}/{repo}/check-runs``: the request body carries ``discriminator:
    {propertyName: status}`` over two *inline* ``oneOf`` alternatives.  A discriminator without a
    mapping resolves to ``#/components/schemas/<value>``, which does not exist, so every body is
    rejected, and a body without ``status`` (GitHub defaults it to ``queued``) fails "does not contain
    discriminating property".  The discriminator is dropped; the ``oneOf`` stays and still enforces
    "``conclusion`` is required when ``status`` is ``completed``".
R5  ``GET /repos/{owner}/{repo}/contents/{path}``, directory listings: GitHub returns a JSON array
    but the response is a ``oneOf`` + ``discriminator`` on ``type``, which cannot select an array.
    Array bodies are validated against ``#/components/schemas/content-directory`` directly.
R6  Path parameters marked ``x-multi-segment`` (contents ``path``, tree ``tree_sha``, tarball
    ``ref``) may contain ``/``; openapi-core's path templates match one segment only, so the slashes
    are percent-encoded before matching.  (An adaptation of the matching, not of any schema.)
R7  Status codes the description does not list for an operation (401/403/404/422/429/5xx that
    GitHub returns on every endpoint) are validated against ``basic-error`` (or
    ``validation-error``/``validation-error-simple`` for 422) instead of being reported as
    "response not found".  Undocumented 2xx/3xx responses are still violations.

The version ``2026-03-10`` description (``X-GitHub-Api-Version: 2026-03-10``) is derived by applying
the ``x-github-breaking-changes`` merge patches tagged with that version to the schemas.
"""

from __future__ import annotations

import copy
import json
import re
import threading
from dataclasses import dataclass
from typing import Any, Iterable
from urllib.parse import quote

from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_schema_validator import OAS30Validator
from werkzeug.datastructures import Headers, ImmutableMultiDict

from . import paths

RELAXATIONS = {
    "R1": "#/components/schemas/check-run/properties/conclusion: null added to enum (nullable+enum clash)",
    "R2": "#/components/schemas/pull-request-review-comment/properties/start_side: null added to enum",
    "R3": "#/components/schemas/pull-request-review-comment/properties/{line,position,original_position}: nullable",
    "R4": "POST /repos/{owner}/{repo}/check-runs requestBody: discriminator on inline oneOf removed",
    "R5": "GET contents 200 with a JSON array: validated against content-directory",
    "R6": "x-multi-segment path parameters: slashes percent-encoded before path matching",
    "R7": "undocumented error statuses validated against basic-error / validation-error",
}

API_VERSIONS = ("2022-11-28", "2026-03-10")
DEFAULT_API_VERSION = "2022-11-28"
HOST = "https://api.github.com"


@dataclass
class Issue:
    """One validation problem; ``schema_error`` is the jsonschema error when there is one."""

    where: str
    message: str
    validator: str | None = None
    instance: Any = None
    validator_value: Any = None
    path: tuple = ()

    def __str__(self) -> str:
        loc = "/".join(str(p) for p in self.path)
        msg = self.message
        if len(msg) > 240 and self.validator:
            msg = f"{msg[:120]}... ({self.validator}: {json.dumps(self.validator_value, default=str)[:100]})"
        return f"{self.where}{(' ' + loc) if loc else ''}: {msg}"


def _merge_patch(target: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if not isinstance(target, dict):
        target = {}
    for k, v in patch.items():
        if v is None:
            target.pop(k, None)
        else:
            target[k] = _merge_patch(target.get(k), v)
    return target


def _apply_version(spec: dict, version: str) -> None:
    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for change in node.get("x-github-breaking-changes", []) or []:
                if change.get("version") == version and isinstance(change.get("patch"), dict):
                    _merge_patch(node, change["patch"])
            for v in list(node.values()):
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec["components"]["schemas"])
    walk(spec["paths"])


def _relax(spec: dict) -> None:
    schemas = spec["components"]["schemas"]
    # R1
    concl = schemas["check-run"]["properties"]["conclusion"]
    assert concl.get("nullable") and None not in concl["enum"], "R1 no longer needed?"
    concl["enum"] = list(concl["enum"]) + [None]
    # R2
    ss = schemas["pull-request-review-comment"]["properties"]["start_side"]
    assert ss.get("nullable") and None not in ss["enum"], "R2 no longer needed?"
    ss["enum"] = list(ss["enum"]) + [None]
    # R3
    for name in ("line", "position", "original_position"):
        schemas["pull-request-review-comment"]["properties"][name]["nullable"] = True
    # R4
    body = spec["paths"]["/repos/{owner}/{repo}/check-runs"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body.get("discriminator") == {"propertyName": "status"}, "R4 no longer needed?"
    del body["discriminator"]


def _res(spec: dict, node: dict) -> dict:
    while isinstance(node, dict) and "$ref" in node:
        cur: Any = spec
        for part in node["$ref"].split("/")[1:]:
            cur = cur[part]
        node = cur
    return node


class _Req:
    def __init__(self, method, path, query, headers, body, content_type):
        self.host_url = HOST
        self.path = path
        self.method = method.lower()
        self.parameters = RequestParameters(query=ImmutableMultiDict(query or {}), header=Headers(headers or {}), cookie=ImmutableMultiDict())
        self.body = body
        self.content_type = content_type or "application/json"


class _Resp:
    def __init__(self, status, data, headers, content_type):
        self.status_code = status
        self.data = data
        self.headers = Headers(headers or {})
        self.content_type = content_type or "application/json"


@dataclass
class Operation:
    method: str
    template: str
    operation_id: str
    multi_segment: set[str]
    statuses: set[str]
    raw: dict


class OpenAPIValidator:
    def __init__(self, version: str = DEFAULT_API_VERSION, spec: dict | None = None):
        if spec is None:
            spec = json.loads(paths.openapi_path().read_text())
        spec = copy.deepcopy(spec)
        if version != DEFAULT_API_VERSION:
            _apply_version(spec, version)
        _relax(spec)
        self.version = version
        self.spec = spec
        self.api = OpenAPI.from_dict(spec)
        self.operations: dict[tuple[str, str], Operation] = {}
        for template, item in spec["paths"].items():
            for method, op in item.items():
                if method not in ("get", "post", "put", "patch", "delete"):
                    continue
                multi = set()
                for p in list(item.get("parameters", [])) + list(op.get("parameters", [])):
                    p = _res(spec, p)
                    if p.get("in") == "path" and p.get("x-multi-segment"):
                        multi.add(p["name"])
                self.operations[(method.upper(), template)] = Operation(
                    method.upper(), template, op.get("operationId", ""), multi, set(op["responses"]), op
                )
        comps = {"components": spec["components"]}
        self._schema_validators: dict[str, OAS30Validator] = {}
        self._components = comps

    # ------------------------------------------------------------------ helpers
    def operation(self, method: str, template: str) -> Operation | None:
        return self.operations.get((method.upper(), template))

    def concrete_path(self, op: Operation, params: dict[str, Any]) -> str:
        def sub(m: re.Match) -> str:
            name = m.group(1)
            return quote(str(params.get(name, "")), safe="")  # R6: slashes encoded

        return re.sub(r"\{([^}]+)\}", sub, op.template)

    def schema_validator(self, ref: str) -> OAS30Validator:
        v = self._schema_validators.get(ref)
        if v is None:
            schema = dict(self._components)
            schema["$ref"] = ref
            v = OAS30Validator(schema)
            self._schema_validators[ref] = v
        return v

    def validate_instance(self, ref: str, instance: Any, where: str = "response") -> list[Issue]:
        out = []
        for e in self.schema_validator(ref).iter_errors(instance):
            out.append(Issue(where, e.message[:500], e.validator, e.instance, e.validator_value, tuple(e.absolute_path)))
        return out

    @staticmethod
    def _flatten(e: BaseException, where: str) -> list[Issue]:
        out: list[Issue] = []
        ctx = getattr(e, "context", None)
        if isinstance(ctx, list) and ctx:
            for sub in ctx:
                out.extend(OpenAPIValidator._flatten(sub, where))
            return out
        cause = e.__cause__
        schema_errors = getattr(cause, "schema_errors", None) if cause is not None else None
        label = where
        name = getattr(e, "name", None)
        if name:
            label = f"{where} {getattr(e, 'location', '')} '{name}'".replace("  ", " ")
        if schema_errors:
            for se in _pick(schema_errors):
                out.append(
                    Issue(
                        label,
                        str(getattr(se, "message", se))[:500],
                        getattr(se, "validator", None),
                        getattr(se, "instance", None),
                        getattr(se, "validator_value", None),
                        tuple(getattr(se, "absolute_path", ()) or ()),
                    )
                )
        else:
            msg = str(e) or type(e).__name__
            if cause is not None and str(cause):
                msg = f"{type(e).__name__}: {cause}"
            out.append(Issue(label, msg[:500]))
        return out

    # ------------------------------------------------------------------ requests
    def validate_request(self, op: Operation, path_params: dict, query, headers, body: bytes | None, content_type: str | None) -> list[Issue]:
        req = _Req(op.method, self.concrete_path(op, path_params), query, headers, body or None, content_type)
        issues: list[Issue] = []
        for e in self.api.iter_request_errors(req):
            kind = type(e).__name__
            where = "request body" if "Body" in kind else "request"
            issues.extend(self._flatten(e, where))
        return issues

    # ------------------------------------------------------------------ responses
    def validate_response(self, op: Operation, path_params: dict, query, status: int, headers, body: bytes, content_type: str | None) -> list[Issue]:
        st = str(status)
        mime = (content_type or "").split(";")[0].strip().lower()
        if st not in op.statuses and "default" not in op.statuses:
            return self._undocumented(op, status, body, mime)
        if op.template == "/repos/{owner}/{repo}/contents/{path}" and status == 200 and mime == "application/json":
            data = _json_or_none(body)
            if isinstance(data, list):  # R5
                return self.validate_instance("#/components/schemas/content-directory", data)
        req = _Req(op.method, self.concrete_path(op, path_params), query, {}, None, None)
        resp = _Resp(status, body, headers, content_type)
        issues: list[Issue] = []
        for e in self.api.iter_response_errors(req, resp):
            issues.extend(self._flatten(e, "response"))
        return issues

    def _undocumented(self, op: Operation, status: int, body: bytes, mime: str) -> list[Issue]:
        if status < 400:
            return [Issue("response", f"status {status} is not documented for {op.method} {op.template}")]
        if not body:
            return []
        data = _json_or_none(body)
        if data is None:
            return [Issue("response", f"error body of status {status} is not JSON")]
        ref = "#/components/schemas/basic-error"
        if status == 422:
            errs = data.get("errors") if isinstance(data, dict) else None
            if isinstance(errs, list) and errs and all(isinstance(x, str) for x in errs):
                ref = "#/components/schemas/validation-error-simple"
            elif errs is not None:
                ref = "#/components/schemas/validation-error"
        return self.validate_instance(ref, data)


def _pick(errors) -> list:
    """For ``oneOf``/``anyOf`` failures report the most useful inner error (GitHub names the missing
    field: ``"conclusion" wasn't supplied.``)."""
    from jsonschema.exceptions import best_match

    out = []
    for se in errors:
        ctx = list(getattr(se, "context", None) or [])
        if getattr(se, "validator", None) in ("oneOf", "anyOf") and ctx:
            req = [c for c in ctx if c.validator == "required"]
            out.extend(req if req else [best_match(ctx)])
        else:
            out.append(se)
    return out


def _json_or_none(body: bytes | None):
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


_validators: dict[str, OpenAPIValidator] = {}
_vlock = threading.Lock()


def get_validator(version: str = DEFAULT_API_VERSION) -> OpenAPIValidator:
    with _vlock:
        v = _validators.get(version)
        if v is None:
            v = OpenAPIValidator(version)
            _validators[version] = v
        return v


# --------------------------------------------------------------------------- GitHub-style 422 text
def github_invalid_request_message(issues: Iterable[Issue]) -> str:
    """Render request-body schema problems the way GitHub's JSON-schema layer does:
    ``Invalid request.\\n\\n"body" wasn't supplied.`` / ``No more than 50 items are allowed; 51 were supplied.``"""
    lines: list[str] = []
    for i in issues:
        loc = "/".join(str(p) for p in i.path)
        pointer = "/".join(f"properties/{p}" if isinstance(p, str) else "items" for p in i.path)
        if i.validator == "required":
            m = re.match(r"'(.+)' is a required property", i.message)
            lines.append(f'"{m.group(1) if m else i.message}" wasn\'t supplied.')
        elif i.validator == "maxItems":
            n = len(i.instance) if isinstance(i.instance, list) else "?"
            lines.append(f"No more than {i.validator_value} items are allowed; {n} were supplied.")
        elif i.validator == "enum":
            lines.append(f"For '{pointer}', {json.dumps(i.instance)} is not a member of {json.dumps(i.validator_value)}.")
        elif i.validator == "type":
            lines.append(f"For '{pointer}', {json.dumps(i.instance)[:200]} is not {_article(i.validator_value)}.")
        elif i.validator == "maxLength":
            lines.append(f"For '{pointer}', the value is too long (maximum is {i.validator_value} characters).")
        else:
            lines.append(f"For '{pointer or loc or 'body'}', {i.message}")
    return "Invalid request.\n\n" + "\n".join(dict.fromkeys(lines))


def _article(t: Any) -> str:
    t = str(t)
    return ("an " if t[:1] in "aeiou" else "a ") + t
