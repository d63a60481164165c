"""pytest fixtures for projects testing against the sandbox.

In a ``conftest.py``::

    from ghsandbox.testing import sandbox_server, sandbox, installation_github  # noqa: F401

``sandbox_server`` is session-scoped (one key pair, one server); ``sandbox`` resets its state for each
test and returns the server (``sandbox.state``, ``sandbox.url``, ``sandbox.ghes_url``).
"""

from __future__ import annotations

import pytest

from .server import SandboxServer
from .state import SandboxState


def installation_github(server: SandboxServer, **kw):
    """A PyGithub client authenticated as the scenario's installation, without PyGithub's default
    throttling (0.25 s between requests, 1 s between writes); ``retry`` defaults to None here."""
    import github

    st = server.state
    auth = github.Auth.AppAuth(st.app_id, st.private_key_pem).get_installation_auth(st.installation_id)
    kw.setdefault("base_url", server.url)
    kw.setdefault("retry", None)
    kw.setdefault("seconds_between_requests", None)
    kw.setdefault("seconds_between_writes", None)
    return github.Github(auth=auth, **kw)


@pytest.fixture(scope="session")
def sandbox_server():
    server = SandboxServer(SandboxState()).start()
    yield server
    server.stop()


@pytest.fixture()
def sandbox(sandbox_server):
    sandbox_server.state.reset()
    sandbox_server.state.latency = 0.0
    return sandbox_server
