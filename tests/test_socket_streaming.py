"""The streaming APIs give the records and diagnostics of the list APIs, in constant memory."""

from __future__ import annotations

import gc
import io
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CORPUS, NETNS, ROOT
from netfacts.errors import ParseError
from netfacts.parsers.netstat import iter_netstat, parse_netstat
from netfacts.parsers.ss import iter_ss, parse_ss

SOCKETS = NETNS.parent / "netns_sockets"
NETSTAT = sorted(p for p in [*CORPUS.glob("netstat-*.txt"), *(NETNS / "netstat").glob(
    "netstat_*.txt"), *(SOCKETS / "netstat").glob("netstat_*.txt")]
    if not p.name.endswith("stderr.txt"))
SS = sorted(p for p in [*CORPUS.glob("ss-*.txt"), *(NETNS / "ss").glob("*.txt"),
                        *(SOCKETS / "ss").glob("*.txt")] if not p.name.endswith("stderr.txt"))


def _records(path: Path) -> tuple[list[object], object]:
    out = parse_netstat(path.read_text(), source=path.name)
    records = [r for s in out.samples for r in (*s.sockets, *s.routes, *s.interfaces,
                                                 *s.statistics, *s.groups)]
    return records, out


@pytest.mark.parametrize("path", NETSTAT, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_netstat_stream_of_a_path_equals_the_list(path: Path) -> None:
    records, out = _records(path)
    stream = iter_netstat(path, source_name=path.name)
    assert list(stream) == records
    assert stream.diagnostics == out.diagnostics  # type: ignore[attr-defined]
    assert stream.form == out.form  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", SS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_ss_stream_of_a_path_equals_the_list(path: Path) -> None:
    out = parse_ss(path.read_text(), source=path.name)
    stream = iter_ss(path, source_name=path.name)
    assert tuple(stream) == out.sockets
    assert stream.diagnostics == out.diagnostics
    assert stream.form == out.form and stream.summary == out.summary


def test_every_kind_of_source() -> None:
    path = CORPUS / "netstat-2.10__-anp.txt"
    records, _ = _records(path)
    text = path.read_text()
    with path.open("rb") as binary:
        assert list(iter_netstat(binary)) == records
    with path.open() as handle:
        assert list(iter_netstat(handle)) == records
    assert list(iter_netstat(text)) == records
    assert list(iter_netstat(text.encode())) == records
    assert list(iter_netstat(text.splitlines())) == records
    assert list(iter_netstat(io.StringIO(text))) == records
    with pytest.raises(ParseError):
        list(iter_netstat(42))


def test_samples_while_streaming() -> None:
    path = CORPUS / "netstat-2.10__-c_-nt.txt"
    stream = iter_netstat(path)
    seen = [(stream.sample, record) for record in stream]
    assert [index for index, _ in seen] == [0] * 16 + [1] * 16
    assert stream.form.continuous


def test_strict_streaming_raises_at_the_bad_line() -> None:
    text = (CORPUS / "netstat-2.10__-anp.txt").read_text().replace(
        "tcp        0      0 0.0.0.0:22 ", "tcp        0      0 0.0.0.0xx22 ", 1)
    stream = iter_netstat(text, strict=True, source_name="x")
    with pytest.raises(ParseError) as raised:
        list(stream)
    assert raised.value.line == 5


def _rows(count: int) -> Iterator[str]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_netstat

    text = bench_netstat.generate(count)
    yield from text.splitlines(keepends=True)


def _peak(function: object) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        function()  # type: ignore[operator]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_streaming_memory_does_not_grow_with_the_input() -> None:
    """The caches of repeated values are bounded and nothing else is kept."""
    small = list(_rows(20_000))
    large = list(_rows(60_000))

    def stream(lines: list[str]) -> object:
        return lambda: sum(1 for _ in iter_netstat(iter(lines)))

    peak_small = _peak(stream(small))
    peak_large = _peak(stream(large))
    assert peak_large < peak_small * 1.5 + 2_000_000, (peak_small, peak_large)
    whole = "".join(large)
    peak_list = _peak(lambda: parse_netstat(whole))
    assert peak_large * 3 < peak_list, (peak_large, peak_list)
