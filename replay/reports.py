"""Turn what ran in the sandbox into findings on the PR's files.

* ``go vet -json`` output          -> ``vet-<analyzer>`` findings
* ``WARNING: DATA RACE`` blocks    -> ``race-detected`` findings (both stacks as evidence)
* a hang (``panic: test timed out after``, ``all goroutines are asleep - deadlock!``)
                                   -> ``hang-detected`` findings, one per distinct blocked stack
* the leak check's report (replay/leakcheck.py)
                                   -> ``leak-detected`` findings, one per distinct leaked stack
* ``panic: send on closed channel`` and the runtime's other concurrency panics and fatal
  errors                           -> findings under the rule that predicts them (parse_panics)
* :func:`merge` folds runtime reports into the static findings they confirm.

Every path in a finding is repo-relative with forward slashes; frames outside the work dir
(GOROOT, the module cache, ``_testmain.go``) are never the finding's location.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from array import array
from dataclasses import dataclass, field, replace
from pathlib import Path

from goleash.rules.model import Finding, Related, Severity, Span

from . import leakcheck
from .sandbox import SANDBOX_REPO
from .tree_files import read_tree_file

RACE_RULE = "race-detected"
HANG_RULE = "hang-detected"
LEAK_RULE = "leak-detected"
PANIC_RULE = "panic-detected"
_STACK_EXCERPT_FRAMES = 6
_CALLERS = 3  # caller frames of a blocked goroutine kept as evidence


# ---------------------------------------------------------------- paths and frames


@dataclass(frozen=True)
class Frame:
    func: str
    file: str  # as printed (absolute inside the sandbox)
    line: int
    rel: str | None  # repo-relative path, None when outside the work dir

    def where(self) -> str:
        f = self.file
        if not self.rel and f.startswith("/goroot/src/"):
            f = "$GOROOT/src/" + f[len("/goroot/src/") :]
        return f"{self.rel or f}:{self.line}"


def to_repo_path(path: str, repo_root: str = SANDBOX_REPO) -> str | None:
    """``/repo/pkg/a.go`` -> ``pkg/a.go``; None for anything outside the repository."""
    p = path.replace("\\", "/")
    root = repo_root.rstrip("/") + "/"
    if not p.startswith(root):
        return None
    rel = posixpath.normpath(p[len(root) :])
    if rel.startswith("../") or rel == ".." or rel.startswith("/"):
        return None
    return rel


def _is_vendor(rel: str) -> bool:
    return "vendor" in rel.split("/")[:-1]


def _first_repo_frame(frames: list[Frame]) -> Frame | None:
    # the leak check's TestMain (replay/leakcheck.py) is ours, not the PR's
    repo = [f for f in frames if f.rel and posixpath.basename(f.rel) != leakcheck.WRAPPER_NAME]
    own = [f for f in repo if not _is_vendor(f.rel)]
    return (own or repo or [None])[0]


class _Source:
    """One file's bytes and the byte offset where each line starts (lines end at ``\\n``,
    as Go counts them), so a span costs the same on line 5 as on line 500000."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.starts = array("I", [0])
        self.starts.extend(m.end() for m in re.finditer(b"\n", data))
        if self.starts[-1] == len(data):
            self.starts.pop()  # no line after the final newline (or in an empty file)

    def __len__(self) -> int:
        return len(self.starts)

    def line(self, n: int) -> bytes:
        end = self.starts[n] if n < len(self.starts) else len(self.data)
        return self.data[self.starts[n - 1] : end]


class _Lines:
    """Line lengths and byte offsets of files in the work dir, for full-line spans.

    The paths come from the PR's own output and the files were last written by PR code, so
    they are read only through tree_files (no link followed, regular files only), within a
    size cap per file and a byte budget for the whole report."""

    FILE_CAP = (8 << 20) - 1
    BUDGET = 32 << 20

    def __init__(self, workdir: str | Path | None) -> None:
        self.workdir = Path(workdir) if workdir else None
        self.cache: dict[str, _Source | None] = {}
        self.left = self.BUDGET

    def span(self, rel: str, line: int, col: int = 1, end_line: int | None = None, end_col: int | None = None) -> Span:
        src = self._get(rel)
        if not src or not 1 <= line <= len(src):
            return Span(rel, line, col, end_line or line, end_col or col)
        text = src.line(line)
        start_byte = src.starts[line - 1]
        if end_line is None:
            stripped = text.rstrip(b"\r\n")
            indent = len(stripped) - len(stripped.lstrip(b" \t"))
            c = max(col, indent + 1) if col == 1 else col
            return Span(rel, line, c, line, len(stripped) + 1, start_byte + c - 1, start_byte + len(stripped))
        el = min(end_line, len(src))
        ec = end_col or col
        end_byte = src.starts[el - 1] + ec - 1
        return Span(rel, line, col, el, ec, start_byte + col - 1, end_byte)

    def text(self, rel: str, line: int) -> str:
        src = self._get(rel)
        if not src or not 1 <= line <= len(src):
            return ""
        return src.line(line).decode("utf-8", "replace").strip()

    def _get(self, rel: str) -> _Source | None:
        if rel not in self.cache:
            src = None
            if self.workdir:
                raw = read_tree_file(self.workdir, rel, min(self.FILE_CAP, self.left))
                if raw is not None:
                    self.left -= len(raw)
                    src = _Source(raw)
            self.cache[rel] = src
        return self.cache[rel]


def _fingerprint(rule_id: str, path: str, *parts: str) -> str:
    h = hashlib.sha256("\0".join((rule_id, path, *parts)).encode())
    return h.hexdigest()[:20]


def _short_func(func: str) -> str:
    """``example.com/m/pkg.(*T).Add(0xc0, ...)`` -> ``pkg.(*T).Add``."""
    func = re.sub(r"\(0x[^)]*\)$|\(\.\.\.\)$|\(\{.*\}.*\)$|\(\)$", "", func)
    return func.rsplit("/", 1)[-1]


def _excerpt(frames: list[Frame], limit: int = _STACK_EXCERPT_FRAMES) -> str:
    out = [f"    {_short_func(f.func)}  {f.where()}" for f in frames[:limit]]
    if len(frames) > limit:
        out.append(f"    ... {len(frames) - limit} more frames")
    return "\n".join(out)


# ---------------------------------------------------------------- go vet -json

_VET_POS = re.compile(r"^(?P<file>.*?):(?P<line>\d+)(?::(?P<col>\d+))?$")


def parse_vet_json(text: str, workdir: str | Path | None = None, repo_root: str = SANDBOX_REPO) -> tuple[list[Finding], list[str]]:
    """Findings from ``go vet -json`` output (stdout and stderr concatenated), plus the
    errors vet reported (packages that did not type-check, ...)."""
    lines_ = _Lines(workdir)
    findings: list[Finding] = []
    errors: list[str] = []
    objs = _json_objects(text)
    for obj in objs:
        if not isinstance(obj, dict):
            continue
        for pkg, analyzers in obj.items():
            if not isinstance(analyzers, dict):
                continue
            for analyzer, diags in analyzers.items():
                if analyzer == "error" or isinstance(diags, dict) and "error" in diags:
                    errors.append(f"{pkg}: {diags if analyzer == 'error' else diags['error']}")
                    continue
                if not isinstance(diags, list):
                    continue
                for d in diags:
                    f = _vet_finding(analyzer, d, lines_, repo_root)
                    if f:
                        findings.append(f)
    return dedupe(findings), errors


def _vet_finding(analyzer: str, d: dict, lines_: _Lines, repo_root: str) -> Finding | None:
    m = _VET_POS.match(str(d.get("posn", "")))
    if not m:
        return None
    rel = to_repo_path(m["file"], repo_root)
    if not rel:
        return None
    line, col = int(m["line"]), int(m["col"] or 1)
    end_line = end_col = None
    e = _VET_POS.match(str(d.get("end", "")))
    if e and to_repo_path(e["file"], repo_root) == rel:
        end_line, end_col = int(e["line"]), int(e["col"] or col)
    span = lines_.span(rel, line, col, end_line, end_col)
    related = []
    for r in d.get("related") or []:
        rm = _VET_POS.match(str(r.get("posn", "")))
        rrel = to_repo_path(rm["file"], repo_root) if rm else None
        if rrel:
            related.append(Related(lines_.span(rrel, int(rm["line"]), int(rm["col"] or 1)), str(r.get("message", ""))))
    rule = f"vet-{analyzer}"
    msg = str(d.get("message", "")).strip()
    return Finding(
        rule_id=rule,
        severity=Severity.WARNING,
        message=f"go vet ({analyzer}): {msg}",
        span=span,
        related=related,
        fingerprint=_fingerprint(rule, rel, msg, lines_.text(rel, line)),
    )


def _json_objects(text: str) -> list:
    """The JSON values in vet's output, skipping '# pkg' headers and any other noise."""
    dec = json.JSONDecoder()
    out, i, n = [], 0, len(text)
    while i < n:
        j = text.find("{", i)
        if j < 0:
            break
        # only a '{' that starts a line begins a top-level object
        if j > 0 and text[j - 1] != "\n":
            i = j + 1
            continue
        try:
            obj, end = dec.raw_decode(text, j)
        except json.JSONDecodeError:
            i = j + 1
            continue
        out.append(obj)
        i = end
    return out


# ---------------------------------------------------------------- data races

_RACE_START = "WARNING: DATA RACE"
_RACE_SEP = "=================="
_ACCESS = re.compile(
    r"^(?P<prev>Previous )?(?P<kind>[Rr]ead|[Ww]rite|[Aa]tomic read|[Aa]tomic write)"
    r"(?: of size \d+)? at 0x[0-9a-f]+ by (?P<who>goroutine \d+|main goroutine)(?: \(.*\))?:$"
)
_CREATED = re.compile(r"^Goroutine (?P<id>\d+) \((?P<state>[^)]*)\) created at:$")
_TSAN_FRAME_FILE = re.compile(r"^\s+(?P<file>\S.*?):(?P<line>\d+)(?: \+0x[0-9a-f]+)?$")


@dataclass
class _Section:
    header: str
    frames: list[Frame] = field(default_factory=list)


def _race_blocks(text: str) -> list[list[str]]:
    lines = text.splitlines()
    blocks, cur = [], None
    for ln in lines:
        if ln.strip() == _RACE_START:
            cur = []
            blocks.append(cur)
            continue
        if cur is not None:
            if ln.strip() == _RACE_SEP:
                cur = None
                continue
            cur.append(ln)
    return blocks


def _sections(block: list[str], repo_root: str) -> list[_Section]:
    secs: list[_Section] = []
    func = None
    for ln in block:
        if not ln.strip():
            func = None
            continue
        if not ln.startswith(" ") and not ln.startswith("\t"):
            secs.append(_Section(ln.strip()))
            func = None
            continue
        if not secs:
            continue
        m = _TSAN_FRAME_FILE.match(ln)
        if m and func is not None:
            secs[-1].frames.append(Frame(func, m["file"], int(m["line"]), to_repo_path(m["file"], repo_root)))
            func = None
        else:
            func = ln.strip()
    return secs


def parse_race_reports(text: str, workdir: str | Path | None = None, repo_root: str = SANDBOX_REPO, package: str = "") -> list[Finding]:
    """One ``race-detected`` finding per distinct ``WARNING: DATA RACE`` block."""
    lines_ = _Lines(workdir)
    out = []
    for block in _race_blocks(text):
        secs = _sections(block, repo_root)
        accesses = [s for s in secs if _ACCESS.match(s.header)]
        if not accesses:
            continue
        # the finding's location: the first access with a frame in the repository
        primary = next((a for a in accesses if _first_repo_frame(a.frames)), None)
        if primary is None:
            continue
        here = _first_repo_frame(primary.frames)
        pm = _ACCESS.match(primary.header)
        related: list[Related] = []
        other_desc = ""
        for a in accesses:
            if a is primary:
                continue
            am = _ACCESS.match(a.header)
            f = _first_repo_frame(a.frames)
            desc = f"{'previous ' if am['prev'] else ''}{am['kind'].lower()} by {am['who']}"
            if f:
                related.append(Related(lines_.span(f.rel, f.line), f"the other access: {desc} in {_short_func(f.func)}\n{_excerpt(a.frames)}"))
                other_desc = other_desc or f"{desc} at {f.where()}"
        sites: dict[tuple[str, int], list[str]] = {}
        site_frames: dict[tuple[str, int], list[Frame]] = {}
        for s in secs:
            cm = _CREATED.match(s.header)
            f = _first_repo_frame(s.frames) if cm else None
            if f:
                sites.setdefault((f.rel, f.line), []).append(f"goroutine {cm['id']} ({cm['state']})")
                site_frames.setdefault((f.rel, f.line), s.frames)
        for (rel, line), who in sites.items():
            related.append(
                Related(
                    lines_.span(rel, line),
                    f"{' and '.join(who)} {'were' if len(who) > 1 else 'was'} created here\n{_excerpt(site_frames[(rel, line)])}",
                )
            )
        msg = (
            f"Data race observed at run time by the race detector (go test -race"
            f"{' ' + package if package else ''}): {pm['kind'].lower()} by {pm['who']} in "
            f"{_short_func(here.func)}"
            + (f" races with the {other_desc}" if other_desc else "")
            + ". Unsynchronised access gives torn or lost updates; on a map it crashes the "
            "process.\n"
            f"{_excerpt(primary.frames)}"
        )
        anchors = sorted({_short_func(f.func) for a in accesses for f in a.frames[:3]})
        out.append(
            Finding(
                rule_id=RACE_RULE,
                severity=Severity.ERROR,
                message=msg,
                span=lines_.span(here.rel, here.line),
                related=related,
                fingerprint=_fingerprint(RACE_RULE, here.rel, *anchors, lines_.text(here.rel, here.line)),
            )
        )
    return dedupe(out)


# ---------------------------------------------------------------- hangs

_TIMEOUT = re.compile(r"^panic: test timed out after (?P<after>\S+)", re.M)
_DEADLOCK = "fatal error: all goroutines are asleep - deadlock!"
_G_HEADER = re.compile(r"^goroutine (?P<id>\d+)(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[(?P<state>[^\]]*)\]:$")
_GO_FRAME_FILE = re.compile(r"^\t(?P<file>\S.*?):(?P<line>\d+)(?: \+0x[0-9a-f]+)?$")
_CREATED_BY = re.compile(r"^created by (?P<func>\S+)(?: in goroutine (?P<parent>\d+))?$")
_BLOCKING = (
    "chan send",
    "chan receive",
    "select",
    "sync.Mutex.Lock",
    "sync.RWMutex.Lock",
    "sync.RWMutex.RLock",
    "sync.WaitGroup.Wait",
    "sync.Cond.Wait",
    "semacquire",
)


@dataclass
class Goroutine:
    id: int
    state: str  # "chan send, 2 minutes"
    frames: list[Frame] = field(default_factory=list)
    created_by: Frame | None = None
    parent: int | None = None

    @property
    def reason(self) -> str:
        return self.state.split(",")[0].strip()

    @property
    def waited(self) -> str:
        parts = [p.strip() for p in self.state.split(",")[1:]]
        return next((p for p in parts if "minute" in p or "second" in p), "")


def parse_goroutine_dump(text: str, repo_root: str = SANDBOX_REPO) -> list[Goroutine]:
    gs: list[Goroutine] = []
    cur: Goroutine | None = None
    func: str | None = None
    creator: str | None = None
    for ln in text.splitlines():
        h = _G_HEADER.match(ln)
        if h:
            cur = Goroutine(int(h["id"]), h["state"])
            gs.append(cur)
            func = creator = None
            continue
        if cur is None:
            continue
        if not ln.strip():
            cur = None
            continue
        m = _GO_FRAME_FILE.match(ln)
        if m:
            fr = Frame(func or creator or "?", m["file"], int(m["line"]), to_repo_path(m["file"], repo_root))
            if creator is not None:
                cur.created_by = fr
            elif func is not None:
                cur.frames.append(fr)
            func = creator = None
            continue
        c = _CREATED_BY.match(ln)
        if c:
            creator = c["func"]
            cur.parent = int(c["parent"]) if c["parent"] else None
            continue
        func = ln.strip()
    return gs


def _group(gs: list[Goroutine], keep) -> list[list[Goroutine]]:
    """Goroutines with the same state, stack and creation site, in order of first appearance."""
    groups: dict[tuple, list[Goroutine]] = {}
    for g in gs:
        if not keep(g):
            continue
        key = (g.reason, tuple((fr.rel or fr.file, fr.line) for fr in g.frames), (g.created_by.file, g.created_by.line) if g.created_by else None)
        groups.setdefault(key, []).append(g)
    return list(groups.values())


def _stuck_finding(rule: str, gs: list[Goroutine], here: Frame, lines_: "_Lines", head: str, tail: str) -> Finding:
    g = gs[0]
    n = len(gs)
    who = f"{n} goroutines" if n > 1 else f"goroutine {g.id}"
    waited = max((x.waited for x in gs), key=len, default="")
    related = []
    cb = g.created_by
    if cb and cb.rel and (cb.rel, cb.line) != (here.rel, here.line):
        related.append(Related(lines_.span(cb.rel, cb.line), f"the blocked goroutine was created here by {_short_func(cb.func)}"))
    # the callers in the repository: a static finding at one of them is about the same stack
    callers = [fr for fr in g.frames if fr.rel and fr is not here and not _is_wrapper(fr)]
    for fr in callers[:_CALLERS]:
        related.append(Related(lines_.span(fr.rel, fr.line), f"called from {_short_func(fr.func)}"))
    msg = (
        f"{head}: {who} stuck in {g.reason}{' for ' + waited if waited else ''} in "
        f"{_short_func(here.func)}. {tail}\n"
        f"{_excerpt([f for f in g.frames if not _is_wrapper(f)])}" + (f"\n    created by {_short_func(cb.func)}  {cb.where()}" if cb else "")
    )
    return Finding(
        rule_id=rule,
        severity=Severity.ERROR,
        message=msg,
        span=lines_.span(here.rel, here.line),
        related=related,
        fingerprint=_fingerprint(rule, here.rel, g.reason, *[_short_func(f.func) for f in g.frames[:4]], lines_.text(here.rel, here.line)),
    )


def _is_wrapper(fr: Frame) -> bool:
    return bool(fr.rel) and posixpath.basename(fr.rel) == leakcheck.WRAPPER_NAME


def _own_frame(frames: list[Frame]) -> Frame | None:
    return _first_repo_frame([f for f in frames if not _is_wrapper(f)])


def parse_hang(text: str, workdir: str | Path | None = None, repo_root: str = SANDBOX_REPO, package: str = "") -> list[Finding]:
    """``hang-detected`` findings from a test timeout or a runtime deadlock report."""
    t = _TIMEOUT.search(text)
    deadlock = _DEADLOCK in text
    if not t and not deadlock:
        return []
    start = t.start() if t else text.index(_DEADLOCK)
    how = f"the test timeout of {t['after']} expired" if t else "the Go runtime reported: all goroutines are asleep - deadlock!"
    lines_ = _Lines(workdir)
    # testing framework, runtime and _testmain.go goroutines have no frame of the repository
    groups = _group(parse_goroutine_dump(text[start:], repo_root), lambda g: any(g.reason.startswith(b) for b in _BLOCKING) and _own_frame(g.frames))
    head = f"Goroutine blocked forever, observed at run time ({how}{' in ' + package if package else ''})"
    tail = "A goroutine that never unblocks is never collected: it leaks memory, or hangs its caller."
    return dedupe([_stuck_finding(HANG_RULE, gs, _own_frame(gs[0].frames), lines_, head, tail) for gs in groups])


# ---------------------------------------------------------------- leaks (replay/leakcheck.py)


def parse_leaks(text: str, workdir: str | Path | None = None, repo_root: str = SANDBOX_REPO, package: str = "", grace: str = "") -> list[Finding]:
    """``leak-detected`` findings from the leak check's report: goroutines of the repository
    still alive when the package's tests had ended (and a grace period had passed). The
    finding is where the goroutine is blocked in the repository's code, or the line that
    started it when it is blocked in a library."""
    end = text.rfind(leakcheck.END)
    begin = text.rfind(leakcheck.BEGIN, 0, end if end >= 0 else len(text))
    if begin < 0 or end < 0:
        return []
    lines_ = _Lines(workdir)

    def where(g: Goroutine) -> Frame | None:
        own = _own_frame(g.frames)
        if own is not None and not _is_vendor(own.rel):
            return own
        cb = g.created_by
        return cb if cb and cb.rel and not _is_vendor(cb.rel) and not _is_wrapper(cb) else own

    groups = _group(parse_goroutine_dump(text[begin:end], repo_root), where)
    head = (
        f"Goroutine leaked, observed at run time (still alive when the tests of "
        f"{package or 'the package'} had ended{', ' + grace + ' later' if grace else ''})"
    )
    tail = "Nothing will ever wake it: it keeps its stack and everything it references for the life of the process."
    return dedupe([_stuck_finding(LEAK_RULE, gs, where(gs[0]), lines_, head, tail) for gs in groups])


# ---------------------------------------------------------------- runtime panics

# What the runtime prints -> the rule that predicts it. A report with no rule of its own is
# PANIC_RULE; either way it confirms a static finding on the same line (merge).
_PANICS: tuple[tuple[str, str], ...] = (
    ("send on closed channel", "send-on-closed-channel"),
    ("close of closed channel", "double-close"),
    ("close of nil channel", "nil-channel-op"),
    ("sync: negative WaitGroup counter", PANIC_RULE),
    ("sync: WaitGroup is reused before previous Wait has returned", PANIC_RULE),
    ("sync: unlock of unlocked mutex", "mutex-unlock-not-locked"),
    ("sync: Unlock of unlocked RWMutex", "mutex-unlock-not-locked"),
    ("sync: RUnlock of unlocked RWMutex", "mutex-unlock-not-locked"),
    ("concurrent map writes", "map-concurrent-write"),
    ("concurrent map read and map write", "map-concurrent-write"),
    ("concurrent map iteration and map write", "map-range-during-write"),
)
_PANIC_LINE = re.compile(r"^(?:panic|fatal error): (?P<what>.+?)(?: \[recovered.*\])?$", re.M)


def panic_rule(what: str) -> str | None:
    for text, rule in _PANICS:
        if what == text or what.startswith(text):
            return rule
    return None


def parse_panics(text: str, workdir: str | Path | None = None, repo_root: str = SANDBOX_REPO, package: str = "") -> list[Finding]:
    """Findings for the concurrency panics and fatal errors of the runtime, at the line of the
    repository where the panicking goroutine was (the first goroutine of the dump after it)."""
    lines_ = _Lines(workdir)
    out = []
    for m in _PANIC_LINE.finditer(text):
        what = m["what"].strip()
        rule = panic_rule(what)
        if rule is None:
            continue
        gs = parse_goroutine_dump(text[m.end() : m.end() + 200_000], repo_root)
        if not gs:
            continue
        g = gs[0]
        here = _own_frame(g.frames)
        if here is None:
            continue
        kind = "fatal error" if m.group(0).startswith("fatal") else "panic"
        related = []
        cb = g.created_by
        if cb and cb.rel:
            related.append(Related(lines_.span(cb.rel, cb.line), f"the goroutine was created here by {_short_func(cb.func)}"))
        msg = (
            f"The runtime stopped the tests with `{kind}: {what}` (observed at run time"
            f"{' in ' + package if package else ''}) in {_short_func(here.func)}.\n"
            f"{_excerpt([f for f in g.frames if f.rel or not f.func.startswith(('panic(', 'runtime.', 'testing.', 'internal/'))])}"
            + (f"\n    created by {_short_func(cb.func)}  {cb.where()}" if cb else "")
        )
        out.append(
            Finding(
                rule_id=rule,
                severity=Severity.ERROR,
                message=msg,
                span=lines_.span(here.rel, here.line),
                related=related,
                fingerprint=_fingerprint(PANIC_RULE, here.rel, what, *[_short_func(f.func) for f in g.frames[:4]], lines_.text(here.rel, here.line)),
            )
        )
    return dedupe(out)


# ---------------------------------------------------------------- dedupe and merge


def dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set = set()
    out = []
    for f in findings:
        key = (f.rule_id, f.span.path, f.span.start_line, f.fingerprint)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return sorted(out, key=lambda f: (f.span.path, f.span.start_line, f.span.start_col, f.rule_id))


def _locs(f: Finding, with_related: bool) -> set[tuple[str, int]]:
    s = {(f.span.path, f.span.start_line)}
    if with_related:
        s |= {(r.span.path, r.span.start_line) for r in f.related}
    return s


def _confirmed_by(r: Finding) -> str:
    if r.rule_id == RACE_RULE:
        return "the race detector (go test -race)"
    if r.rule_id == HANG_RULE:
        return "a hang at run time"
    if r.rule_id == LEAK_RULE:
        return "a goroutine leak at run time"
    return "a run-time panic"


def is_vet(f: Finding) -> bool:
    return f.rule_id.startswith("vet-")


def merge(static_findings: list[Finding], runtime_findings: list[Finding]) -> list[Finding]:
    """Static findings confirmed by a runtime report become one finding: the static rule id,
    fingerprint and fixes, the message saying it was confirmed (with a stack excerpt), and the
    runtime evidence added to ``related``. Runtime reports (races, hangs, leaks, panics) that
    confirmed nothing, and vet findings, are returned as they are."""
    runtime = [f for f in runtime_findings if not is_vet(f)]
    others = [f for f in runtime_findings if is_vet(f)]
    used: set[int] = set()
    out: list[Finding] = []
    for s in static_findings:
        s_locs = _locs(s, with_related=True)
        hits = []
        for i, r in enumerate(runtime):
            # the runtime report's own location, for a race the other access too
            r_locs = {(r.span.path, r.span.start_line)}
            if r.rule_id == RACE_RULE:
                r_locs |= {(x.span.path, x.span.start_line) for x in r.related if x.message.startswith("the other access")}
            elif r.rule_id in (HANG_RULE, LEAK_RULE):
                # a goroutine blocked in a callee of the line the static rule points at
                r_locs |= {(x.span.path, x.span.start_line) for x in r.related if x.message.startswith("called from")}
            if r_locs & s_locs:
                hits.append(i)
        if not hits:
            out.append(s)
            continue
        used.update(hits)
        msg = s.message
        related = list(s.related)
        sev = s.severity
        for i in hits:
            r = runtime[i]
            excerpt = r.message.split("\n", 1)[1] if "\n" in r.message else ""
            head = r.message.split("\n", 1)[0]
            msg += f"\n\nConfirmed by {_confirmed_by(r)} at {r.span.path}:{r.span.start_line}: {head}" + (f"\n{excerpt}" if excerpt else "")
            related.append(Related(r.span, f"{r.rule_id}: observed at run time here"))
            related.extend(x for x in r.related if x not in related)
            if r.severity.rank > sev.rank:
                sev = r.severity
        out.append(replace(s, message=msg, related=related, severity=sev))
    out.extend(r for i, r in enumerate(runtime) if i not in used)
    out.extend(others)
    return sorted(out, key=lambda f: (f.span.path, f.span.start_line, f.span.start_col, f.rule_id))
