"""/proc/net/snmp, netstat, snmp6, nstat -zas and sockstat captured in network namespaces:
read cleanly, rendered back byte for byte, the files equal nstat -zas -j of the same moment
and nstat's text equals its own JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest

from _proc_net import INET_TABLES, ROLES, proc_file, sos_file, twin
from netfacts.errors import ParseError
from netfacts.jsonio.proc_net_counters import (
    nstat_to_json,
    proc_net_snmp_to_json,
    proc_net_sockstat_to_json,
)
from netfacts.models.proc_net_counters import NSTAT_LEFT_OUT
from netfacts.models.socket import TcpState
from netfacts.parsers.nstat import parse_nstat
from netfacts.parsers.proc_net_snmp import parse_proc_net_snmp
from netfacts.parsers.proc_net_sockstat import parse_proc_net_sockstat
from netfacts.parsers.proc_net_tcp import parse_proc_net_tcp
from netfacts.renderers.proc_net_counters import (
    render_nstat,
    render_proc_net_snmp,
    render_proc_net_sockstat,
)

FILES = ("snmp", "netstat", "snmp6", "sockstat", "sockstat6")


def _parse(role: str, name: str) -> Any:
    parse = parse_proc_net_sockstat if name.startswith("sockstat") else parse_proc_net_snmp
    out = parse(proc_file(role, name).read_text(), source=name)
    assert out.diagnostics == (), [d.render() for d in out.diagnostics]
    return out


def _nstat(role: str) -> Any:
    out = parse_nstat(sos_file(role, "networking/nstat_-zas").read_text())
    assert out.diagnostics == ()
    return out


@pytest.mark.parametrize(("role", "name"), [(r, n) for r in ROLES for n in FILES])
def test_reads_cleanly_and_renders_back_byte_for_byte(role: str, name: str) -> None:
    text = proc_file(role, name).read_text()
    out = _parse(role, name)
    render = render_proc_net_sockstat if name.startswith("sockstat") else render_proc_net_snmp
    assert render(out) == text


@pytest.mark.parametrize("role", ROLES)
def test_the_files_hold_nstats_counters(role: str) -> None:
    """snmp + netstat + snmp6 are what ``nstat -zas -j`` read at the same moment: every
    counter, none more, apart from the seven nstat leaves out."""
    files: dict[str, int] = {}
    for name in ("snmp", "netstat", "snmp6"):
        files.update(_parse(role, name).nstat_counters())
    theirs = json.loads(twin(role, "nstat_-zas_-j").read_text())["kernel"]
    assert set(files) - set(theirs) == NSTAT_LEFT_OUT
    assert {name: value for name, value in files.items() if name not in NSTAT_LEFT_OUT} == theirs
    assert len(theirs) > 350


@pytest.mark.parametrize("role", ROLES)
def test_nstat_text_is_its_json(role: str) -> None:
    text = sos_file(role, "networking/nstat_-zas").read_text()
    out = _nstat(role)
    assert nstat_to_json(out) == json.loads(twin(role, "nstat_-zas_-j").read_text())
    assert render_nstat(out) == text
    assert all(counter.rate == 0.0 for counter in out.counters)


def test_snmp_values_and_json() -> None:
    snmp = _parse("host", "snmp")
    assert snmp.get("Tcp", "MaxConn") == -1 and snmp.get("Ip", "Forwarding") in (1, 2)
    data = proc_net_snmp_to_json(snmp)
    assert list(data)[:3] == ["Ip", "Icmp", "IcmpMsg"]
    assert data["Tcp"]["RtoAlgorithm"] == 1
    assert snmp.form.style == "table" and _parse("host", "snmp6").form.style == "list"
    snmp6 = proc_net_snmp_to_json(_parse("host", "snmp6"))
    assert snmp6["Ip6InReceives"] >= 0 and all(isinstance(v, int) for v in snmp6.values())
    groups = _parse("host", "netstat").groups()
    assert {"TcpExt", "IpExt"} <= set(groups)


def test_sockstat_counts_the_socket_tables() -> None:
    """sockstat's counts of the same namespace, against the socket lines of the tables
    (taken a few seconds apart, while nothing opened or closed a socket)."""
    sockstat = _parse("host", "sockstat")
    sockstat6 = _parse("host", "sockstat6")
    tables = {t: parse_proc_net_tcp(proc_file("host", t).read_text(), proto=t).sockets
              for t in INET_TABLES}
    timewait = [s for s in tables["tcp"] if s.timer.name == "timewait"] + [
        s for s in tables["tcp6"] if s.timer.name == "timewait"]
    assert sockstat.get("TCP", "tw") == len(timewait) == 2
    assert sockstat.get("UDP", "inuse") == len(tables["udp"])
    assert sockstat.get("RAW", "inuse") == len(tables["raw"])
    assert sockstat6.get("UDP6", "inuse") == len(tables["udp6"])
    assert sockstat6.get("RAW6", "inuse") == len(tables["raw6"])
    assert sockstat6.get("TCP6", "inuse") == len([
        s for s in tables["tcp6"] if s.state is not TcpState.SYN_RECV])
    assert proc_net_sockstat_to_json(sockstat)["FRAG"] == {"inuse": 0, "memory": 0}


def test_snmp_pairs_values_with_their_names() -> None:
    out = parse_proc_net_snmp("Ip: A B\nIp: 1 2 3\nTcp: C\nTcp: 4\nUdp: D\n", source="s")
    assert [(c.group, c.name, c.value) for c in out.counters] == [("Tcp", "C", 4)]
    assert [(d.line, d.severity.value) for d in out.diagnostics] == [(2, "error"),
                                                                     (5, "warning")]
    with pytest.raises(ParseError, match="s:2:"):
        parse_proc_net_snmp("Ip: A B\nIp: 1 2 3\n", source="s", strict=True)


@pytest.mark.parametrize("name", ["snmp6", "sockstat"])
def test_a_garbled_line_loses_only_its_own_record(name: str) -> None:
    parse = parse_proc_net_sockstat if name == "sockstat" else parse_proc_net_snmp
    lines = proc_file("host", name).read_text().splitlines()
    whole = parse("\n".join(lines) + "\n")
    for index in range(len(lines)):
        damaged = list(lines)
        damaged[index] = "#" + damaged[index]
        out = parse("\n".join(damaged) + "\n", source=name)
        assert len(out.record_lines) == len(whole.record_lines) - 1
        assert [(d.line, d.severity.value) for d in out.diagnostics] == [(index + 1, "error")]


def test_a_garbled_nstat_line() -> None:
    lines = sos_file("host", "networking/nstat_-zas").read_text().splitlines()
    damaged = [*lines[:5], lines[5].replace(" 0.0", " 0,0"), *lines[6:]]
    out = parse_nstat("\n".join(damaged) + "\n", source="nstat")
    assert len(out.counters) == len(lines) - 2
    assert [(d.line, d.severity.value) for d in out.diagnostics] == [(6, "error")]
