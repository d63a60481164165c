"""``python -m ghsandbox --port 8765 --scenario ghsandbox/scenarios/sample``

Runs the sandbox as a process (for the demo or for tests driving a subprocess).  On start it prints
one JSON line with the URL, App id, installation id and the path of the App's private key, e.g.
``{"url": "http://127.0.0.1:8765", "app_id": ..., "installation_id": ..., "private_key_file": ...}``.
Everything else is reachable through the admin API under ``/_sandbox/``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import threading

from . import paths
from .server import SandboxServer
from .state import SandboxState


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ghsandbox", description=__doc__.split("\n\n")[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0, help="0 = pick a free port")
    ap.add_argument("--scenario", default=str(paths.sample_scenario()), help="scenario directory")
    ap.add_argument("--key-file", help="write the App's private key (PEM) here (default: a temp file)")
    ap.add_argument("--latency", type=float, default=0.0, help="fixed delay per API request, seconds")
    args = ap.parse_args(argv)

    state = SandboxState(args.scenario)
    state.latency = args.latency
    server = SandboxServer(state, host=args.host, port=args.port)
    key_file = args.key_file
    if not key_file:
        fd, key_file = tempfile.mkstemp(prefix="ghsandbox-app-", suffix=".pem")
        os.close(fd)
    with open(key_file, "w") as f:
        f.write(state.private_key_pem)
    os.chmod(key_file, 0o600)
    info = {
        "url": server.url,
        "ghes_url": server.ghes_url,
        "app_id": state.app_id,
        "client_id": state.client_id,
        "installation_id": state.installation_id,
        "repository": state.full_name,
        "pr_number": state.pr_number,
        "head_sha": state.head_sha,
        "private_key_file": key_file,
        "webhook_secret": state.webhook_secret,
    }
    print(json.dumps(info), flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    server.start()
    try:
        stop.wait()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
