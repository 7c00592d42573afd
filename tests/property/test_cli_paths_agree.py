"""``netfacts parse`` writes the same JSON and exits the same way on both of its paths.

Without ``-p``/``--strict`` the CLI takes a family's direct text → JSON path when it has
one (``netfacts.jsonio.*_direct``, ``arp_direct_json``); with ``-p`` it always builds the
models and writes them with ``to_json``.  Whatever the input — every capture of every
family, damaged captures, colourised lines — the two must print equal JSON, the same
diagnostics and the same exit status.  This is the guard for any change to a direct path.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, NETNS, corpus_files
from netfacts import _registry
from netfacts.cli import main
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property

_SOCKETS = NETNS.parent / "netns_sockets"

CAPTURES: dict[str, list[Path]] = {
    "ip-addr": corpus_files(families=("addr", "address", "a")) + sorted(
        (NETNS / "ip_addr").glob("ip_*addr*.txt")),
    "ip-link": corpus_files(families=("link",)) + sorted((NETNS / "ip_addr").glob("ip_*link*.txt")),
    "ip-route": corpus_files(families=("route", "r", "ro")) + sorted(
        (NETNS / "ip_route").glob("*.txt")),
    "ip-rule": corpus_files(families=("rule", "ru")) + sorted((NETNS / "ip_rule").glob("*.txt")),
    "ip-neigh": corpus_files(families=("neigh", "neighbour", "n")) + sorted(
        (NETNS / "ip_neigh").glob("*.txt")),
    "arp": sorted(CORPUS.glob("arp-*.txt")) + sorted(CORPUS.glob("far_arp-*.txt"))
    + sorted((NETNS / "arp").glob("arp*.txt")),
    "proc-net-arp": [NETNS / "arp" / "proc_net_arp.txt"],
    "sysctl": sorted((NETNS / "sysctl").glob("*.txt")),
    "netstat": sorted(CORPUS.glob("netstat-*.txt")) + sorted(CORPUS.glob("far_netstat-*.txt"))
    + sorted((NETNS / "netstat").glob("netstat_*.txt"))
    + sorted((_SOCKETS / "netstat").glob("netstat_*.txt")),
    "ss": sorted(CORPUS.glob("ss-*.txt")) + sorted(CORPUS.glob("far_ss-*.txt"))
    + sorted((NETNS / "ss").glob("*.txt")) + sorted((_SOCKETS / "ss").glob("*.txt")),
}
_HW = NETNS.parent / "netns_hw"
for _kind, _glob in (("ethtool", "ethtool_[!-]*.txt"), ("ethtool-S", "ethtool_-S_*.txt"),
                     ("ethtool-g", "ethtool_-g_*.txt"), ("ethtool-i", "ethtool_-i_*.txt"),
                     ("ethtool-k", "ethtool_-k_*.txt"), ("ethtool-l", "ethtool_-l_*.txt")):
    CAPTURES[_kind] = sorted((_HW / "ethtool").glob(_glob))
CAPTURES["tc-qdisc"] = sorted((_HW / "tc").glob("tc_*.txt"))
for _what in ("link", "fdb", "vlan", "mdb"):
    CAPTURES[f"bridge-{_what}"] = sorted((_HW / "bridge").rglob(f"bridge_*_{_what}_*.txt"))
CAPTURES["iptables-save"] = sorted((NETNS / "iptables_save").glob("iptables*.txt"))
CAPTURES["ip6tables-save"] = sorted((NETNS / "iptables_save").glob("ip6tables*.txt"))
CAPTURES["iptables"] = sorted((NETNS / "iptables").glob("iptables*.txt"))
CAPTURES["ip6tables"] = sorted((NETNS / "iptables").glob("ip6tables*.txt"))
_PROC = NETNS.parent / "netns_proc"
for _table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
    CAPTURES[f"proc-net-{_table}"] = sorted(_PROC.glob(f"*/proc/net/{_table}"))
CAPTURES["proc-net-unix"] = sorted(_PROC.glob("*/proc/net/unix"))
CAPTURES["lsof"] = sorted(_PROC.glob("host/sos_commands/*/lsof_*"))
CAPTURES["ps"] = sorted((NETNS / "ps").glob("ps_*.txt"))
for _kind, _name in (("proc-net-dev", "dev"), ("proc-net-route", "route"),
                     ("proc-net-ipv6-route", "ipv6_route"), ("proc-net-if-inet6", "if_inet6"),
                     ("proc-net-snmp", "snmp"), ("proc-net-netstat", "netstat"),
                     ("proc-net-snmp6", "snmp6"), ("proc-net-sockstat", "sockstat*")):
    CAPTURES[_kind] = sorted(_PROC.glob(f"*/proc/net/{_name}"))
CAPTURES["nstat"] = sorted(_PROC.glob("*/sos_commands/networking/nstat_-zas"))
CAPTURES["nft"] = sorted((NETNS.parent / "nft").glob("*/nft_*list_ruleset*.txt"))
CAPTURES["ipvsadm"] = sorted((NETNS.parent / "ipvsadm").glob("*/ipvsadm_*"))
CAPTURES = {kind: [p for p in paths if not p.name.endswith("stderr.txt") and p.is_file()]
            for kind, paths in CAPTURES.items()}
TEXTS = [(kind, path.read_text(errors="replace")) for kind, paths in CAPTURES.items()
         for path in paths]

_COLOUR_NEXTHOP = (
    "default proto static metric 1024 \n"
    "\tnexthop via 10.0.0.1 dev eth0 weight 1 \n"
    "\x1b[32m\tnexthop via 10.0.0.2 dev eth1 weight 1 \x1b[0m\n"
    "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5 \n"
)
"""A multipath route whose second nexthop line starts with a colour code (``ip -c``)."""


def _run(args: list[str], text: str) -> tuple[int, str, str]:
    handle, name = tempfile.mkstemp(prefix="h10p-cli-", suffix=".txt")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", errors="surrogatepass") as out:
            out.write(text)
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            status = main([*args, name])
        return status, stdout.getvalue(), stderr.getvalue().replace(name, "<file>")
    finally:
        os.unlink(name)


def _agree(kind: str | None, text: str) -> None:
    chosen = ["--as", kind] if kind is not None else []
    fast = _run(["parse", *chosen], text)
    model = _run(["parse", "-p", *chosen], text)
    assert fast[0] == model[0], (fast[2], model[2])
    assert fast[2] == model[2]
    if model[0] == 2:
        return
    assert json.loads(fast[1]) == json.loads(model[1])


def test_every_kind_has_captures() -> None:
    assert set(CAPTURES) == set(_registry.KINDS) - {"ip-forward"}
    for kind, paths in CAPTURES.items():
        assert paths, kind


@pytest.mark.parametrize(("kind", "text"), TEXTS, ids=[f"{k}-{i}" for i, (k, _) in
                                                       enumerate(TEXTS)])
def test_captures(kind: str, text: str) -> None:
    _agree(kind, text)


def test_a_colourised_nexthop_line() -> None:
    _agree("ip-route", _COLOUR_NEXTHOP)
    status, out, _ = _run(["parse", "--as", "ip-route"], _COLOUR_NEXTHOP)
    routes = json.loads(out)
    assert status == 0
    assert [len(r.get("nexthops", ())) for r in routes] == [2, 0]


def test_detected_kind_and_ip_forward() -> None:
    _agree(None, (NETNS / "ip_route" / "ip_route.txt").read_text())
    _agree("ip-forward", "1\n")
    _agree("ip-forward", "yes\n")


_GARBLED = st.sampled_from(TEXTS).flatmap(
    lambda pair: garbled(st.just(pair[1]), max_mutations=2).map(lambda text: (pair[0], text)))


@settings(max_examples=100)
@given(_GARBLED)
def test_garbled_captures(case: tuple[str, str]) -> None:
    _agree(*case)
