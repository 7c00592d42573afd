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


def node_id(report_id: str, member: str, hostname: str | None, when: datetime | None) -> str:
    """The stable node id: report identity (content hash and member), hostname, capture time."""
    key = "\0".join((report_id, member, hostname or "", when.isoformat() if when else ""))
    return hashlib.blake2b(key.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def node_names(snapshots: Sequence[Snapshot]) -> list[str]:
    """Each snapshot's name in its cluster, as :attr:`Cluster.nodes` and the checks name them."""
    return list(Cluster(snapshots=tuple(snapshots)).nodes)


def node_infos(snapshots: Sequence[Snapshot], *, report_id: str, cluster_id: str,
               cluster: str | None, base: str | None) -> list[NodeInfo]:
    """The ``nodes`` records of a report's snapshots; ``base`` is the report's own path
    (a snapshot's member name is its origin after it)."""
    infos = []
    for snapshot, name in zip(snapshots, node_names(snapshots)):
        origin = snapshot.origin or ""
        member = origin[len(base):].lstrip(":/") if base and origin.startswith(base) else origin
        when = captured_at(snapshot)
        infos.append(NodeInfo(
            node_id=node_id(report_id, member, snapshot.hostname, when),
            report_id=report_id, cluster_id=cluster_id, cluster=cluster, node=name,
            snapshot=snapshot, report=member or None, captured_at=when,
            role=node_role(snapshot), complete=snapshot.complete,
        ))
    return infos


def finding_rows(infos: Sequence[NodeInfo], cluster_id: str) -> list[FindingRow]:
    """Run every check over the nodes of one cluster."""
    ids = {info.node: info.node_id for info in infos}
    findings = run_checks([info.snapshot for info in infos])
    return [FindingRow(cluster_id=cluster_id, node_id=ids.get(f.node or ""), finding=f)
            for f in findings]


def unit_columns(infos: Sequence[NodeInfo], findings: Iterable[FindingRow] | None,
                 report_diagnostics: Sequence[Diagnostic] = (), report_id: str = ""
                 ) -> dict[str, dict[str, list[Any]]]:
    """Every table's columns for the nodes of one report (``sources`` excepted);
    ``report_diagnostics`` are about the report as a whole (a cluster's own)."""
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
        *(DiagnosticRow(report_id=report_id, node_id=None, diagnostic=d)
          for d in report_diagnostics),
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
                report_diagnostics: Sequence[Diagnostic] = (), report_id: str = ""
                ) -> dict[str, Any]:
    """Arrow tables of one report's nodes (``sources`` excepted)."""
    columns = unit_columns(infos, findings, report_diagnostics, report_id)
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
