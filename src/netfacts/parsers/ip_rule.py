"""Parse ``ip rule`` text into :class:`~netfacts.models.rule.Rule` records.

    >>> from netfacts.parsers.ip_rule import parse_ip_rule
    >>> rule = parse_ip_rule("1000:\\tfrom 10.90.0.0/16 lookup 100\\n").rules[0]
    >>> rule.priority, str(rule.src), rule.table
    (1000, '10.90.0.0/16', '100')
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from typing import Any

from netfacts._text import split_lines
from netfacts.grammar import ip_rule as g
from netfacts.grammar._keywords import walk
from netfacts.models.rule import IpRuleForm, IpRuleOutput, Rule
from netfacts.models.values import IPInterface
from netfacts.parsers._driver import BAD_VALUES, Collector

__all__ = ["parse_ip_rule", "sniff"]

_SHAPE = g.SHAPES["rule"]
_ACTIONS = frozenset(g.RULE_ACTIONS)


class _BadPrefix(Exception):
    """A ``from``/``to`` value that is not a prefix."""


def _prefix(text: str, v6: bool = False) -> IPInterface | None:
    if text == "all":
        return None
    try:
        if text.startswith("0/"):  # iproute2 prints a zero-length prefix's address as "0"
            return ipaddress.ip_interface(f"{'::' if v6 else '0.0.0.0'}/{text[2:]}")
        return ipaddress.ip_interface(text)
    except ValueError:
        raise _BadPrefix(text) from None


def _rule(match: re.Match[str], v6: bool = False) -> tuple[dict[str, Any], int | None, str]:
    """Fields of one rule line; the index and message of a bad token, if any."""
    fields: dict[str, Any] = {"priority": int(match.group("priority"))}
    if match.group("invert"):
        fields["invert"] = True
    fields["src"] = _prefix(match.group("src"), v6)
    tokens = (match.group("tail") or "").split()
    extra: list[tuple[str, str]] = []
    kept: list[str] = []
    for index, token in enumerate(tokens):
        if token == "[detached]" and kept and index >= 2:
            fields[tokens[index - 2] + "_detached"] = True
        elif token in _ACTIONS:
            fields["action"] = token
        elif token == "[l3mdev-table]" and kept and kept[-1] == "lookup":
            kept.pop()
            fields["l3mdev"] = True
        else:
            kept.append(token)
    walked = walk(kept, g.RULE_KEYS)
    values = walked.values
    values.pop("__end__", None)
    if "to" in values:
        values["dst"] = _prefix(values.pop("to"), v6)
    fwmark = values.get("fwmark")
    if fwmark is not None and "/" in fwmark:
        values["fwmark"], values["fwmask"] = fwmark.split("/", 1)
    uidrange = values.pop("uidrange", None)
    if uidrange is not None:
        start, _, end = uidrange.partition("-")
        values["uidrange"] = (int(start), int(end or start))
    fields.update(values)
    extra.extend(walked.unknown)
    if extra:
        fields["extra"] = tuple(extra)
    bad = walked.error
    return fields, (bad[0] if bad else None), (bad[1] if bad else "")


def parse_ip_rule(
    text: str, *, strict: bool = False, source: str | None = None, family: str | None = None
) -> IpRuleOutput:
    """Parse ``ip rule`` output (any family, any iproute2 version)."""
    collector = Collector(source=source, strict=strict)
    lines = split_lines(text)
    rules: list[Rule] = []
    record_lines: list[int] = []
    listed = {"inet": 4, "inet6": 6}.get(family or "")
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        if not line:
            continue
        match = _SHAPE.match(line)
        if match is None:
            collector.reject(number, line, _SHAPE)
            continue
        try:
            fields, bad_index, message = _rule(match, listed == 6)
            if bad_index is not None:
                column = match.start("tail") + 1 + _token_offset(match.group("tail"), bad_index)
                collector.error(number, column, message, line)
                continue
            if listed is not None:
                fields["command_family"] = listed
            rules.append(Rule(**fields))
            record_lines.append(number)
        except _BadPrefix:
            collector.error(number, match.start("src") + 1, "Expected a prefix or 'all'", line)
        except BAD_VALUES as exc:
            collector.bad_value(number, line, exc)
    collector.check_final_line(text, lines)
    return IpRuleOutput(
        rules=tuple(rules), form=IpRuleForm(family=family), diagnostics=collector.result(),
        source=source, record_lines=tuple(record_lines),
    )


def _token_offset(text: str, index: int) -> int:
    for n, match in enumerate(re.finditer(r"\S+", text)):
        if n == index:
            return match.start()
    return len(text)


_RULE_LINE = re.compile(r"^\d+:\s+(?:not\s+)?from\s")


def sniff(lines: Sequence[str]) -> tuple[str, int] | None:
    """Content sniffer: ``PRIO:<TAB>from ...`` lines."""
    if lines and all(_RULE_LINE.match(line) for line in lines[:10]):
        return "ip-rule", 95
    return None
