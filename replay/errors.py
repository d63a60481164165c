"""The one error type of the replay package: a replay that could not happen (hostile or
oversized tarball, missing bwrap/go, a sandbox that would not start). A PR whose code
misbehaves inside the sandbox is NOT an error: that is a SandboxResult with a limit hit."""

from __future__ import annotations


class ReplayError(Exception):
    """A replay could not be carried out; the message says why, in words a PR author can read."""
