"""goleash's GitHub sandbox: a local stand-in for GitHub's REST API (the operations a review bot
uses), the GraphQL review-thread API, webhook deliveries, fault injection and recording.

    from ghsandbox import SandboxState, SandboxServer
    state = SandboxState()                      # the sample scenario
    with SandboxServer(state) as server:
        ...                                     # point PyGithub at server.url
"""

from .server import SandboxServer, create_app
from .state import SandboxError, SandboxState

__all__ = ["SandboxServer", "SandboxState", "SandboxError", "create_app"]
