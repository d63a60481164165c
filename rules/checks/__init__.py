"""One module per rule, named after the rule id; importing a module registers its rule. Every
module of this package is imported, so adding a rule is adding its module."""

from __future__ import annotations

import importlib
import pkgutil

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")
