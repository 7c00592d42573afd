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

from netfacts.errors import Diagnostic, ParseError, Severity
from netfacts.jsonio._codec import decode, encode
from netfacts.models.outputs import IpAddrForm
from netfacts.models.route import IpRouteForm
from netfacts.models.snapshot import Cluster, Snapshot

__all__ = ["CLUSTER_SCHEMA", "SCHEMA", "cluster_to_json", "load_json", "snapshot_to_json"]

SCHEMA = "netfacts.snapshot/1"
CLUSTER_SCHEMA = "netfacts.cluster/1"

_ADDR_FORM = IpAddrForm(command="addr")
_ROUTE_FORM = IpRouteForm(filters=(("table", "all"),))


def _views(snapshot: Any) -> dict[str, Any]:
    from netfacts.jsonio.ip_addr import link_to_json
    from netfacts.jsonio.ip_neigh import neighbour_to_json
    from netfacts.jsonio.ip_route import route_to_json
    from netfacts.jsonio.ip_rule import rule_to_json
    from netfacts.jsonio.netstat import socket_to_netstat_json

    return {
        "interfaces": [link_to_json(link, _ADDR_FORM) for link in snapshot.interfaces],
        "routes": [route_to_json(route, _ROUTE_FORM) for route in snapshot.routes],
        "rules": [rule_to_json(rule) for rule in snapshot.rules],
        "neighbors": [neighbour_to_json(n) for n in snapshot.neighbours],
        "sockets": [socket_to_netstat_json(s) for s in snapshot.sockets],
        "sysctl": dict(snapshot.sysctls),
    }


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
                                digest=None))
    out["model"] = model
    model["origins"] = [
        [category, [encode(origin) for origin in origins]]
        for category, origins in snapshot.origins
    ]
    return out


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
    snapshot: Snapshot = decode(Snapshot, {k: v for k, v in fields.items()
                                           if k not in ("sources", "diagnostics", "origin",
                                                        "digest")})
    from netfacts.models.snapshot import FactSource, Origin

    return Snapshot(
        **{name: getattr(snapshot, name) for name in (
            "hostname", "interfaces", "routes", "rules", "neighbours", "sockets", "sysctls",
            "hosts", "namespaces")},
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
