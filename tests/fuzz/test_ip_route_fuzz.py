"""No input makes the ip route / ip rule parsers raise anything but ParseError."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import netfacts
from conftest import CORPUS, NETNS
from netfacts.errors import ParseError
from netfacts.parsers.ip_route import parse_ip_route
from netfacts.parsers.ip_rule import parse_ip_rule
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property

ROUTES = [p.read_text() for p in sorted(CORPUS.glob("ip-*__*route*.txt"))
          + sorted((NETNS / "ip_route").glob("*.txt")) if "stderr" not in p.name]
RULES = [p.read_text() for p in sorted(CORPUS.glob("ip-*__*rule*.txt"))
         + sorted((NETNS / "ip_rule").glob("*.txt"))]


def _check(parse: object, text: str) -> None:
    assert callable(parse)
    output = parse(text, source="fuzz")
    netfacts.to_json(output)
    netfacts.render(output)
    try:
        parse(text, strict=True, source="fuzz")
    except ParseError as exc:
        assert "fuzz:" in str(exc)


@given(st.text(max_size=300))
def test_arbitrary_text(text: str) -> None:
    _check(parse_ip_route, text)
    _check(parse_ip_rule, text)


@given(garbled(st.sampled_from(ROUTES)))
def test_garbled_routes(text: str) -> None:
    _check(parse_ip_route, text)


@given(garbled(st.sampled_from(RULES)))
def test_garbled_rules(text: str) -> None:
    _check(parse_ip_rule, text)
