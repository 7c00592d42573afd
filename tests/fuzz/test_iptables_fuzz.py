"""No input makes the iptables parsers (or the Service derivation) raise anything but
ParseError; in strict mode errors carry the source."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import NETNS
from netfacts.errors import ParseError
from netfacts.facts.services import services_from_iptables
from netfacts.jsonio.iptables import iptables_to_json
from netfacts.jsonio.iptables_save import iptables_save_to_json
from netfacts.parsers.iptables import parse_iptables
from netfacts.parsers.iptables_save import parse_iptables_save
from netfacts.renderers.iptables import render_iptables
from netfacts.renderers.iptables_save import render_iptables_save
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property


def _head(path: Path, lines: int = 80) -> str:
    return "".join(path.read_text().splitlines(True)[:lines])


SAVES = [_head(path) for path in sorted((NETNS / "iptables_save").glob("*.txt"))]
LISTINGS = [_head(path) for path in sorted((NETNS / "iptables").glob("*.txt"))]
SOURCES = st.sampled_from([None, "fuzz"])


def _check_save(text: str, source: str | None) -> None:
    output = parse_iptables_save(text, source=source)
    for diagnostic in output.diagnostics:
        assert diagnostic.line >= 0 and diagnostic.column >= 1
    iptables_save_to_json(output)
    render_iptables_save(output)
    services_from_iptables(output)
    for table in output.tables:
        list(table.rules)
    services_from_iptables(output)
    try:
        parse_iptables_save(text, strict=True, source="fuzz")
    except ParseError as exc:
        assert "fuzz" in str(exc)


def _check_listing(text: str, source: str | None, table: str | None) -> None:
    output = parse_iptables(text, source=source, table=table)
    for diagnostic in output.diagnostics:
        assert diagnostic.line >= 0 and diagnostic.column >= 1
    iptables_to_json(output)
    render_iptables(output)
    services_from_iptables(output)
    try:
        parse_iptables(text, strict=True, source="fuzz", table=table)
    except ParseError as exc:
        assert "fuzz" in str(exc)


@given(st.text(max_size=400), SOURCES)
def test_save_arbitrary_text(text: str, source: str | None) -> None:
    _check_save(text, source)


@given(garbled(st.sampled_from(SAVES)), SOURCES)
def test_save_garbled_real_captures(text: str, source: str | None) -> None:
    _check_save(text, source)


@given(st.text(max_size=400), SOURCES, st.sampled_from([None, "nat"]))
def test_listing_arbitrary_text(text: str, source: str | None, table: str | None) -> None:
    _check_listing(text, source, table)


@given(garbled(st.sampled_from(LISTINGS)), SOURCES, st.sampled_from([None, "nat"]))
def test_listing_garbled_real_captures(text: str, source: str | None, table: str | None
                                       ) -> None:
    _check_listing(text, source, table)
