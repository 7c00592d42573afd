"""Snapshots → the rows of every table (Python lists per column), and those as Arrow tables.

:func:`unit_tables` is what one indexing task does with the snapshots of one report;
:func:`netfacts.fleet.to_arrow` is the same for a snapshot or cluster in memory.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import Any

from netfacts.checks import node_role, run_checks
from netfacts.errors import Diagnostic
from netfacts.fleet._tables import (
    BY_NAME,
    SCHEMA,
    TABLES,
    DiagnosticRow,
    FindingRow,
    NodeInfo,
    Table,
    columns_of,
    plain_columns,
)
from netfacts.models.snapshot import Cluster, Snapshot

__all__ = ["arrow_schema", "captured_at", "node_id", "node_names", "to_arrow", "unit_tables"]

_REPORT_DATE = re.compile(r"sosreport-.*?-(\d{4})-(\d{2})-(\d{2})-[A-Za-z0-9]+")
_REPORT_STAMP = re.compile(r"sosreport-.*?-(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\b")


def captured_at(snapshot: Snapshot) -> datetime | None:
    """When the report was taken, from its name (``sosreport-HOST-2026-11-26-xxxx``: the
    day; ``sosreport-HOST-20261126101500``: the second), None when the name does not say."""
    origin = snapshot.origin or ""
    name = origin.rstrip("/").rsplit(":", 1)[-1].rsplit("/", 1)[-1]
    for candidate in (name, origin):
        match = _REPORT_STAMP.search(candidate) or _REPORT_DATE.search(candidate)
        if match is None:
            continue
        parts = [int(part) for part in match.groups()] + [0, 0, 0]
        try:
            return datetime(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5],
                            tzinfo=timezone.utc)
        except ValueError:
            return None
    return None


def node_id(report_id: str, member: str, hostname: str | None, when: datetime | None,
            digest: str | None = None) -> str:
    """The stable node id: report identity, hostname, capture time.  The report's identity
    is its :attr:`~netfacts.models.snapshot.Snapshot.digest` (the bytes of the files read
    from it, wherever it was stored) when known, so that copies of a report (a tree, its
    tarball, its member of a bundle) have one id; else the content hash of the file it
    came from and its member name."""
    identity = ("digest", digest) if digest else (report_id, member)
    key = "\0".join((*identity, hostname or "", when.isoformat() if when else ""))
    return hashlib.blake2b(key.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def node_names(snapshots: Sequence[Snapshot]) -> list[str]:
    """Each snapshot's name in its cluster, as :attr:`Cluster.nodes` and the checks name them."""
    return list(Cluster(snapshots=tuple(snapshots)).nodes)


def node_infos(snapshots: Sequence[Snapshot], *, report_id: str, cluster_id: str,
               cluster: str | None, base: str | None,
               members: Sequence[tuple[str, str]] = ()) -> list[NodeInfo]:
    """The ``nodes`` records of a report's snapshots; ``base`` is the report's own path
    (a snapshot's member name is its origin after it).  ``members``: (path, report id) of
    each file of a cluster read together; a snapshot belongs to the one its origin is in."""
    bases = members or [(base or "", report_id)]
    infos = []
    for snapshot, name in zip(snapshots, node_names(snapshots)):
        origin = snapshot.origin or ""
        path, owner = _owner(origin, bases, report_id)
        member = origin[len(path):].lstrip(":/") if path else origin
        when = captured_at(snapshot)
        infos.append(NodeInfo(
            node_id=node_id(owner, member, snapshot.hostname, when, snapshot.digest),
            report_id=owner, cluster_id=cluster_id, cluster=cluster, node=name,
            snapshot=snapshot, report=member or None, captured_at=when,
            role=node_role(snapshot), complete=snapshot.complete,
        ))
    return infos


def _owner(origin: str, members: Sequence[tuple[str, str]], default: str) -> tuple[str, str]:
    """(path, report id) of the member a snapshot or diagnostic was read from."""
    for path, report_id in sorted(members, key=lambda member: -len(member[0])):
        if path and (origin == path or origin.startswith((f"{path}:", f"{path}/"))):
            return path, report_id
    return "", default


def finding_rows(infos: Sequence[NodeInfo], cluster_id: str) -> list[FindingRow]:
    """Run every check over the nodes of one cluster."""
    ids = {info.node: info.node_id for info in infos}
    findings = run_checks([info.snapshot for info in infos])
    return [FindingRow(cluster_id=cluster_id, node_id=ids.get(f.node or ""), finding=f)
            for f in findings]


def unit_columns(infos: Sequence[NodeInfo], findings: Iterable[FindingRow] | None,
                 report_diagnostics: Sequence[Diagnostic] = (), report_id: str = "",
                 members: Sequence[tuple[str, str]] = ()) -> dict[str, dict[str, list[Any]]]:
    """Every table's columns for the nodes of one report (``sources`` excepted);
    ``report_diagnostics`` are about the report as a whole (a cluster's own), each given
    to the member (path, report id) it names, else to ``report_id``."""
    out: dict[str, dict[str, list[Any]]] = {}
    for table in TABLES:
        if table.records is not None:
            merged: dict[str, list[Any]] = {}
            for info in infos:
                part = columns_of(table, table.records(info.snapshot), info.node_id)
                if not merged:
                    merged = part
                else:
                    for name, values in part.items():
                        merged[name].extend(values)
            out[table.name] = merged or {c.name: [] for c in table.all_columns}
    out["nodes"] = plain_columns(BY_NAME["nodes"], infos)
    out["diagnostics"] = plain_columns(BY_NAME["diagnostics"], [
        *(DiagnosticRow(report_id=_owner(d.source or "", members, report_id)[1],
                        node_id=None, diagnostic=d) for d in report_diagnostics),
        *(DiagnosticRow(report_id=info.report_id, node_id=info.node_id, diagnostic=d)
          for info in infos for d in info.snapshot.diagnostics)])
    if findings is not None:
        out["findings"] = plain_columns(BY_NAME["findings"], findings)
    return out


# ---------------------------------------------------------------- Arrow


def _arrow_type(name: str) -> Any:
    import pyarrow as pa

    types = {
        "string": pa.string(), "int32": pa.int32(), "int64": pa.int64(), "bool": pa.bool_(),
        "timestamp": pa.timestamp("us", tz="UTC"),
        # "element": the item name Parquet uses, so a table read back has the same schema
        "list<string>": pa.list_(pa.field("element", pa.string())),
    }
    return types[name]


_SCHEMAS: dict[str, Any] = {}


def arrow_schema(table: Table) -> Any:
    """The ``pyarrow.Schema`` of a table (the schema version in its metadata)."""
    known = _SCHEMAS.get(table.name)
    if known is not None:
        return known
    import pyarrow as pa

    schema = _SCHEMAS[table.name] = pa.schema(
        [pa.field(column.name, _arrow_type(column.type)) for column in table.all_columns],
        metadata={"netfacts.schema": SCHEMA, "netfacts.table": table.name},
    )
    return schema


def arrow_table(table: Table, columns: dict[str, list[Any]] | None) -> Any:
    """Columns (or none: an empty table) as a ``pyarrow.Table`` of the table's schema."""
    import pyarrow as pa

    schema = arrow_schema(table)
    if columns is None:
        return schema.empty_table()
    return pa.Table.from_pydict(columns, schema=schema)


def unit_tables(infos: Sequence[NodeInfo], findings: Iterable[FindingRow] | None,
                report_diagnostics: Sequence[Diagnostic] = (), report_id: str = "",
                members: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    """Arrow tables of one report's nodes (``sources`` excepted)."""
    columns = unit_columns(infos, findings, report_diagnostics, report_id, members)
    return {name: arrow_table(BY_NAME[name], values) for name, values in columns.items()}


def to_arrow(source: Snapshot | Cluster, *, report_id: str | None = None) -> dict[str, Any]:
    """Every table of the fleet dataset for one snapshot or cluster, as ``pyarrow.Table``.

    The node ids are those ``netfacts index`` would give when ``report_id`` is the
    report's content hash; by default the report is identified by the snapshot's origin.
    ``findings`` holds the checks over all the nodes given; ``sources`` is empty (it
    describes files on disk).
    """
    snapshots = source.snapshots if isinstance(source, Cluster) else (source,)
    base = source.origin if isinstance(source, Cluster) else None
    key = report_id or hashlib.blake2b(
        (source.origin or "").encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
    infos = node_infos(snapshots, report_id=key, cluster_id=key, cluster=source.origin,
                       base=base)
    own = source.diagnostics if isinstance(source, Cluster) else ()
    tables = unit_tables(infos, finding_rows(infos, key), own, key)
    return {table.name: tables.get(table.name, arrow_table(table, None)) for table in TABLES}
