"""One process reading capture after capture keeps its memory flat.

Whatever a parse keeps between calls (generated writers, bounded caches) must stop
growing: after a warm-up, reading two dozen more different captures — ``ip addr``,
``ip route`` and ``netstat`` with their own names, addresses and programs each time, read
through ``netfacts.parse`` (records built), ``to_json`` and the CLI's direct JSON —
leaves the traced memory where it was.  (``benchmarks/bench_memory.py`` does the same with
100 large captures and reports the resident set.)
"""

from __future__ import annotations

import gc
import sys
import tracemalloc
from pathlib import Path

import netfacts
from netfacts import _api
from netfacts.models import values

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import bench_ip_addr
import bench_ip_route
import bench_netstat

_FAMILIES = (
    ("ip-addr", "links", lambda seed: bench_ip_addr.generate(300, seed)),
    ("ip-route", "routes", lambda seed: bench_ip_route.generate(600, seed)),
    ("netstat", "sockets", lambda seed: bench_netstat.generate_node(600, seed)),
)
_CACHES = (values.ip_address, values.ip_network, values.link_address, values._parse_mac)
"""The bounded (``lru_cache``) caches of address objects: keyed by the address text."""


def _read(number: int) -> None:
    kind, records, make = _FAMILIES[number % len(_FAMILIES)]
    text = make(5000 + number)
    output = netfacts.parse(text, kind)
    assert len(list(getattr(output, records))) > 0
    _api.to_json(output)
    _api.cli_json(text, kind, source="<test>")


def _traced() -> int:
    """Traced memory now, the bounded address caches emptied (they are measured apart)."""
    for cache in _CACHES:
        cache.cache_clear()
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


def test_memory_stays_flat_over_many_different_captures() -> None:
    for number in range(6):  # warm-up: imports, generated writers, enum members
        _read(number)
    tracemalloc.start()
    try:
        for number in range(6, 9):  # one round traced (the generators keep pools)
            _read(number)
        before = _traced()
        for number in range(9, 33):
            _read(number)
        after = _traced()
    finally:
        tracemalloc.stop()
    # 24 more captures of about 500 lines each, every value new: nothing of them stays
    assert after - before < 128 * 1024, (before, after)


def test_the_address_caches_are_bounded() -> None:
    for cache in _CACHES:
        maxsize = cache.cache_info().maxsize
        assert maxsize is not None and maxsize <= 16384  # a few MiB at most
