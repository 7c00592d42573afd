"""No input makes the ipvsadm parser, JSON writer or renderer raise anything but ParseError."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import FIXTURES
from netfacts.errors import ParseError
from netfacts.jsonio.ipvsadm import ipvsadm_to_json
from netfacts.parsers.ipvsadm import parse_ipvsadm
from netfacts.renderers.ipvsadm import render_ipvsadm
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property

IPVS = FIXTURES / "ipvsadm"
CAPTURES = [(IPVS / name).read_text() for name in (
    "kube-proxy/ipvsadm_-Ln", "kube-proxy/ipvsadm_-Ln_--stats", "lvs/ipvsadm_-Ln_--tun-info",
    "lvs/ipvsadm_-Ln_--connection", "lvs/ipvsadm_-Ln_--thresholds", "no_ipvs/ipvsadm_-Ln")]


def _check(text: str) -> None:
    output = parse_ipvsadm(text, source="fuzz")
    for diagnostic in output.diagnostics:
        assert diagnostic.line >= 0 and diagnostic.column >= 1
    ipvsadm_to_json(output)
    render_ipvsadm(output)
    try:
        parse_ipvsadm(text, strict=True, source="fuzz")
    except ParseError as exc:
        assert "fuzz" in str(exc)


@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    _check(text)


@given(garbled(st.sampled_from(CAPTURES)))
def test_garbled_listings(text: str) -> None:
    _check(text)
