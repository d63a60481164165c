"""The slash command parser: line starts only, never in code or quotes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from goleash.bot.commands import MAX_PER_COMMENT, Command, parse
from goleash.workers.slash_commands import REGISTRY

COMMANDS = tuple(c.name for c in REGISTRY.all())


def names(body: str) -> list[str]:
    return [c.name for c in parse(body)]


def test_commands_at_line_start():
    assert names("/goleash review") == ["review"]
    assert names("LGTM\n/goleash review\n") == ["review"]
    assert names("  /goleash help") == ["help"]
    assert names("@goleash review") == ["review"]
    assert names("@GoLeash Review") == ["review"]
    assert names("/goleash") == ["help"]
    assert parse("/goleash ignore map-concurrent-write  it is  fine")[0] == Command(
        "ignore", ("map-concurrent-write", "it", "is", "fine"), "/goleash ignore map-concurrent-write  it is  fine", "ignore"
    )
    assert parse("/goleash ignore map-concurrent-write it is fine")[0].reason == "it is fine"
    assert parse("/goleash explain map-concurrent-write")[0].rule == "map-concurrent-write"
    # Which words are commands is the workers' registry's business, not the parser's.
    assert parse("/goleash Frob")[0] == Command("frob", (), "/goleash Frob", "Frob")


def test_not_a_command():
    assert names("please run /goleash review") == []
    assert names("/goleashreview") == []
    assert names("/other review") == []
    assert names("@goleash-bot review") == []


def test_code_blocks_and_quotes_are_skipped():
    assert names("```\n/goleash review\n```") == []
    assert names("~~~go\n/goleash review\n~~~\n/goleash help") == ["help"]
    assert names("````\n```\n/goleash review\n```\n````\n/goleash help") == ["help"]
    assert names("```\nunterminated\n/goleash review") == []
    assert names("> /goleash review") == []
    assert names(">> /goleash review\n") == []
    assert names("text\n\n    /goleash review\n") == []
    assert names("    /goleash review") == []
    assert names("\t/goleash review") == []
    assert names("text\n\n    code\n\n    /goleash review\nafter\n/goleash help") == ["help"]


def test_other_app_slug():
    assert [c.name for c in parse("@leash-dev review", "leash-dev")] == ["review"]
    assert [c.name for c in parse("/goleash review", "leash-dev")] == ["review"]


def test_at_most_a_few_commands_per_comment():
    assert len(parse("\n".join(["/goleash help"] * 50))) == MAX_PER_COMMENT


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@given(_text)
def test_parser_never_crashes_and_names_the_word_written(body):
    for c in parse(body):
        assert c.name == (c.word.lower() if c.word else "help")


@given(
    st.lists(st.sampled_from(["plain words", "", "    indented", "> quoted /goleash review", "/goleash help", "@goleash explain x"]), max_size=12),
    st.sampled_from(COMMANDS),
    st.sampled_from(["```", "~~~", "````go"]),
)
def test_fenced_commands_never_count(lines, cmd, fence):
    body = "\n".join(lines)
    close = fence.rstrip("go")
    fenced = f"{fence}\n/goleash {cmd}\n{close}"
    assert parse(body + "\n" + fenced) == parse(body)
    assert parse(body + "\n> /goleash " + cmd) == parse(body)


@given(
    st.sampled_from(COMMANDS),
    st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True), max_size=3),
    st.sampled_from(["/goleash", "@goleash"]),
    st.text(alphabet=" ", max_size=3),
)
def test_command_lines_roundtrip(cmd, args, prefix, indent):
    line = f"{indent}{prefix} {cmd} {' '.join(args)}".rstrip()
    [c] = parse("Some text first.\n" + line + "\nthanks")
    assert c.name == cmd and list(c.args) == args
    assert parse("> " + line) == []
    assert parse("```\n" + line + "\n```") == []
