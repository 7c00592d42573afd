"""ip addr / ip link values checked against ground truth that does not come from netfacts.

Two sources of truth:

* ``fixtures/netns/topology.json``: what ``scripts/capture_fixtures.py`` built (names, MACs,
  MTUs, masters, kinds, addresses and their flags) for the captures in ``fixtures/netns``;
* the topology of ``fixtures/corpus/MANIFEST.txt`` and numbers read by hand from the corpus
  captures (iproute2 3.10 ... 7.1).

Every expected value below is either taken from ``topology.json`` or written out literally
from the capture text; nothing is compared with something netfacts printed.
"""

from __future__ import annotations

import ipaddress
import json
import re
from pathlib import Path
from typing import Any

import pytest

import netfacts
from conftest import CORPUS, NETNS
from netfacts import FOREVER, IpAddrOutput, Link, MacAddress, OperState, Scope
from netfacts import AddressFamily as Family

IP_ADDR = NETNS / "ip_addr"
TOPOLOGY: dict[str, Any] = json.loads((NETNS / "topology.json").read_text())
HOST_IFACES: list[dict[str, Any]] = TOPOLOGY["interfaces"]
OTHER_IFACES: list[dict[str, Any]] = TOPOLOGY["other_namespace_interfaces"]
KERNEL_ADDRS: list[dict[str, Any]] = TOPOLOGY["kernel_generated_addresses"]
BY_NAME = {iface["name"]: iface for iface in HOST_IFACES}
NAMES = [iface["name"] for iface in HOST_IFACES]

_CACHE: dict[tuple[Path, str | None], IpAddrOutput] = {}


def parse(path: Path, kind: str | None = None) -> IpAddrOutput:
    """Parse a capture (cached); the capture must parse without error diagnostics."""
    key = (path, kind)
    if key not in _CACHE:
        out = netfacts.parse(path.read_text(), kind, source=path.name)
        assert isinstance(out, IpAddrOutput)
        errors = [d.render() for d in out.diagnostics if d.severity is netfacts.Severity.ERROR]
        assert errors == []
        _CACHE[key] = out
    return _CACHE[key]


def link(out: IpAddrOutput, name: str) -> Link:
    found = out.link(name)
    assert found is not None, f"no interface {name!r} in {[x.ifname for x in out.links]}"
    return found


def corpus(name: str, kind: str | None = None) -> IpAddrOutput:
    return parse(CORPUS / name, kind)


def netns(name: str, kind: str | None = None) -> IpAddrOutput:
    return parse(IP_ADDR / name, kind)


def ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.ip_address(text)


# =========================================================================== netns ground truth


def test_netns_interfaces_are_those_built_in_ifindex_order() -> None:
    out = netns("ip_addr.txt")
    expected = [i["name"] for i in sorted(HOST_IFACES, key=lambda i: i["ifindex"])]
    assert [x.ifname for x in out.links] == expected
    assert [x.ifindex for x in out.links] == sorted(i["ifindex"] for i in HOST_IFACES)


@pytest.mark.parametrize("capture", ["ip_addr.txt", "ip_link.txt", "ip_-d_link.txt",
                                     "ip_-d_addr.txt", "ip_-o_link.txt", "ip_-s_-s_link.txt"])
@pytest.mark.parametrize("name", NAMES)
def test_netns_identity(capture: str, name: str) -> None:
    truth = BY_NAME[name]
    item = link(netns(capture), name)
    assert item.ifname == name
    assert item.ifindex == truth["ifindex"]
    assert item.mtu == truth["mtu"]
    assert item.master == truth["master"]
    if truth["mac"] is None:
        assert item.address is None
        assert item.link_type == "none"
    else:
        assert item.address == MacAddress.parse(truth["mac"])
        assert isinstance(item.address, MacAddress)
        assert str(item.address) == truth["mac"]
    assert item.is_up is truth["admin_up"]
    if truth["kind"] == "loopback":
        assert item.link_type == "loopback"
    elif truth["mac"] is not None:
        assert item.link_type == "ether"


@pytest.mark.parametrize("capture", ["ip_addr.txt", "ip_link.txt", "ip_-d_link.txt",
                                     "ip_-br_link.txt", "ip_-br_addr.txt"])
@pytest.mark.parametrize("name", NAMES)
def test_netns_link_reference(capture: str, name: str) -> None:
    """``NAME@LINK``: same-namespace peer/lower device, or ``@ifN`` for another namespace."""
    truth = BY_NAME[name]
    item = link(netns(capture), name)
    ref = truth["link"]
    if truth["kind"] == "vxlan" or ref is None:
        # vxlan's lower device is its ``dev`` attribute, not IFLA_LINK: no @ part.
        assert (item.link, item.link_index) == (None, None)
    elif ":" in ref:
        namespace, peer_name = ref.split(":")
        peer = next(o for o in OTHER_IFACES
                    if o["namespace"] == namespace and o["name"] == peer_name)
        assert item.link is None
        assert item.link_index == peer["ifindex"]
        if "-br" not in capture:
            assert item.link_netns == namespace
    else:
        assert item.link == ref
        assert item.link_index is None


def _expected_addresses(name: str) -> set[tuple[str, int]]:
    built = {(a["address"], a["prefixlen"]) for a in BY_NAME[name]["addresses"]}
    kernel = {(a["address"], a["prefixlen"]) for a in KERNEL_ADDRS if a["dev"] == name}
    return built | kernel


@pytest.mark.parametrize("capture", ["ip_addr.txt", "ip_a.txt", "ip_-d_addr.txt",
                                     "ip_-s_addr.txt", "ip_-o_addr.txt", "ip_-br_addr.txt"])
@pytest.mark.parametrize("name", NAMES)
def test_netns_address_sets(capture: str, name: str) -> None:
    out = netns(capture)
    expected = _expected_addresses(name)
    found = out.link(name)
    if not expected:
        # -o addr prints nothing for interfaces without addresses
        assert found is None or found.addresses == ()
        return
    assert found is not None
    got = {(str(a.local), a.prefixlen) for a in found.addresses}
    assert got == expected
    for address in found.addresses:
        assert isinstance(address.local, ipaddress.IPv4Address | ipaddress.IPv6Address)
        assert address.family is (Family.INET if address.local.version == 4 else Family.INET6)


@pytest.mark.parametrize("capture", ["ip_-4_addr.txt", "ip_-o_-4_addr.txt"])
def test_netns_v4_only(capture: str) -> None:
    out = netns(capture)
    expected = {n for n in NAMES if any(a["family"] == "inet" for a in BY_NAME[n]["addresses"])}
    assert {x.ifname for x in out.links} == expected
    for item in out.links:
        want = {(a["address"], a["prefixlen"]) for a in BY_NAME[item.ifname]["addresses"]
                if a["family"] == "inet"}
        assert {(str(a.local), a.prefixlen) for a in item.addresses} == want
    assert out.form.family == "inet"


def test_netns_v6_only() -> None:
    out = netns("ip_-6_addr.txt")
    for item in out.links:
        want = {x for x in _expected_addresses(item.ifname) if ":" in x[0]}
        assert want, item.ifname
        assert {(str(a.local), a.prefixlen) for a in item.addresses} == want
    assert out.form.family == "inet6"


_BUILT = [(iface["name"], a) for iface in HOST_IFACES for a in iface["addresses"]]


@pytest.mark.parametrize("capture", ["ip_addr.txt", "ip_-d_addr.txt", "ip_-o_addr.txt"])
@pytest.mark.parametrize(("name", "truth"), _BUILT,
                         ids=[f"{n}-{a['address']}" for n, a in _BUILT])
def test_netns_address_attributes(capture: str, name: str, truth: dict[str, Any]) -> None:
    found = link(netns(capture), name)
    matches = [a for a in found.addresses if a.local == ip(truth["address"])]
    assert len(matches) == 1
    address = matches[0]
    assert address.prefixlen == truth["prefixlen"]
    assert address.family == Family(truth["family"])
    expected_flags = set(truth["flags"]) | set(truth.get("expect_flags", ()))
    for word in ("dynamic", "deprecated", "secondary"):
        if truth.get(word):
            expected_flags.add(word)
    assert set(address.flags) == expected_flags
    assert address.is_permanent is not truth.get("dynamic", False)
    if "valid_lft" in truth:
        # lifetimes count down between building and capturing: allow a minute
        valid, preferred = int(truth["valid_lft"]), int(truth["preferred_lft"])
        assert address.valid_life_time is not None
        assert address.preferred_life_time is not None
        assert valid - 60 <= address.valid_life_time <= valid
        if preferred == 0:
            assert address.preferred_life_time == 0
        else:
            assert preferred - 60 <= address.preferred_life_time <= preferred
    else:
        assert address.valid_life_time == FOREVER
        assert address.preferred_life_time == FOREVER
    if truth.get("deprecated"):
        assert address.preferred_life_time == 0
    assert address.metric == (int(truth["metric"]) if "metric" in truth else None)
    default_scope = "host" if truth["address"].startswith("127.") else "global"
    assert address.scope == Scope(truth.get("scope", default_scope))
    if truth["family"] == "inet":
        assert address.label == truth.get("label", name)
    else:
        assert address.label is None
    if truth.get("brd") == "+":
        network = ipaddress.ip_network(f"{truth['address']}/{truth['prefixlen']}", strict=False)
        assert address.broadcast == network.broadcast_address
    else:
        assert address.broadcast is None
    if "peer" in truth:
        assert address.peer == ip(truth["peer"])
    else:
        assert address.peer is None


def test_netns_kernel_temporary_address() -> None:
    (temp,) = [a for a in KERNEL_ADDRS if a["kind"] == "temporary"]
    eth0 = link(netns("ip_addr.txt"), "eth0")
    (address,) = [a for a in eth0.addresses if a.local == ip(temp["address"])]
    assert set(address.flags) == {"temporary", "dynamic"}


@pytest.mark.parametrize("capture", ["ip_link.txt", "ip_-d_link.txt", "ip_-o_link.txt"])
def test_netns_alias_and_altnames(capture: str) -> None:
    out = netns(capture)
    for iface in HOST_IFACES:
        item = link(out, iface["name"])
        assert item.ifalias == iface.get("alias")
        assert item.altnames == tuple(iface.get("altnames", ()))
    eth0 = BY_NAME["eth0"]
    for altname in eth0["altnames"]:
        assert link(out, altname).ifname == "eth0"


@pytest.mark.parametrize("capture", ["ip_addr.txt", "ip_link.txt", "ip_-d_link.txt"])
def test_netns_link_level_facts(capture: str) -> None:
    out = netns(capture)
    for iface in HOST_IFACES:
        item = link(out, iface["name"])
        if "qdisc" in iface:
            assert item.qdisc == iface["qdisc"]
        if "qlen" in iface:
            assert item.txqlen == iface["qlen"]
        expected_group = str(iface["group"]) if "group" in iface else "default"
        assert item.group == expected_group
        assert ("PROMISC" in item.flags) is bool(iface.get("promisc"))
        assert ("ALLMULTI" in item.flags) is bool(iface.get("allmulti"))
        if iface.get("carrier") is False:
            assert "NO-CARRIER" in item.flags
            assert not item.has_carrier
            assert item.operstate is OperState.DOWN
        if not iface["admin_up"]:
            assert item.operstate is OperState.DOWN
            assert not item.is_up
        lower = iface["link"]
        lower_down = lower in BY_NAME and not BY_NAME[lower]["admin_up"]
        assert ("M-DOWN" in item.flags) is lower_down
        assert item.proto_down is bool(iface.get("protodown"))
    if "link" in capture:
        assert link(out, "vport1").linkmode == "DORMANT"
        assert link(out, "eth0").linkmode == "DEFAULT"
    else:
        assert link(out, "vport1").linkmode is None
    assert link(out, "tap0").mtu == 1400


@pytest.mark.parametrize("capture", ["ip_-d_link.txt", "ip_-s_-d_link.txt", "ip_-d_-s_-s_link.txt"])
@pytest.mark.parametrize("name", NAMES)
def test_netns_kinds(capture: str, name: str) -> None:
    truth = BY_NAME[name]
    item = link(netns(capture), name)
    if truth["kind"] == "loopback":
        assert item.kind is None
    else:
        assert item.kind == truth["kind"]
    assert item.linkinfo is not None or truth["kind"] == "loopback"
    info = item.linkinfo
    if truth["kind"] == "macvlan":
        assert info is not None and info.data["mode"] == truth["macvlan_mode"]
    if truth["kind"] == "tun":
        assert info is not None and info.data["type"] == truth["tun_type"]
    if truth["kind"] == "vxlan":
        assert info is not None
        vxlan = truth["vxlan"]
        data = info.data
        if vxlan.get("external"):
            assert data["external"] is True
        else:
            assert data["id"] == vxlan["id"]
            assert data["local"] == vxlan["local"]
            assert data["link"] == vxlan["dev"]
        assert data["port"] == vxlan["dstport"]
        if vxlan.get("learning") is False or vxlan.get("external"):
            assert data["learning"] is False
    if truth["master"] is not None:
        assert info is not None
        master_kind = BY_NAME[truth["master"]]["kind"]
        assert info.slave_kind == master_kind
        assert info.slave_data["state"] == "forwarding"
    elif info is not None:
        assert info.slave_kind is None
    assert item.details is not None
    if truth.get("promisc"):
        assert item.details.promiscuity == 1
    if "addrgenmode" in truth:
        assert item.details.inet6_addr_gen_mode == truth["addrgenmode"]


def test_netns_details_read_from_text() -> None:
    # ip_-d_link.txt: "link/loopback ... promiscuity 0  allmulti 0 minmtu 0 maxmtu 0 addrgenmode
    # eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size
    # 524280 tso_max_segs 65535 gro_max_size 65536"
    lo = link(netns("ip_-d_link.txt"), "lo")
    assert lo.details is not None
    d = lo.details
    assert (d.promiscuity, d.allmulti, d.min_mtu, d.max_mtu) == (0, 0, 0, 0)
    assert d.inet6_addr_gen_mode == "eui64"
    assert (d.num_tx_queues, d.num_rx_queues) == (1, 1)
    assert (d.gso_max_size, d.gso_max_segs) == (65536, 65535)
    assert (d.tso_max_size, d.tso_max_segs, d.gro_max_size) == (524280, 65535, 65536)
    # tap0: "promiscuity 0  allmulti 0 minmtu 68 maxmtu 65521"
    tap = link(netns("ip_-d_link.txt"), "tap0").details
    assert tap is not None and (tap.min_mtu, tap.max_mtu) == (68, 65521)
    # vport0 (bridge port): "promiscuity 1  allmulti 1", numtxqueues 2
    port = link(netns("ip_-d_link.txt"), "vport0").details
    assert port is not None and (port.promiscuity, port.allmulti, port.num_tx_queues) == (1, 1, 2)


def test_netns_stats_otherhost_column() -> None:
    # ip_-s_-s_link.txt, vport1:
    #     RX:  bytes packets errors dropped  missed   mcast
    #           1601      18      0       0       0       0
    #     RX errors:  length    crc   frame    fifo overrun otherhost
    #                      0      0       0       0       0         1
    #     TX:  bytes packets ...          0       0 ...
    #     TX errors: aborted   fifo  window heartbt transns
    #                      0      0       0       0       2
    stats = link(netns("ip_-s_-s_link.txt"), "vport1").stats
    assert stats is not None
    assert (stats.rx.bytes, stats.rx.packets, stats.rx.otherhost) == (1601, 18, 1)
    assert stats.rx.nohandler is None
    assert (stats.tx.bytes, stats.tx.packets, stats.tx.carrier_changes) == (0, 0, 2)


# =========================================================================== corpus (MANIFEST)

ADDR_61 = "ip-6.1__addr.txt"
LINK_61 = "ip-6.1__link.txt"


@pytest.mark.parametrize("capture", [ADDR_61, LINK_61, "ip-6.1__-d_link.txt",
                                     "ip-6.1__-o_link.txt", "ip-6.1__-br_link.txt",
                                     "ip-6.1__-br_addr.txt", "ip-7.1__addr.txt",
                                     "ip-5.4__link.txt", "ip-4.9__addr.txt", "ip-3.10__link.txt"])
def test_corpus_names_with_at_and_punctuation(capture: str) -> None:
    out = corpus(capture)
    names = [x.ifname for x in out.links]
    assert "mv@x" in names and "mv@x@eth0" not in names
    assert link(out, "mv@x").link == "eth0"
    assert link(out, "we!rd#if-1").link == "abcdefghijklmno"
    assert link(out, "abcdefghijklmno").link == "we!rd#if-1"
    assert link(out, "eth0.100").link == "eth0"
    assert link(out, "vport1").link == "vport0"
    assert link(out, "mvl0").link == "ifb0"
    assert link(out, "br0").link is None


@pytest.mark.parametrize("capture", [ADDR_61, LINK_61, "ip-6.1__-d_addr.txt",
                                     "ip-6.1__-o_link.txt", "ip-6.1__-4_addr.txt",
                                     "ip-5.4__addr.txt", "ip-7.1__link.txt"])
def test_corpus_eth0_cross_netns_peer(capture: str) -> None:
    eth0 = link(corpus(capture), "eth0")
    assert eth0.ifindex == 2
    assert eth0.link is None
    assert eth0.link_index == 2
    assert eth0.link_netns == "gr-peer"


def test_corpus_4_9_link_netnsid() -> None:
    # 4.9 (pre-4.17) prints the numeric id: "link/ether ... link-netnsid 0"
    text = (CORPUS / "ip-4.9__link.txt").read_text()
    assert "link-netnsid 0" in text
    eth0 = link(corpus("ip-4.9__link.txt"), "eth0")
    assert (eth0.link_index, eth0.link_netnsid, eth0.link_netns) == (2, 0, None)


def test_corpus_eth0_addresses() -> None:
    eth0 = link(corpus(ADDR_61), "eth0")
    by_local = {str(a.local): a for a in eth0.addresses}
    assert len(eth0.addresses) == 19
    web = by_local["192.168.50.11"]
    assert web.label == "eth0:web"
    assert web.flags == ("secondary",)
    assert web.broadcast == ip("192.168.50.255")
    assert by_local["192.168.50.10"].label == "eth0"
    assert by_local["192.168.50.10"].flags == ()
    assert by_local["192.168.61.5"].metric == 50
    assert by_local["192.168.60.5"].flags == ("noprefixroute",)
    scope77 = by_local["192.168.65.5"].scope
    assert scope77 is not None
    assert scope77 == Scope("77") and str(scope77) == "77" and not scope77.known
    assert by_local["192.168.64.5"].scope is Scope.LINK
    deprecated = by_local["192.168.63.5"]
    assert set(deprecated.flags) == {"deprecated", "dynamic"}
    assert (deprecated.valid_life_time, deprecated.preferred_life_time) == (3567, 0)
    dynamic = by_local["192.168.62.5"]
    assert (dynamic.valid_life_time, dynamic.preferred_life_time) == (3567, 1767)
    dad = by_local["2001:db8:50::dad"]
    assert set(dad.flags) == {"dadfailed", "tentative"}
    assert dad.label is None
    assert set(by_local["2001:db8:50::b"].flags) == {"nodad", "home"}
    assert set(by_local["2001:db8:50::100"].flags) == {"dynamic", "mngtmpaddr"}
    assert set(by_local["2001:db8:50::de"].flags) == {"nodad", "deprecated", "dynamic"}
    assert by_local["2001:db8:50::de"].preferred_life_time == 0
    assert by_local["fe80::ff:fe00:500a"].scope is Scope.LINK
    assert by_local["2001:db8:aaaa:bbbb:cccc:dddd:eeee:1"].local == ip(
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1")


@pytest.mark.parametrize("capture", [ADDR_61, "ip-6.1__-4_addr.txt", "ip-3.10__addr.txt",
                                     "ip-6.1__-o_addr.txt", "ip-6.1__-br_addr.txt"])
def test_corpus_tun0_peer_prefix_belongs_to_peer(capture: str) -> None:
    tun0 = link(corpus(capture), "tun0")
    (v4,) = [a for a in tun0.addresses if a.family is Family.INET]
    assert v4.local == ip("10.99.0.1")
    assert v4.peer == ip("10.99.0.2")
    assert v4.prefixlen == 32
    assert v4.network == ipaddress.ip_network("10.99.0.2/32")
    assert v4.interface == ipaddress.ip_interface("10.99.0.1/32")
    v6 = [(a.local, a.peer, a.prefixlen) for a in tun0.addresses if a.family is Family.INET6]
    if "-4_" in capture:
        assert v6 == []
    elif capture.startswith("ip-3.10"):
        # 3.10 prints "inet6 2001:db8:99::1/128 scope global" (no IPv6 peer)
        assert v6 == [(ip("2001:db8:99::1"), None, 128)]
    else:
        assert v6 == [(ip("2001:db8:99::1"), ip("2001:db8:99::2"), 128)]


def test_corpus_tun0_link_none() -> None:
    tun0 = link(corpus(LINK_61), "tun0")
    assert tun0.link_type == "none"
    assert tun0.address is None and tun0.mac is None and tun0.broadcast is None
    assert tun0.flags == ("NO-CARRIER", "POINTOPOINT", "MULTICAST", "NOARP", "UP")
    assert (tun0.qdisc, tun0.txqlen) == ("pfifo_fast", 500)


@pytest.mark.parametrize("capture", [ADDR_61, LINK_61, "ip-6.1__-d_link.txt",
                                     "ip-6.1__-o_link.txt", "ip-7.1__addr.txt"])
def test_corpus_tap0(capture: str) -> None:
    tap0 = link(corpus(capture), "tap0")
    assert tap0.ifindex == 12
    assert tap0.group == "5"
    assert tap0.txqlen == 500
    assert tap0.mtu == 1400
    assert tap0.flags == ("NO-CARRIER", "BROADCAST", "MULTICAST", "UP")
    assert tap0.operstate is OperState.DOWN
    assert not tap0.has_carrier
    assert tap0.is_up
    assert tap0.mac == MacAddress.parse("42:8e:b9:8a:16:02")


@pytest.mark.parametrize("capture", [ADDR_61, LINK_61, "ip-6.1__-br_link.txt"])
def test_corpus_mvl0_m_down(capture: str) -> None:
    mvl0 = link(corpus(capture), "mvl0")
    assert mvl0.flags == ("BROADCAST", "MULTICAST", "UP", "LOWER_UP", "M-DOWN")
    assert mvl0.operstate is OperState.UP
    ifb0 = link(corpus(capture), "ifb0")
    assert ifb0.flags == ("BROADCAST", "NOARP", "ALLMULTI")
    assert not ifb0.is_up


def test_corpus_xdp_in_addr_header() -> None:
    # "3: vport1@vport0: <...> mtu 1500 xdpgeneric/id:102 qdisc htb state UP ..."
    vport1 = link(corpus(ADDR_61), "vport1")
    assert vport1.xdp is not None
    assert (vport1.xdp.mode, vport1.xdp.prog_id) == ("xdpgeneric", 102)
    assert vport1.qdisc == "htb"
    assert vport1.mtu == 1500
    assert link(corpus(ADDR_61), "vport0").xdp is None


@pytest.mark.parametrize("capture", [LINK_61, "ip-6.1__-o_link.txt", "ip-6.1__-d_link.txt"])
def test_corpus_xdp_prog_line(capture: str) -> None:
    # "prog/xdp id 102 name gr_xdp_pass tag 614b434cd8324ecc jited"
    vport1 = link(corpus(capture), "vport1")
    assert vport1.xdp is not None
    assert vport1.xdp.mode == "xdpgeneric"
    (prog,) = vport1.xdp.progs
    assert (prog.id, prog.name, prog.tag, prog.jited) == (
        102, "gr_xdp_pass", "614b434cd8324ecc", True)
    if "-d_" in capture:
        assert (prog.load_time, prog.created_by_uid) == (1463382375518, 0)
    else:
        assert prog.load_time is None
    assert vport1.linkmode == "DORMANT"


def test_corpus_xdp_prog_line_5_4_has_no_name() -> None:
    # 5.4: "prog/xdp id 102 tag 614b434cd8324ecc jited" (name printed since 5.16)
    vport1 = link(corpus("ip-5.4__link.txt"), "vport1")
    assert vport1.xdp is not None
    (prog,) = vport1.xdp.progs
    assert (prog.id, prog.name, prog.tag, prog.jited) == (102, None, "614b434cd8324ecc", True)


@pytest.mark.parametrize("capture", [LINK_61, "ip-6.1__-o_link.txt", "ip-6.1__-d_link.txt",
                                     "ip-7.1__link.txt", "ip-5.4__link.txt",
                                     "ip-3.10__link.txt"])
def test_corpus_alias_with_spaces_and_parentheses(capture: str) -> None:
    assert link(corpus(capture), "eth0").ifalias == "uplink to peer (gr-peer)"
    assert link(corpus(capture), "br0").ifalias is None


@pytest.mark.parametrize(("capture", "expected"), [
    (ADDR_61, ("ethernet-uplink-0", "enp0s31f6")),
    (LINK_61, ("ethernet-uplink-0", "enp0s31f6")),
    ("ip-6.1__-o_link.txt", ("ethernet-uplink-0", "enp0s31f6")),
    ("ip-6.1__-4_addr.txt", ("ethernet-uplink-0", "enp0s31f6")),
    ("ip-6.1__-s_-s_link.txt", ("ethernet-uplink-0", "enp0s31f6")),
    ("ip-5.4__addr.txt", ()),  # altnames since 5.5
])
def test_corpus_altnames(capture: str, expected: tuple[str, ...]) -> None:
    out = corpus(capture)
    assert link(out, "eth0").altnames == expected
    for altname in expected:
        assert link(out, altname).ifindex == 2


def _kind_link(name: str) -> Link:
    return link(corpus("ip-6.1__-d_link.txt"), name)


def test_corpus_kinds() -> None:
    kinds = {x.ifname: x.kind for x in corpus("ip-6.1__-d_link.txt").links}
    assert kinds == {
        "lo": None, "eth0": "veth", "vport1": "veth", "vport0": "veth", "br0": "bridge",
        "eth0.100": "macvlan", "mv@x": "macvlan", "we!rd#if-1": "veth",
        "abcdefghijklmno": "veth", "vxlan42": "vxlan", "vx-md": "vxlan", "tap0": "tun",
        "tun0": "tun", "ifb0": "ifb", "mvl0": "macvlan",
    }


def test_corpus_bridge_and_port() -> None:
    port = _kind_link("vport0")
    assert port.master == "br0"
    assert port.linkinfo is not None
    assert port.linkinfo.slave_kind == "bridge"
    data = port.linkinfo.slave_data
    # "bridge_slave state forwarding priority 32 cost 2 hairpin off ... learning on ...
    #  port_id 0x8001 port_no 0x1 designated_port 32769"
    assert data["state"] == "forwarding"
    assert data["priority"] == 32
    assert data["cost"] == 2
    assert data["hairpin"] is False
    assert data["learning"] is True
    assert data["designated_port"] == 32769
    br0 = _kind_link("br0")
    assert br0.linkinfo is not None
    # "bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0
    #  priority 32768 vlan_filtering 0 bridge_id 8000.2:0:0:0:20:1"
    bdata = br0.linkinfo.data
    assert (bdata["forward_delay"], bdata["hello_time"], bdata["max_age"]) == (1500, 200, 2000)
    assert (bdata["ageing_time"], bdata["stp_state"], bdata["priority"]) == (30000, 0, 32768)
    assert bdata["bridge_id"] == "8000.2:0:0:0:20:1"
    assert br0.details is not None and br0.details.inet6_addr_gen_mode == "stable_secret"


def test_corpus_vxlan() -> None:
    vx = _kind_link("vxlan42")
    assert vx.linkinfo is not None
    data = vx.linkinfo.data
    # "vxlan id 42 local 192.168.50.10 dev eth0 srcport 0 0 dstport 4789 ttl 64 ageing 300
    #  udpcsum noudp6zerocsumtx noudp6zerocsumrx"
    assert data["id"] == 42
    assert data["local"] == "192.168.50.10"
    assert data["link"] == "eth0"
    assert data["port"] == 4789
    assert data["port_range"] == {"low": 0, "high": 0}
    assert data["ttl"] == 64
    assert data["ageing"] == 300
    assert data["udp_csum"] is True
    assert vx.proto_down is True
    assert vx.flags == ("NO-CARRIER", "BROADCAST", "MULTICAST", "UP")
    md = _kind_link("vx-md")
    assert md.linkinfo is not None
    mdata = md.linkinfo.data
    # "vxlan external id 0 srcport 0 0 dstport 4790 nolearning ttl auto ageing 300"
    assert (mdata["external"], mdata["id"], mdata["port"], mdata["learning"]) == (
        True, 0, 4790, False)
    assert md.proto_down is False


@pytest.mark.parametrize(("name", "mode"), [("eth0.100", "bridge"), ("mv@x", "private"),
                                            ("mvl0", "vepa")])
def test_corpus_macvlan_modes(name: str, mode: str) -> None:
    info = _kind_link(name).linkinfo
    assert info is not None and info.kind == "macvlan"
    assert info.data["mode"] == mode
    assert info.data["bcqueuelen"] == 1000


@pytest.mark.parametrize(("name", "tun_type"), [("tap0", "tap"), ("tun0", "tun")])
def test_corpus_tun_types(name: str, tun_type: str) -> None:
    info = _kind_link(name).linkinfo
    assert info is not None and info.kind == "tun"
    # "tun type tap pi off vnet_hdr off persist on"
    assert info.data == {"type": tun_type, "pi": False, "vnet_hdr": False, "persist": True}


def test_corpus_veth_has_no_kind_attributes_and_details_stay_generic() -> None:
    eth0 = _kind_link("eth0")
    assert eth0.linkinfo is not None
    assert (eth0.linkinfo.kind, eth0.linkinfo.attributes) == ("veth", ())
    assert eth0.details is not None
    # "link/ether ... link-netns gr-peer promiscuity 1  allmulti 0 minmtu 68 maxmtu 65535"
    # "veth addrgenmode eui64 numtxqueues 2 numrxqueues 2 ..."
    d = eth0.details
    assert (d.promiscuity, d.allmulti, d.min_mtu, d.max_mtu) == (1, 0, 68, 65535)
    assert (d.inet6_addr_gen_mode, d.num_tx_queues, d.num_rx_queues) == ("eui64", 2, 2)
    assert eth0.link_netns == "gr-peer"


# ------------------------------------------------------------------- statistics (layouts A, B)


def test_corpus_stats_layout_a_numbers() -> None:
    # ip-5.4__-s_-s_link.txt, eth0:
    #     RX: bytes  packets  errors  dropped overrun mcast
    #     1766       17       0       0       0       0
    #     TX: bytes  packets  errors  dropped carrier collsns
    #     4792       54       0       0       0       0
    #     TX errors: aborted  fifo   window heartbeat transns
    #                0        0       0       0       2
    out = corpus("ip-5.4__-s_-s_link.txt")
    assert (out.form.stats, out.form.stats_layout) == (2, "A")
    stats = link(out, "eth0").stats
    assert stats is not None
    assert (stats.rx.bytes, stats.rx.packets, stats.rx.errors, stats.rx.dropped) == (1766, 17, 0, 0)
    assert (stats.tx.bytes, stats.tx.packets) == (4792, 54)
    assert stats.tx.carrier_changes == 2
    vport1 = link(out, "vport1").stats
    assert vport1 is not None
    assert (vport1.rx.bytes, vport1.rx.packets, vport1.tx.bytes, vport1.tx.packets) == (
        2200, 20, 966, 9)


def test_corpus_stats_layout_b_numbers() -> None:
    # ip-6.1__-s_-s_link.txt, eth0: RX 1766 17 ..., TX 4834 55 ..., transns 2
    out = corpus("ip-6.1__-s_-s_link.txt")
    assert (out.form.stats, out.form.stats_layout) == (2, "B")
    stats = link(out, "eth0").stats
    assert stats is not None
    assert (stats.rx.bytes, stats.rx.packets) == (1766, 17)
    assert (stats.tx.bytes, stats.tx.packets) == (4834, 55)
    assert stats.tx.carrier_changes == 2
    vport1 = link(out, "vport1").stats
    assert vport1 is not None
    assert (vport1.tx.bytes, vport1.tx.packets) == (966, 9)


def test_corpus_stats_3_10_has_no_transns() -> None:
    # 3.10: "TX errors: aborted fifo    window  heartbeat" (4 columns, no transns)
    out = corpus("ip-3.10__-s_-s_link.txt")
    stats = link(out, "eth0").stats
    assert stats is not None
    assert (stats.rx.bytes, stats.rx.packets, stats.tx.bytes, stats.tx.packets) == (
        1766, 17, 4750, 53)
    assert stats.tx.heartbeat_errors == 0
    assert stats.tx.carrier_changes is None


def _number_zeros(line: str) -> str:
    """Replace the ``0`` counters of one line by 1, 2, 3, ... (one digit each)."""
    digits = iter("123456789")

    def next_digit(_match: re.Match[str]) -> str:
        return next(digits)

    return re.sub(r"(?<=\s)0(?=\s|$)", next_digit, line)


def _renumber_eth0_stats(text: str) -> str:
    """Give eth0's counters distinct values: the zeros of each counter line become 1, 2, 3, ...

    Each ``0`` is replaced by one digit, so column widths (and layouts) are unchanged.
    """
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("2: eth0@"))
    end = next(i for i in range(start + 1, len(lines)) if re.match(r"\d+: ", lines[i]))
    for i in range(start + 1, end):
        if lines[i - 1].lstrip().startswith(("RX", "TX")):
            lines[i] = _number_zeros(lines[i])
    return "\n".join(lines)


def _eth0_stats(text: str) -> netfacts.LinkStats:
    out = netfacts.parse(text, "ip-link")
    assert isinstance(out, IpAddrOutput)
    assert out.ok
    stats = link(out, "eth0").stats
    assert stats is not None
    return stats


def test_stats_layout_a_overrun_first_missed_second() -> None:
    text = _renumber_eth0_stats((CORPUS / "ip-5.4__-s_-s_link.txt").read_text())
    # The renumbered eth0 block now reads (checked here so the expectation is visible):
    assert "    RX: bytes  packets  errors  dropped overrun mcast   \n" \
           "    1766       17       1       2       3       4       \n" in text
    assert "    RX errors: length   crc     frame   fifo    missed\n" \
           "               1        2       3       4       5       \n" in text
    rx = _eth0_stats(text).rx
    assert (rx.errors, rx.dropped, rx.over_errors, rx.multicast) == (1, 2, 3, 4)
    assert (rx.length_errors, rx.crc_errors, rx.frame_errors, rx.fifo_errors) == (1, 2, 3, 4)
    assert rx.missed_errors == 5


def test_stats_layout_b_missed_first_overrun_second() -> None:
    text = _renumber_eth0_stats((CORPUS / "ip-6.1__-s_-s_link.txt").read_text())
    assert "    RX:  bytes packets errors dropped  missed   mcast           \n" \
           "          1766      17      1       2       3       4 \n" in text
    assert "    RX errors:  length    crc   frame    fifo overrun\n" \
           "                     1      2       3       4       5 \n" in text
    rx = _eth0_stats(text).rx
    assert (rx.errors, rx.dropped, rx.missed_errors, rx.multicast) == (1, 2, 3, 4)
    assert (rx.length_errors, rx.crc_errors, rx.frame_errors, rx.fifo_errors) == (1, 2, 3, 4)
    assert rx.over_errors == 5


def test_stats_layout_b_tx_columns() -> None:
    text = _renumber_eth0_stats((CORPUS / "ip-6.1__-s_-s_link.txt").read_text())
    # TX:  bytes packets errors dropped carrier collsns  -> 4834 55 1 2 3 4
    # TX errors: aborted fifo window heartbt transns     -> 1 2 3 4 2 (transns was 2)
    tx = _eth0_stats(text).tx
    assert (tx.bytes, tx.packets, tx.errors, tx.dropped) == (4834, 55, 1, 2)
    assert (tx.carrier_errors, tx.collisions) == (3, 4)
    assert (tx.aborted_errors, tx.fifo_errors, tx.window_errors, tx.heartbeat_errors) == (
        1, 2, 3, 4)
    assert tx.carrier_changes == 2


def test_stats_single_s_layout_b_first_line_missed() -> None:
    # ip -s (layout B): the fifth RX number is "missed"; "overrun" is not printed at all.
    text = _renumber_eth0_stats((CORPUS / "ip-6.1__-s_link.txt").read_text())
    assert "          1766      17      1       2       3       4 \n" in text
    rx = _eth0_stats(text).rx
    assert (rx.missed_errors, rx.multicast, rx.over_errors) == (3, 4, None)


def test_stats_single_s_layout_a_first_line_overrun() -> None:
    text = _renumber_eth0_stats((CORPUS / "ip-5.4__-s_link.txt").read_text())
    rx = _eth0_stats(text).rx
    assert (rx.over_errors, rx.multicast, rx.missed_errors) == (3, 4, None)


# ------------------------------------------------------------------------- version quirks


def test_3_10_no_group_and_eth0_at_eth0() -> None:
    out = corpus("ip-3.10__link.txt")
    assert all(x.group is None for x in out.links)
    eth0 = link(out, "eth0")
    # "2: eth0@eth0: ..." - the peer index resolved in the wrong namespace
    assert eth0.ifname == "eth0"
    assert eth0.link == "eth0"
    assert eth0.link_index is None and eth0.link_netns is None
    assert eth0.address == MacAddress.parse("02:00:00:00:50:0a")
    assert link(out, "vport1").linkmode == "DORMANT"


def test_3_10_addr_hides_ifa_flags_only_flags() -> None:
    eth0 = link(corpus("ip-3.10__addr.txt"), "eth0")
    by_local = {str(a.local): a for a in eth0.addresses}
    assert by_local["192.168.60.5"].flags == ()  # noprefixroute not shown by 3.10
    assert by_local["192.168.61.5"].metric is None  # no metric before 4.18
    # "inet6 2001:db8:50::dad/64 scope global tentative dadfailed" (pre-4.13 order)
    assert set(by_local["2001:db8:50::dad"].flags) == {"tentative", "dadfailed"}
    assert by_local["192.168.50.11"].label == "eth0:web"


def test_4_9_stable_privacy_as_flags_800() -> None:
    br0 = link(corpus("ip-4.9__addr.txt"), "br0")
    text = (CORPUS / "ip-4.9__addr.txt").read_text()
    assert "flags 800" in text
    (ll,) = [a for a in br0.addresses if a.scope is Scope.LINK]
    assert ll.ifa_flags == "800"
    assert "stable-privacy" not in ll.flags


def test_7_1_address_protocol() -> None:
    # "inet6 ::1/128 scope host proto kernel_lo" and "fe80::ff:fe00:500a/64 scope link proto
    # kernel_ll"; "fe80::ff05:eb87:4e94:b3ad/64 scope link stable-privacy proto kernel_ll"
    out = corpus("ip-7.1__addr.txt")
    (v6,) = [a for a in link(out, "lo").addresses if a.family is Family.INET6]
    assert (v6.protocol, v6.scope, v6.flags) == ("kernel_lo", Scope.HOST, ())
    (ll,) = [a for a in link(out, "eth0").addresses if a.local == ip("fe80::ff:fe00:500a")]
    assert (ll.protocol, ll.scope) == ("kernel_ll", Scope.LINK)
    (br_ll,) = [a for a in link(out, "br0").addresses if a.scope is Scope.LINK]
    assert (br_ll.flags, br_ll.protocol) == (("stable-privacy",), "kernel_ll")
    (v4,) = [a for a in link(out, "lo").addresses if a.local == ip("127.0.0.1")]
    assert v4.protocol is None


def test_minus_4_header_carries_link_netns() -> None:
    # "2: eth0@if2: <...> mtu 1500 qdisc noqueue state UP group default qlen 1000
    #  link-netns gr-peer" and no link/ line at all
    out = corpus("ip-6.1__-4_addr.txt")
    eth0 = link(out, "eth0")
    assert (eth0.link_index, eth0.link_netns) == (2, "gr-peer")
    assert (eth0.qdisc, eth0.operstate, eth0.group, eth0.txqlen) == (
        "noqueue", OperState.UP, "default", 1000)
    assert eth0.link_type is None and eth0.address is None
    assert [x.ifname for x in out.links] == ["lo", "eth0", "br0", "eth0.100", "tap0", "tun0"]
    assert all(a.family is Family.INET for x in out.links for a in x.addresses)
    assert out.form.family == "inet"


def test_minus_6_reduced_header() -> None:
    # "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP qlen 1000"
    out = corpus("ip-6.1__-6_addr.txt")
    eth0 = link(out, "eth0")
    assert (eth0.ifindex, eth0.mtu, eth0.operstate, eth0.txqlen) == (2, 1500, OperState.UP, 1000)
    assert (eth0.qdisc, eth0.group, eth0.master, eth0.link_netns) == (None, None, None, None)
    assert (eth0.link, eth0.link_index) == (None, None)
    # vport0 is a port of br0, but the -6 header has no "master"
    assert link(out, "vport0").master is None
    assert link(out, "tap0").txqlen == 500
    assert "ifb0" not in [x.ifname for x in out.links]
    assert "mv@x" not in [x.ifname for x in out.links]
    assert all(a.family is Family.INET6 for x in out.links for a in x.addresses)
    assert out.form.family == "inet6"


def test_minus_6_address_flags() -> None:
    eth0 = link(corpus("ip-6.1__-6_addr.txt"), "eth0")
    by_local = {str(a.local): a for a in eth0.addresses}
    assert len(by_local) == 11
    assert set(by_local["2001:db8:50::dad"].flags) == {"dadfailed", "tentative"}
    assert by_local["2001:db8:50::dad"].valid_life_time == FOREVER


def test_brief_link_long_names() -> None:
    # "we!rd#if-1@abcdefghijklmno UP             fe:e3:21:28:10:11 <BROADCAST,...>"
    out = corpus("ip-6.1__-br_link.txt")
    assert out.form.style == "brief" and out.form.command == "link"
    weird = link(out, "we!rd#if-1")
    assert (weird.link, weird.operstate) == ("abcdefghijklmno", OperState.UP)
    assert weird.address == MacAddress.parse("fe:e3:21:28:10:11")
    assert weird.flags == ("BROADCAST", "MULTICAST", "UP", "LOWER_UP")
    assert weird.ifindex is None
    other = link(out, "abcdefghijklmno")
    assert (other.link, other.address) == ("we!rd#if-1", MacAddress.parse("56:3b:03:e0:bd:0c"))
    tun0 = link(out, "tun0")
    assert tun0.address is None
    assert tun0.flags == ("NO-CARRIER", "POINTOPOINT", "MULTICAST", "NOARP", "UP")
    assert link(out, "eth0").link_index == 2
    assert len(out.links) == 15


def test_brief_addr_items() -> None:
    out = corpus("ip-6.1__-br_addr.txt")
    assert out.form.style == "brief" and out.form.command == "addr"
    weird = link(out, "we!rd#if-1")
    assert [(str(a.local), a.prefixlen) for a in weird.addresses] == [
        ("fe80::fce3:21ff:fe28:1011", 64)]
    assert link(out, "abcdefghijklmno").operstate is OperState.UP
    eth0 = link(out, "eth0")
    assert len(eth0.addresses) == 19
    (metric,) = [a for a in eth0.addresses if a.metric is not None]
    assert (str(metric.local), metric.prefixlen, metric.metric) == ("192.168.61.5", 24, 50)
    assert all(a.scope is None and a.valid_life_time is None for a in eth0.addresses)
    assert link(out, "mv@x").addresses == ()
    assert link(out, "mv@x").operstate is OperState.DOWN
    assert link(out, "ifb0").addresses == ()
    assert [str(a.local) for a in link(out, "lo").addresses] == [
        "127.0.0.1", "10.255.255.1", "::1"]


def test_oneline_link_records() -> None:
    out = corpus("ip-6.1__-o_link.txt")
    assert (out.form.style, out.form.command) == ("oneline", "link")
    text = (CORPUS / "ip-6.1__-o_link.txt").read_text()
    assert len(out.links) == len(text.splitlines()) == 15
    eth0 = link(out, "eth0")
    assert eth0.ifalias == "uplink to peer (gr-peer)"
    assert eth0.altnames == ("ethernet-uplink-0", "enp0s31f6")
    assert eth0.link_netns == "gr-peer"
    assert eth0.address == MacAddress.parse("02:00:00:00:50:0a")
    assert eth0.broadcast == MacAddress.parse("ff:ff:ff:ff:ff:ff")
    assert eth0.linkmode == "DEFAULT"
    assert link(out, "vxlan42").proto_down is True
    assert link(out, "tun0").link_type == "none"


@pytest.mark.parametrize("capture", ["ip-6.1__-o_addr.txt", "ip-3.10__-o_addr.txt",
                                     "ip-7.1__-o_addr.txt", "ip-6.1__-o_-4_addr.txt"])
def test_oneline_addr_records(capture: str) -> None:
    out = corpus(capture)
    text = (CORPUS / capture).read_text()
    # count "N: name    inet..." lines per interface straight from the text
    counts: dict[str, int] = {}
    for line in text.splitlines():
        match = re.match(r"\d+: (\S+)\s+inet6? ", line)
        assert match is not None, line
        counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    assert {x.ifname: len(x.addresses) for x in out.links} == counts
    assert (out.form.style, out.form.command) == ("oneline", "addr")
    eth0 = link(out, "eth0")
    assert eth0.ifindex == 2
    web = [a for a in eth0.addresses if a.label == "eth0:web"]
    assert len(web) == 1 and web[0].flags == ("secondary",)
    assert web[0].local == ip("192.168.50.11")
    tun0 = link(out, "tun0")
    v4 = [a for a in tun0.addresses if a.family is Family.INET]
    assert [(a.local, a.peer, a.prefixlen) for a in v4] == [
        (ip("10.99.0.1"), ip("10.99.0.2"), 32)]
    assert all(a.valid_life_time is not None for x in out.links for a in x.addresses)


def test_oneline_addr_netns_weird_name() -> None:
    # "3: w.e-i#r!d@x    inet 10.88.0.1/24 scope global w.e-i#r!d@x\ ..." : no @link part
    out = netns("ip_-o_addr.txt")
    weird = link(out, "w.e-i#r!d@x")
    assert weird.ifindex == 3
    assert (weird.link, weird.link_index) == (None, None)
    assert weird.addresses[0].label == "w.e-i#r!d@x"


def test_netns_minus_6_wrong_local_link_name_is_taken_as_printed() -> None:
    # "3: w.e-i#r!d@x@eth0:" in ip -6 addr (the index looked up in the wrong namespace)
    out = netns("ip_-6_addr.txt")
    weird = link(out, "w.e-i#r!d@x")
    assert (weird.ifindex, weird.link) == (3, "eth0")


def test_a_bad_value_does_not_lose_the_attributes_after_it() -> None:
    """Lenient mode reports the bad value and still reads the rest of the line."""
    text = ("1: eth0: <UP> mtu bad qdisc noqueue state UP mode DEFAULT group default "
            "qlen 1000\n    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff\n")
    output = netfacts.parse(text, "ip-link")
    link = output.links[0]
    assert link.mtu is None
    assert (link.qdisc, link.operstate.value, link.group, link.txqlen) == (
        "noqueue", "UP", "default", 1000)
    assert [(d.line, d.column, d.message) for d in output.diagnostics] == [
        (1, 19, "Expected decimal number after 'mtu'")]  # the "b" of "bad"
    # ip neigh is the exception (issue 10 §2): a line with an error gives no neighbour at
    # all, since one without its lladdr would be a partial record that looks complete
    neighbour = netfacts.parse("10.0.0.1 dev eth0 lladdr zz:zz router REACHABLE\n",
                               "ip-neigh")
    assert neighbour.neighbours == ()
    assert len(neighbour.diagnostics) == 1


def test_oneline_record_with_blanks_in_front_is_not_the_record_above_s() -> None:
    """Pasted ``ip -o addr`` text with blanks before one record: that record stays its own
    interface's (found by the one-garbled-line property test)."""
    lines = (IP_ADDR / "ip_-o_addr.txt").read_text().split("\n")
    clean = netfacts.parse("\n".join(lines), "ip-addr")
    lines[3] = " " + lines[3]
    out = netfacts.parse("\n".join(lines), "ip-addr")
    assert out.links == clean.links


def test_a_header_damaged_at_its_start_is_not_the_previous_interface_s_line() -> None:
    # found by a random run of tests/property/test_one_garbled_line.py: " :2: eth0@if2: <...>"
    # was kept as an unknown continuation line of lo, changing lo's record
    text = (
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default "
        "qlen 1000\n"
        "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
        "    inet 127.0.0.1/8 scope host lo\n"
        "       valid_lft forever preferred_lft forever\n"
        " :2: eth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP "
        "group default qlen 1000\n"
        "    link/ether 02:00:00:00:50:0a brd ff:ff:ff:ff:ff:ff link-netns gr-peer\n"
        "    inet 192.168.64.5/24 scope link eth0\n"
        "       valid_lft forever preferred_lft forever\n"
        "3: vport1@vport0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc htb state UP "
        "group default qlen 1000\n"
        "    link/ether f6:dd:1e:5a:a7:e8 brd ff:ff:ff:ff:ff:ff\n"
    )
    out = netfacts.parse(text, "ip-addr", source="x")
    lo, vport1 = out.links
    assert (lo.ifname, lo.unknown_lines, [str(a.local) for a in lo.addresses]) == (
        "lo", (), ["127.0.0.1"])
    assert vport1.ifname == "vport1"
    errors = [d for d in out.diagnostics if d.severity.name == "ERROR"]
    assert errors[0].line == 5
    assert "interface header" in errors[0].message


def test_a_backslash_in_a_plain_header_does_not_make_the_listing_one_line() -> None:
    # found by a random run of tests/property/test_one_garbled_line.py: "<...>\\ mtu" in the
    # first header flipped the whole listing to the ip -o form, changing every record's JSON
    clean = (
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default "
        "qlen 1000\n"
        "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
        "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP "
        "group default qlen 1000\n"
        "    link/ether 02:00:00:00:50:0a brd ff:ff:ff:ff:ff:ff\n"
    )
    damaged = clean.replace("LOWER_UP> mtu 65536", "LOWER_UP>\\ mtu 65536")
    before, after = netfacts.parse(clean, "ip-addr"), netfacts.parse(damaged, "ip-addr")
    assert after.form == before.form
    assert netfacts.to_json(after)[-1] == netfacts.to_json(before)[-1]
    assert any(d.line == 1 for d in after.diagnostics)
    one_line = ("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode "
                "DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd "
                "00:00:00:00:00:00\n")
    assert netfacts.parse(one_line, "ip-addr").form.style == "oneline"
