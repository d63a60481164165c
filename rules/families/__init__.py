"""Rule families of PATTERNS.md not yet split into one module per rule (rules/checks); importing a
module registers its rules."""
from . import atomics, chanblock, channels, contexts, leaks, resources, sharedvars  # noqa: F401
