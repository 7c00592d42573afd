"""The fork server that ``netfacts index -j N`` forks its workers from (and ``--dask
local`` its Dask workers): one process that imports the parsers once.  Apart from the
indexing code so that the command line can start it before importing anything else."""

from __future__ import annotations

from typing import Any

__all__ = ["forkserver", "preload"]

_PRELOAD = ("netfacts.snapshot", "netfacts.checks", "netfacts.fleet._rows", "pyarrow.parquet")
"""Modules a worker needs for every report (imported once, in the fork server)."""


def preload() -> list[str]:
    """The modules the fork server imports: the above and every family's parser."""
    from netfacts._registry import FAMILIES

    return [*_PRELOAD, *dict.fromkeys(family.parser.partition(":")[0] for family in FAMILIES)]


def forkserver() -> Any:
    """The forkserver context, its server started (at once, in the background; once per
    process): no fork of this (threaded, once pyarrow runs) process; the server imports the
    parsers while this process goes on, and every worker starts from it ready to work."""
    import multiprocessing
    from multiprocessing import forkserver as server

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(preload())
    server.ensure_running()
    return context
