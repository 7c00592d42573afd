"""render → parse round trips over generated /proc/net tables and counters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import netfacts
from netfacts.testing import _strategies_proc_net_tables as S

pytestmark = pytest.mark.property

CASES: list[tuple[str, Callable[[], st.SearchStrategy[Any]]]] = [
    ("proc-net-dev", S.proc_net_dev_outputs),
    ("proc-net-route", S.proc_net_route_outputs),
    ("proc-net-ipv6-route", S.proc_net_ipv6_route_outputs),
    ("proc-net-if-inet6", S.proc_net_if_inet6_outputs),
    ("proc-net-snmp", S.proc_net_snmp_outputs),
    ("nstat", S.nstat_outputs),
    ("proc-net-sockstat", S.proc_net_sockstat_outputs),
]


@pytest.mark.parametrize(("kind", "strategy"), CASES, ids=[k for k, _ in CASES])
@given(data=st.data())
def test_parse_of_render_gives_the_model_back(kind: str, strategy: Callable[[], Any],
                                              data: st.DataObject) -> None:
    text, expected = data.draw(strategy())
    parsed = netfacts.parse(text, kind, source="generated")
    assert parsed.diagnostics == (), [d.render() for d in parsed.diagnostics]
    assert parsed == expected
    assert netfacts.render(parsed) == text
    assert netfacts.to_json(parsed) == netfacts.to_json(expected)
