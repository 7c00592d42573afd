"""Snapshot hooks of the ``nftables`` category: the tables of ``nft list ruleset``.

A snapshot keeps every table of the node's ruleset (``snapshot.records("nftables")``), its
view in a snapshot file is ``nft -j`` shaped.  A diff compares chains, not rules (handles,
counters and rule order differ between healthy nodes; the Services kube-proxy programmed
are compared by the ``services`` category): per chain its type, hook, priority and policy,
and its number of rules (volatile).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from netfacts.facts.services_nft import services_from_tables
from netfacts.jsonio.nft import table_json
from netfacts.models.nft import NftChain, NftTable
from netfacts.models.service import Service

if TYPE_CHECKING:
    from netfacts.diff import _Viewer
    from netfacts.snapshot import Facts, Parsed, _Builder

__all__ = ["add_services", "diff_nft_chains", "merge_nft", "snapshot_view"]


def merge_nft(builder: _Builder, facts: Facts, name: str, parsed: list[Parsed]) -> None:
    """The tables of the first listing present (sos collects one ruleset per node), and
    the Services of its kube-proxy tables in the ``services`` category (when a family
    declares it)."""
    for item in parsed[:1]:
        facts.add(name, item.records, item.origins(), unique=False, parsed=item)
        add_services(facts, services_from_tables(item.records, file=item.file.name))


def add_services(facts: Facts, services: Sequence[Service]) -> None:
    """Add derived Services to the ``services`` category, each with its first rule as
    origin (nothing when no family declares the category)."""
    from netfacts import _registry
    from netfacts.models.snapshot import Origin

    if not services or "services" not in _registry.CATEGORIES:
        return
    origins: list[Origin | None] = []
    for service in services:
        first = service.rules[0] if service.rules else None
        origins.append(None if first is None or first.file is None
                       else Origin(first.file, first.line))
    facts.add("services", services, origins, unique=False)


def snapshot_view(tables: Sequence[NftTable]) -> list[dict[str, Any]]:
    """The tables as ``nft -j list ruleset``'s ``nftables`` list (without metainfo)."""
    out: list[dict[str, Any]] = []
    for table in tables:
        out.extend(table_json(table))
    return out


def diff_nft_chains(viewer: _Viewer) -> None:
    """``nft inet filter input`` → type, hook, priority, policy (rule count volatile)."""
    for table in viewer.snapshot.records("nftables"):
        for chain in table.chains:
            def fields(chain: NftChain = chain) -> dict[str, Any]:
                data: dict[str, Any] = {"type": chain.type, "hook": chain.hook,
                                        "priority": chain.priority, "policy": chain.policy}
                if viewer.volatile:
                    data["rules"] = len(chain.rules)
                return data

            key = f"nft {table.family.value} {table.name} {chain.name}"
            viewer.put("chain", key, chain, fields)
