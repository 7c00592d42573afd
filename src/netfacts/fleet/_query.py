"""``netfacts query DIR "SQL"``: DuckDB over the dataset, every table a view by its name."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from netfacts.errors import ParseError
from netfacts.fleet._tables import TABLES

__all__ = ["connect", "query"]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def connect(dataset: str | os.PathLike[str]) -> Any:
    """An in-memory DuckDB connection with a view per table (``nodes``, ``sysctls``...)
    reading ``DATASET/<table>/**/*.parquet``."""
    import duckdb

    root = Path(dataset)
    if not (root / "nodes").is_dir():
        raise ParseError("not a netfacts dataset (no nodes/ folder); make one with "
                         "'netfacts index SOURCES --out DIR'", source=str(root))
    connection = duckdb.connect()
    for table in TABLES:
        pattern = _quote(str(root / table.name / "**" / "*.parquet"))
        connection.execute(f'CREATE VIEW "{table.name}" AS SELECT * FROM read_parquet('
                           f"{pattern}, union_by_name = true)")
    return connection


def query(dataset: str | os.PathLike[str], sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run ``sql`` on the dataset: (column names, rows)."""
    import duckdb

    connection = connect(dataset)
    try:
        try:
            result = connection.execute(sql)
        except duckdb.Error as exc:
            raise ParseError(f"query failed: {exc}") from None
        if result.description is None:
            return [], []
        names = [column[0] for column in result.description]
        return names, result.fetchall()
    finally:
        connection.close()
