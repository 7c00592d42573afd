"""No input makes the ip addr/link parser raise anything but ParseError.

The parser is called directly (not through ``netfacts.parse``, whose safety net
would turn a bug into a ParseError), on arbitrary text and on real captures
damaged the ways pasted text gets damaged.  Good records around the damage
must survive: a capture with one garbled line keeps the other interfaces.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import netfacts
from conftest import CORPUS, NETNS
from netfacts.errors import ParseError
from netfacts.parsers.ip_addr import parse_ip_addr
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property

CAPTURES = [
    path.read_text()
    for path in sorted(CORPUS.glob("ip-*__*addr*.txt")) + sorted(CORPUS.glob("ip-*__*link*.txt"))
    + sorted((NETNS / "ip_addr").glob("*.txt"))
    if not path.name.endswith("stderr.txt")
]


def _check(text: str) -> None:
    output = parse_ip_addr(text, source="fuzz")
    for diagnostic in output.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
    netfacts.to_json(output)
    netfacts.render(output)
    try:
        parse_ip_addr(text, strict=True, source="fuzz")
    except ParseError as exc:
        assert "fuzz:" in str(exc)


@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    _check(text)


@given(garbled(st.sampled_from(CAPTURES)))
def test_garbled_real_captures(text: str) -> None:
    _check(text)


@given(garbled(st.sampled_from(CAPTURES)))
def test_detection_and_public_api_raise_only_parse_error(text: str) -> None:
    try:
        output = netfacts.parse(text, source="fuzz.txt")
    except ParseError as exc:
        assert "internal error" not in str(exc)
    else:
        netfacts.to_json(output)


@given(st.binary(max_size=300))
def test_arbitrary_bytes_through_the_public_api(data: bytes) -> None:
    try:
        netfacts.parse(data, "ip-addr")
    except ParseError as exc:
        assert "internal error" not in str(exc)


def test_one_garbled_line_keeps_the_other_interfaces() -> None:
    text = (CORPUS / "ip-6.1__addr.txt").read_text()
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("5: br0"))
    lines[header] = "5: br0: <BROADCAST,MULTI"  # truncated header
    output = parse_ip_addr("\n".join(lines), source="x")
    names = [link.ifname for link in output.links]
    assert "br0" not in names
    assert len(names) == 14
    errors = [d for d in output.diagnostics if d.severity.value == "error"]
    assert errors and errors[0].line == header + 1
