"""The ``netfacts index`` and ``netfacts query`` subcommands (the fleet extra)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from netfacts.errors import ParseError

__all__ = ["INCOMPLETE", "add_commands"]

INCOMPLETE = 3
"""Exit status: some report could not be read completely (see the ``diagnostics`` table)."""

_EXTRA = "this command needs the fleet extra: pip install 'netfacts[fleet]'"


def _needs_extra(exc: ImportError) -> ParseError:
    return ParseError(f"{_EXTRA} ({exc.name or exc} is missing)")


def _cmd_index(args: argparse.Namespace) -> int:
    if args.jobs > 1 and args.dask is None:
        from netfacts.fleet._workers import forkserver

        forkserver()  # first: its imports overlap this process's own
    try:
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise _needs_extra(exc) from None
    from netfacts.fleet import index

    if args.jobs < 1:
        raise ParseError("-j must be at least 1")
    try:
        result = index(args.sources, args.out, jobs=args.jobs, dask=args.dask, force=args.force)
    except ImportError as exc:
        raise _needs_extra(exc) from None
    if not args.quiet:
        print(f"{result.out}: {result.indexed} report(s) indexed ({result.nodes} nodes), "
              f"{result.skipped} already there, {result.failed} failed, "
              f"{result.incomplete} incomplete, in {result.seconds:.1f} s", file=sys.stderr)
    return INCOMPLETE if result.failed or result.incomplete else 0


def _cmd_query(args: argparse.Namespace) -> int:
    try:
        from netfacts.fleet import query

        names, rows = query(args.dataset, args.sql)
    except ImportError as exc:
        raise _needs_extra(exc) from None
    out = sys.stdout
    if args.format == "json":
        json.dump([dict(zip(names, (_plain(v) for v in row))) for row in rows], out,
                  ensure_ascii=False, indent=None if not args.pretty else 2)
        out.write("\n")
    elif args.format == "csv":
        import csv

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([[_cell(v) for v in row] for row in rows])
    else:
        cells = [[_cell(v) for v in row] for row in rows]
        widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
        for line in [names, *cells]:
            out.write("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip() + "\n")
    return 0


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ",".join(_cell(v) for v in value)
    text = str(value)
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)


def add_commands(sub: Any) -> None:
    """Add ``index`` and ``query`` to the CLI's subparsers."""
    p_index = sub.add_parser(
        "index", help="index many reports into a Parquet dataset (fleet extra)",
        description="Every sosreport, tarball, collector bundle or snapshot JSON found under "
        "SOURCES becomes rows of the tables in DIR (one folder of Parquet files per table). "
        "Reports already indexed (same content) are skipped. Exit status 3 when a report "
        "could not be read completely (see the diagnostics table).",
    )
    p_index.add_argument("sources", nargs="+", metavar="SOURCE")
    p_index.add_argument("--out", "-o", required=True, metavar="DIR", help="the dataset")
    p_index.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                         help="worker processes (default 1); with --dask local: workers")
    p_index.add_argument("--dask", metavar="ADDRESS",
                         help="run the tasks on a dask.distributed scheduler at ADDRESS, or "
                         "'local' for a LocalCluster (DIR must be reachable by the workers)")
    p_index.add_argument("--force", action="store_true", help="rebuild the dataset")
    p_index.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    p_index.set_defaults(func=_cmd_index)

    p_query = sub.add_parser(
        "query", help="run SQL (DuckDB) on a dataset made by 'netfacts index' (fleet extra)",
        description="Each table of the dataset is a view by its name (nodes, interfaces, "
        "sysctls, findings...: see the fleet page of the docs).",
    )
    p_query.add_argument("dataset", metavar="DIR")
    p_query.add_argument("sql", metavar="SQL")
    p_query.add_argument("--format", choices=("text", "csv", "json"), default="text")
    p_query.add_argument("-p", "--pretty", action="store_true", help="indent the JSON")
    p_query.set_defaults(func=_cmd_query)
