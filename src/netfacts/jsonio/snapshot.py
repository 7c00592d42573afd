"""Snapshot and cluster JSON: ``netfacts.snapshot/1`` and ``netfacts.cluster/1``.

A snapshot file holds views shaped like the commands' own JSON, for people and jq —
``interfaces`` (``ip -j addr``), ``routes`` (``ip -j route show table all``), ``rules``
(``ip -j rule``), ``neighbors`` (``ip -j neigh``), ``sockets`` (netstat's socket JSON,
whichever command they came from), ``sysctl`` (``{"net.ipv4.ip_forward": 1}``) — plus
``hosts``, ``namespaces``, ``sources`` and ``diagnostics``, and ``model``: the lossless
form (:mod:`netfacts.jsonio._codec`) that :func:`load_json` reads back into equal models.
"""

from __future__ import annotations

import json
from typing import Any

import attrs

from netfacts import _registry
from netfacts.errors import Diagnostic, ParseError, Severity
from netfacts.jsonio._codec import decode, encode
from netfacts.models.snapshot import BUILTIN_CATEGORIES, Cluster, Namespace, Snapshot

__all__ = ["CLUSTER_SCHEMA", "SCHEMA", "cluster_to_json", "load_json", "snapshot_to_json"]

SCHEMA = "netfacts.snapshot/1"
CLUSTER_SCHEMA = "netfacts.cluster/1"

def _views(holder: Snapshot | Namespace) -> dict[str, Any]:
    """Every category's view, in registry order (``interfaces``, ``routes``, ...)."""
    views: dict[str, Any] = {}
    for category in _registry.CATEGORIES.values():
        records = holder.records(category.name)
        if category.view is None:
            view: list[Any] | Any = [encode(record) for record in records]
        elif category.view_all:
            view = _registry.load(category.view)(records)
        else:
            writer = _registry.load(category.view)
            view = [writer(record) for record in records]
        if category.name in BUILTIN_CATEGORIES or records:
            views[category.json_key or category.name] = view
    return views


def snapshot_to_json(snapshot: Snapshot) -> dict[str, Any]:
    """The ``netfacts.snapshot/1`` object of one node."""
    out: dict[str, Any] = {"schema": SCHEMA, "hostname": snapshot.hostname,
                           "complete": snapshot.complete}
    out.update(_views(snapshot))
    out["hosts"] = [{"address": address, "names": list(names)}
                    for address, names in snapshot.hosts]
    out["namespaces"] = [{"name": ns.name, **_views(ns)} for ns in snapshot.namespaces]
    out["sources"] = [encode(source) for source in snapshot.sources]
    out["diagnostics"] = [d.to_json() for d in snapshot.diagnostics]
    out["origin"] = snapshot.origin
    out["digest"] = snapshot.digest
    # sources, diagnostics, origin and digest are written once, above
    model = encode(attrs.evolve(snapshot, sources=(), diagnostics=(), origin=None, origins=(),
                                digest=None, facts=(), namespaces=()))
    out["model"] = model
    model["facts"] = _encode_facts(snapshot.facts)
    model["namespaces"] = [
        {**encode(attrs.evolve(ns, facts=())), "facts": _encode_facts(ns.facts)}
        for ns in snapshot.namespaces
    ]
    model["origins"] = [
        [category, [encode(origin) for origin in origins]]
        for category, origins in snapshot.origins
    ]
    return out


def _encode_facts(facts: tuple[tuple[str, tuple[Any, ...]], ...]) -> list[Any]:
    return [[name, [encode(record) for record in records]] for name, records in facts]


def _decode_facts(data: Any) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    """Generic categories back into their record types (unknown categories are kept as
    plain JSON values: a file written by a newer netfacts still loads)."""
    facts = []
    for name, records in data or ():
        category = _registry.CATEGORIES.get(str(name))
        if category is None:
            facts.append((str(name), tuple(records)))
            continue
        record_type = _registry.load(category.record_type)
        facts.append((str(name), tuple(decode(record_type, item) for item in records)))
    return tuple(facts)


def cluster_to_json(cluster: Cluster) -> dict[str, Any]:
    """The ``netfacts.cluster/1`` object: every node's snapshot by hostname."""
    return {
        "schema": CLUSTER_SCHEMA,
        "complete": cluster.complete,
        "nodes": {name: snapshot_to_json(node) for name, node in cluster.nodes.items()},
        "diagnostics": [d.to_json() for d in cluster.diagnostics],
        "origin": cluster.origin,
    }


def _diagnostic(data: dict[str, Any]) -> Diagnostic:
    return Diagnostic(
        str(data.get("message", "")), int(data.get("line") or 0), int(data.get("column") or 0),
        str(data.get("text", "")), Severity(data.get("severity", "error")), data.get("source"),
        incomplete=data.get("incomplete") is True,
    )


def _snapshot(data: dict[str, Any]) -> Snapshot:
    model = data.get("model")
    if not isinstance(model, dict):
        raise ParseError("snapshot JSON without its 'model' section; it cannot be read back")
    fields = dict(model)
    origins = fields.pop("origins", [])
    facts = _decode_facts(fields.pop("facts", ()))
    namespaces = tuple(
        attrs.evolve(decode(Namespace, {k: v for k, v in item.items() if k != "facts"}),
                     facts=_decode_facts(item.get("facts", ())))
        for item in fields.pop("namespaces", ())
    )
    snapshot: Snapshot = decode(Snapshot, {k: v for k, v in fields.items()
                                           if k not in ("sources", "diagnostics", "origin",
                                                        "digest")})
    from netfacts.models.snapshot import FactSource, Origin

    return Snapshot(
        **{name: getattr(snapshot, name) for name in (
            "hostname", *BUILTIN_CATEGORIES, "hosts")},
        namespaces=namespaces,
        facts=facts,
        origins=tuple(
            (str(category), tuple(decode(Origin | None, item) for item in items))
            for category, items in origins
        ),
        sources=tuple(decode(FactSource, item) for item in data.get("sources", [])),
        diagnostics=tuple(_diagnostic(item) for item in data.get("diagnostics", [])),
        origin=data.get("origin"),
        digest=data.get("digest") if isinstance(data.get("digest"), str) else None,
    )


def load_json(text: str | bytes) -> Snapshot | Cluster:
    """Read a snapshot or cluster JSON file back into models."""
    try:
        data = json.loads(text)
        schema = data.get("schema") if isinstance(data, dict) else None
        if schema == SCHEMA:
            return _snapshot(data)
        if schema == CLUSTER_SCHEMA:
            nodes = data.get("nodes", {})
            return Cluster(
                snapshots=tuple(_snapshot(node) for node in nodes.values()),
                diagnostics=tuple(_diagnostic(d) for d in data.get("diagnostics", [])),
                origin=data.get("origin"),
            )
    except ParseError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ParseError(f"not a readable netfacts snapshot: {exc}") from None
    raise ParseError(f"not a netfacts snapshot (schema {schema!r}); expected {SCHEMA!r} or "
                     f"{CLUSTER_SCHEMA!r}")
