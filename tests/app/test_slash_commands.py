"""The slash command registry: the one place a command's name, aliases, permission, cooldown,
help text and handler are declared, and the texts made from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from goleash.workers.slash_commands import EVERYONE, REGISTRY, WRITE, Invocation, Registry
from goleash.workers.slash_commands import docs as commands_docs

ROOT = Path(__file__).resolve().parents[2]


def test_the_checked_in_commands_page_is_the_registrys():
    page = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    assert page == REGISTRY.docs_page(), "docs/commands.md is stale: run `make commands-docs`"


def test_docs_writer_writes_the_page(tmp_path):
    out = tmp_path / "commands.md"
    assert commands_docs.main([str(out)]) == 0
    assert out.read_text(encoding="utf-8") == REGISTRY.docs_page()


def test_every_command_module_is_registered_with_its_properties():
    found = {c.name: c for c in REGISTRY.all()}
    assert set(found) == {"explain", "help", "ignore", "replay", "review"}
    assert {n for n, c in found.items() if c.permission == WRITE} == {"ignore", "replay", "review"}
    assert {n: c.cooldown for n, c in found.items() if c.cooldown} == {"ignore": 5, "replay": 120, "review": 30}
    help_text = REGISTRY.help_reply()
    for c in found.values():
        assert f"| `{c.syntax}` | {c.summary} | {c.who} |" in help_text
        assert f"`{c.syntax}`" in REGISTRY.docs_page()


def test_lookup_by_name_alias_or_case_and_unknown_words():
    reg = Registry()
    ran = []

    @reg.command("rerun", summary="again", aliases=("again",), permission=WRITE, cooldown=7)
    def rerun(inv: Invocation) -> str:
        ran.append(inv.args)
        return "ok"

    assert reg.lookup("rerun") is reg.lookup("AGAIN") is reg.lookup("Again")
    assert reg.lookup("frob") is None and reg.lookup("") is None
    # A bare prefix is queued with the name "help" and no word.
    assert reg.resolve({"name": "again", "word": "Again"}).name == "rerun"
    assert reg.resolve({"name": "help", "word": ""}) is None
    spec = reg.lookup("again")
    assert spec.handler(Invocation({"repo": "a/b", "number": 1}, {"args": ["x"]}, None, None, None, None, reg)) == "ok"
    assert ran == [["x"]]
    assert "also `/goleash again`" in reg.docs_page() and "7 s" in reg.docs_page()
    assert not spec.allowed("read") and not spec.allowed("triage") and spec.allowed("maintain")


def test_names_are_unique_lowercase_words_and_permissions_known():
    reg = Registry()
    reg.command("one", summary="x")(lambda inv: "ok")
    with pytest.raises(ValueError, match="already /goleash one"):
        reg.command("two", summary="x", aliases=("one",))(lambda inv: "ok")
    with pytest.raises(ValueError, match="one lowercase word"):
        reg.command("Three", summary="x")(lambda inv: "ok")
    with pytest.raises(ValueError, match="permission"):
        reg.command("four", summary="x", permission="admin")
    assert [c.name for c in reg.all()] == ["one"]
    assert reg.lookup("one").permission == EVERYONE and reg.lookup("one").allowed("none")
