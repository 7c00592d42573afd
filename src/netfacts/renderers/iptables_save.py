"""Render tables back to ``iptables-save`` text.

Rules that were parsed and never built are printed from their rows, byte for byte; built
or constructed rules are printed in ``iptables-save``'s canonical order (``-s -d -i -o
-p -f``, matches, target) with its quoting rule, which is the same text for everything
``iptables-save`` itself printed.
"""

from __future__ import annotations

from netfacts.models.firewall import (
    IptablesRule,
    IptablesSaveOutput,
    LazyTuple,
    RuleOption,
    SavedTable,
    save_quote,
)
from netfacts.models.values import IPNetwork

__all__ = ["render_iptables_save", "render_rule", "rule_arguments"]


def _address(value: IPNetwork | str) -> str:
    return value if isinstance(value, str) else f"{value.network_address}/{value.prefixlen}"


def _option(option: RuleOption) -> str:
    text = ("! --" if option.negated else "--") + option.name
    for value in option.values:
        text += " " + (save_quote(value) if option.quoted else value)
    return text


def rule_arguments(rule: IptablesRule) -> str:
    """What follows ``-A CHAIN`` (with its leading space; empty for a bare rule)."""
    parts: list[str] = []
    for value, negated, switch in (
        (rule.source, rule.source_negated, "-s"),
        (rule.destination, rule.destination_negated, "-d"),
        (rule.in_interface, rule.in_negated, "-i"),
        (rule.out_interface, rule.out_negated, "-o"),
        (rule.protocol, rule.protocol_negated, "-p"),
    ):
        if value is not None:
            if negated:
                parts.append("!")
            parts.append(switch)
            parts.append(_address(value))
    if rule.fragment is not None:
        parts.append("-f" if rule.fragment else "! -f")
    for match in rule.matches:
        if not match.implicit:
            parts.append("-m " + match.module)
        parts.extend(_option(option) for option in match.options)
    if rule.target is not None:
        parts.append(("-g " if rule.goto else "-j ") + rule.target)
    parts.extend(_option(option) for option in rule.target_options)
    return "".join(" " + part for part in parts)


def render_rule(rule: IptablesRule) -> str:
    """One rule line (``[p:b] -A CHAIN ...``)."""
    counters = "" if rule.packets is None else f"[{rule.packets}:{rule.bytes or 0}] "
    return f"{counters}-A {rule.chain}{rule_arguments(rule)}"


def _table(table: SavedTable, out: list[str]) -> None:
    if table.generated is not None:
        out.append(f"# {table.generated}")
    out.append(f"*{table.name}")
    for chain in table.chains:
        out.append(f":{chain.name} {chain.policy or '-'} [{chain.packets}:{chain.bytes}]")
    rules = table.rules
    rows = rules.rows if isinstance(rules, LazyTuple) else None
    if rows is not None:
        for chain, body, packets, bytes_ in rows:
            counters = "" if packets is None else f"[{packets}:{bytes_}] "
            out.append(f"{counters}-A {chain}{body}")
    else:
        out.extend(render_rule(rule) for rule in rules)
    if table.committed:
        out.append("COMMIT")
    if table.completed is not None:
        out.append(f"# {table.completed}")


def render_iptables_save(output: IptablesSaveOutput) -> str:
    """The text ``iptables-save`` prints for ``output``."""
    out = [f"# {note}" for note in output.form.notes]
    for table in output.tables:
        _table(table, out)
    return "".join(line + "\n" for line in out)
