"""``iptables-save`` as JSON (netfacts' own shape: iptables has no JSON output).

::

    {"program": "iptables-save", "version": "v1.8.9", "backend": "nf_tables",
     "counters": false, "notes": [],
     "tables": [{"name": "nat", "committed": true, "chains": [
        {"name": "KUBE-SERVICES", "policy": null, "packets": 0, "bytes": 0, "rules": [
           {"line": 12, "packets": null, "bytes": null,
            "source": null, "source_negated": false,
            "destination": "10.96.0.1/32", "destination_negated": false,
            "in_interface": null, "in_negated": false,
            "out_interface": null, "out_negated": false,
            "protocol": "tcp", "protocol_negated": false, "fragment": null,
            "matches": [{"module": "comment", "options": [
                           {"name": "comment", "values": ["default/kubernetes:https cluster IP"],
                            "negated": false}]},
                        {"module": "tcp", "options": [
                           {"name": "dport", "values": ["443"], "negated": false}]}],
            "target": "KUBE-SVC-NPX46M4PTMTKRN6Y", "goto": false, "target_options": []}]}]}]}

Rules are listed under their chain (in the order printed); a rule whose chain has no
``:CHAIN`` line gets a chain object with ``policy``, ``packets`` and ``bytes`` null.
Addresses are text (``/32`` included); a match written without ``-m`` has
``"implicit": true``.  ``line`` is the rule's line in the parsed text (null when unknown).
"""

from __future__ import annotations

from typing import Any

from netfacts.models.firewall import IptablesRule, IptablesSaveOutput, RuleOption, SavedTable

__all__ = ["iptables_save_to_json", "rule_to_json", "snapshot_view", "table_to_json"]


def _option(option: RuleOption) -> dict[str, Any]:
    return {"name": option.name, "values": list(option.values), "negated": option.negated}


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def rule_to_json(rule: IptablesRule, line: int | None = None) -> dict[str, Any]:
    """One rule object."""
    matches = []
    for match in rule.matches:
        item: dict[str, Any] = {"module": match.module,
                                "options": [_option(option) for option in match.options]}
        if match.implicit:
            item["implicit"] = True
        matches.append(item)
    return {
        "line": line,
        "packets": rule.packets,
        "bytes": rule.bytes,
        "source": _text(rule.source),
        "source_negated": rule.source_negated,
        "destination": _text(rule.destination),
        "destination_negated": rule.destination_negated,
        "in_interface": rule.in_interface,
        "in_negated": rule.in_negated,
        "out_interface": rule.out_interface,
        "out_negated": rule.out_negated,
        "protocol": rule.protocol,
        "protocol_negated": rule.protocol_negated,
        "fragment": rule.fragment,
        "matches": matches,
        "target": rule.target,
        "goto": rule.goto,
        "target_options": [_option(option) for option in rule.target_options],
    }


def table_to_json(table: SavedTable) -> dict[str, Any]:
    """One table object with its chains and their rules."""
    chains: dict[str, dict[str, Any]] = {}
    for chain in table.chains:
        chains[chain.name] = {"name": chain.name, "policy": chain.policy,
                              "packets": chain.packets, "bytes": chain.bytes, "rules": []}
    lines = table.rule_lines if len(table.rule_lines) == len(table.rules) else None
    for index, rule in enumerate(table.rules):
        entry = chains.get(rule.chain)
        if entry is None:
            entry = chains[rule.chain] = {"name": rule.chain, "policy": None,
                                          "packets": None, "bytes": None, "rules": []}
        entry["rules"].append(rule_to_json(rule, None if lines is None else lines[index]))
    return {"name": table.name, "committed": table.committed, "chains": list(chains.values())}


def iptables_save_to_json(output: IptablesSaveOutput) -> dict[str, Any]:
    """The whole dump."""
    form = output.form
    return {
        "program": form.command,
        "version": form.version,
        "backend": form.backend,
        "counters": form.counters,
        "notes": list(form.notes),
        "tables": [table_to_json(table) for table in output.tables],
    }


def snapshot_view(table: SavedTable) -> dict[str, Any]:
    """A table in a snapshot file: :func:`table_to_json` with the family."""
    return {"family": table.family, **table_to_json(table)}
