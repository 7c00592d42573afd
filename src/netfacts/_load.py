"""The public functions on sources: load, load_snapshot, load_cluster, load_json.

Kept apart from :mod:`netfacts._api` (the functions on text) so that snapshots, which
parse text, and the loaders, which build snapshots, do not import each other.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from netfacts.errors import ParseError

if TYPE_CHECKING:
    from netfacts.models.snapshot import Cluster, Snapshot

__all__ = ["load", "load_cluster", "load_json", "load_snapshot"]


def load(source: str | Path) -> Snapshot | Cluster:
    """A node's (or a cluster's) network state from a sosreport, folder, JSON or ``"live"``.

    See :func:`netfacts.snapshot.load`.
    """
    from netfacts.snapshot import load as _load

    return _load(source)


def load_snapshot(source: str | Path) -> Snapshot:
    """One node's :class:`Snapshot`: from a single-node source, or ``SOURCE#HOSTNAME`` for one
    node of a cluster source (a collector bundle, a folder of sosreports).

    Raises :class:`ParseError` when the source holds several nodes and none is named, or
    not the named one.
    """
    from netfacts.models.snapshot import Cluster

    text = str(source)
    path, hostname = text, None
    if "#" in text and not Path(text).exists():
        path, _, hostname = text.rpartition("#")
    loaded = load(path)
    if isinstance(loaded, Cluster):
        nodes = loaded.nodes
        if hostname is None and len(nodes) == 1:
            return next(iter(nodes.values()))
        if hostname is None:
            raise ParseError(
                f"it holds several nodes; name one as {path}#HOSTNAME "
                f"({', '.join(sorted(nodes))})", source=path)
        if hostname not in nodes:
            raise ParseError(f"no node {hostname!r} in it (nodes: {', '.join(sorted(nodes))})",
                             source=path)
        return nodes[hostname]
    if hostname is not None and loaded.hostname != hostname:
        raise ParseError(f"it is node {loaded.hostname!r}, not {hostname!r}", source=path)
    return loaded


def load_cluster(*sources: str | Path) -> Cluster:
    """Every node of one or more sources as one :class:`Cluster` (a single-node source gives
    a cluster of one); copies of one report in different sources are one node."""
    from netfacts.models.snapshot import Cluster
    from netfacts.snapshot import combine

    loaded = [load(source) for source in sources]
    origin = str(sources[0]) if len(sources) == 1 else None
    if len(loaded) == 1 and isinstance(loaded[0], Cluster):
        return loaded[0]
    return combine(loaded, origin)


def load_json(text: str | bytes) -> Snapshot | Cluster:
    """Read ``netfacts snapshot`` JSON back into equal models."""
    from netfacts.jsonio.snapshot import load_json as _load_json

    return _load_json(text)
