"""Snapshot hooks of the iptables categories: merging tables, diffing chains.

A snapshot keeps the tables of ``iptables-save`` dumps (category ``iptables``) and of
``iptables -L`` listings (``iptables_listings``); :attr:`Snapshot.firewall
<netfacts.models.snapshot.Snapshot.firewall>` offers both.  A diff compares chains, not
rules (rule order and counters differ between healthy nodes; the Services derived from the
rules are compared by the ``services`` category): per chain its policy and its number of
rules, the latter volatile.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from netfacts.models.firewall import ListedTable, SavedTable

if TYPE_CHECKING:
    from netfacts.diff import _Viewer
    from netfacts.snapshot import Facts, Parsed, _Builder

__all__ = ["diff_chains", "merge_tables"]


def merge_tables(builder: _Builder, facts: Facts, name: str, parsed: list[Parsed]) -> None:
    """Every parsed table, in rank order (no de-duplication: tables are large)."""
    for item in parsed:
        facts.add(name, item.records, item.origins(), unique=False, parsed=item)


def _chains(viewer: _Viewer, tables: Sequence[SavedTable | ListedTable]) -> None:
    for table in tables:
        counts: dict[str, int] = {}
        if isinstance(table, SavedTable):
            for rule in table.rules:
                counts[rule.chain] = counts.get(rule.chain, 0) + 1
        else:
            counts = {chain.name: len(chain.rules) for chain in table.chains}
        for chain in table.chains:
            def fields(chain: Any = chain, rules: int = counts.get(chain.name, 0)
                       ) -> dict[str, Any]:
                data: dict[str, Any] = {"policy": chain.policy}
                if viewer.volatile:
                    data["rules"] = rules
                return data

            key = f"ipv{table.family} {table.name or '?'} {chain.name}"
            viewer.put("chain", key, chain, fields)


def diff_chains(viewer: _Viewer) -> None:
    """Chains of every table, ``ipv4 filter FORWARD`` → policy: those of ``iptables-save``
    dumps, and of the listed tables no dump of the node shows."""
    saved = viewer.snapshot.records("iptables")
    tables = {(t.family, t.name) for t in saved}
    _chains(viewer, saved)
    _chains(viewer, [t for t in viewer.snapshot.records("iptables_listings")
                     if (t.family, t.name) not in tables])
