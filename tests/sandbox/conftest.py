"""Fixtures for the GitHub sandbox tests.

One sandbox server runs for the whole session (RSA key generation and the OpenAPI/GraphQL schema
loading happen once); every test gets it with the state reset to the scenario's start.
"""

from __future__ import annotations

import github
import pytest

from ghsandbox import SandboxState
from ghsandbox.testing import installation_github, sandbox, sandbox_server  # noqa: F401


@pytest.fixture()
def server(sandbox):  # noqa: F811 (the imported fixture, by pytest's name lookup)
    return sandbox


@pytest.fixture()
def state(server) -> SandboxState:
    return server.state


@pytest.fixture()
def make_gh(server):
    """``make_gh(retry=..., base_url=..., per_page=...)`` -> a PyGithub client with installation auth."""
    return lambda **kw: installation_github(server, **kw)


@pytest.fixture()
def gh(server) -> github.Github:
    return installation_github(server)


@pytest.fixture()
def repo(gh, state):
    return gh.get_repo(state.full_name)


@pytest.fixture()
def pr(repo, state):
    return repo.get_pull(state.pr_number)


@pytest.fixture()
def token(state) -> str:
    return state.issue_token()["token"]


@pytest.fixture()
def http(server, token):
    """A plain ``requests`` session authenticated with an installation token, rooted at the server."""
    import requests

    class Client(requests.Session):
        def request(self, method, url, *a, **kw):
            if url.startswith("/"):
                url = server.url + url
            return super().request(method, url, *a, **kw)

    s = Client()
    s.headers.update({"Authorization": f"token {token}", "Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"})
    yield s
    s.close()
