"""``iptables -L`` listings as JSON (netfacts' own shape; iptables has no JSON output).

::

    {"program": "iptables", "table": "nat", "verbose": true, "numeric": true,
     "exact": false, "line_numbers": false, "notes": [],
     "chains": [{"name": "KUBE-NODEPORTS", "policy": null, "packets": null, "bytes": null,
                 "references": 1, "rules": [
        {"line": 3, "number": null, "packets": 12, "bytes": 720,
         "target": "KUBE-EXT-XRY76EGRC3BSCIIJ", "protocol": "6", "protocol_name": "tcp",
         "protocol_negated": false, "opt": "--",
         "in_interface": null, "in_negated": false, "out_interface": null, "out_negated": false,
         "source": "0.0.0.0/0", "source_negated": false,
         "destination": "0.0.0.0/0", "destination_negated": false,
         "goto": false, "options": "/* demo/web:http */ tcp dpt:30080"}]}]}

Counters are numbers (``429K`` is 429000: without ``-x`` they are as exact as printed);
``target`` is null for an empty target cell; interfaces are null for any (``*``);
addresses are text with the prefix length (a host is ``/32``); ``protocol`` is as
printed, ``protocol_name`` the name (``6`` → ``tcp``).  jc's ``iptables`` parser names
the same columns ``pkts``, ``bytes``, ``target``, ``prot``, ``opt``, ``in``, ``out``,
``source``, ``destination``, ``options`` and keeps negation inside the text.
"""

from __future__ import annotations

from typing import Any

from netfacts.models.firewall import IptablesOutput, ListedChain, ListedRule, ListedTable

__all__ = ["chain_to_json", "iptables_to_json", "listed_rule_to_json", "snapshot_view"]


def _address(value: object) -> str:
    return value if isinstance(value, str) else str(value)


def listed_rule_to_json(rule: ListedRule, line: int | None = None) -> dict[str, Any]:
    """One row."""
    return {
        "line": line,
        "number": rule.number,
        "packets": rule.packets,
        "bytes": rule.bytes,
        "target": rule.target,
        "protocol": rule.protocol,
        "protocol_name": rule.protocol_name,
        "protocol_negated": rule.protocol_negated,
        "opt": rule.opt,
        "in_interface": rule.in_interface,
        "in_negated": rule.in_negated,
        "out_interface": rule.out_interface,
        "out_negated": rule.out_negated,
        "source": _address(rule.source),
        "source_negated": rule.source_negated,
        "destination": _address(rule.destination),
        "destination_negated": rule.destination_negated,
        "goto": rule.goto,
        "options": rule.options,
    }


def chain_to_json(chain: ListedChain) -> dict[str, Any]:
    """One chain with its rows."""
    lines = chain.rule_lines if len(chain.rule_lines) == len(chain.rules) else None
    return {
        "name": chain.name, "policy": chain.policy, "packets": chain.packets,
        "bytes": chain.bytes, "references": chain.references,
        "rules": [listed_rule_to_json(rule, None if lines is None else lines[index])
                  for index, rule in enumerate(chain.rules)],
    }


def iptables_to_json(output: IptablesOutput) -> dict[str, Any]:
    """The whole listing."""
    form = output.form
    return {
        "program": form.command, "table": form.table, "verbose": form.verbose,
        "numeric": form.numeric, "exact": form.exact, "line_numbers": form.line_numbers,
        "notes": list(form.notes), "chains": [chain_to_json(chain) for chain in output.chains],
    }


def snapshot_view(table: ListedTable) -> dict[str, Any]:
    """A listed table in a snapshot file."""
    return {"name": table.name, "family": table.family,
            "chains": [chain_to_json(chain) for chain in table.chains]}
