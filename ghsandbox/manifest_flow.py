"""GitHub's App manifest flow, played by the sandbox.

* POST /settings/apps/new?state=S and /organizations/<org>/settings/apps/new?state=S with a form
  field `manifest` (JSON): GitHub shows a "Create GitHub App" page; the sandbox renders the same
  kind of page and submits it by itself, which redirects to the manifest's redirect_url with
  ?code=C&state=S (a GET with a bad manifest answers 400 like GitHub's form error page).
* POST /app-manifests/<code>/conversions (also under /api/v3): 201 with the App's id, slug,
  pem, webhook_secret, client id/secret and so on; codes work once and expire after an hour.

The App the conversion returns is the sandbox's own App (its id, key and webhook secret), so a
configuration written from it works against this sandbox."""

from __future__ import annotations

import html
import json
import secrets
import time
from urllib.parse import urlencode

from flask import Flask, Response, request

CODE_TTL = 3600
REQUIRED = ("url", "hook_attributes")


def _problems(manifest) -> list[str]:
    if not isinstance(manifest, dict):
        return ["manifest must be a JSON object"]
    out = [f"missing {k}" for k in REQUIRED if k not in manifest]
    hook = manifest.get("hook_attributes") or {}
    if not isinstance(hook, dict) or not hook.get("url"):
        out.append("hook_attributes.url is required")
    if not manifest.get("redirect_url"):
        out.append("redirect_url is required for the sandbox flow")
    return out


def register(app: Flask) -> None:
    codes: dict[str, dict] = {}
    app.config["manifest_codes"] = codes

    def new_app(org: str | None = None):
        if request.method == "GET":
            return Response("Paste a manifest: POST it as the `manifest` form field.", 400, content_type="text/plain")
        try:
            manifest = json.loads(request.form.get("manifest", ""))
        except ValueError:
            return Response("Invalid GitHub App configuration: manifest is not JSON", 400, content_type="text/plain")
        problems = _problems(manifest)
        if problems:
            return Response("Invalid GitHub App configuration: " + "; ".join(problems), 400, content_type="text/plain")
        code = secrets.token_hex(10)
        codes[code] = {"manifest": manifest, "org": org, "at": time.time()}
        query = {"code": code}
        if request.args.get("state"):
            query["state"] = request.args["state"]
        target = manifest["redirect_url"] + ("&" if "?" in manifest["redirect_url"] else "?") + urlencode(query)
        name = html.escape(str(manifest.get("name") or "app"))
        owner = html.escape(org or "your personal account")
        page = f"""<!doctype html><html><head><meta charset="utf-8"><title>Create GitHub App</title></head>
<body><h1>Create GitHub App for {owner}</h1><p>GitHub App name: <b id="app-name">{name}</b></p>
<form method="get" action="{html.escape(manifest["redirect_url"])}" id="create-app">
{"".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in query.items())}
<button type="submit">Create GitHub App for {owner}</button></form>
<script>setTimeout(function(){{document.getElementById("create-app").submit();}}, 50);</script>
<noscript><a href="{html.escape(target)}">Continue</a></noscript></body></html>"""
        return Response(page, 200, content_type="text/html; charset=utf-8")

    app.add_url_rule("/settings/apps/new", "manifest_new_user", new_app, methods=["GET", "POST"])
    app.add_url_rule("/organizations/<org>/settings/apps/new", "manifest_new_org", new_app, methods=["GET", "POST"])

    def conversions(code: str):
        st = app.config["state"]
        entry = codes.pop(code, None)
        if entry is None or time.time() - entry["at"] > CODE_TTL:
            body = {
                "message": "Not Found",
                "documentation_url": "https://docs.github.com/rest/apps/apps#create-a-github-app-from-a-manifest",
                "status": "404",
            }
            return Response(json.dumps(body), 404, content_type="application/json; charset=utf-8")
        m = entry["manifest"]
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        owner_login = entry["org"] or st.owner
        slug = st.app_slug
        body = {
            "id": st.app_id,
            "slug": slug,
            "node_id": f"A_kwDO{st.app_id:08d}",
            "client_id": st.client_id,
            "owner": {"login": owner_login, "id": 1, "type": "Organization" if entry["org"] else "User"},
            "name": m.get("name") or slug,
            "description": m.get("description", ""),
            "external_url": m.get("url"),
            "html_url": f"{st.public_url or ''}/apps/{slug}",
            "created_at": now,
            "updated_at": now,
            "permissions": m.get("default_permissions", {}),
            "events": m.get("default_events", []),
            "installations_count": 0,
            "client_secret": secrets.token_hex(20),
            "webhook_secret": st.webhook_secret,
            "pem": st.private_key_pem,
        }
        st.manifest_hook_url = (m.get("hook_attributes") or {}).get("url")
        return Response(json.dumps(body), 201, content_type="application/json; charset=utf-8")

    app.add_url_rule("/app-manifests/<code>/conversions", "manifest_conversions", conversions, methods=["POST"])
