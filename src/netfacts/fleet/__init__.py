"""Fleet scale: many reports into one Parquet dataset, queried with DuckDB (or anything that
reads Parquet).  Needs the ``fleet`` extra: ``pip install 'netfacts[fleet]'``.

* :func:`index` — ``netfacts index SOURCES... --out DIR``;
* :func:`to_arrow` — the same tables for one snapshot or cluster in memory;
* :func:`query` — ``netfacts query DIR "SQL"`` (:func:`connect` gives the connection);
* :data:`TABLES` — the declared tables and columns (``docs/fleet.md`` lists them).

Names are imported on first use, so the CLI does not pay for them when it runs other
commands.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netfacts.fleet._index import IndexResult, discover, index
    from netfacts.fleet._query import connect, query
    from netfacts.fleet._rows import to_arrow
    from netfacts.fleet._tables import SCHEMA, SCHEMA_VERSION, TABLES, Column, Table

__all__ = [
    "SCHEMA",
    "SCHEMA_VERSION",
    "TABLES",
    "Column",
    "IndexResult",
    "Table",
    "connect",
    "discover",
    "index",
    "query",
    "to_arrow",
]

_HOME = {
    "IndexResult": "_index", "discover": "_index", "index": "_index",
    "connect": "_query", "query": "_query", "to_arrow": "_rows",
    "SCHEMA": "_tables", "SCHEMA_VERSION": "_tables", "TABLES": "_tables",
    "Column": "_tables", "Table": "_tables",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'netfacts.fleet' has no attribute {name!r}")
    return getattr(importlib.import_module(f"netfacts.fleet.{module}"), name)


def __dir__() -> list[str]:
    return sorted(__all__)
