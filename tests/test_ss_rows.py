"""ss socket rows: the full-row reading and the general reading agree on every capture and
generated listing; rows survive the trip to a ``Socket`` and back.

(On damaged rows the two readings differ, as they did before rows: a cut ``users:((`` is
dropped by the full-row reading and kept as an unknown word by the general one.)"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import given

from conftest import CORPUS, NETNS
from netfacts.models.ss import SS_ROW, SsOutput, SsSocketList, ss_socket_from_row, ss_socket_row
from netfacts.parsers import ss as parser
from netfacts.parsers.ss import parse_ss
from netfacts.testing._strategies_sockets import ss_outputs

PATHS = [
    path
    for path in sorted(CORPUS.glob("ss-*.txt")) + sorted(CORPUS.glob("far_ss-*.txt"))
    + sorted((NETNS / "ss").glob("*.txt"))
    if not path.name.endswith("stderr.txt")
]
TEXTS = [path.read_text(errors="replace") for path in PATHS]


@contextmanager
def _general_reading() -> Iterator[None]:
    parser._FAST = False
    try:
        yield
    finally:
        parser._FAST = True


def _rows(output: SsOutput) -> object:
    sockets = output.sockets
    return sockets.rows if isinstance(sockets, SsSocketList) else tuple(sockets)


def _agree(text: str) -> SsOutput:
    fast = parse_ss(text)
    with _general_reading():
        slow = parse_ss(text)
    assert _rows(fast) == _rows(slow)
    assert [d.render() for d in fast.diagnostics] == [d.render() for d in slow.diagnostics]
    assert fast.record_lines == slow.record_lines
    assert fast.form == slow.form
    return fast


def test_captures_read_the_same_both_ways() -> None:
    assert len(TEXTS) > 30
    count = 0
    for text in TEXTS:
        rows = _rows(_agree(text))
        for row in rows or ():  # type: ignore[attr-defined]
            assert len(row) == len(SS_ROW)
            assert ss_socket_row(ss_socket_from_row(row)) == row
            count += 1
    assert count > 500


@given(ss_outputs())
def test_generated_listings_read_the_same_both_ways(case: tuple[str, SsOutput]) -> None:
    _agree(case[0])
