"""``ip -j rule`` shaped JSON for parsed rules (key names from iproute2's ``print_rule``)."""

from __future__ import annotations

from typing import Any

from netfacts.jsonio.ip_route import realms_to_json
from netfacts.models.rule import IpRuleOutput, Rule
from netfacts.models.values import IPInterface, ip_text, is_decimal

__all__ = ["ip_rule_to_json", "rule_to_json"]


def _prefix(out: dict[str, Any], key: str, prefix: IPInterface | None) -> None:
    if prefix is None:
        if key == "src":
            out["src"] = "all"
        return
    out[key] = ip_text(prefix.ip)
    if prefix.network.prefixlen != prefix.max_prefixlen:
        out[key + "len"] = prefix.network.prefixlen


def _ports(out: dict[str, Any], key: str, value: str) -> None:
    start, dash, end = value.partition("-")
    if dash and is_decimal(start) and is_decimal(end):
        out[f"{key}_start"] = int(start)
        out[f"{key}_end"] = int(end)
    elif dash:
        out[key] = value
    else:
        out[key] = int(start) if is_decimal(start) else start


def rule_to_json(rule: Rule) -> dict[str, Any]:
    """One rule object."""
    out: dict[str, Any] = {"priority": rule.priority}
    if rule.invert:
        out["not"] = None
    _prefix(out, "src", rule.src)
    _prefix(out, "dst", rule.dst)
    if rule.tos is not None:
        out["tos"] = rule.tos
    if rule.fwmark is not None:
        out["fwmark"] = rule.fwmark
    if rule.fwmask is not None:
        out["fwmask"] = rule.fwmask
    if rule.iif is not None:
        out["iif"] = rule.iif
        if rule.iif_detached:
            out["iif_detached"] = None
    if rule.oif is not None:
        out["oif"] = rule.oif
        if rule.oif_detached:
            out["oif_detached"] = None
    if rule.l3mdev:
        out["l3mdev"] = 1
    if rule.uidrange is not None:
        out["uid_start"], out["uid_end"] = rule.uidrange
    if rule.ipproto is not None:
        out["ipproto"] = rule.ipproto
    if rule.sport is not None:
        _ports(out, "sport", rule.sport)
    if rule.dport is not None:
        _ports(out, "dport", rule.dport)
    if rule.tun_id is not None:
        out["tun_id"] = rule.tun_id
    if rule.table is not None:
        out["table"] = rule.table
    if rule.suppress_prefixlength is not None:
        out["suppress_prefixlen"] = rule.suppress_prefixlength
    if rule.suppress_ifgroup is not None:
        out["suppress_ifgroup"] = rule.suppress_ifgroup
    if rule.realms is not None:
        out["flow"] = realms_to_json(rule.realms)
    if rule.protocol is not None:
        out["protocol"] = rule.protocol
    if rule.goto is not None:
        out["action"] = "goto"
        out["target"] = rule.goto
    elif rule.action is not None:
        out["action"] = rule.action
    for key, value in rule.extra:
        out.setdefault(key, value or True)
    return out


def ip_rule_to_json(output: IpRuleOutput) -> list[dict[str, Any]]:
    """The JSON array ``ip -j rule`` prints."""
    return [rule_to_json(rule) for rule in output.rules]
