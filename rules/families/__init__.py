"""One module per rule family of PATTERNS.md; importing a module registers its rules."""
from . import lazyinit, mapdelete, maps, syncmap  # noqa: F401
