"""The /proc/net table and counter grammars: compiled fast path and pyparsing agree, on real
lines, damaged lines and generated ones."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _proc_net import ROLES, proc_file, sos_file
from _twins_neigh import same_fast_slow
from netfacts.testing import _strategies_proc_net_tables as S

FILES = {
    "proc_net_dev": ["dev"], "proc_net_route": ["route"], "proc_net_ipv6_route": ["ipv6_route"],
    "proc_net_if_inet6": ["if_inet6"], "proc_net_snmp": ["snmp", "netstat", "snmp6"],
    "proc_net_sockstat": ["sockstat", "sockstat6"],
}
GRAMMARS = {key: importlib.import_module(f"netfacts.grammar.{key}") for key in [*FILES, "nstat"]}
LINES: dict[str, list[str]] = {
    key: sorted({line.rstrip() for role in ROLES for name in names
                 for line in proc_file(role, name).read_text().splitlines()})
    for key, names in FILES.items()}
LINES["nstat"] = sorted({line for role in ROLES for line in
                         sos_file(role, "networking/nstat_-zas").read_text().splitlines()})


def _agree(key: str, line: str) -> None:
    for shape in GRAMMARS[key].SHAPES.values():
        same_fast_slow(shape, line)


@pytest.mark.parametrize("key", sorted(LINES))
def test_real_lines_fast_and_slow_agree(key: str) -> None:
    assert LINES[key]
    for line in LINES[key]:
        _agree(key, line)
        assert any(shape.match(line) for shape in GRAMMARS[key].SHAPES.values()), line


@pytest.mark.property
@given(st.sampled_from([(k, line) for k, lines in LINES.items() for line in lines]),
       st.integers(0, 140), st.text(alphabet="aF09:|-. \t", max_size=5))
def test_damaged_lines_fast_and_slow_agree(case: tuple[str, str], position: int,
                                           insert: str) -> None:
    key, line = case
    _agree(key, line[:position] + insert + line[position + len(insert) // 2:])


_GENERATED: list[tuple[str, Any]] = [
    ("proc_net_dev", S.proc_net_dev_outputs), ("proc_net_route", S.proc_net_route_outputs),
    ("proc_net_ipv6_route", S.proc_net_ipv6_route_outputs),
    ("proc_net_if_inet6", S.proc_net_if_inet6_outputs), ("proc_net_snmp", S.proc_net_snmp_outputs),
    ("nstat", S.nstat_outputs), ("proc_net_sockstat", S.proc_net_sockstat_outputs),
]


@pytest.mark.property
@pytest.mark.parametrize(("key", "strategy"), _GENERATED, ids=[k for k, _ in _GENERATED])
@given(data=st.data())
def test_generated_lines_fast_and_slow_agree(key: str, strategy: Any,
                                             data: st.DataObject) -> None:
    text, _ = data.draw(strategy())
    for line in text.splitlines():
        _agree(key, line.rstrip())
