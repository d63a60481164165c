"""`/goleash explain RULE`: a rule's documentation as a reply."""

from __future__ import annotations

from goleash.rules.catalog import all_rules, get_rule

from .registry import Invocation, command


def rule_list() -> str:
    return ", ".join(f"`{r.id}`" for r in all_rules())


def unknown_rule(inv: Invocation, name: str) -> str:
    """Reply that the first argument is not a rule (or is missing), with the rules there are."""
    what = f"`{inv.args[0]}` is not a goleash rule" if inv.args else f"`/goleash {name}` needs a rule id"
    inv.reply(f"@{inv.user} {what}. The rules: {rule_list()}.")
    inv.react("confused")
    return "unknown_rule"


@command("explain", usage="RULE", summary="explain a rule", details="the rule's documentation")
def explain(inv: Invocation) -> str:
    rule = get_rule(inv.args[0]) if inv.args else None
    if rule is None:
        return unknown_rule(inv, "explain")
    inv.reply(rule.markdown())
    inv.react("+1")
    return "ok"
