"""The package as users install it: the wheel, in a fresh venv, without extras.

Everything the App reads must be in the wheel, every module must import with the runtime
dependencies alone, and nothing may land on sys.path under a bare name such as `rules`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["pyproject.toml", "README.md", "LICENSE", "bot", "workers", "rules", "replay", "cli"]
PACKAGES = {"bot", "workers", "rules", "replay", "cli"}

IMPORT_ALL = r"""
import importlib, importlib.util, json, pkgutil, sys
import goleash
names = sorted(m.name for m in pkgutil.walk_packages(goleash.__path__, "goleash."))
for name in names:
    importlib.import_module(name)
bare = [n for n in ("bot", "workers", "rules", "replay", "cli", "ghsandbox") if importlib.util.find_spec(n)]
print(json.dumps({"modules": names, "bare": bare}))
"""


def run(argv, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True, timeout=600, **kw)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in SOURCES:  # a copy: building in the checkout would leave build/ behind
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(
            ROOT / name, src / name, **({"ignore": shutil.ignore_patterns("__pycache__")} if (ROOT / name).is_dir() else {})
        )
    dist = tmp / "dist"
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(src)])
    assert built.returncode == 0, built.stderr
    wheel = next(dist.glob("goleash-*.whl"))
    venv = tmp / "venv"
    assert run([sys.executable, "-m", "venv", str(venv)]).returncode == 0
    py = venv / "bin" / "python"
    got = run([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)])
    assert got.returncode == 0, got.stderr
    work = tmp / "work"  # a directory with nothing importable in it
    work.mkdir()
    key = tmp / "app.pem"
    key.write_text(run(["openssl", "genrsa", "2048"]).stdout)
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(tmp),
        "GOLEASH_WEBHOOK_SECRET": "s" * 32,
        "GITHUB_APP_ID": "1",
        "GITHUB_PRIVATE_KEY_FILE": str(key),
        "REDIS_URL": "redis://127.0.0.1:6379/5",
    }
    return {"wheel": wheel, "py": py, "bin": venv / "bin", "cwd": work, "env": env}


def test_the_wheel_holds_one_namespace_and_every_source_file(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"goleash"}
    assert not any(n.startswith("goleash/__init__") for n in names), "goleash stays a namespace"
    for package in PACKAGES:
        for f in (ROOT / package).rglob("*"):
            if f.suffix in (".py", ".json") and "__pycache__" not in f.parts:
                assert f"goleash/{package}/{f.relative_to(ROOT / package)}" in names, f"{f} is not shipped"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_every_module_imports_without_extras(installed):
    out = run([str(installed["py"]), "-I", "-c", IMPORT_ALL], cwd=installed["cwd"], env=installed["env"])
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout.strip().splitlines()[-1])
    expected = {
        f"goleash.{p}.{f.relative_to(ROOT / p).with_suffix('').as_posix().replace('/', '.')}".removesuffix(".__init__")
        for p in PACKAGES
        for f in (ROOT / p).rglob("*.py")
    }
    assert expected <= set(found["modules"])
    assert found["bare"] == []
    dev_only = run([str(installed["py"]), "-I", "-c", "import pytest"], cwd=installed["cwd"])
    assert dev_only.returncode != 0, "the fresh venv is not fresh: it has the dev extra"


def test_check_finds_what_the_checkout_finds(installed):
    argv = ["check", str(ROOT / "examples" / "inventory"), "--format", "json"]
    out = run([str(installed["bin"] / "goleash"), *argv], cwd=installed["cwd"], env=installed["env"])
    assert out.returncode == 1, out.stderr
    here = run([sys.executable, "-m", "goleash.rules.cli", *argv], cwd=installed["cwd"])
    findings = json.loads(out.stdout)["findings"]
    assert findings and findings == json.loads(here.stdout)["findings"]


@pytest.mark.parametrize(
    "argv, role",
    [
        (["serve", "--check"], "receiver"),
        (["serve", "--setup", "--check"], "setup"),
        (["worker", "--check"], "worker"),
        (["worker", "--queue", "replays", "--check"], "worker"),
        (["all", "--check"], "all"),
    ],
)
def test_app_processes_load_their_configuration(installed, argv, role):
    env = dict(installed["env"], GOLEASH_PUBLIC_URL="https://goleash.example.com")
    out = run([str(installed["bin"] / "goleash"), *argv], cwd=installed["cwd"], env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith(f"goleash {role}: configuration ok")


def test_a_missing_setting_is_named_and_nothing_starts(installed):
    env = {k: v for k, v in installed["env"].items() if k != "GOLEASH_WEBHOOK_SECRET"}
    out = run([str(installed["bin"] / "goleash"), "serve", "--check"], cwd=installed["cwd"], env=env)
    assert out.returncode == 2
    assert "GOLEASH_WEBHOOK_SECRET" in out.stderr
    assert os.listdir(installed["cwd"]) == []
