"""/setup: create the GitHub App from github-app-manifest.json (beside this module) through GitHub's manifest
flow, and store what GitHub hands back (App id, slug, private key, webhook secret).

Run with `goleash serve --setup` (binds 127.0.0.1:8000 unless GOLEASH_BIND says otherwise):

1. GET  /setup            a form: organization (empty = personal account), where to store.
2. POST /setup/start      an auto-submitting form that POSTs the manifest, with the public URL
                          filled in, to <GitHub web>/[organizations/ORG/]settings/apps/new?state=S.
3. GitHub shows "Create GitHub App", then redirects to /setup/callback?code=C&state=S.
4. GET  /setup/callback   checks S, exchanges C (POST /app-manifests/C/conversions) and writes
                          <GOLEASH_SETUP_ENV_FILE> (default ./.env, mode 0600) plus the private key
                          beside it (<name>.private-key.pem, 0600). An existing file is replaced
                          only after the admin confirms; the code stays valid for an hour.

Settings: GOLEASH_PUBLIC_URL (required), GITHUB_API_URL (the web URL is derived from it:
api.github.com -> github.com, https://HOST/api/v3 -> https://HOST, otherwise the same origin, as
for the sandbox), GOLEASH_GITHUB_WEB_URL (override), GOLEASH_SETUP_ENV_FILE."""

from __future__ import annotations

import html
import json
import os
import secrets
import time
from importlib import resources
from pathlib import Path

import requests
from flask import Flask, Response, request

from .config import Settings

MANIFEST = resources.files(__package__).joinpath("github-app-manifest.json")
PLACEHOLDER = "https://goleash.example.com"
STATE_TTL = 3600


def web_url(api_url: str) -> str:
    api_url = api_url.rstrip("/")
    if api_url == "https://api.github.com":
        return "https://github.com"
    if api_url.endswith("/api/v3"):
        return api_url[: -len("/api/v3")]
    return api_url


def manifest_for(public_url: str) -> dict:
    text = MANIFEST.read_text().replace(PLACEHOLDER, public_url.rstrip("/"))
    m = json.loads(text)
    m["redirect_url"] = public_url.rstrip("/") + "/setup/callback"
    m["setup_url"] = public_url.rstrip("/") + "/setup/installed"
    return m


def env_lines(app: dict, api_url: str, key_file: Path) -> str:
    return "\n".join(
        [
            f"# Written by goleash setup on {time.strftime('%Y-%m-%d %H:%M:%S %Z')} for the App {app.get('slug')} ({app.get('html_url', '')}).",
            f"GITHUB_APP_ID={app['id']}",
            f"GOLEASH_APP_SLUG={app.get('slug', '')}",
            f"GITHUB_API_URL={api_url}",
            f"GITHUB_PRIVATE_KEY_FILE={key_file}",
            f"GOLEASH_WEBHOOK_SECRET={app['webhook_secret']}",
            "",
        ]
    )


def _write_private(path: Path, text: str) -> None:
    """Create or replace `path` with mode 0600 from the first byte (never world-readable)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
    os.chmod(path, 0o600)


def store(app: dict, api_url: str, env_file: Path, overwrite: bool) -> tuple[Path, Path]:
    env_file = env_file.resolve()
    key_file = env_file.with_name(f"{app.get('slug') or 'goleash'}.private-key.pem")
    if not overwrite and (env_file.exists() or key_file.exists()):
        raise FileExistsError(str(env_file if env_file.exists() else key_file))
    env_file.parent.mkdir(parents=True, exist_ok=True)
    _write_private(key_file, app["pem"])
    _write_private(env_file, env_lines(app, api_url, key_file))
    return env_file, key_file


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font:16px system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem}}
label{{display:block;margin:1rem 0 .3rem}}input[type=text]{{width:100%;padding:.4rem}}
button{{margin-top:1.2rem;padding:.5rem 1.2rem;font-size:1rem}}code{{background:#eee;padding:0 .2rem}}
.warn{{background:#fff3cd;padding:.6rem}}</style></head>
<body><h1>{title}</h1>{body}</body></html>"""


def _page(title: str, body: str, status: int = 200) -> Response:
    return Response(
        PAGE.format(title=html.escape(title), body=body),
        status=status,
        content_type="text/html; charset=utf-8",
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )


def create_app(settings: Settings | None = None) -> Flask:
    """`settings`: None when gunicorn starts the setup process (`goleash serve --setup`), which
    reads them here, once."""
    settings = Settings.from_env() if settings is None else settings
    public, api_url = settings.public_url, settings.github_api_url
    web = settings.github_web_url or web_url(api_url)
    default_target = settings.setup_env_file
    pending: dict[str, dict] = {}  # state -> {org, target, overwrite, at}

    app = Flask(__name__)

    @app.get("/healthz")
    def healthz():
        return {"status": "alive", "mode": "setup"}

    @app.get("/setup")
    def form() -> Response:
        exists = Path(default_target).exists()
        warn = (
            (
                f'<p class="warn"><code>{html.escape(default_target)}</code> exists. '
                '<label><input type="checkbox" name="overwrite" id="overwrite" value="1"> '
                "Replace it (the old App keeps working on GitHub until you delete it)</label></p>"
            )
            if exists
            else ""
        )
        body = f"""
<p>This creates the <b>goleash</b> GitHub App from its manifest: webhook
<code>{html.escape(public)}/webhook</code>, permissions pull requests/checks/issues (write), contents
(read). GitHub asks you to confirm the name, then sends you back here and the App's id, private
key and webhook secret are stored in <code>{html.escape(default_target)}</code> (mode 0600).</p>
<form method="post" action="/setup/start" id="start">
<label for="org">Organization (leave empty to create the App on your personal account)</label>
<input type="text" name="org" id="org" pattern="[A-Za-z0-9-]*" autocomplete="off">
{warn}
<button type="submit" id="create">Create the App on {html.escape(web)}</button>
</form>"""
        return _page("Set up goleash", body)

    @app.post("/setup/start")
    def start() -> Response:
        org = request.form.get("org", "").strip()
        if org and not org.replace("-", "").isalnum():
            return _page("Set up goleash", "<p>That is not an organization name.</p>", 400)
        state = secrets.token_urlsafe(24)
        now = time.time()
        for s, p in list(pending.items()):
            if now - p["at"] > STATE_TTL:
                del pending[s]
        pending[state] = {"org": org, "overwrite": request.form.get("overwrite") == "1", "at": now}
        action = f"{web}/organizations/{org}/settings/apps/new" if org else f"{web}/settings/apps/new"
        manifest = json.dumps(manifest_for(public))
        body = f"""
<p>Sending the manifest to GitHub&hellip;</p>
<form method="post" action="{html.escape(action)}?state={state}" id="manifest-form">
<input type="hidden" name="manifest" value="{html.escape(manifest)}">
<button type="submit">Continue to GitHub</button></form>
<script>document.getElementById("manifest-form").submit();</script>"""
        return _page("Set up goleash", body)

    @app.get("/setup/callback")
    def callback() -> Response:
        code, state = request.args.get("code", ""), request.args.get("state", "")
        p = pending.get(state)
        if not code or p is None:
            return _page(
                "Set up goleash",
                '<p>Unknown or expired setup attempt (the <code>state</code> does not match). <a href="/setup">Start again</a>.</p>',
                400,
            )
        overwrite = p["overwrite"] or request.args.get("overwrite") == "1"
        target = Path(default_target)
        if target.exists() and not overwrite:
            # Ask before exchanging: the code stays valid for an hour and works only once.
            body = (
                f'<p class="warn"><code>{html.escape(str(target))}</code> already exists and was not '
                'overwritten.</p><form method="get" action="/setup/callback">'
                f'<input type="hidden" name="code" value="{html.escape(code)}">'
                f'<input type="hidden" name="state" value="{html.escape(state)}">'
                '<input type="hidden" name="overwrite" value="1">'
                '<button type="submit" id="confirm-overwrite">Replace it</button></form>'
            )
            return _page("Confirm", body, 409)
        try:
            resp = requests.post(f"{api_url}/app-manifests/{code}/conversions", headers={"Accept": "application/vnd.github+json"}, timeout=30)
        except requests.RequestException as exc:
            return _page("Set up goleash", f"<p>GitHub could not be reached: {html.escape(str(exc))}</p>", 502)
        if resp.status_code != 201:
            return _page(
                "Set up goleash",
                f"<p>GitHub refused the code ({resp.status_code}): "
                f"{html.escape(resp.text[:500])}. Codes expire after an hour; "
                '<a href="/setup">start again</a>.</p>',
                502,
            )
        created = resp.json()
        try:
            env_file, key_file = store(created, api_url, target, overwrite)
        except FileExistsError as exc:
            return _page("Set up goleash", f"<p>{html.escape(str(exc))} exists; not overwritten.</p>", 409)
        pending.pop(state, None)
        install = f"{created.get('html_url', web + '/apps/' + str(created.get('slug', '')))}/installations/new"
        body = f"""
<p id="done">The App <b>{html.escape(str(created.get("slug")))}</b> (id {int(created["id"])}) was created.
Its settings are in <code>{html.escape(str(env_file))}</code> and its private key in
<code>{html.escape(str(key_file))}</code>, both mode 0600.</p>
<ol><li>Stop this setup server and start the receiver: <code>goleash serve --env-file {html.escape(str(env_file))}</code>
and a worker: <code>goleash worker --env-file {html.escape(str(env_file))}</code>.</li>
<li><a href="{html.escape(install)}">Install the App</a> on your organization.</li></ol>"""
        return _page("goleash is set up", body)

    @app.get("/setup/installed")
    def installed() -> Response:
        return _page("goleash is installed", "<p>Open a pull request that touches Go code to see a review.</p>")

    return app
