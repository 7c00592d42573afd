"""Render rules back to ``ip rule`` text."""

from __future__ import annotations

from netfacts.models.rule import IpRuleOutput, Rule
from netfacts.models.values import IPInterface, ip_text

__all__ = ["render_ip_rule", "rule_text"]


def _prefix(prefix: IPInterface | None) -> str:
    if prefix is None:
        return "all"
    length = prefix.network.prefixlen
    if length == prefix.max_prefixlen:
        return ip_text(prefix.ip)
    return f"{ip_text(prefix.ip)}/{length}"


def _line(rule: Rule) -> str:
    parts = [f"{rule.priority}:\t"]
    if rule.invert:
        parts.append("not ")
    parts.append(f"from {_prefix(rule.src)}")
    if rule.dst is not None:
        parts.append(f" to {_prefix(rule.dst)}")
    if rule.tos is not None:
        parts.append(f" tos {rule.tos}")
    if rule.fwmark is not None:
        mask = f"/{rule.fwmask}" if rule.fwmask is not None else ""
        parts.append(f" fwmark {rule.fwmark}{mask}")
    if rule.iif is not None:
        parts.append(f" iif {rule.iif}" + (" [detached]" if rule.iif_detached else ""))
    if rule.oif is not None:
        parts.append(f" oif {rule.oif}" + (" [detached]" if rule.oif_detached else ""))
    if rule.uidrange is not None:
        parts.append(f" uidrange {rule.uidrange[0]}-{rule.uidrange[1]}")
    for keyword, value in (("ipproto", rule.ipproto), ("sport", rule.sport),
                           ("dport", rule.dport), ("tun_id", rule.tun_id)):
        if value is not None:
            parts.append(f" {keyword} {value}")
    if rule.l3mdev:
        parts.append(" lookup [l3mdev-table]")
    if rule.table is not None:
        parts.append(f" lookup {rule.table}")
    if rule.suppress_prefixlength is not None:
        parts.append(f" suppress_prefixlength {rule.suppress_prefixlength}")
    if rule.suppress_ifgroup is not None:
        parts.append(f" suppress_ifgroup {rule.suppress_ifgroup}")
    if rule.realms is not None:
        parts.append(f" realms {rule.realms}")
    if rule.protocol is not None:
        parts.append(f" proto {rule.protocol}")
    if rule.goto is not None:
        parts.append(f" goto {rule.goto}")
    elif rule.action is not None:
        parts.append(f" {rule.action}")
    parts.extend(f" {k} {v}" if v else f" {k}" for k, v in rule.extra)
    return "".join(parts)


def rule_text(rule: Rule) -> str:
    """The ``ip rule`` line (``str(rule)``): ``1000:\tfrom 10.90.0.0/16 lookup 100``."""
    return _line(rule)


def render_ip_rule(output: IpRuleOutput) -> str:
    """Text of ``output``."""
    return "".join(_line(rule) + "\n" for rule in output.rules)
