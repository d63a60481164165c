"""``python -m ghsandbox`` as a separate process, driven through the admin API."""

import json
import signal
import subprocess
import sys
from pathlib import Path

import github
import pytest
import requests

import ghsandbox


@pytest.fixture()
def proc(tmp_path):
    root = Path(ghsandbox.__file__).resolve().parents[1]
    p = subprocess.Popen(
        [sys.executable, "-m", "ghsandbox", "--port", "0", "--key-file", str(tmp_path / "app.pem")],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = p.stdout.readline()
    if not line:
        p.kill()
        pytest.fail(p.stderr.read())
    yield p, json.loads(line)
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()


def test_cli_and_admin_api(proc):
    p, info = proc
    base = info["url"]
    app = requests.get(base + "/_sandbox/app", timeout=10).json()
    assert app["app_id"] == info["app_id"] and "PRIVATE KEY" in app["private_key"]
    assert open(info["private_key_file"]).read() == app["private_key"]
    auth = github.Auth.AppAuth(app["app_id"], app["private_key"]).get_installation_auth(app["installation_id"])
    gh = github.Github(auth=auth, base_url=info["ghes_url"], seconds_between_requests=None, retry=None)
    pr = gh.get_repo(f"{app['owner']}/{app['repo']}").get_pull(app["pr_number"])
    assert pr.head.sha == info["head_sha"]

    r = requests.post(base + "/_sandbox/push", json={"snapshot": "head2"}, timeout=10).json()
    assert r["head_sha"] != info["head_sha"]
    requests.post(base + "/_sandbox/inject", json={"method": "GET", "path": "/pulls/\\d+$", "status": 503}, timeout=10)
    with pytest.raises(github.GithubException) as e:
        gh.get_repo(f"{app['owner']}/{app['repo']}").get_pull(app["pr_number"])
    assert e.value.status == 503
    reqs = requests.get(base + "/_sandbox/requests", timeout=10).json()
    assert [x["status"] for x in reqs][-1] == 503 and all("Authorization" not in x["headers"] for x in reqs)
    assert requests.get(base + "/_sandbox/violations", timeout=10).json() == []
    st = requests.get(base + "/_sandbox/state", timeout=10).json()
    assert st["head_snapshot"] == "head2" and st["requests"] == len(reqs)
    assert requests.post(base + "/_sandbox/reset", json={}, timeout=10).json() == {"reset": "all"}
    assert requests.get(base + "/_sandbox/state", timeout=10).json()["head_sha"] == info["head_sha"]
