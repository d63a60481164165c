"""The sandbox HTTP server: GitHub's REST API (the 22 operations of the OpenAPI subset plus a few
neighbours PyGithub needs), ``POST /graphql``, fault injection, recording, and an admin API.

    state = SandboxState("ghsandbox/scenarios/sample")
    with SandboxServer(state) as server:          # 127.0.0.1, ephemeral port, background thread
        gh = github.Github(auth=..., base_url=server.url)

The API is served at the root (github.com style) and under ``/api/v3`` (GitHub Enterprise style;
GraphQL then lives at ``/api/graphql``, where PyGithub looks for it).

Every API exchange is:
* delayed by ``state.latency`` seconds;
* answered by a matching fault injection (``state.inject``) if there is one;
* authenticated like GitHub (JWT endpoints vs installation-token endpoints; token permissions);
* charged against the rate limit (``x-ratelimit-*`` headers on every response);
* validated against the OpenAPI description, request and response (problems go to
  ``state.violations``; an invalid request body is answered with GitHub's 422);
* recorded in ``state.requests`` (headers without ``Authorization``).

Admin API (no auth, not recorded): see ``_admin_*`` below and the README section of the report.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import io
import json
import math
import re
import secrets
import tarfile
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import quote, urlencode

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import HTTPException
from werkzeug.serving import WSGIRequestHandler, make_server

from . import gql, render
from .state import ROLE_TO_PERMISSION, SandboxError, SandboxState
from .validation import API_VERSIONS, DEFAULT_API_VERSION, get_validator, github_invalid_request_message

DOCS = "https://docs.github.com/rest"
RAW_TYPES = ("application/vnd.github.raw", "application/vnd.github.v3.raw", "application/vnd.github.raw+json")
DIFF_TYPES = ("application/vnd.github.diff", "application/vnd.github.v3.diff")
PATCH_TYPES = ("application/vnd.github.patch", "application/vnd.github.v3.patch")
SECONDARY_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
    "If you reach out to GitHub Support for help, please include the request ID {rid}."
)


def _graphql_rate_limited(st: SandboxState) -> dict:
    """GitHub's answer to a GraphQL query over the primary limit: HTTP 200, no data, an error of
    type RATE_LIMIT (as observed; the schema's enum spells it RATE_LIMITED)."""
    return {
        "errors": [
            {
                "type": "RATE_LIMIT",
                "code": "graphql_rate_limit",
                "message": f"API rate limit already exceeded for installation ID {st.installation_id}.",
            }
        ]
    }


# ============================================================================ WSGI prefix handling
class _PrefixMiddleware:
    """Serve the API both at ``/`` and under ``/api/v3`` (GHES); GraphQL also at ``/api/graphql``."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/api/v3" or path.startswith("/api/v3/"):
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + "/api/v3"
            environ["PATH_INFO"] = path[len("/api/v3") :] or "/"
        elif path == "/api/graphql":
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + "/api"
            environ["PATH_INFO"] = "/graphql"
        return self.app(environ, start_response)


# ============================================================================ route metadata
@dataclass
class Meta:
    op: str | None  # OpenAPI path template of the subset, or None (outside the subset)
    method: str
    auth: str  # "jwt" | "token" | "any" | "none"
    perms: list[tuple[str, str]] = field(default_factory=list)  # any-of (permission, level)
    resource: str = "core"
    extra_schema: str | None = None  # for routes outside the subset: component schema of the body
    extra_array: bool | str = False
    name: str = ""


@dataclass
class Reply:
    status: int
    body: Any = None  # JSON-able, or bytes/str with content_type
    headers: dict = field(default_factory=dict)
    content_type: str = "application/json; charset=utf-8"


_ROUTES: list[tuple[str, str, Callable, Meta]] = []


def api(
    rule: str,
    method: str,
    *,
    op: str | None = None,
    auth: str = "token",
    perms=None,
    resource: str = "core",
    extra_schema: str | None = None,
    extra_array: bool | str = False,
):
    def deco(fn):
        meta = Meta(op, method, auth, list(perms or []), resource, extra_schema, extra_array, fn.__name__)
        _ROUTES.append((rule, method, fn, meta))
        return fn

    return deco


# ============================================================================ request context
class Ctx:
    def __init__(self, st: SandboxState, meta: Meta):
        self.st = st
        self.meta = meta
        root = request.host_url.rstrip("/")
        prefix = request.script_root if request.script_root in ("/api/v3",) else ""
        self.urls = render.Urls(api=root + prefix, web=root)
        self.version = g.api_version
        self.token: dict | None = None
        self.jwt: dict | None = None
        self._json = None

    @property
    def json(self) -> Any:
        if self._json is None:
            raw = request.get_data()
            self._json = json.loads(raw) if raw.strip() else {}
        return self._json

    def accept(self, *types: str) -> bool:
        acc = request.headers.get("Accept", "").lower()
        return any(t in acc for t in types)


def _err(status: int, message: str, doc: str | None = None, errors: list | None = None, headers=None) -> Reply:
    return Reply(status, render.error_body(message, status, doc, errors), dict(headers or {}))


def _request_id() -> str:
    return ":".join(secrets.token_hex(n).upper() for n in (2, 2, 3, 3, 4))


def _paginate(ctx: Ctx, items: list, max_items: int | None = None) -> tuple[list, dict]:
    def num(name, default):
        try:
            v = int(request.args.get(name, default))
        except (TypeError, ValueError):
            v = default
        return v

    per_page = num("per_page", 30)
    per_page = 30 if per_page < 1 else min(per_page, 100)
    page = max(1, num("page", 1))
    if max_items is not None:
        items = items[:max_items]
    last = max(1, math.ceil(len(items) / per_page))
    chunk = items[(page - 1) * per_page : page * per_page]
    if last == 1 and page == 1:
        return chunk, {}
    base = ctx.urls.api + request.path

    def url(p: int) -> str:
        pairs = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]
        pairs.append(("page", str(p)))
        return f"<{base}?{urlencode(pairs)}>"

    links = []
    if page > 1:
        links.append(f'{url(min(page - 1, last))}; rel="prev"')
    if page < last:
        links.append(f'{url(page + 1)}; rel="next"')
        links.append(f'{url(last)}; rel="last"')
    if page > 1:
        links.append(f'{url(1)}; rel="first"')
    return chunk, {"Link": ", ".join(links)}


# ============================================================================ one API exchange
def _is_admin() -> bool:
    return request.path.startswith(("/_sandbox", "/_codeload", "/_raw"))


def _other_repo(st: SandboxState, kwargs: dict) -> bool:
    """A path naming a repository other than the scenario's (GitHub answers 404)."""
    if "owner" not in kwargs or "repo" not in kwargs:
        return False
    return kwargs["owner"].lower() != st.owner.lower() or kwargs["repo"].lower() != st.repo.lower()


def _token_allows(tok: dict, perms: list[tuple[str, str]]) -> bool:
    """Whether the token's permissions meet any of ``perms`` (write implies read, admin both)."""
    have = tok["permissions"]
    return any(
        have.get(p) == lvl or (lvl == "read" and have.get(p) in ("write", "admin")) or (lvl == "write" and have.get(p) == "admin") for p, lvl in perms
    )


def _authenticate_jwt(ctx: Ctx, scheme: str, cred: str) -> None:
    if scheme != "bearer" or cred.count(".") != 2:
        raise SandboxError(401, "A JSON web token could not be decoded", doc=DOCS)
    claims, problem = ctx.st.verify_jwt(cred)
    if problem:
        raise SandboxError(401, problem, doc=DOCS)
    ctx.jwt = claims
    g.auth_kind = "jwt"


def _authenticate(ctx: Ctx, meta: Meta) -> None:
    """Check the Authorization header the way GitHub does for the route's kind of credential;
    ``g.auth_kind`` says which credential was accepted."""
    st = ctx.st
    header = request.headers.get("Authorization", "")
    scheme, _, cred = header.partition(" ")
    scheme = scheme.lower()
    cred = cred.strip()
    g.auth_kind = None
    if meta.auth == "none":
        return
    if not header:
        if meta.auth == "any":
            return
        raise SandboxError(401, "Requires authentication", doc=DOCS)
    if meta.auth == "jwt":
        _authenticate_jwt(ctx, scheme, cred)
        return
    if scheme not in ("token", "bearer"):
        raise SandboxError(401, "Bad credentials", doc=DOCS)
    tok = st.check_token(cred)
    if tok is None:
        if meta.auth == "any" and cred.count(".") == 2 and st.verify_jwt(cred)[0] is not None:
            g.auth_kind = "jwt"
            return
        raise SandboxError(401, "Bad credentials", doc=DOCS)
    ctx.token = tok
    g.auth_kind = "token"
    if tok["repositories"] is not None and "owner" in (request.view_args or {}) and st.repo not in tok["repositories"]:
        raise SandboxError(404, "Not Found", doc=DOCS)
    if meta.perms and not _token_allows(tok, meta.perms):
        raise SandboxError(403, "Resource not accessible by integration", doc=DOCS)


def _charge(ctx: Ctx, meta: Meta) -> Reply | None:
    """Count the request against its rate-limit bucket (``g.rate``); the answer when over it."""
    st = ctx.st
    if meta.op == "/rate_limit":
        g.rate = st.rate_info("core")
        return None
    info = st.count_request(meta.resource)
    g.rate = info
    if info["exceeded"] and meta.resource == "graphql":
        return Reply(200, _graphql_rate_limited(st))
    if info["exceeded"]:
        who = (
            f"installation ID {st.installation_id}"
            if g.get("auth_kind") == "token"
            else f"app ID {st.app_id}"
            if g.get("auth_kind") == "jwt"
            else request.remote_addr
        )
        raise SandboxError(403, f"API rate limit exceeded for {who}.", doc="https://docs.github.com/rest/overview/rate-limits-for-the-rest-api")
    return None


def _record_request_issues(st: SandboxState, version: str, meta: Meta, params: dict) -> tuple[Any, list]:
    """Validate the request against the route's operation (``meta.op`` must be set); every
    problem is recorded as a violation. Returns the operation and the problems."""
    v = get_validator(version)
    op = v.operation(meta.method, meta.op)
    issues = v.validate_request(op, params, request.args, dict(request.headers), request.get_data(), request.content_type)
    for i in issues:
        st.record_violation(request.method, request.path, "request", str(i), op.operation_id)
    return op, issues


def _validate_request(ctx: Ctx, meta: Meta, kwargs: dict) -> Reply | None:
    """GitHub's 422 when the request body breaks the operation's schema, else None."""
    if meta.op is None:
        return None
    op, issues = _record_request_issues(ctx.st, ctx.version, meta, dict(kwargs))
    body_issues = [i for i in issues if i.where.startswith("request body")]
    if body_issues:
        return _err(422, github_invalid_request_message(body_issues), op.raw.get("externalDocs", {}).get("url"))
    return None


def _respond(reply: Reply) -> Response:
    if isinstance(reply.body, (bytes, str)):
        data = reply.body.encode() if isinstance(reply.body, str) else reply.body
        ctype = reply.content_type
    elif reply.body is None:
        data = b""
        ctype = reply.content_type
    else:
        data = json.dumps(reply.body, indent=2, ensure_ascii=False).encode()
        ctype = "application/json; charset=utf-8"
    resp = Response(data, status=reply.status, headers=reply.headers)
    if data or reply.status not in (204, 302, 304):
        resp.headers["Content-Type"] = ctype
    else:
        resp.headers.pop("Content-Type", None)
    return resp


_INJECTED_ERROR_MESSAGES = {
    400: "Bad Request",
    401: "Bad credentials",
    404: "Not Found",
    409: "Conflict",
    422: "Validation Failed",
    500: "Server Error",
    502: "Server Error",
    503: "Service Unavailable",
    504: (
        "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists."
    ),
}


def _injected_error_body(st: SandboxState, status: int, lower: dict) -> dict:
    """GitHub's body for an injected error given without one; ``lower``: its headers, lowercased."""
    if status not in (403, 429):
        return render.error_body(_INJECTED_ERROR_MESSAGES.get(status, "Error"), status, DOCS)
    # Secondary unless the primary bucket is said to be empty; a bare 429 reads as primary.
    remaining = lower.get("x-ratelimit-remaining", "0" if status == 429 else "")
    if "retry-after" in lower or remaining != "0":
        msg = SECONDARY_MESSAGE.format(rid=g.request_id)
        doc = "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
    else:
        msg = f"API rate limit exceeded for installation ID {st.installation_id}."
        doc = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
    return {"message": msg, "documentation_url": doc, "status": str(status)}


def _injected_reply(st: SandboxState, inj) -> Reply:
    headers = dict(inj.headers)
    body = inj.body
    lower = {k.lower(): v for k, v in headers.items()}
    if body is None and inj.status == 200 and request.path.endswith("/graphql"):
        body = _graphql_rate_limited(st)
        headers.setdefault("x-ratelimit-remaining", "0")
        headers.setdefault("x-ratelimit-resource", "graphql")
        lower = {k.lower(): v for k, v in headers.items()}
    if body is None:
        body = _injected_error_body(st, inj.status, lower)
    if "x-ratelimit-remaining" in lower and lower["x-ratelimit-remaining"] == "0":
        headers.setdefault("x-ratelimit-used", lower.get("x-ratelimit-limit", "5000"))
    return Reply(inj.status, body, headers)


def _conditional(st: SandboxState, meta: Meta, resp: Response, body: bytes) -> None:
    """GitHub tags every GET answer with an ETag. Asked again with it in If-None-Match while
    the answer is unchanged, it sends 304 Not Modified, no body, and does not count the request
    against the rate limit. (GitHub documents this for the whole REST API, not per operation,
    so the 304 is not checked against the operation's responses.)"""
    etag = f'W/"{hashlib.sha256(body).hexdigest()}"'
    resp.headers["ETag"] = etag
    asked = {t.strip().removeprefix("W/") for t in request.headers.get("If-None-Match", "").split(",")}
    if etag.removeprefix("W/") not in asked:
        return
    rate = st.refund_request(meta.resource)
    resp.status_code = 304
    resp.set_data(b"")
    resp.headers.pop("Content-Type", None)
    resp.headers["x-ratelimit-remaining"] = str(rate["remaining"])
    resp.headers["x-ratelimit-used"] = str(rate["used"])


def _validate_extra_response(st: SandboxState, v, meta: Meta, resp: Response, body: bytes, mime: str) -> None:
    """A route outside the subset: its body against the component schema it names, an error
    body against basic-error."""
    if meta.extra_schema and 200 <= resp.status_code < 300 and mime == "application/json":
        data = json.loads(body)
        # extra_array: True for a bare array, or the key of the array in a wrapper object
        items = data if meta.extra_array is True else data[meta.extra_array] if meta.extra_array else [data]
        for item in items:
            for i in v.validate_instance(meta.extra_schema, item):
                st.record_violation(request.method, request.path, "response", str(i), meta.name)
    elif resp.status_code >= 400 and mime == "application/json":
        for i in v.validate_instance("#/components/schemas/basic-error", json.loads(body)):
            st.record_violation(request.method, request.path, "response", str(i), meta.name)


def _validate_response(st: SandboxState, meta: Meta, resp: Response, body: bytes) -> str | None:
    """Record what of the response breaks the description; returns the operation's name."""
    v = get_validator(g.get("api_version") or DEFAULT_API_VERSION)
    ctype = resp.headers.get("Content-Type", "")
    mime = ctype.split(";")[0].strip()
    if meta.op is None:
        _validate_extra_response(st, v, meta, resp, body, mime)
        return meta.name
    op = v.operation(meta.method, meta.op)
    if mime not in ("application/json", "") and resp.status_code < 300:
        return op.operation_id  # raw/diff media types: the subset does not describe them all
    for i in v.validate_response(op, dict(request.view_args or {}), request.args, resp.status_code, dict(resp.headers), body, ctype):
        st.record_violation(request.method, request.path, "response", str(i), op.operation_id)
    return op.operation_id


_EXPOSED_HEADERS = (
    "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, "
    "X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, "
    "X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, "
    "X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset"
)


def _add_github_headers(resp: Response, rate: dict) -> None:
    """The headers GitHub sends with every answer, where the answer does not set them itself."""
    defaults = {
        "x-ratelimit-limit": str(rate["limit"]),
        "x-ratelimit-remaining": str(rate["remaining"]),
        "x-ratelimit-reset": str(rate["reset"]),
        "x-ratelimit-used": str(rate["used"]),
        "x-ratelimit-resource": rate["resource"],
    }
    for k, v in defaults.items():
        if k not in resp.headers:
            resp.headers[k] = v
    resp.headers.setdefault("X-GitHub-Request-Id", g.get("request_id") or _request_id())
    resp.headers.setdefault("X-GitHub-Media-Type", "github.v3; format=json")
    resp.headers.setdefault("X-GitHub-Api-Version-Selected", g.get("api_version") or DEFAULT_API_VERSION)
    resp.headers.setdefault("Access-Control-Expose-Headers", _EXPOSED_HEADERS)


def _record_exchange(st: SandboxState, meta: Meta | None, resp: Response, op_id: str | None) -> None:
    """Append the exchange to ``state.requests`` (headers without credentials)."""
    try:
        parsed = json.loads(request.get_data()) if request.get_data().strip() else None
        text = None
    except ValueError:
        parsed, text = None, request.get_data(as_text=True)[:10000]
    st.record_request(
        {
            "method": request.method,
            "path": request.path,
            "prefix": request.script_root,
            "query": {k: (vs[0] if len(vs) == 1 else vs) for k, vs in request.args.lists()},
            "headers": {k: v for k, v in request.headers.items() if k.lower() not in ("authorization", "cookie")},
            "json": parsed,
            "body_text": text,
            "status": resp.status_code,
            "injected": bool(g.get("injected")),
            "operation": op_id or (meta.name if meta else None),
            "auth": g.get("auth_kind"),
            "duration_ms": round((time.time() - g.get("t0", time.time())) * 1000, 1),
            "time": time.time(),
        }
    )


class _ApiExchanges:
    """The API routes of one app and the hooks every API exchange passes through. The state is
    read from ``app.config["state"]`` at each request; ``metas`` maps endpoints to their routes."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.metas: dict[str, Meta] = {}

    @property
    def state(self) -> SandboxState:
        return self.app.config["state"]

    def register(self, routes: list[tuple[str, str, Callable, Meta]]) -> None:
        for rule, method, fn, meta in routes:
            endpoint = f"{meta.name}:{method}:{rule}"
            self.metas[endpoint] = meta
            self.app.add_url_rule(rule, endpoint=endpoint, view_func=self.view_for(fn, meta), methods=[method])
        self.app.before_request(self.before_request)
        self.app.after_request(self.after_request)
        self.app.register_error_handler(HTTPException, self.http_error)

    def view_for(self, fn: Callable, meta: Meta) -> Callable:
        def view(**kwargs):
            return self.serve(fn, meta, kwargs)

        view.__name__ = f"api_{meta.name}_{meta.method}"
        return view

    def serve(self, fn: Callable, meta: Meta, kwargs: dict) -> Response:
        """Authenticate, charge, validate, then run the route."""
        st = self.state
        ctx = Ctx(st, meta)
        try:
            if _other_repo(st, kwargs):
                return _respond(_err(404, "Not Found", DOCS))
            _authenticate(ctx, meta)
            if (limited := _charge(ctx, meta)) is not None:
                return _respond(limited)
            problem = _validate_request(ctx, meta, kwargs)
            if problem is not None:
                return _respond(problem)
            if request.method in ("POST", "PATCH", "PUT") and request.get_data().strip():
                try:
                    ctx.json
                except ValueError:
                    return _respond(_err(400, "Problems parsing JSON", DOCS))
            reply = fn(ctx, **kwargs)
        except SandboxError as e:
            reply = _err(e.status, e.message, e.doc or DOCS, e.errors, e.headers)
        return _respond(reply)

    def before_request(self) -> Response | None:
        """Delay, check the API version, and answer from a matching fault injection (one with
        ``process`` is kept for after the route ran)."""
        if _is_admin():
            return None
        st = self.state
        g.t0 = time.time()
        g.request_id = _request_id()
        g.injected = False
        g.meta = self.metas.get(request.endpoint or "")
        g.api_version = request.headers.get("X-GitHub-Api-Version") or DEFAULT_API_VERSION
        if delay := st.delay_for(request.path):
            time.sleep(delay)
        if g.api_version not in API_VERSIONS:
            bad = g.api_version
            g.api_version = DEFAULT_API_VERSION
            return _respond(
                _err(
                    400,
                    f"Invalid API version: {bad}. Supported versions: {', '.join(API_VERSIONS)}",
                    "https://docs.github.com/rest/about-the-rest-api/api-versions",
                )
            )
        inj = st.take_injection(request.method, request.path, request.get_data())
        if inj is not None and inj.process:
            g.pending_injection = inj
        elif inj is not None:
            g.injected = True
            if g.meta is not None and g.meta.op is not None:
                _record_request_issues(st, g.api_version, g.meta, dict(request.view_args or {}))
            return _respond(_injected_reply(st, inj))
        return None

    def after_request(self, resp: Response) -> Response:
        """Apply a pending injection, add GitHub's headers, validate the response, record."""
        if _is_admin():
            return resp
        st = self.state
        meta: Meta | None = g.get("meta")
        pending = g.get("pending_injection")
        if pending is not None:
            # the request was carried out; validate what GitHub would have answered, then replace it
            if meta is not None:
                _validate_response(st, meta, resp, resp.get_data())
            g.injected = True
            resp = _respond(_injected_reply(st, pending))
        _add_github_headers(resp, g.get("rate") or st.rate_info(meta.resource if meta else "core"))
        body = resp.get_data()
        op_id = None
        if meta is None:
            if request.endpoint is None or resp.status_code == 404:
                st.record_violation(
                    request.method,
                    request.path,
                    "unknown-endpoint",
                    f"{request.method} {request.path} is not an operation of the sandbox (nor of the OpenAPI subset)",
                )
        elif not g.get("injected"):
            op_id = _validate_response(st, meta, resp, body)
            if request.method == "GET" and resp.status_code == 200 and resp.mimetype == "application/json":
                _conditional(st, meta, resp, body)
        _record_exchange(st, meta, resp, op_id)
        return resp

    def http_error(self, e: HTTPException) -> Response:
        if _is_admin():
            return Response(json.dumps({"error": e.description}), status=e.code, content_type="application/json")
        status = 404 if e.code in (404, 405) else e.code
        return _respond(_err(status or 500, "Not Found" if status == 404 else (e.name or "Error"), DOCS))


# ============================================================================ the app
def create_app(state: SandboxState) -> Flask:
    app = Flask("ghsandbox")
    app.config["state"] = state
    app.url_map.strict_slashes = False
    app.wsgi_app = _PrefixMiddleware(app.wsgi_app)  # type: ignore[method-assign]
    gql.warm()
    get_validator()
    _ApiExchanges(app).register(_ROUTES)
    _register_admin(app)
    from . import manifest_flow  # GitHub's App manifest flow (setup page tests)

    manifest_flow.register(app)
    return app


# ============================================================================ endpoints: App (JWT)
@api("/app", "GET", op="/app", auth="jwt")
def get_app(ctx: Ctx):
    return Reply(200, render.integration(ctx.st, ctx.urls))


@api("/app/installations/<installation_id>/access_tokens", "POST", op="/app/installations/{installation_id}/access_tokens", auth="jwt")
def create_token(ctx: Ctx, installation_id: str):
    st = ctx.st
    if installation_id != str(st.installation_id):
        return _err(404, "Not Found", "https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app")
    body = ctx.json or {}
    rec = st.issue_token(body.get("repositories"), body.get("permissions") or None, body.get("repository_ids"))
    out = {"token": rec["token"], "expires_at": render.iso(rec["expires_at"]), "permissions": rec["permissions"], "repository_selection": "selected"}
    if rec["repositories"] is not None:
        out["repositories"] = [render.repository(st, ctx.urls, ctx.version)]
    return Reply(201, out)


@api("/repos/<owner>/<repo>/installation", "GET", op="/repos/{owner}/{repo}/installation", auth="jwt")
def get_repo_installation(ctx: Ctx, owner: str, repo: str):
    return Reply(200, render.installation(ctx.st, ctx.urls))


@api("/rate_limit", "GET", op="/rate_limit", auth="any")
def get_rate_limit(ctx: Ctx):
    info = ctx.st.rate_info("core")
    return Reply(
        200,
        render.rate_limit(ctx.st, ctx.version),
        {"X-RateLimit-Limit": str(info["limit"]), "X-RateLimit-Remaining": str(info["remaining"]), "X-RateLimit-Reset": str(info["reset"])},
    )


# ============================================================================ repository & git data
@api("/repos/<owner>/<repo>", "GET", perms=[("metadata", "read")], extra_schema="#/components/schemas/repository")
def get_repo(ctx: Ctx, owner: str, repo: str):
    return Reply(200, render.repository(ctx.st, ctx.urls, ctx.version))


def _pr_or_404(ctx: Ctx, number: str) -> None:
    if number != str(ctx.st.pr_number):
        raise SandboxError(404, "Not Found", doc="https://docs.github.com/rest/pulls/pulls#get-a-pull-request")


def _unified_diff(st: SandboxState, fds) -> str:
    out = []
    for f in fds:
        a = f.previous_filename or f.filename
        out.append(f"diff --git a/{a} b/{f.filename}")
        if f.status == "added":
            out.append("new file mode 100644")
        elif f.status == "removed":
            out.append("deleted file mode 100644")
        elif f.status == "renamed":
            out += [f"similarity index {100 if f.patch is None else 90}%", f"rename from {a}", f"rename to {f.filename}"]
        if f.old_sha != f.new_sha:
            out.append(f"index {(f.old_sha or '0' * 40)[:7]}..{(f.new_sha or '0' * 40)[:7]}" + (" 100644" if f.status == "modified" else ""))
        if f.patch is not None and f.patch.patch:
            out.append(f"--- {'/dev/null' if f.status == 'added' else 'a/' + a}")
            out.append(f"+++ {'/dev/null' if f.status == 'removed' else 'b/' + f.filename}")
            out.append(f.patch.patch)
    return "\n".join(out) + "\n"


@api("/repos/<owner>/<repo>/pulls/<pull_number>", "GET", op="/repos/{owner}/{repo}/pulls/{pull_number}", perms=[("pull_requests", "read")])
def get_pull(ctx: Ctx, owner, repo, pull_number):
    _pr_or_404(ctx, pull_number)
    st = ctx.st
    if ctx.accept(*DIFF_TYPES, *PATCH_TYPES):
        with st.lock:
            return Reply(200, _unified_diff(st, st.pr_files()), content_type="application/vnd.github.diff; charset=utf-8")
    with st.lock:
        return Reply(200, render.pull_request(st, ctx.urls, ctx.version))


@api(
    "/repos/<owner>/<repo>/pulls/<pull_number>/files", "GET", op="/repos/{owner}/{repo}/pulls/{pull_number}/files", perms=[("pull_requests", "read")]
)
def list_pull_files(ctx: Ctx, owner, repo, pull_number):
    _pr_or_404(ctx, pull_number)
    st = ctx.st
    with st.lock:
        files = [render.diff_entry(st, ctx.urls, f, st.head_sha) for f in st.pr_files()]
    chunk, headers = _paginate(ctx, files, max_items=3000)
    return Reply(200, chunk, headers)


@api(
    "/repos/<owner>/<repo>/pulls/<pull_number>/reviews",
    "GET",
    op="/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    perms=[("pull_requests", "read")],
)
def list_reviews(ctx: Ctx, owner, repo, pull_number):
    _pr_or_404(ctx, pull_number)
    st = ctx.st
    with st.lock:
        items = [render.review(st, ctx.urls, r) for r in st.reviews if r["state"] != "PENDING" or r["user"]["login"] == st.bot_login]
    chunk, headers = _paginate(ctx, items)
    return Reply(200, chunk, headers)


@api(
    "/repos/<owner>/<repo>/pulls/<pull_number>/reviews",
    "POST",
    op="/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    perms=[("pull_requests", "write")],
)
def create_review(ctx: Ctx, owner, repo, pull_number):
    _pr_or_404(ctx, pull_number)
    st = ctx.st
    rv = st.create_review(ctx.json or {})
    with st.lock:
        return Reply(200, render.review(st, ctx.urls, rv))


@api(
    "/repos/<owner>/<repo>/pulls/<pull_number>/comments",
    "GET",
    op="/repos/{owner}/{repo}/pulls/{pull_number}/comments",
    perms=[("pull_requests", "read")],
)
def list_review_comments(ctx: Ctx, owner, repo, pull_number):
    _pr_or_404(ctx, pull_number)
    st = ctx.st
    with st.lock:
        comments = list(st.visible_review_comments())
        since = request.args.get("since")
        if since:
            comments = [c for c in comments if c["updated_at"] >= since.replace(".000", "")]
        key = "updated_at" if request.args.get("sort") == "updated" else "created_at"
        comments.sort(key=lambda c: (c[key], c["id"]), reverse=request.args.get("direction") == "desc")
        items = [render.review_comment(st, ctx.urls, c) for c in comments]
    chunk, headers = _paginate(ctx, items)
    return Reply(200, chunk, headers)


@api(
    "/repos/<owner>/<repo>/pulls/<pull_number>/comments",
    "POST",
    perms=[("pull_requests", "write")],
    extra_schema="#/components/schemas/pull-request-review-comment",
)
def create_review_comment(ctx: Ctx, owner, repo, pull_number):
    _pr_or_404(ctx, pull_number)
    st = ctx.st
    body = ctx.json or {}
    c = st.create_single_comment(body)
    with st.lock:
        out = render.review_comment(st, ctx.urls, c)
    return Reply(201, out, {"Location": out["url"]})


@api(
    "/repos/<owner>/<repo>/pulls/<pull_number>/comments/<comment_id>/replies",
    "POST",
    perms=[("pull_requests", "write")],
    extra_schema="#/components/schemas/pull-request-review-comment",
)
def create_reply(ctx: Ctx, owner, repo, pull_number, comment_id):
    _pr_or_404(ctx, pull_number)
    st = ctx.st
    body = ctx.json or {}
    if not body.get("body"):
        return _err(422, 'Invalid request.\n\n"body" wasn\'t supplied.', DOCS)
    c = st.create_single_comment({"in_reply_to": int(comment_id) if comment_id.isdigit() else -1, "body": body["body"]})
    with st.lock:
        out = render.review_comment(st, ctx.urls, c)
    return Reply(201, out, {"Location": out["url"]})


def _int_id(s: str) -> int:
    if not s.isdigit():
        raise SandboxError(404, "Not Found", doc=DOCS)
    return int(s)


@api(
    "/repos/<owner>/<repo>/pulls/comments/<comment_id>",
    "GET",
    perms=[("pull_requests", "read")],
    extra_schema="#/components/schemas/pull-request-review-comment",
)
def get_review_comment(ctx: Ctx, owner, repo, comment_id):
    st = ctx.st
    c = st.comment(_int_id(comment_id))
    if c is None or c["pending"]:
        return _err(404, "Not Found", DOCS)
    with st.lock:
        return Reply(200, render.review_comment(st, ctx.urls, c))


@api(
    "/repos/<owner>/<repo>/pulls/comments/<comment_id>",
    "PATCH",
    op="/repos/{owner}/{repo}/pulls/comments/{comment_id}",
    perms=[("pull_requests", "write")],
)
def update_review_comment(ctx: Ctx, owner, repo, comment_id):
    st = ctx.st
    c = st.update_comment(_int_id(comment_id), (ctx.json or {}).get("body", ""))
    with st.lock:
        return Reply(200, render.review_comment(st, ctx.urls, c))


@api(
    "/repos/<owner>/<repo>/pulls/comments/<comment_id>",
    "DELETE",
    op="/repos/{owner}/{repo}/pulls/comments/{comment_id}",
    perms=[("pull_requests", "write")],
)
def delete_review_comment(ctx: Ctx, owner, repo, comment_id):
    ctx.st.delete_comment(_int_id(comment_id))
    return Reply(204, None)


def _resolve_ref_or_404(ctx: Ctx, ref: str | None, doc: str):
    c = ctx.st.resolve_ref(ref)
    if c is None:
        raise SandboxError(404, f"No commit found for the ref {ref}", doc=doc)
    return c


def _raw_token(st: SandboxState, key: str) -> str:
    return hmac.new(st._token_secret, key.encode(), hashlib.sha256).hexdigest()[:32]


@api("/repos/<owner>/<repo>/contents", "GET", op="/repos/{owner}/{repo}/contents/{path}", perms=[("contents", "read"), ("single_file", "read")])
@api(
    "/repos/<owner>/<repo>/contents/<path:path>",
    "GET",
    op="/repos/{owner}/{repo}/contents/{path}",
    perms=[("contents", "read"), ("single_file", "read")],
)
def get_contents(ctx: Ctx, owner, repo, path: str = ""):
    st = ctx.st
    doc = "https://docs.github.com/rest/repos/contents#get-repository-content"
    ref = request.args.get("ref")
    commit = _resolve_ref_or_404(ctx, ref, doc)
    ref_name = ref or st.scenario.base_branch
    path = path.strip("/")
    entry = st.store.lookup_path(commit.tree, path)
    if entry is None:
        return _err(404, "Not Found", doc)

    def raw_url(p: str) -> str:
        key = f"{commit.sha}/{p}"
        return f"{ctx.urls.web}/_raw/{st.full_name}/{quote(ref_name, safe='')}/{quote(p)}?token={_raw_token(st, key)}&sha={commit.sha}"

    if entry.type == "blob":
        data = st.store.blobs[entry.sha]
        if ctx.accept(*RAW_TYPES):
            return Reply(200, data, content_type="application/vnd.github.raw")
        return Reply(200, render.content_file(st, ctx.urls, path, data, entry.sha, ref_name, raw_url(path)))
    if ctx.accept(*RAW_TYPES):
        return _err(404, "Not Found", doc)
    items = []
    for e in st.store.trees[entry.sha]:
        p = f"{path}/{e.name}" if path else e.name
        items.append(render.content_dir_entry(st, ctx.urls, p, e, ref_name, raw_url(p) if e.type == "blob" else None))
    return Reply(200, items)


@api("/repos/<owner>/<repo>/git/trees/<path:tree_sha>", "GET", op="/repos/{owner}/{repo}/git/trees/{tree_sha}", perms=[("contents", "read")])
def get_tree(ctx: Ctx, owner, repo, tree_sha):
    st = ctx.st
    urls = ctx.urls
    if tree_sha in st.store.trees:
        sha = tree_sha
    else:
        c = st.resolve_ref(tree_sha)
        if c is None:
            return _err(404, "Not Found", "https://docs.github.com/rest/git/trees#get-a-tree")
        sha = c.tree
    recursive = "recursive" in request.args
    r = urls.repo(st)
    tree = []
    size, truncated = 0, False
    for p, e in st.store.walk_tree(sha, recursive):
        item = {"path": p, "mode": e.mode, "type": e.type, "sha": e.sha}
        if e.type == "blob":
            item["size"] = e.size
            item["url"] = f"{r}/git/blobs/{e.sha}"
        else:
            item["url"] = f"{r}/git/trees/{e.sha}"
        size += len(json.dumps(item))
        # GitHub cuts a recursive listing at its entry and size limits (not a single level).
        if recursive and (len(tree) >= st.tree_entry_limit or size > st.tree_byte_limit):
            truncated = True
            break
        tree.append(item)
    return Reply(200, {"sha": sha, "url": f"{r}/git/trees/{sha}", "tree": tree, "truncated": truncated})


@api("/repos/<owner>/<repo>/git/blobs/<file_sha>", "GET", op="/repos/{owner}/{repo}/git/blobs/{file_sha}", perms=[("contents", "read")])
def get_blob(ctx: Ctx, owner, repo, file_sha):
    st = ctx.st
    doc = "https://docs.github.com/rest/git/blobs#get-a-blob"
    if not re.fullmatch(r"[0-9a-f]{40}", file_sha):
        return _err(422, "The sha parameter must be exactly 40 characters and contain only [0-9a-f].", doc)
    data = st.store.blobs.get(file_sha)
    if data is None:
        return _err(404, "Not Found", doc)
    if ctx.accept(*RAW_TYPES):
        return Reply(200, data, content_type="application/vnd.github.raw")
    return Reply(
        200,
        {
            "sha": file_sha,
            "node_id": render.legacy_node_id("Blob", int(file_sha[:8], 16)),
            "size": len(data),
            "url": f"{ctx.urls.repo(st)}/git/blobs/{file_sha}",
            "content": render.b64_lines(data),
            "encoding": "base64",
        },
    )


@api("/repos/<owner>/<repo>/tarball", "GET", op="/repos/{owner}/{repo}/tarball/{ref}", perms=[("contents", "read")])
@api("/repos/<owner>/<repo>/tarball/<path:ref>", "GET", op="/repos/{owner}/{repo}/tarball/{ref}", perms=[("contents", "read")])
def get_tarball(ctx: Ctx, owner, repo, ref: str = ""):
    st = ctx.st
    c = _resolve_ref_or_404(ctx, ref or None, "https://docs.github.com/rest/repos/contents#download-a-repository-archive-tar")
    ref_part = ref if ref and not re.fullmatch(r"[0-9a-f]{40}", ref) else c.sha
    if ref and ref in st.branches:
        ref_part = f"refs/heads/{ref}"
    token = _raw_token(st, f"tar/{c.sha}")
    loc = f"{ctx.urls.web}/_codeload/{st.full_name}/legacy.tar.gz/{quote(ref_part)}?token={token}&sha={c.sha}"
    return Reply(302, None, {"Location": loc})


@api("/repos/<owner>/<repo>/commits/<path:ref>", "GET", perms=[("contents", "read")], extra_schema="#/components/schemas/commit")
def get_commit(ctx: Ctx, owner, repo, ref):
    st = ctx.st
    c = st.resolve_ref(ref)
    if c is None:
        return _err(422, f"No commit found for SHA: {ref}", "https://docs.github.com/rest/commits/commits#get-a-commit")
    with st.lock:
        return Reply(200, render.commit(st, ctx.urls, c, with_files=True))


@api("/repos/<owner>/<repo>/compare/<path:basehead>", "GET", op="/repos/{owner}/{repo}/compare/{basehead}", perms=[("contents", "read")])
def compare(ctx: Ctx, owner, repo, basehead):
    st = ctx.st
    doc = "https://docs.github.com/rest/commits/commits#compare-two-commits"
    m = re.fullmatch(r"(.+?)\.\.\.?(.+)", basehead)
    if not m:
        return _err(404, "Not Found", doc)

    def ref(x: str):
        if ":" in x:
            o, _, x = x.partition(":")
            if o.lower() != st.owner.lower():
                return None
        return st.resolve_ref(x)

    base, head = ref(m.group(1)), ref(m.group(2))
    if base is None or head is None:
        return _err(404, "Not Found", doc)
    with st.lock:
        hb, hh = st.history(base.sha), st.history(head.sha)
        mb = next(s for s in hh if s in set(hb))
        ahead = [s for s in hh if s not in set(hb)]
        behind = [s for s in hb if s not in set(hh)]
        status = "identical" if not ahead and not behind else "ahead" if not behind else "behind" if not ahead else "diverged"
        if ctx.accept(*DIFF_TYPES, *PATCH_TYPES):
            from .diffing import diff_snapshots
            from .gitdata import blob_sha

            fds = diff_snapshots(st.store.commits[mb].snapshot.files, head.snapshot.files, blob_sha)
            return Reply(200, _unified_diff(st, fds), content_type="application/vnd.github.diff; charset=utf-8")
        commits = [render.commit(st, ctx.urls, st.store.commits[s]) for s in reversed(ahead)]
        chunk, headers = _paginate(ctx, commits)
        h = ctx.urls.html_repo(st)
        out = {
            "url": f"{ctx.urls.repo(st)}/compare/{quote(basehead)}",
            "html_url": f"{h}/compare/{quote(basehead)}",
            "permalink_url": f"{h}/compare/{st.owner}:{base.sha[:7]}...{st.owner}:{head.sha[:7]}",
            "diff_url": f"{h}/compare/{quote(basehead)}.diff",
            "patch_url": f"{h}/compare/{quote(basehead)}.patch",
            "base_commit": render.commit(st, ctx.urls, base),
            "merge_base_commit": render.commit(st, ctx.urls, st.store.commits[mb]),
            "status": status,
            "ahead_by": len(ahead),
            "behind_by": len(behind),
            "total_commits": len(ahead),
            "commits": chunk,
        }
        page = request.args.get("page", "1")
        if page in ("1", ""):
            from .diffing import diff_snapshots
            from .gitdata import blob_sha

            fds = diff_snapshots(st.store.commits[mb].snapshot.files, head.snapshot.files, blob_sha)
            out["files"] = [render.diff_entry(st, ctx.urls, f, head.sha) for f in fds][:300]
    return Reply(200, out, headers)


# ============================================================================ checks, statuses
@api("/repos/<owner>/<repo>/check-runs", "POST", op="/repos/{owner}/{repo}/check-runs", perms=[("checks", "write")])
def create_check_run(ctx: Ctx, owner, repo):
    st = ctx.st
    run = st.create_check_run(ctx.json or {})
    with st.lock:
        return Reply(201, render.check_run(st, ctx.urls, run))


@api("/repos/<owner>/<repo>/check-runs/<check_run_id>", "PATCH", op="/repos/{owner}/{repo}/check-runs/{check_run_id}", perms=[("checks", "write")])
def update_check_run(ctx: Ctx, owner, repo, check_run_id):
    st = ctx.st
    run = st.update_check_run(_int_id(check_run_id), ctx.json or {})
    with st.lock:
        return Reply(200, render.check_run(st, ctx.urls, run))


@api("/repos/<owner>/<repo>/check-runs/<check_run_id>", "GET", perms=[("checks", "read")], extra_schema="#/components/schemas/check-run")
def get_check_run(ctx: Ctx, owner, repo, check_run_id):
    st = ctx.st
    run = st.check_run(_int_id(check_run_id))
    if run is None:
        return _err(404, "Not Found", DOCS)
    with st.lock:
        return Reply(200, render.check_run(st, ctx.urls, run))


@api(
    "/repos/<owner>/<repo>/commits/<ref>/check-runs",
    "GET",
    perms=[("checks", "read")],
    extra_schema="#/components/schemas/check-run",
    extra_array="check_runs",
)
def list_check_runs_for_ref(ctx: Ctx, owner, repo, ref):
    """GitHub's "list check runs for a Git reference" (outside the subset): lets a worker that
    restarts mid-review find the run an interrupted attempt created."""
    st = ctx.st
    name = request.args.get("check_name")
    status = request.args.get("status")
    with st.lock:
        runs = [
            r for r in st.check_runs if r["head_sha"] == ref and (name is None or r["name"] == name) and (status is None or r["status"] == status)
        ]
        items = [render.check_run(st, ctx.urls, r) for r in sorted(runs, key=lambda r: -r["id"])]
    chunk, headers = _paginate(ctx, items)
    return Reply(200, {"total_count": len(items), "check_runs": chunk}, headers)


@api("/repos/<owner>/<repo>/check-runs/<check_run_id>/annotations", "GET", perms=[("checks", "read")])
def list_annotations(ctx: Ctx, owner, repo, check_run_id):
    st = ctx.st
    run = st.check_run(_int_id(check_run_id))
    if run is None:
        return _err(404, "Not Found", DOCS)
    with st.lock:
        items = [render.annotation(st, ctx.urls, run, a) for a in run["annotations"]]
    chunk, headers = _paginate(ctx, items)
    return Reply(200, chunk, headers)


@api("/repos/<owner>/<repo>/statuses/<sha>", "POST", op="/repos/{owner}/{repo}/statuses/{sha}", perms=[("statuses", "write")])
def create_status(ctx: Ctx, owner, repo, sha):
    st = ctx.st
    s = st.create_status(sha, ctx.json or {})
    with st.lock:
        out = render.status(st, ctx.urls, s)
    return Reply(201, out, {"Location": out["url"]})


# ============================================================================ issue comments, reactions
@api(
    "/repos/<owner>/<repo>/issues/<issue_number>/comments",
    "POST",
    op="/repos/{owner}/{repo}/issues/{issue_number}/comments",
    perms=[("issues", "write"), ("pull_requests", "write")],
)
def create_issue_comment(ctx: Ctx, owner, repo, issue_number):
    st = ctx.st
    if issue_number != str(st.pr_number):
        return _err(404, "Not Found", "https://docs.github.com/rest/issues/comments#create-an-issue-comment")
    ic = st.create_issue_comment((ctx.json or {}).get("body", ""))
    with st.lock:
        out = render.issue_comment(st, ctx.urls, ic)
    return Reply(201, out, {"Location": out["url"]})


@api(
    "/repos/<owner>/<repo>/issues/<issue_number>/comments",
    "GET",
    perms=[("issues", "read"), ("pull_requests", "read")],
    extra_schema="#/components/schemas/issue-comment",
    extra_array=True,
)
def list_issue_comments(ctx: Ctx, owner, repo, issue_number):
    st = ctx.st
    if issue_number != str(st.pr_number):
        return _err(404, "Not Found", DOCS)
    with st.lock:
        items = [render.issue_comment(st, ctx.urls, c) for c in st.issue_comments]
    chunk, headers = _paginate(ctx, items)
    return Reply(200, chunk, headers)


@api(
    "/repos/<owner>/<repo>/issues/comments/<comment_id>",
    "GET",
    perms=[("issues", "read"), ("pull_requests", "read")],
    extra_schema="#/components/schemas/issue-comment",
)
def get_issue_comment(ctx: Ctx, owner, repo, comment_id):
    st = ctx.st
    ic = st.issue_comment(_int_id(comment_id))
    if ic is None:
        return _err(404, "Not Found", DOCS)
    with st.lock:
        return Reply(200, render.issue_comment(st, ctx.urls, ic))


@api(
    "/repos/<owner>/<repo>/issues/comments/<comment_id>",
    "PATCH",
    perms=[("issues", "write"), ("pull_requests", "write")],
    extra_schema="#/components/schemas/issue-comment",
)
def update_issue_comment(ctx: Ctx, owner, repo, comment_id):
    st = ctx.st
    body = (ctx.json or {}).get("body")
    if not isinstance(body, str):
        return _err(422, 'Invalid request.\n\n"body" wasn\'t supplied.', DOCS)
    ic = st.update_issue_comment(_int_id(comment_id), body)
    with st.lock:
        return Reply(200, render.issue_comment(st, ctx.urls, ic))


@api(
    "/repos/<owner>/<repo>/issues/comments/<comment_id>/reactions",
    "POST",
    op="/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
    perms=[("issues", "write"), ("pull_requests", "write")],
)
def create_reaction(ctx: Ctx, owner, repo, comment_id):
    st = ctx.st
    rx, created = st.create_reaction(_int_id(comment_id), (ctx.json or {}).get("content"))
    with st.lock:
        return Reply(201 if created else 200, render.reaction(st, ctx.urls, rx))


@api(
    "/repos/<owner>/<repo>/collaborators/<username>/permission",
    "GET",
    op="/repos/{owner}/{repo}/collaborators/{username}/permission",
    perms=[("metadata", "read")],
)
def collaborator_permission(ctx: Ctx, owner, repo, username):
    st = ctx.st
    u = st.users.get(username)
    if u is None or u.type == "Organization":
        return _err(404, "Not Found", "https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user")
    role = u.role
    legacy = ROLE_TO_PERMISSION.get(role, "none")
    rank = ["none", "read", "triage", "write", "maintain", "admin"].index(
        role if role in ("read", "triage", "write", "maintain", "admin") else "none"
    )
    user = render.simple_user(u, ctx.urls)
    user["permissions"] = {"pull": rank >= 1, "triage": rank >= 2, "push": rank >= 3, "maintain": rank >= 4, "admin": rank >= 5}
    user["role_name"] = role
    return Reply(200, {"permission": legacy, "role_name": role, "user": user})


# ============================================================================ GraphQL
@api("/graphql", "POST", auth="token", resource="graphql")
def graphql_endpoint(ctx: Ctx):
    st = ctx.st
    try:
        payload = json.loads(request.get_data() or b"{}")
    except ValueError:
        return _err(400, "Problems parsing JSON", "https://docs.github.com/graphql")
    status, body, problems = gql.execute(st, payload, ctx.urls.web, ctx.token["permissions"] if ctx.token else {})
    for p in problems:
        st.record_violation("POST", request.path, "graphql", p, "graphql")
    return Reply(status, body)


# ============================================================================ codeload / raw (no API)
def _tarball(st: SandboxState, sha: str) -> bytes:
    c = st.store.commits[sha]
    top = f"{st.owner}-{st.repo}-{sha[:7]}"
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=c.timestamp) as gz:
        # git archive writes a pax global header whose comment is the commit id
        with tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT, pax_headers={"comment": sha}) as tar:

            def add_dir(name: str) -> None:
                ti = tarfile.TarInfo(name + "/")
                ti.type, ti.mode, ti.mtime = tarfile.DIRTYPE, 0o775, c.timestamp
                ti.uname = ti.gname = "root"
                tar.addfile(ti)

            add_dir(top)
            for path, e in st.store.walk_tree(c.tree, recursive=True):
                if e.type == "tree":
                    add_dir(f"{top}/{path}")
                    continue
                data = st.store.blobs[e.sha]
                ti = tarfile.TarInfo(f"{top}/{path}")
                ti.size, ti.mtime = len(data), c.timestamp
                ti.mode = 0o775 if e.mode == "100755" else 0o664
                ti.uname = ti.gname = "root"
                tar.addfile(ti, io.BytesIO(data))
    return buf.getvalue()


def _admin_state() -> SandboxState:
    return current_app.config["state"]


def _admin_json(obj, status=200) -> Response:
    return Response(json.dumps(obj, indent=2, default=str), status=status, content_type="application/json")


def _admin_body() -> dict:
    return request.get_json(silent=True) or {}


def _not_found_text() -> Response:
    return Response("404: Not Found", status=404, content_type="text/plain")


def _register_downloads(app: Flask) -> None:
    """codeload tarballs and raw files, reached through the signed links the API hands out."""

    @app.get("/_codeload/<owner>/<repo>/legacy.tar.gz/<path:ref>")
    def codeload(owner, repo, ref):
        s = _admin_state()
        sha = request.args.get("sha", "")
        if sha not in s.store.commits or request.args.get("token") != _raw_token(s, f"tar/{sha}"):
            return _not_found_text()
        data = _tarball(s, sha)
        return Response(
            data,
            content_type="application/x-gzip",
            headers={"Content-Disposition": f"attachment; filename={s.owner}-{s.repo}-{sha[:7]}.tar.gz", "ETag": f'"{sha}"'},
        )

    @app.get("/_raw/<owner>/<repo>/<ref>/<path:path>")
    def raw(owner, repo, ref, path):
        s = _admin_state()
        sha = request.args.get("sha", "")
        if sha not in s.store.commits or request.args.get("token") != _raw_token(s, f"{sha}/{path}"):
            return _not_found_text()
        e = s.store.lookup_path(s.store.commits[sha].tree, path)
        if e is None or e.type != "blob":
            return _not_found_text()
        return Response(s.store.blobs[e.sha], content_type="text/plain; charset=utf-8")


def _register_admin_reads(app: Flask) -> None:
    """What the sandbox saw and holds: state summary, recorded requests, violations, App identity."""

    @app.get("/_sandbox/state")
    def admin_state():
        return _admin_json(_admin_state().summary())

    @app.get("/_sandbox/requests")
    def admin_requests():
        s = _admin_state()
        with s.lock:
            return _admin_json(list(s.requests))

    @app.get("/_sandbox/violations")
    def admin_violations():
        s = _admin_state()
        with s.lock:
            return _admin_json(list(s.violations))

    @app.get("/_sandbox/app")
    def admin_app():
        s = _admin_state()
        return _admin_json(
            {
                "app_id": s.app_id,
                "client_id": s.client_id,
                "installation_id": s.installation_id,
                "slug": s.app_slug,
                "bot_login": s.bot_login,
                "private_key": s.private_key_pem,
                "public_key": s.public_key_pem,
                "webhook_secret": s.webhook_secret,
                "owner": s.owner,
                "repo": s.repo,
                "pr_number": s.pr_number,
                "head_sha": s.head_sha,
                "base_sha": s.base_sha,
            }
        )


def _reset(s: SandboxState, what: str) -> bool:
    """Clear one part of the state (``all`` restarts the scenario); False for an unknown part."""
    with s.lock:
        if what == "all":
            s.reset()
        elif what == "requests":
            s.requests.clear()
        elif what == "violations":
            s.violations.clear()
        elif what == "injections":
            s.clear_injections()
        else:
            return False
    return True


def _register_admin_scenario(app: Flask) -> None:
    """Moves of the scenario: a push, replies from people, a reset."""

    @app.post("/_sandbox/push")
    def admin_push():
        b = _admin_body()
        try:
            sha = _admin_state().push(b["snapshot"], force=bool(b.get("force", False)))
        except (KeyError, FileNotFoundError) as e:
            return _admin_json({"error": str(e)}, 400)
        return _admin_json({"head_sha": sha, "snapshot": b["snapshot"]})

    @app.post("/_sandbox/reset")
    def admin_reset():
        what = _admin_body().get("what", "all")
        if not _reset(_admin_state(), what):
            return _admin_json({"error": f"unknown reset target {what!r}"}, 400)
        return _admin_json({"reset": what})

    @app.post("/_sandbox/human_reply")
    def admin_human_reply():
        b = _admin_body()
        try:
            c = _admin_state().add_human_reply(int(b["comment_id"]), b["body"], b["user"])
        except (KeyError, ValueError) as e:
            return _admin_json({"error": str(e)}, 400)
        return _admin_json(c, 201)

    @app.post("/_sandbox/issue_comment")
    def admin_issue_comment():
        b = _admin_body()
        try:
            c = _admin_state().add_issue_comment(b["body"], b["user"])
        except KeyError as e:
            return _admin_json({"error": str(e)}, 400)
        return _admin_json(c, 201)


def _register_admin_faults(app: Flask) -> None:
    """Conditions the client has to cope with: injected answers, latency, expired tokens, rate limits."""

    @app.post("/_sandbox/inject")
    def admin_inject():
        b = _admin_body()
        try:
            inj = _admin_state().inject(
                b.get("method", "*"),
                b["path"],
                int(b["status"]),
                b.get("headers"),
                b.get("body"),
                b.get("times", 1),
                process=bool(b.get("process", False)),
                body_contains=b.get("body_contains"),
            )
        except (KeyError, ValueError, re.error) as e:
            return _admin_json({"error": str(e)}, 400)
        return _admin_json(inj.describe(), 201)

    @app.post("/_sandbox/latency")
    def admin_latency():
        _admin_state().latency = float(_admin_body().get("seconds", 0))
        return _admin_json({"latency": _admin_state().latency})

    @app.post("/_sandbox/expire_tokens")
    def admin_expire():
        _admin_state().expire_tokens()
        return _admin_json({"expired": True})

    @app.post("/_sandbox/rate_limit")
    def admin_rate_limit():
        b = _admin_body()
        _admin_state().set_rate_limit(int(b.get("remaining", 0)), b.get("resource", "core"), b.get("limit"), b.get("reset_in"))
        return _admin_json(_admin_state().rate_info(b.get("resource", "core")))


def _scenario_webhook(s: SandboxState, event: str, b: dict) -> dict | None:
    """The payload of ``event`` built from the scenario, or None for an event the sandbox does not send."""
    from . import webhooks

    if event == "pull_request":
        return webhooks.pull_request_event(s, b.get("action", "opened"))
    if event == "issue_comment":
        return webhooks.issue_comment_event(s, int(b["comment_id"]))
    if event == "pull_request_review_comment":
        return webhooks.review_comment_event(s, int(b["comment_id"]), b.get("action", "created"))
    return None


def _register_admin_deliveries(app: Flask) -> None:
    @app.post("/_sandbox/deliver")
    def admin_deliver():
        """Build a webhook from the scenario and POST it to ``url`` (signed with the scenario's secret)."""
        from . import webhooks

        b = _admin_body()
        s = _admin_state()
        try:
            event = b.get("event", "pull_request")
            payload = _scenario_webhook(s, event, b)
            if payload is None:
                return _admin_json({"error": f"unsupported event {event!r}"}, 400)
            resp = webhooks.deliver(b["url"], event, payload, b.get("secret", s.webhook_secret), b.get("delivery_id"), app_id=s.app_id)
        except (KeyError, ValueError) as e:
            return _admin_json({"error": str(e)}, 400)
        except Exception as e:  # noqa: BLE001 - report delivery failures to the caller
            return _admin_json({"error": f"delivery failed: {e}"}, 502)
        return _admin_json({"status": resp.status_code, "delivery_id": resp.request.headers.get("X-GitHub-Delivery"), "body": resp.text[:2000]})


def _register_admin(app: Flask) -> None:
    """The admin API (no auth, not recorded: the hooks skip these paths) and the download links."""
    _register_downloads(app)
    _register_admin_reads(app)
    _register_admin_scenario(app)
    _register_admin_faults(app)
    _register_admin_deliveries(app)


# ============================================================================ background server
class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:  # state.requests is the log
        pass


class SandboxServer:
    """Run the sandbox on 127.0.0.1 (ephemeral port by default) in a background thread."""

    def __init__(self, state: SandboxState, host: str = "127.0.0.1", port: int = 0, quiet: bool = True):
        self.state = state
        self.app = create_app(state)
        self._server = make_server(host, port, self.app, threaded=True, request_handler=_QuietHandler if quiet else WSGIRequestHandler)
        self.host = host
        self.port = self._server.server_port
        self.url = f"http://{host}:{self.port}"
        self._thread: threading.Thread | None = None
        state.public_url = self.url

    @property
    def ghes_url(self) -> str:
        """The same server with the GitHub Enterprise prefix (``.../api/v3``)."""
        return self.url + "/api/v3"

    def start(self) -> "SandboxServer":
        if self._thread is None:
            self._thread = threading.Thread(target=self._server.serve_forever, name="ghsandbox", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> "SandboxServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
