"""No input makes the lsof parser raise anything but ParseError."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _proc_net import sos_file
from netfacts.errors import ParseError
from netfacts.jsonio.lsof import lsof_to_json
from netfacts.parsers.lsof import parse_lsof
from netfacts.renderers.lsof import render_lsof
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property

CAPTURES = ["\n".join(sos_file("host", form).read_text().splitlines()[:120]) + "\n"
            for form in ("process/lsof_M_-n_-l_-c", "process/lsof_M_-n_-l")]


def _check(text: str) -> None:
    output = parse_lsof(text, source="fuzz")
    for diagnostic in output.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
    lsof_to_json(output)
    render_lsof(output)
    output.by_inode()
    try:
        parse_lsof(text, strict=True, source="fuzz")
    except ParseError as exc:
        assert "fuzz:" in str(exc)


@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    _check(text)


@given(garbled(st.sampled_from(CAPTURES)))
def test_garbled_real_captures(text: str) -> None:
    _check(text)
