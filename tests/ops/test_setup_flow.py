"""The setup page completes GitHub's App manifest flow in headless Chromium against the sandbox,
and the configuration it writes starts `goleash serve`."""

from __future__ import annotations

import stat

import pytest
import requests

from ghsandbox import SandboxServer, SandboxState
from ghsandbox.devstack import free_port, wait_until

from .common import chromium_paths, clean_env, goleash

CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _up(url: str) -> bool:
    try:
        return requests.get(url, timeout=1).status_code == 200
    except requests.RequestException:
        return False


def serving(service, url: str) -> bool:
    if not service.alive():
        raise RuntimeError(f"{service.name} exited:\n{service.log()}")
    return _up(url)


@pytest.fixture
def browser():
    chromium, driver_path = chromium_paths()
    if not chromium or not driver_path:
        pytest.skip("chromium and chromium-driver are not installed (make system-deps installs them)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service as ChromeService

    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for f in CHROME_FLAGS:
        opts.add_argument(f)
    drv = webdriver.Chrome(service=ChromeService(executable_path=driver_path), options=opts)
    drv.set_page_load_timeout(30)
    yield drv
    drv.quit()


def test_manifest_flow_writes_a_config_that_serve_accepts(tmp_path, browser, ops_redis_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    state = SandboxState()
    with SandboxServer(state) as sandbox:
        port = free_port()
        public = f"http://127.0.0.1:{port}"
        env_file = tmp_path / "conf" / ".env"
        env_file.parent.mkdir()
        env_file.write_text("# an older configuration\n")
        setup = goleash(
            "setup",
            ["serve", "--setup", "--bind", f"127.0.0.1:{port}"],
            clean_env(
                GOLEASH_PUBLIC_URL=public,
                GITHUB_API_URL=sandbox.url,
                GOLEASH_SETUP_ENV_FILE=str(env_file),
            ),
            tmp_path,
        )
        try:
            wait_until(lambda: serving(setup, public + "/healthz"), 30, "the setup server")
            browser.get(public + "/setup")
            browser.find_element(By.ID, "org").send_keys("acme")
            # The file exists: without the box ticked the flow stops before exchanging the code.
            browser.find_element(By.ID, "create").click()
            WebDriverWait(browser, 30).until(lambda d: "/setup/callback" in d.current_url and d.find_elements(By.ID, "confirm-overwrite"))
            assert env_file.read_text() == "# an older configuration\n"
            browser.find_element(By.ID, "confirm-overwrite").click()
            WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.ID, "done"))
            assert f"(id {state.app_id})" in browser.find_element(By.ID, "done").text
        finally:
            setup.stop()

        # What the sandbox saw: the manifest, with the public URL filled in, posted for the org.
        new = [r for r in state.requests if r["path"] == "/organizations/acme/settings/apps/new"]
        assert len(new) == 1 and new[0]["method"] == "POST"
        assert state.manifest_hook_url == public + "/webhook"
        conv = [r for r in state.requests if r["path"].startswith("/app-manifests/")]
        assert [r["status"] for r in conv] == [201]

    text = env_file.read_text()
    conf = dict(line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))
    assert conf["GITHUB_APP_ID"] == str(state.app_id)
    assert conf["GOLEASH_WEBHOOK_SECRET"] == state.webhook_secret
    key_file = conf["GITHUB_PRIVATE_KEY_FILE"]
    assert open(key_file).read() == state.private_key_pem
    for f in (env_file, key_file):
        assert stat.S_IMODE(__import__("os").stat(f).st_mode) == 0o600

    # The written configuration is accepted by `goleash serve` (and `worker`'s checks).
    port = free_port()
    serve = goleash(
        "serve",
        ["serve", "--env-file", str(env_file), "--bind", f"127.0.0.1:{port}"],
        clean_env(REDIS_URL=ops_redis_url, WEB_CONCURRENCY=1),
        tmp_path,
    )
    try:
        wait_until(lambda: serving(serve, f"http://127.0.0.1:{port}/healthz"), 30, "goleash serve")
        assert requests.get(f"http://127.0.0.1:{port}/readyz", timeout=5).json()["status"] == "ready"
    finally:
        serve.stop()
    from goleash.bot import settings_check
    from goleash.bot.serve import load_env_file

    assert settings_check.problems(load_env_file(env_file, {}), "all") == []
