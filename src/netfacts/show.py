"""Readable tables of a snapshot (``netfacts show``): the summary people expect of a node."""

from __future__ import annotations

from collections.abc import Sequence

from netfacts import _registry
from netfacts._terminal import printable
from netfacts.models.route import dst_text
from netfacts.models.snapshot import Cluster, Snapshot
from netfacts.models.values import ip_text

__all__ = ["show_cluster_diagnostics", "show_interfaces", "show_listeners", "show_neighbours",
           "show_routes", "show_snapshot", "show_sources", "show_sysctls", "table"]

KEY_SYSCTLS = (
    "net.ipv4.ip_forward",
    "net.ipv6.conf.all.forwarding",
    "net.bridge.bridge-nf-call-iptables",
    "net.ipv4.conf.all.rp_filter",
    "net.ipv4.ip_local_port_range",
    "net.core.somaxconn",
)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain text table, columns padded to their widest cell.

    Cells come from the input (interface names, programs...): their control characters
    are shown as escapes (see :func:`netfacts._terminal.printable`) before measuring.
    """
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], len(cell))
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows)
    return "\n".join(lines) + "\n"


def show_interfaces(snapshot: Snapshot) -> str:
    """Interfaces: name, master, MAC, MTU, state, kind, addresses (not link-local)."""
    rows = []
    for link in snapshot.interfaces:
        addresses = " ".join(
            f"{a.local}/{a.prefixlen}" for a in link.addresses
            if not (a.scope is not None and a.scope.value == "link")
        )
        rows.append([
            link.ifname, link.master or "", str(link.mac or ""), str(link.mtu or ""),
            link.operstate.value if link.operstate else "", link.kind or "", addresses,
        ])
    return "\nInterfaces\n" + table(
        ["name", "master", "mac", "mtu", "state", "kind", "addresses"], rows)


def show_routes(snapshot: Snapshot) -> str:
    """Routes of the main table."""
    rows = []
    for route in snapshot.routes:
        if route.table != "main":
            continue
        gateway = ", ".join(ip_text(g) for g in route.gateways)
        rows.append([
            ("" if route.type.value == "unicast" else route.type.value + " ")
            + dst_text(route.dst), gateway, route.dev or "", route.protocol,
            "" if route.metric is None else str(route.metric),
        ])
    return "\nRoutes (main table)\n" + table(
        ["destination", "gateway", "dev", "proto", "metric"], rows)


def show_listeners(snapshot: Snapshot) -> str:
    """Listening sockets with their programs."""
    rows = []
    for socket in snapshot.listening():
        rows.append([
            socket.proto or "", str(socket.local_address or "*"),
            "*" if socket.local_port is None else str(socket.local_port),
            socket.program or "", "" if socket.pid is None else str(socket.pid),
        ])
    return "\nListening sockets\n" + table(["proto", "address", "port", "program", "pid"],
                                            rows)


def show_neighbours(snapshot: Snapshot) -> str:
    """Neighbours (ARP/NDP entries)."""
    rows = []
    for neighbour in snapshot.neighbours:
        rows.append([
            str(neighbour.dst or neighbour.hostname or ""), neighbour.dev or "",
            str(neighbour.lladdr or ""), ",".join(s.value for s in neighbour.state),
        ])
    return "\nNeighbours\n" + table(["address", "dev", "lladdr", "state"], rows)


def show_sysctls(snapshot: Snapshot) -> str:
    """The sysctls that matter most for a node's networking."""
    sysctl = snapshot.sysctl
    rows = [[key, str(sysctl[key])] for key in KEY_SYSCTLS if key in sysctl]
    return "\nKey sysctls\n" + table(["key", "value"], rows)


def show_sources(snapshot: Snapshot) -> str:
    """Which file fed each category: kind, records kept, and whether it was used."""
    rows = [[source.facts, printable(source.path), source.kind, str(source.records),
             ("yes" if source.used else "no: a preferred listing gave these facts")
             + (" (truncated)" if source.truncated else "")]
            for source in snapshot.sources]
    return "\nSources\n" + table(["category", "file", "kind", "records", "used"], rows)


def show_snapshot(snapshot: Snapshot, *, diagnostics: bool = False,
                  sources: bool = False) -> str:
    """Each category's section of one node (interfaces, routes, listeners, neighbours, key
    sysctls, and those of the other families), optionally the files each category came
    from, then a count of the diagnostics.

    Everything from the input is shown with its control characters escaped, so the text
    is safe to print on a terminal.
    """
    out = [printable(f"== {snapshot.hostname or '(unknown host)'}  ({snapshot.origin or ''})")
           + "\n"]
    if not snapshot.complete:
        out.append(f"INCOMPLETE: {len(snapshot.incomplete)} problem(s) reading this node; "
                   "--diagnostics lists them\n" if not diagnostics else
                   f"INCOMPLETE: {len(snapshot.incomplete)} problem(s) reading this node\n")
    for category in _registry.CATEGORIES.values():
        if category.show is not None:
            out.append(_registry.load(category.show)(snapshot))
    if sources:
        out.append(show_sources(snapshot))
    if snapshot.diagnostics:
        errors = sum(1 for d in snapshot.diagnostics if d.severity.value == "error")
        out.append(f"\n{len(snapshot.diagnostics)} diagnostics ({errors} errors)"
                   + (":\n" if diagnostics else "; --diagnostics lists them\n"))
        if diagnostics:
            out.extend(d.render() + "\n" for d in snapshot.diagnostics)
    return printable("".join(out), newlines=True)


def show_cluster_diagnostics(cluster: Cluster, *, diagnostics: bool = False) -> str:
    """The cluster's own diagnostics (about its source or one member of it): all of them
    with ``diagnostics``, else a count."""
    if not cluster.diagnostics:
        return ""
    if not diagnostics:
        return (f"{len(cluster.diagnostics)} diagnostics about the source as a whole; "
                "--diagnostics lists them\n")
    return "".join(d.render() + "\n" for d in cluster.diagnostics)
