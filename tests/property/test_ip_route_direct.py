"""The CLI's ``ip route`` → JSON text path equals the model path, byte for byte.

``netfacts parse --as ip-route`` writes the parser's rows straight to JSON text without
building a ``Route`` (``netfacts.jsonio.ip_route.ip_route_direct_json``).  Whatever the
input, its JSON text and its diagnostics must be exactly those of ``parse``, every
``Route`` built, ``to_json`` of the models and compact dumps — and the fast path must
really have been taken (no ``Route`` built on it).
"""

from __future__ import annotations

import contextlib
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netfacts
from conftest import CORPUS, NETNS
from netfacts import _api
from netfacts.models.route import IpRouteOutput
from netfacts.parsers import ip_route as parser
from netfacts.testing.garble import garbled
from netfacts.testing.strategies import ip_route_outputs

pytestmark = pytest.mark.property

ROUTE_FILES = [p for p in sorted(CORPUS.glob("ip-*__*route*.txt"))
               + sorted((NETNS / "ip_route").glob("*.txt")) if "stderr" not in p.name]
ROUTE_TEXTS = [p.read_text(errors="replace") for p in ROUTE_FILES]


def _model_path(text: str, source: str | None) -> tuple[str, list[str]]:
    output = netfacts.parse(text, "ip-route", source=source)
    assert len(tuple(output.routes)) == len(output.routes)  # every Route built ...
    assert output.routes.rows is None  # ... so to_json reads the models
    data = json.dumps(netfacts.to_json(output), ensure_ascii=False, separators=(",", ":"))
    return data, [d.render() for d in output.diagnostics]


@contextlib.contextmanager
def _no_route_built() -> Iterator[None]:
    """Fail if a ``Route`` is built from a row meanwhile (the fast path builds none)."""
    original = parser.route_from_row

    def refuse(row: object) -> object:
        raise AssertionError("the fast path built a Route")

    parser.route_from_row = refuse  # type: ignore[assignment]
    try:
        yield
    finally:
        parser.route_from_row = original


def _direct(text: str, source: str | None) -> tuple[str, list[str]] | None:
    with _no_route_built():
        result = _api.json_text(text, "ip-route", source=source)
    if result is None:
        return None
    return result[0], [d.render() for d in result[1]]


def _same(text: str, source: str | None = None) -> bool:
    direct = _direct(text, source)
    assert direct is not None  # every ip route text takes the fast path
    assert direct == _model_path(text, source)
    return True


def test_corpus_is_covered() -> None:
    assert CORPUS.is_dir() and len(ROUTE_FILES) > 20


@pytest.mark.parametrize("path", ROUTE_FILES, ids=lambda p: p.name)
def test_captures(path: Path) -> None:
    _same(path.read_text(errors="replace"), str(path))


def test_plain_tables_take_the_direct_path() -> None:
    text = (NETNS / "ip_route" / "ip_route.txt").read_text()
    assert _same(text)
    assert _direct(text, None) is not None


EDGE_CASES = {
    "host bits set": "10.1.2.5/24 dev eth0 scope link \n10.2.0.0/16 via 10.0.0.1 dev eth0 \n",
    "odd lengths": "10.96.0.0/12 dev eth0 \n10.244.1.64/26 via 10.0.0.2 dev eth0 \n"
                   "10.244.1.65/26 dev eth0 \n0.0.0.0/0 via 10.0.0.1 dev eth0 \n",
    "host route written /32": "10.0.0.7/32 dev eth0 scope link \n",
    "keyword-named devices": "10.0.0.0/24 dev dev scope link \n10.1.0.0/24 dev proto \n"
                             "10.2.0.0/24 dev metric metric 5 \n10.3.0.0/24 dev onlink onlink \n",
    "hidden defaults spelled out": "default via 10.0.0.1 dev eth0 proto boot scope global \n",
    "protocol numbers": "10.0.0.0/8 dev eth0 proto 99 metric 0 \n10.1.0.0/16 dev e proto 1 \n",
    "leading zeros": "10.0.0.0/8 via 10.0.0.01 dev eth0 \n10.0.0.0/8 dev eth0 metric 010 \n",
    "no final newline": "default via 10.0.0.1 dev eth0 \n10.0.0.0/24 dev eth0 scope link",
    "noise in the middle": "default via 10.0.0.1 dev eth0 \nRTNETLINK answers: No such process\n"
                           "10.0.0.0/24 dev eth0 \n$ ip route\n10.1.0.0/24 dev eth0 \n",
    "multipath, plain": "10.9.0.0/16 proto bird metric 20 \n\tnexthop via 10.0.0.2 dev eth0 "
                        "weight 1 \n\tnexthop via 10.0.0.3 dev eth1 weight 2 dead linkdown \n"
                        "10.8.0.0/16 dev eth0 \n",
    "multipath, not plain": "10.9.0.0/16 proto bird metric 20 \n\tnexthop via 10.0.0.2 dev eth0 "
                            "weight 1 \n\tnexthop via inet6 fe80::1 dev eth0 weight 1 \n",
    "nexthop after noise": "10.9.0.0/16 dev eth0 \ngarbage here\n\tnexthop via 10.0.0.2 dev x \n",
    "orphan nexthop first": "\tnexthop via 10.0.0.2 dev eth0 weight 1 \n10.0.0.0/8 dev eth0 \n",
    "blank lines": "\n10.0.0.0/8 dev eth0 \n\n\n10.1.0.0/16 dev eth0 \n\n",
    "CRLF": "default via 10.0.0.1 dev eth0 \r\n10.0.0.0/24 dev eth0 \r\n",
    "iproute2 3.10 spacing": "10.0.0.0/24 dev eth0  proto kernel  scope link  src 10.0.0.5 \n",
    "types": "blackhole 10.5.0.0/16 proto bird \nunreachable 10.6.0.0/16 \nprohibit 10.7.0.0/16 "
             "metric 5 \nthrow 10.8.0.0/16 \nlocal 10.0.0.5 dev eth0 proto kernel scope host "
             "src 10.0.0.5 \nbroadcast 10.0.0.255 dev eth0 proto kernel scope link src 10.0.0.5 \n",
    "IPv6 among IPv4": "default via 10.0.0.1 dev eth0 \n2001:db8::/64 dev eth0 proto kernel "
                       "metric 256 pref medium \n10.0.0.0/24 dev eth0 \n",
    "quotes and escapes": '10.0.0.0/24 dev we"ird \n10.1.0.0/24 dev back\\slash \n',
    "non-ASCII names": "10.0.0.0/24 dev eth✓ \n10.1.0.0/24 dev eth0 \n",
    "a number Python cannot convert": "10.0.0.0/24 dev eth0 metric " + "9" * 5000 + " \n"
                                      "10.1.0.0/24 dev eth0 metric 99999999999999999999 \n",
    "flag prefixes": "10.0.0.0/24 dev eth0 rt_offload rt_offload_failed rt_trap trap \n",
}


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_edge_cases(name: str) -> None:
    _same(EDGE_CASES[name])


@given(ip_route_outputs())
def test_generated_tables(case: tuple[str, IpRouteOutput]) -> None:
    text, expected = case
    hints = {"family": expected.form.family, "get": expected.form.get}
    if hints["get"]:
        return
    direct = _direct(text, None)
    assert direct is not None
    assert direct[0] == _model_path(text, None)[0]


@settings(max_examples=200)
@given(garbled(st.sampled_from(ROUTE_TEXTS)))
def test_garbled_captures(text: str) -> None:
    _same(text)


@given(st.text(alphabet=st.sampled_from(list("0123456789./ \t\nabdefilnoprstuvwxyz")),
               max_size=200))
def test_route_like_text(text: str) -> None:
    _same(text)


def test_large_generated_table() -> None:
    rng = random.Random(7)
    lines = []
    for _ in range(3000):
        a, b = rng.randrange(256), rng.randrange(256)
        lines.append(rng.choice([
            f"10.{a}.{b}.0/24 via 10.{a}.{b}.0 dev flannel.1 onlink ",
            f"172.16.{a}.0/24 via 10.0.0.{1 + b % 250} dev eth0 proto static metric {b} ",
            f"192.168.{a}.{b} dev veth{a:02x}{b:02x} scope link ",
            f"10.{a}.{b}.0/24 proto bird metric 20 \n\tnexthop via 10.0.0.2 dev eth0 weight 1 "
            "\n\tnexthop via 10.0.0.3 dev eth0 weight 1 ",
        ]))
    assert _same("\n".join(lines) + "\n")
