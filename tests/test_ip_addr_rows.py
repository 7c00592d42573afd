"""``ip addr`` / ``ip link`` rows: the two readings of a line agree, the CLI writes the rows.

The parser reads header, ``link/`` and address lines that print only the field table's
simple attributes in print order with one regex each, compiled from the table
(``canonical_header``, ``canonical_link``, ``canonical_address``/``canonical_inet``), and
every other line keyword by keyword.  On every capture, on generated outputs and on
damaged text both readings must give the same rows and diagnostics; ``netfacts parse``
must write the parser's rows without building a ``Link``; the parser keeps no cache keyed
by the text it read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, NETNS
from netfacts import _api
from netfacts.grammar import ip_addr as g
from netfacts.grammar._keywords import KeyTail
from netfacts.jsonio.ip_addr import ip_addr_direct_json, ip_addr_to_json, link_to_json
from netfacts.models.ip_addr import IpAddrOutput, LinkList
from netfacts.parsers import ip_addr as parser
from netfacts.testing.garble import garbled
from netfacts.testing.strategies import ip_addr_outputs

PATHS = [p for p in sorted(CORPUS.glob("ip-*__*addr*.txt"))
         + sorted(CORPUS.glob("ip-*__*link*.txt"))
         + sorted((NETNS / "ip_addr").glob("*.txt")) if "stderr" not in p.name]
TEXTS = [p.read_text(errors="replace") for p in PATHS]


@contextmanager
def _keyword_by_keyword() -> Iterator[None]:
    parser._FAST = False
    try:
        yield
    finally:
        parser._FAST = True


def _reading(text: str, command: str | None = None) -> tuple[Any, ...]:
    out = parser.parse_ip_addr(text, command=command)
    rows = out.links.rows if isinstance(out.links, LinkList) else tuple(out.links)
    return (tuple(rows or ()), out.form, out.record_lines,
            [d.render() for d in out.diagnostics])


def _both_agree(text: str, command: str | None = None) -> None:
    fast = _reading(text, command)
    with _keyword_by_keyword():
        slow = _reading(text, command)
    assert fast == slow


def test_captures_are_covered() -> None:
    assert len(PATHS) > 40


@pytest.mark.parametrize("command", ["addr", "link"])
def test_both_readings_agree_on_captures(command: str) -> None:
    for text in TEXTS:
        _both_agree(text, command)


@settings(max_examples=60)
@given(ip_addr_outputs())
def test_both_readings_agree_on_generated_outputs(case: tuple[str, IpAddrOutput]) -> None:
    _both_agree(case[0])


@settings(max_examples=150)
@given(garbled(st.sampled_from(TEXTS)))
def test_both_readings_agree_on_damaged_captures(text: str) -> None:
    _both_agree(text)


def test_canonical_lines_take_the_regex() -> None:
    """The canonical shapes are what real captures print: most lines take them."""
    text = (NETNS / "ip_addr" / "ip_addr.txt").read_text()
    lines = [line.rstrip() for line in text.splitlines()]
    canonical = [line for line in lines if any(
        g.SHAPES[name].match(line) for name in
        ("canonical_header", "canonical_link", "canonical_address", "canonical_inet",
         "lifetime"))]
    assert len(canonical) * 10 > len(lines) * 8


def test_cli_writes_the_rows_without_building_a_link(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in PATHS:
        text = path.read_text(errors="replace")
        expected = json.dumps(_api.to_json(_api.parse(text, "ip-addr")), ensure_ascii=False,
                              separators=(",", ":"))

        def no_model(row: Any) -> Any:
            raise AssertionError("a Link was built")

        with monkeypatch.context() as patch:
            patch.setattr(parser, "_BUILD_LINK", no_model)
            direct = _api.cli_json(text, "ip-addr", source=str(path))
            assert isinstance(direct, tuple), path
        written = direct[0] if isinstance(direct[0], str) else "".join(direct[0])
        assert written == expected, path


def test_rows_of_models_write_the_same_json() -> None:
    """JSON of the parser's rows == JSON of the rows made from the built models."""
    for text in TEXTS:
        out = parser.parse_ip_addr(text)
        from_rows = ip_addr_to_json(out)
        from_models = [link_to_json(link, out.form) for link in tuple(out.links)]
        assert from_rows == from_models


def test_no_cache_keyed_by_text() -> None:
    tails = [tail for tail in g.TAILS.values() if isinstance(tail, KeyTail)]
    for tail in tails:
        tail._cache.clear()
    for text in TEXTS:
        parser.parse_ip_addr(text)
    assert all(not tail._cache for tail in tails)
    assert not any(isinstance(value, dict) and value and all(isinstance(k, str) for k in value)
                   and name.endswith("_CACHE") for name, value in vars(parser).items())


@settings(max_examples=80)
@given(ip_addr_outputs())
def test_direct_json_text_equals_the_dict_writer(case: tuple[str, IpAddrOutput]) -> None:
    """The text writer (and its fall-back to the dict writer for rare rows) prints what
    ``json.dumps`` prints for the dicts of the models."""
    text, expected = case
    command = expected.form.command
    out = parser.parse_ip_addr(text, command=command)
    pieces, _ = ip_addr_direct_json(text, command=command)
    direct = pieces if isinstance(pieces, str) else "".join(pieces)
    assert direct == json.dumps(ip_addr_to_json(out), ensure_ascii=False,
                                separators=(",", ":"))


def test_the_field_tables_match_the_models() -> None:
    """Every model field has its row slot (and key), every slot its model field."""
    import attrs

    from netfacts.models.address import Address
    from netfacts.models.link import Link, LinkDetails

    # inferred_kind is a snapshot's conclusion, never read from the text
    assert set(g.LINK_LAYOUT.names) == {f.name for f in attrs.fields(Link)} - {"inferred_kind"}
    assert set(g.ADDRESS_LAYOUT.names) == {f.name for f in attrs.fields(Address)}
    assert [key.field for key in g.DETAIL_FIELDS.values()] == [
        f.name for f in attrs.fields(LinkDetails)]
