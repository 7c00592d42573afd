"""The CLI's ss → JSON text path equals the model path, byte for byte.

``netfacts parse --as ss`` writes the parser's rows straight to JSON text without
building a ``Socket`` (``netfacts.jsonio.ss.ss_direct_json``).  Whatever the input, its
JSON text and its diagnostics must be exactly those of ``parse_ss``, every ``Socket``
built, ``ss_to_json`` of the models and compact ``json.dumps`` — and the fast path must
really have been taken (no ``Socket`` built from a row on it).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import CORPUS, NETNS
from netfacts.jsonio.ss import ss_direct_json as direct_json
from netfacts.jsonio.ss import ss_to_json
from netfacts.models.ss import SsOutput, SsSocketList
from netfacts.parsers import ss as parser
from netfacts.parsers.ss import parse_ss
from netfacts.testing._strategies_sockets import ss_outputs
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property

FILES = [
    path
    for path in sorted(CORPUS.glob("ss-*.txt")) + sorted(CORPUS.glob("far_ss-*.txt"))
    + sorted((NETNS / "ss").glob("*.txt")) + sorted((NETNS / "netstat").glob("ss_truth*.txt"))
    + sorted((NETNS.parent / "netns_sockets" / "ss").glob("*.txt"))
    if not path.name.endswith("stderr.txt")
]
TEXTS = [path.read_text(errors="replace") for path in FILES]
LISTING = (
    "Netid State  Recv-Q Send-Q        Local Address:Port   Peer Address:Port Process\n"
    'tcp   LISTEN 0      4096                0.0.0.0:22          0.0.0.0:*     '
    'users:(("sshd",pid=10079,fd=3))\n'
    'tcp   ESTAB  0      0      [::ffff:127.0.0.1]:8080  [::ffff:127.0.0.1]:40626 '
    'users:(("cli,x (y",pid=10086,fd=4),("nginx: master",pid=10080,fd=6))\n'
    "udp   UNCONN 0      0          0.0.0.0%eth0:68          0.0.0.0:*\n"
    "tcp   LISTEN 0      511                       *:80                *:*     "
    'users:(("nginx",pid=10080,fd=7))\n'
    "tcp   ESTAB  0      0              10.0.0.1:22        10.0.0.2:50000 "
    "timer:(keepalive,119min,0) ino:102300 sk:1 <->\n"
    "tcp   ESTAB  0      0              10.0.0.1:22        10.0.0.2:50001\n"
    "\t cubic wscale:7,7 rto:204 rtt:0.25/0.125\n"
    "u_str LISTEN 0      4096  /run/nf-capture/sock/my app.sock 102211 * 0 "
    'users:(("nginx",pid=10080,fd=8))\n'
)


def _model(text: str, source: str | None, netid: str | None) -> tuple[str, list[str]]:
    output = parse_ss(text, source=source, netid=netid)
    assert len(tuple(output.sockets)) == len(output.sockets)  # every Socket built ...
    assert not isinstance(output.sockets, SsSocketList) or output.sockets.rows is None
    data = json.dumps(ss_to_json(output), ensure_ascii=False, separators=(",", ":"))
    return data, [d.render() for d in output.diagnostics]


@contextlib.contextmanager
def _no_socket_built() -> Iterator[None]:
    """Fail if a ``Socket`` is built from a row meanwhile (the fast path builds none)."""
    original = parser.ss_socket_from_row

    def refuse(row: object) -> object:
        raise AssertionError("the fast path built a Socket")

    parser.ss_socket_from_row = refuse  # type: ignore[assignment]
    try:
        yield
    finally:
        parser.ss_socket_from_row = original


def _same(text: str, source: str | None = None, netid: str | None = None) -> bool:
    """The direct path took ``text``, built no ``Socket`` and agreed with the models."""
    with _no_socket_built():
        direct = direct_json(text, source=source, netid=netid)
    assert (direct[0], [d.render() for d in direct[1]]) == _model(text, source, netid)
    return True


def test_there_are_captures() -> None:
    assert len(FILES) > 60


@pytest.mark.parametrize("netid", [None, "tcp"])
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_captures(path: Path, netid: str | None) -> None:
    _same(path.read_text(errors="replace"), str(path), netid)


def test_every_listing_and_ss_s_take_the_direct_path() -> None:
    taken = {path.name for path, text in zip(FILES, TEXTS) if _same(text, path.name)}
    assert {"ss-6.1__-tanpi.txt", "ss-3.10__-tulpn.txt", "ss-6.1__-anp.txt",
            "ss-6.1__-s.txt"} <= taken
    assert _same(LISTING, "x.txt")


def test_rows_the_fast_path_leaves_to_the_reader() -> None:
    direct = direct_json(LISTING, source="x.txt")
    data = json.loads(direct[0])["sockets"]
    assert data[1]["processes"][0]["name"] == "cli,x (y"
    assert data[2]["local_interface"] == "eth0"
    assert data[4]["timer"] == {"name": "keepalive", "expires_ms": 7140000, "retransmits": 0}
    assert data[5]["tcp_info"]["rto"] == 204
    assert data[6]["local_address"] == "/run/nf-capture/sock/my app.sock"


EDGE_CASES = {
    "no header, no netid": "LISTEN 0 128 0.0.0.0:22 0.0.0.0:*\nESTAB 0 0 10.0.0.1:22 "
                           "10.0.0.2:5000\n",
    "-H": "tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:((\"sshd\",pid=1,fd=3))\n",
    "leading zeros": LISTING.replace("0      4096 ", "00     04096"),
    "bad endpoint": LISTING.replace("0.0.0.0:22 ", "0.0.0.0.22 "),
    "bad bracket": LISTING.replace("[::ffff:127.0.0.1]:8080", "[::ffff:127.0.0.1:8080"),
    "prompt and echo": "$ ss -tanp\n" + LISTING + "$ echo $?\n0\n",
    "empty": "",
    "no final newline": LISTING.rstrip("\n"),
    "quotes and backslashes": LISTING.replace("cli,x (y", 'cl"i\\x'),
    "non-ASCII digits": LISTING.replace(":22 ", ":٢٢ "),
    "service names": LISTING.replace("0.0.0.0:22 ", "0.0.0.0:ssh"),
    "usage text": "ss: invalid option -- 'Z'\nUsage: ss [ OPTIONS ]\n",
    "trailing tab line": LISTING + "\t\n",
    "netlink and packet": "Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port\n"
                          "nl UNCONN 0 0 rtnl:kernel *\np_raw UNCONN 0 0 *:eth0 *\n",
}


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_edge_cases(name: str) -> None:
    _same(EDGE_CASES[name], "edge.txt")
    _same(EDGE_CASES[name], "edge.txt", netid="tcp")


@given(ss_outputs())
def test_generated_output(case: tuple[str, SsOutput]) -> None:
    text, _expected = case
    _same(text, "generated")


@given(garbled(st.sampled_from(TEXTS)))
def test_garbled_captures(text: str) -> None:
    _same(text, "garbled")


def test_a_token_without_a_port_does_not_poison_the_host_cache() -> None:
    """``*`` (no colon) once cached its host as ``""``: a later ``:47734`` peer then got
    ``*``'s address (null) instead of the empty text the parser keeps."""
    header = "Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port\n"
    assert _same(header + "p_raw UNCONN 0 0 *:eth0 *\n")
    assert _same(header + "tcp ESTAB 0 0 [::1]:5432 :47734\n")
