"""The CLI's netstat → JSON text path equals the model path, byte for byte.

``netfacts parse --as netstat`` writes the parser's socket rows straight to JSON text
without building a ``Socket`` (``netfacts.jsonio.netstat.netstat_direct_json``).  Whatever
the input, its JSON text and its diagnostics must be exactly those of ``parse_netstat``,
every ``Socket`` built, ``netstat_to_json`` of the models and compact ``json.dumps`` — and
the fast path must really have been taken (no ``Socket`` built on it).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import CORPUS, NETNS
from netfacts.errors import Diagnostic
from netfacts.jsonio.netstat import netstat_direct_json, netstat_to_json
from netfacts.models.netstat import NetstatOutput, SocketList
from netfacts.parsers.netstat import _reader, parse_netstat
from netfacts.testing._strategies_sockets import netstat_outputs
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property

FILES = [
    path
    for path in sorted(CORPUS.glob("netstat-*.txt")) + sorted(CORPUS.glob("far_netstat-*.txt"))
    + sorted((NETNS / "netstat").glob("netstat_*.txt"))
    + sorted((NETNS.parent / "netns_sockets" / "netstat").glob("netstat_*.txt"))
    if not path.name.endswith("stderr.txt")
]
TEXTS = [path.read_text(errors="replace") for path in FILES]
LISTING = (
    "Active Internet connections (servers and established)\n"
    "Proto Recv-Q Send-Q Local Address           Foreign Address         State       "
    "PID/Program name    \n"
    "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      "
    "10079/sshd: /usr/sb \n"
    "udp        0      0 0.0.0.0:7               0.0.0.0:*                           "
    "22102/worker 7 [udp \n"
    "raw6       0      0 :::58                   :::*                    7           "
    "10082/systemd-netwo \n"
    "tcp6       0      0 2001:db8:aaaa:bbbb::443 :::*                    LISTEN      "
    "10080/nginx: master \n"
    "Active UNIX domain sockets (servers and established)\n"
    "Proto RefCnt Flags       Type       State         I-Node   PID/Program name     Path\n"
    "unix  2      [ ACC ]     STREAM     LISTENING     102211   10080/nginx: master  "
    "/var/run/demo123/my\n"
    "unix  3      [ ]         STREAM     CONNECTED     102300   -                    \n"
)


def direct_json(text: str, **hints: Any) -> tuple[str, tuple[Diagnostic, ...]]:
    """The CLI's pieces joined: the text it writes."""
    pieces, diagnostics = netstat_direct_json(text, **hints)
    return "".join(pieces), diagnostics


def _model(text: str, source: str | None, wide: bool | None) -> tuple[str, list[str]]:
    output = parse_netstat(text, source=source, wide=wide)
    for sample in output.samples:
        assert len(tuple(sample.sockets)) == len(sample.sockets)  # every Socket built ...
        assert not isinstance(sample.sockets, SocketList) or sample.sockets.rows is None
    data = json.dumps(netstat_to_json(output), ensure_ascii=False, separators=(",", ":"))
    return data, [d.render() for d in output.diagnostics]


@contextlib.contextmanager
def _no_socket_built() -> Iterator[None]:
    """Fail if a ``Socket`` is built from a row meanwhile (the fast path builds none)."""
    original = _reader.socket_from_row

    def refuse(row: object) -> object:
        raise AssertionError("the fast path built a Socket")

    _reader.socket_from_row = refuse  # type: ignore[assignment]
    try:
        yield
    finally:
        _reader.socket_from_row = original


def _same(text: str, source: str | None = None, wide: bool | None = None) -> bool:
    """The direct path took ``text``, built no ``Socket`` and agreed with the models."""
    with _no_socket_built():
        direct = direct_json(text, source=source, wide=wide)
    assert (direct[0], [d.render() for d in direct[1]]) == _model(text, source, wide)
    return True


def test_there_are_captures() -> None:
    assert len(FILES) > 80


@pytest.mark.parametrize("wide", [None, True])
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_captures(path: Path, wide: bool | None) -> None:
    _same(path.read_text(errors="replace"), str(path), wide)


def test_socket_listings_take_the_direct_path() -> None:
    taken = [path.name for path, text in zip(FILES, TEXTS) if _same(text, path.name)]
    assert "netstat-2.10__-anp.txt" in taken
    assert "netstat-1.60__-anp.txt" in taken
    assert "netstat-2.10__-anto.txt" in taken
    assert len(taken) > 40
    assert _same(LISTING, "x.txt")


def test_other_modes_take_the_same_path() -> None:
    for name in ("netstat-2.10__-rn.txt", "netstat-2.10__-i.txt", "netstat-2.10__-s.txt"):
        assert _same((CORPUS / name).read_text(), name)
    twice = LISTING + LISTING  # netstat -c: two samples
    assert _same(twice)
    assert json.loads(direct_json(twice)[0])["samples"][1]["sockets"][0]["local_port"] == 22


def test_truncation_warning_and_rows_the_hot_path_leaves() -> None:
    direct = direct_json(LISTING, source="x.txt")
    assert [d.line for d in direct[1]] == [6]
    data = json.loads(direct[0])["sockets"]
    assert data[3]["local_address_truncated"] is True
    assert data[1]["program"] == "worker 7 [udp" and data[1]["state"] is None
    assert data[2]["state"] == "7"
    assert data[5] == {"proto": "unix", "refcnt": 3, "flags": [], "type": "STREAM",
                       "state": "CONNECTED", "inode": 102300, "pid": None, "program": None,
                       "path": None}


EDGE_CASES = {
    "no header": "tcp        0      0 10.0.0.1:22             10.0.0.2:5000           "
                 "ESTABLISHED\n",
    "leading zeros": LISTING.replace("      0 0.0.0.0:22", "    007 0.0.0.0:022"),
    "bad endpoint": LISTING.replace("0.0.0.0:22 ", "0.0.0.0.22 "),
    "prompt and echo": "$ netstat -anp\n" + LISTING + "$ echo $?\n0\n",
    "empty": "",
    "headers only": LISTING.split("tcp ", maxsplit=1)[0],
    "no final newline": LISTING.rstrip("\n"),
    "quotes and backslashes": LISTING.replace("nginx: master", 'ng"x\\ master'),
    "non-ASCII digits": LISTING.replace(":22 ", ":٢٢ "),
    "service names": LISTING.replace("0.0.0.0:22 ", "0.0.0.0:ssh"),
    "usage text": "netstat: invalid option -- 'W'\nusage: netstat [-vWeenNcCF]\n",
}


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_edge_cases(name: str) -> None:
    _same(EDGE_CASES[name], "edge.txt")
    _same(EDGE_CASES[name], "edge.txt", wide=True)


@given(netstat_outputs())
def test_generated_output(case: tuple[str, NetstatOutput]) -> None:
    text, expected = case
    _same(text, "generated", expected.form.wide)


@given(garbled(st.sampled_from(TEXTS)))
def test_garbled_captures(text: str) -> None:
    _same(text, "garbled")


def test_the_cli_writes_a_large_listing_in_pieces() -> None:
    # no text of every socket at once: each piece holds at most a few thousand sockets
    head, *rows = LISTING.splitlines(keepends=True)[:6]
    inet = next(row for row in rows if row.startswith(("tcp", "udp")))
    big = head + rows[0] + inet * 10_000
    pieces, _ = netstat_direct_json(big)
    whole = "".join(pieces)
    assert len(json.loads(whole)["sockets"]) == 10_000
    assert len(pieces) > 3 and max(map(len, pieces)) < len(whole) / 2
