"""Functions of a package with the `Lock`/`Unlock`-family calls their own bodies make on values
declared as a sync.Mutex or RWMutex (or a struct embedding one). Shared by the mutex-unlock-missing,
mutex-defer-unlock-in-loop and mutex-unlock-not-locked rules."""

from __future__ import annotations

from . import goast
from .flow import calls_by_func
from .package import PackageView
from .synctypes import embeds_mutex, is_sync_type, type_text


def _mutex_like(view, src, call, cache) -> bool:
    """Is the operand of `x.Lock()` declared as a sync.Mutex / RWMutex (or an embedding struct)?"""
    f = call.child_by_field_name("function")
    o = f.child_by_field_name("operand")
    decl = goast.enclosing_decl(call, src)
    key = (src.path, src.text(o), decl.id if decl is not None else 0)
    if key in cache:
        return cache[key]
    t = type_text(view, o, src)
    ok = is_sync_type(t, ("Mutex", "RWMutex"), src)
    if not ok and t:
        ok = t.lstrip("*") in embeds_mutex(view)
    cache[key] = ok
    return ok


_LOCK_METHODS = ("Lock", "RLock", "Unlock", "RUnlock", "TryLock", "TryRLock")


def lock_funcs(view: PackageView):
    """(src, fn, calls) for every function whose own body locks or unlocks a mutex: calls are
    (call, operand text, method), in source order (cached)."""
    got = view.__dict__.get("_goleash_lock_funcs")
    if got is None:
        got = []
        cache: dict = {}
        for src in view.files:
            if not src.mentions(b"ock()"):
                continue
            for fn, calls in calls_by_func(src, _LOCK_METHODS).values():
                calls = [x for x in calls if not goast.call_args(x[0]) and _mutex_like(view, src, x[0], cache)]
                if calls:
                    calls.sort(key=lambda x: x[0].start_byte)
                    got.append((src, fn, calls))
        view.__dict__["_goleash_lock_funcs"] = got
    return got
