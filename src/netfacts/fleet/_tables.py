"""The fleet dataset's tables, declared once: table → columns → how each is read.

Every table of the dataset (``netfacts index``) and of :func:`netfacts.fleet.to_arrow` is
one :class:`Table` in :data:`TABLES`.  A fact table (``keyed=True``) reads the records of a
snapshot category — a snapshot attribute such as ``interfaces`` or ``sysctls``, with its
:class:`~netfacts.models.snapshot.Origin` list and the same attribute of every network
namespace — and gets the key and provenance columns ``node_id``, ``namespace``, ``file`` and
``line`` around its own.  So a new snapshot category becomes one more entry here::

    Table("bridge_fdb", "Forwarding database entries (bridge fdb).", records=category("bridge_fdb"),
          columns=(Column("mac", "string", lambda e: text(e.mac), "MAC address"), ...))

The other tables (``nodes``, ``files``, ``diagnostics``, ``findings``, ``sources``) read
records the indexer prepares (:class:`NodeInfo`, :class:`SourceInfo`, ...).

Column types are names of Arrow types (see :data:`ARROW_TYPES`), so this module does not
need ``pyarrow``; the docs' schema tables are checked against it.
"""

from __future__ import annotations

import enum
import ipaddress
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

import attrs

from netfacts.errors import Diagnostic
from netfacts.models.snapshot import Origin, Snapshot
from netfacts.models.values import FOREVER

__all__ = ["ARROW_TYPES", "SCHEMA", "SCHEMA_VERSION", "TABLES", "Column", "Table", "category"]

SCHEMA_VERSION = 2
SCHEMA = f"netfacts.fleet/{SCHEMA_VERSION}"
"""Stored in every Parquet file's metadata and in ``DIR/_netfacts_fleet.json``; changes
whenever a column is renamed, retyped or removed (adding a table or column keeps it)."""

ARROW_TYPES = ("string", "int32", "int64", "bool", "timestamp", "list<string>")
"""The type names a column may have (``timestamp`` is microseconds, UTC)."""

Read = Callable[[Any], Any]
Chunk = tuple[str | None, Sequence[Any], Sequence[Origin | None]]
"""Records of one namespace (None: the host's): the records and, where known, their origins
(an empty sequence when not)."""
Records = Callable[[Any], Iterable[Chunk]]


def _reader(read: Read | str) -> Read:
    return operator.attrgetter(read) if isinstance(read, str) else read


@attrs.frozen
class Column:
    """One column: its name, Arrow type name, how to read it from a record (a function, or
    the name of the record's attribute), and its doc."""

    name: str
    type: str = attrs.field(validator=attrs.validators.in_(ARROW_TYPES))
    read: Read = attrs.field(eq=False, repr=False, converter=_reader)
    doc: str = ""


@attrs.frozen
class Table:
    """One table of the dataset."""

    name: str
    doc: str
    columns: tuple[Column, ...]
    records: Records | None = attrs.field(default=None, eq=False, repr=False)
    """For fact tables: snapshot → ``(namespace, record, origin)``; None for tables whose
    records the indexer prepares."""
    keyed: bool = True
    """Fact table: ``node_id`` and ``namespace`` first, ``file`` and ``line`` last."""

    @property
    def all_columns(self) -> tuple[Column, ...]:
        """The columns as stored, key and provenance columns included."""
        if not self.keyed:
            return self.columns
        return (*KEY_COLUMNS, *self.columns, *PROVENANCE_COLUMNS)


KEY_COLUMNS = (
    Column("node_id", "string", lambda r: None,
           "the node (`nodes.node_id`): a hash of report identity, hostname and capture time"),
    Column("namespace", "string", lambda r: None,
           "network namespace name; null for the host's own"),
)
PROVENANCE_COLUMNS = (
    Column("file", "string", lambda r: None,
           "file of the report the record was read from (null when not known)"),
    Column("line", "int32", lambda r: None, "line of that file (null when not known)"),
)


# ---------------------------------------------------------------- value helpers


def text(value: Any) -> str | None:
    """A value as the text a command prints: addresses, MACs, enums (``.value``)."""
    if value is None or value.__class__ is str:
        return value
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def texts(values: Iterable[Any]) -> list[str]:
    """A list of texts (enum values, flags)."""
    return [t for t in (text(v) for v in values) if t is not None]


def integer(value: Any) -> int | None:
    """An int, or None for anything else (``-h`` counters such as ``"1.2M"``, names)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def lifetime(value: int | None) -> int | None:
    """Seconds, None for ``forever``."""
    return None if value is None or value == FOREVER else value


def family_of(value: Any) -> str | None:
    """``inet``/``inet6`` of an IP address (None for other values)."""
    if isinstance(value, ipaddress.IPv4Address | ipaddress.IPv4Network):
        return "inet"
    if isinstance(value, ipaddress.IPv6Address | ipaddress.IPv6Network):
        return "inet6"
    return None


def category(name: str, *, namespaces: bool = True) -> Records:
    """The records of snapshot category ``name`` (host first, then each namespace's)."""

    def records(snapshot: Snapshot) -> Iterator[Chunk]:
        origins: Sequence[Origin | None] = ()
        for category_name, listed in snapshot.origins:
            if category_name == name:
                origins = listed
                break
        yield None, snapshot.records(name), origins
        if namespaces:
            for namespace in snapshot.namespaces:
                yield namespace.name, namespace.records(name), ()

    return records


def _addresses(snapshot: Snapshot) -> Iterator[Chunk]:
    for namespace, links, origins in category("interfaces")(snapshot):
        pairs = [(link, address) for link in links for address in link.addresses]
        where = [origin for link, origin in zip(links, origins) for _ in link.addresses] \
            if origins else ()
        yield namespace, pairs, where


def _value_text(pair: tuple[str, int | str]) -> str:
    value = pair[1]
    return value if value.__class__ is str else str(value)


def _counter(direction: str, name: str) -> Read:
    def read(link: Any) -> int | None:
        stats = link.stats
        return integer(getattr(getattr(stats, direction), name)) if stats else None

    return read


def _socket_address(endpoint: Any) -> str | None:
    if endpoint is None:
        return None
    return text(endpoint.unmapped)


def _port(endpoint: Any) -> int | None:
    return integer(endpoint.port) if endpoint is not None else None


# ---------------------------------------------------------------- records the indexer makes


@attrs.frozen(kw_only=True)
class NodeInfo:
    """One node of a report, as the ``nodes`` table shows it."""

    node_id: str
    report_id: str
    cluster_id: str
    cluster: str | None
    node: str
    """The node's name in its cluster (hostname; ``#2`` appended for a repeated one)."""
    snapshot: Snapshot
    report: str | None
    captured_at: datetime | None
    role: str
    complete: bool


@attrs.frozen(kw_only=True)
class FindingRow:
    """A check finding with its cluster and node ids."""

    cluster_id: str
    node_id: str | None
    finding: Any


@attrs.frozen(kw_only=True)
class DiagnosticRow:
    """A diagnostic with the node (or, for a report that failed, only the report) it is about."""

    report_id: str
    node_id: str | None
    diagnostic: Diagnostic


@attrs.frozen(kw_only=True)
class SourceInfo:
    """One indexed report (a file or directory found under SOURCES)."""

    report_id: str
    path: str
    kind: str
    size: int
    mtime: datetime
    cluster_id: str
    cluster: str | None
    status: str
    nodes: int
    error: str | None
    indexed_at: datetime
    seconds: float


def _evidence(finding: Any, field: str) -> Any:
    return getattr(finding.evidence[0], field) if finding.evidence else None


def _severity_count(snapshot: Snapshot, severity: str) -> int:
    return sum(1 for d in snapshot.diagnostics if d.severity.value == severity)


def _primary(snapshot: Snapshot) -> str | None:
    address = snapshot.primary_address()
    return text(address.local) if address is not None else None


def _default_dev(snapshot: Snapshot) -> str | None:
    link = snapshot.default_interface()
    return link.ifname if link is not None else None


# ---------------------------------------------------------------- the tables

_NODE = Table(
    "nodes",
    "One row per node (one snapshot of one report).",
    keyed=False,
    columns=(
        Column("node_id", "string", "node_id",
               "stable id: a hash of report identity (`digest`: copies of a report have "
               "one id), hostname and capture time"),
        Column("report_id", "string", "report_id",
               "the report it came from (`sources.report_id`)"),
        Column("cluster_id", "string", "cluster_id",
               "the cluster it belongs to (see Clusters)"),
        Column("cluster", "string", "cluster",
               "the cluster's name: bundle or directory name"),
        Column("node", "string", "node",
               "name in its cluster: the hostname (`#2` appended when repeated), as the "
               "findings name it"),
        Column("hostname", "string", "snapshot.hostname", "hostname"),
        Column("captured_at", "timestamp", "captured_at",
               "when the report was taken, from its name (`sosreport-HOST-2026-11-26-...`: "
               "the day); null when the name does not say"),
        Column("origin", "string", "snapshot.origin",
               "where the snapshot was read (path, archive member)"),
        Column("report", "string", "report",
               "the report's name inside its source (bundle member)"),
        Column("digest", "string", "snapshot.digest",
               "digest of the files read from the report (copies of a report share it)"),
        Column("role", "string", "role",
               "`control-plane` or `worker`, as the checks infer it"),
        Column("complete", "bool", "complete",
               "false when the input was cut, corrupt or missing parts (see diagnostics)"),
        Column("primary_address", "string", lambda n: _primary(n.snapshot),
               "address of the default route's interface"),
        Column("default_gateway", "string", lambda n: text(n.snapshot.default_gateway()),
               "gateway of the default route"),
        Column("default_interface", "string", lambda n: _default_dev(n.snapshot),
               "interface of the default route"),
        Column("interfaces", "int32", lambda n: len(n.snapshot.interfaces),
               "number of interfaces"),
        Column("sockets", "int32", lambda n: len(n.snapshot.sockets), "number of sockets"),
        Column("errors", "int32", lambda n: _severity_count(n.snapshot, "error"),
               "diagnostics of severity error"),
        Column("warnings", "int32", lambda n: _severity_count(n.snapshot, "warning"),
               "diagnostics of severity warning"),
    ),
)

_INTERFACES = Table(
    "interfaces",
    "Network interfaces (`ip addr`, `ip link`).",
    records=category("interfaces"),
    columns=(
        Column("ifindex", "int32", "ifindex", "interface index"),
        Column("ifname", "string", "ifname", "name"),
        Column("kind", "string", "kind",
               "device kind (`veth`, `bridge`, `vxlan`...; from `-d` or inferred)"),
        Column("link", "string", "link", "parent device (`@eth0`)"),
        Column("master", "string", "master", "master device (bridge, bond)"),
        Column("mtu", "int32", "mtu", "MTU"),
        Column("mac", "string", lambda k: text(k.address),
               "link-layer address (`link/ether`)"),
        Column("link_type", "string", "link_type", "`ether`, `loopback`, `none`..."),
        Column("operstate", "string", lambda k: text(k.operstate), "operational state"),
        Column("flags", "list<string>", lambda k: list(k.flags), "`UP`, `LOWER_UP`..."),
        Column("is_up", "bool", "is_up", "administratively up"),
        Column("qdisc", "string", "qdisc", "queueing discipline"),
        Column("txqlen", "int32", "txqlen", "transmit queue length"),
        Column("altnames", "list<string>", lambda k: list(k.altnames), "alternative names"),
        Column("link_netnsid", "int32", "link_netnsid",
               "namespace id of the peer (veth)"),
        Column("rx_bytes", "int64", _counter("rx", "bytes"), "received bytes (`ip -s`)"),
        Column("rx_packets", "int64", _counter("rx", "packets"), "received packets"),
        Column("rx_errors", "int64", _counter("rx", "errors"), "receive errors"),
        Column("rx_dropped", "int64", _counter("rx", "dropped"), "received packets dropped"),
        Column("tx_bytes", "int64", _counter("tx", "bytes"), "sent bytes"),
        Column("tx_packets", "int64", _counter("tx", "packets"), "sent packets"),
        Column("tx_errors", "int64", _counter("tx", "errors"), "transmit errors"),
        Column("tx_dropped", "int64", _counter("tx", "dropped"), "sent packets dropped"),
    ),
)

_ADDRESSES = Table(
    "addresses",
    "Addresses of interfaces (one row per address).",
    records=_addresses,
    columns=(
        Column("ifname", "string", lambda p: p[0].ifname, "interface"),
        Column("family", "string", lambda p: text(p[1].family), "`inet` or `inet6`"),
        Column("address", "string", lambda p: text(p[1].local), "the address"),
        Column("prefixlen", "int32", lambda p: p[1].prefixlen, "prefix length"),
        Column("network", "string", lambda p: text(p[1].network), "on-link network"),
        Column("peer", "string", lambda p: text(p[1].peer), "point-to-point peer"),
        Column("broadcast", "string", lambda p: text(p[1].broadcast), "broadcast address"),
        Column("scope", "string", lambda p: text(p[1].scope), "`global`, `link`, `host`..."),
        Column("flags", "list<string>", lambda p: list(p[1].flags),
               "`dynamic`, `secondary`, `tentative`, `dadfailed`..."),
        Column("label", "string", lambda p: p[1].label, "IPv4 label"),
        Column("valid_lft", "int64", lambda p: lifetime(p[1].valid_life_time),
               "valid lifetime in seconds; null for forever"),
        Column("preferred_lft", "int64", lambda p: lifetime(p[1].preferred_life_time),
               "preferred lifetime in seconds; null for forever"),
    ),
)

_ROUTES = Table(
    "routes",
    "Routes of every table (`ip route show table all`, `ip -6 route ...`).",
    records=category("routes"),
    columns=(
        Column("family", "string", lambda r: family_of(r.dst), "`inet` or `inet6`"),
        Column("route_table", "string", "table",
               "routing table (`main`, `local`...; `table` is an SQL keyword)"),
        Column("type", "string", lambda r: text(r.type), "`unicast`, `local`, `blackhole`..."),
        Column("dst", "string", lambda r: text(r.dst), "destination prefix (`0.0.0.0/0`...)"),
        Column("prefixlen", "int32", "dst.prefixlen", "destination prefix length"),
        Column("gateway", "string", lambda r: text(r.gateway), "gateway (`via`)"),
        Column("dev", "string", "dev", "output device"),
        Column("protocol", "string", "protocol", "`kernel`, `boot`, `dhcp`..."),
        Column("scope", "string", lambda r: text(r.scope), "`global`, `link`, `host`"),
        Column("prefsrc", "string", lambda r: text(r.prefsrc), "preferred source (`src`)"),
        Column("metric", "int64", "metric", "metric"),
        Column("flags", "list<string>", lambda r: list(r.flags), "`onlink`, `linkdown`..."),
        Column("gateways", "list<string>", lambda r: texts(r.gateways),
               "every gateway (multipath nexthops included)"),
    ),
)

_RULES = Table(
    "rules",
    "Policy routing rules (`ip rule`, `ip -6 rule`).",
    records=category("rules"),
    columns=(
        Column("family", "string", lambda r: {4: "inet", 6: "inet6"}.get(r.family or 0),
               "`inet` or `inet6` (null when the rule does not say)"),
        Column("priority", "int64", "priority", "priority"),
        Column("invert", "bool", "invert", "`not`"),
        Column("src", "string", lambda r: text(r.src), "`from` prefix (null: all)"),
        Column("dst", "string", lambda r: text(r.dst), "`to` prefix"),
        Column("fwmark", "string", "fwmark", "firewall mark, as printed"),
        Column("iif", "string", "iif", "input interface"),
        Column("oif", "string", "oif", "output interface"),
        Column("route_table", "string", "table", "`lookup` table"),
        Column("action", "string", "action",
               "`blackhole`, `unreachable`, `prohibit`, `goto`... (null: lookup)"),
    ),
)

_NEIGHBOURS = Table(
    "neighbours",
    "Neighbour (ARP/NDP) entries (`ip neigh`, `/proc/net/arp`).",
    records=category("neighbours"),
    columns=(
        Column("family", "string", lambda n: family_of(n.dst), "`inet` or `inet6`"),
        Column("dst", "string", lambda n: text(n.dst), "neighbour address"),
        Column("dev", "string", "dev", "interface"),
        Column("lladdr", "string", lambda n: text(n.lladdr), "link-layer address"),
        Column("state", "list<string>", lambda n: texts(n.state),
               "NUD states (`REACHABLE`, `STALE`, `PERMANENT`...)"),
        Column("flags", "list<string>", lambda n: list(n.flags), "`router`, `proxy`..."),
        Column("hostname", "string", "hostname", "name `arp` printed"),
    ),
)

_SOCKETS = Table(
    "sockets",
    "Sockets (`netstat -neopa`, else `ss -peaonmi`).",
    records=category("sockets"),
    columns=(
        Column("proto", "string", "proto", "netstat Proto / ss Netid as printed"),
        Column("transport", "string", "transport", "`tcp`, `udp`, `unix`..."),
        Column("family", "string", lambda s: family_of(s.local.ip) if s.local else None,
               "`inet` or `inet6` of the local address (as printed)"),
        Column("state", "string", lambda s: text(s.state), "`LISTEN`, `ESTABLISHED`..."),
        Column("listening", "bool", "is_listening",
               "a server socket (LISTEN, unconnected datagram)"),
        Column("local_address", "string", lambda s: _socket_address(s.local),
               "local address (IPv4-mapped IPv6 as IPv4)"),
        Column("local_port", "int32", lambda s: _port(s.local), "local port"),
        Column("peer_address", "string", lambda s: _socket_address(s.peer), "peer address"),
        Column("peer_port", "int32", lambda s: _port(s.peer), "peer port"),
        Column("program", "string", "program", "owning process name"),
        Column("pid", "int64", "pid", "owning process id"),
        Column("user", "string", "user", "user (netstat `-e`)"),
        Column("inode", "int64", "inode", "socket inode"),
        Column("recv_q", "int64", "recv_q", "receive queue"),
        Column("send_q", "int64", "send_q", "send queue"),
        Column("path", "string", "path", "UNIX socket path"),
    ),
)

_SYSCTLS = Table(
    "sysctls",
    "Kernel parameters (`sysctl -a`, `/proc/sys/...`).",
    records=category("sysctls"),
    columns=(
        Column("key", "string", operator.itemgetter(0), "`net.ipv4.ip_forward`..."),
        Column("value", "string", _value_text, "the value, text as printed"),
    ),
)

_FILES = Table(
    "files",
    "The files of each report that were read, and which facts they gave.",
    records=lambda snapshot: ((None, snapshot.sources, ()),),
    columns=(
        Column("path", "string", "path", "file inside the report"),
        Column("kind", "string", "kind", "the kind it was parsed as (`ip-addr`...)"),
        Column("facts", "string", "facts", "the category it filled"),
        Column("records", "int64", "records", "records read from it"),
        Column("truncated", "bool", "truncated", "sos cut it (size limit)"),
        Column("command", "string", "command", "the command (sos manifest)"),
    ),
)

_DIAGNOSTICS = Table(
    "diagnostics",
    "Every diagnostic: problems met while reading, and reports that could not be read.",
    keyed=False,
    columns=(
        Column("report_id", "string", "report_id", "the report"),
        Column("node_id", "string", "node_id",
               "the node; null when the report failed as a whole"),
        Column("severity", "string", "diagnostic.severity.value",
               "`error`, `warning` or `info`"),
        Column("message", "string", "diagnostic.message", "what is wrong"),
        Column("incomplete", "bool", "diagnostic.incomplete",
               "facts are missing because of it (the node or report is incomplete)"),
        Column("file", "string", "diagnostic.source", "file concerned"),
        Column("line", "int32", lambda d: d.diagnostic.line or None, "line (null: whole file)"),
        Column("column", "int32", lambda d: d.diagnostic.column or None, "column"),
        Column("text", "string", lambda d: d.diagnostic.text or None, "the offending line"),
    ),
)

_FINDINGS = Table(
    "findings",
    "Kubernetes networking check results, per cluster (`netfacts check`).",
    keyed=False,
    columns=(
        Column("cluster_id", "string", "cluster_id", "the cluster checked"),
        Column("node_id", "string", "node_id", "the node; null for the cluster"),
        Column("node", "string", "finding.node", "the node's name in its cluster"),
        Column("check_name", "string", "finding.check",
               "check name (`ip_forward`...; `check` is an SQL keyword)"),
        Column("severity", "string", "finding.severity.value", "`error`, `warning`"),
        Column("message", "string", "finding.message", "what the check found"),
        Column("file", "string", lambda f: _evidence(f.finding, "file"), "evidence file"),
        Column("line", "int32", lambda f: _evidence(f.finding, "line"), "evidence line"),
        Column("evidence", "string", lambda f: _evidence(f.finding, "text"), "evidence text"),
    ),
)

_SOURCES = Table(
    "sources",
    "One row per report indexed: a file or directory found under SOURCES.",
    keyed=False,
    columns=(
        Column("report_id", "string", "report_id",
               "content hash of what netfacts reads from it"),
        Column("path", "string", "path", "absolute path"),
        Column("kind", "string", "kind",
               "`archive`, `directory`, `json` or `folder`; `entry` for something met "
               "while searching that is not a report (a link leading out, a directory too "
               "deep)"),
        Column("size", "int64", "size", "bytes"),
        Column("mtime", "timestamp", "mtime", "modification time"),
        Column("cluster_id", "string", "cluster_id", "its cluster"),
        Column("cluster", "string", "cluster", "its cluster's name"),
        Column("status", "string", "status",
               "`ok`, `incomplete` (read with errors), `failed` (not read) or `skipped` "
               "(an `entry`)"),
        Column("nodes", "int32", "nodes",
               "nodes it gave (0 when each was a copy of a node read from another report)"),
        Column("error", "string", "error", "why it failed"),
        Column("indexed_at", "timestamp", "indexed_at", "when it was indexed"),
        Column("seconds", "int64", lambda s: round(s.seconds * 1000), "milliseconds it took"),
    ),
)

TABLES: tuple[Table, ...] = (
    _NODE, _INTERFACES, _ADDRESSES, _ROUTES, _RULES, _NEIGHBOURS, _SOCKETS, _SYSCTLS, _FILES,
    _FINDINGS, _DIAGNOSTICS, _SOURCES,
)
"""Every table, in the order the docs list them."""

BY_NAME = {table.name: table for table in TABLES}


_FILE = operator.attrgetter("file")
_LINE = operator.attrgetter("line")


def columns_of(table: Table, chunks: Iterable[Chunk], node_id: str) -> dict[str, list[Any]]:
    """A fact table's rows of one node, column by column."""
    values: list[Any] = []
    namespace: list[str | None] = []
    files: list[str | None] = []
    lines: list[int | None] = []
    for name, records, origins in chunks:
        count = len(records)
        if not count:
            continue
        values.extend(records)
        namespace.extend([name] * count)
        if len(origins) == count:
            try:
                files.extend(map(_FILE, origins))
                lines.extend(map(_LINE, origins))
            except AttributeError:  # some record without an origin
                del files[len(lines):]
                files.extend([o.file if o is not None else None for o in origins])
                lines.extend([o.line if o is not None else None for o in origins])
        else:
            files.extend([None] * count)
            lines.extend([None] * count)
    out: dict[str, list[Any]] = {"node_id": [node_id] * len(values), "namespace": namespace}
    for column in table.columns:
        out[column.name] = list(map(column.read, values))
    out["file"] = files
    out["line"] = lines
    return out


def plain_columns(table: Table, records: Iterable[Any]) -> dict[str, list[Any]]:
    """A table of prepared records, column by column."""
    values = list(records)
    return {column.name: list(map(column.read, values)) for column in table.columns}


def schema_markdown() -> str:
    """The schema as the Markdown tables of ``docs/fleet.md`` (a test keeps them equal)."""
    lines: list[str] = []
    for table in TABLES:
        lines += [f"### `{table.name}`", "", table.doc, "", "| column | type | meaning |",
                  "|---|---|---|"]
        lines += [f"| `{c.name}` | {c.type} | {c.doc} |" for c in table.all_columns]
        lines.append("")
    return "\n".join(lines)


def update_docs(path: str) -> None:
    """Rewrite the schema section (between the ``schema: begin/end`` markers) of ``path``."""
    with open(path, encoding="utf-8") as handle:
        page = handle.read()
    begin, end = "<!-- schema: begin -->", "<!-- schema: end -->"
    head, _, rest = page.partition(begin)
    _, _, tail = rest.partition(end)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(f"{head}{begin}\n\n{schema_markdown()}\n{end}{tail}")


if __name__ == "__main__":  # python -m netfacts.fleet._tables docs/fleet.md
    import sys

    update_docs(sys.argv[1])
