"""One module per rule family of PATTERNS.md; importing a module registers its rules."""
from . import atomics, channels, contexts, deadlock, lazyinit, leaks, loopvar, mapdelete, maps, resources, syncmap, syncprims  # noqa: F401
from . import chanblock, cond, lockorder, sharedvars  # noqa: F401
