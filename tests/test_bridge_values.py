"""bridge link / fdb / vlan / mdb: real captures against their ``bridge -j`` twins and the
topology that made them, and the source-derived layouts.

Truth: ``scripts/capture_hw.py`` (bridge ``br0`` with ports ``ba0`` — veth, mcast_router 2,
static fdb ``02:00:00:00:00:aa``, permanent mdb groups 239.1.1.1, 239.1.1.3 from
10.60.0.9, ff0e::1 —, ``dm0`` — cost 7, priority 40, learning off, static fdb
``02:00:00:00:00:bb``, temporary group 239.1.1.2 —, ``tp0`` — tap without a process, so
no carrier, hairpin on — and ``vx0`` — vxlan with remote VTEPs 10.50.0.2 and 10.50.0.3),
``fixtures/netns_hw/MANIFEST.tsv``, the ``bridge -j`` output taken with each text, and for
``from_source/`` the values written there from iproute2's printing code.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import netfacts
from conftest import FIXTURES
from netfacts.detection import detect, kind_from_filename
from netfacts.errors import ParseError
from netfacts.models.bridge import (
    BridgeFdbOutput,
    BridgeLinkOutput,
    BridgeMdbOutput,
    BridgeVlanOutput,
)
from netfacts.models.values import MacAddress
from netfacts.parsers.bridge import (
    command_hints,
    parse_bridge_fdb,
    parse_bridge_link,
    parse_bridge_mdb,
    parse_bridge_vlan,
)

BRIDGE = FIXTURES / "netns_hw" / "bridge"
SOURCE = BRIDGE / "from_source"
MANIFEST = {row.split("\t")[1]: row.split("\t") for row in
            (FIXTURES / "netns_hw" / "MANIFEST.tsv").read_text().splitlines()[1:]}
PARSERS: dict[str, Callable[..., Any]] = {
    "link": parse_bridge_link, "fdb": parse_bridge_fdb, "vlan": parse_bridge_vlan,
    "mdb": parse_bridge_mdb,
}
NOT_RENDERED = {"bridge_link_show_3.5.txt", "bridge_-d_mdb_show_4.x.txt",
                "bridge_-s_-d_mdb_show_4.x.txt"}
"""Layouts the renderer does not reproduce byte for byte (a blank iproute2 3.x leaves out
or 4.x adds; documented on docs/commands/bridge.md)."""


def _object(path: Path) -> str:
    return next(word for word in ("link", "fdb", "vlan", "mdb") if f"_{word}_" in path.name)


def parse(path: Path) -> Any:
    return PARSERS[_object(path)](path.read_text(), source=str(path))


ALL = sorted(BRIDGE.rglob("*.txt"))
TWINS = sorted(BRIDGE.glob("*.json"))


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_every_file_parses_renders_back_and_is_detected(path: Path) -> None:
    output = parse(path)
    assert [d.render() for d in output.diagnostics if d.severity.value == "error"] == []
    assert len(output.diagnostics) == len(output.messages)  # only the stderr lines
    text = path.read_text()
    if path.name not in NOT_RENDERED:
        assert netfacts.render(output) == text
    else:  # the same facts, in the current layout
        assert netfacts.render(PARSERS[_object(path)](netfacts.render(output))) == \
            netfacts.render(output)
        assert PARSERS[_object(path)](netfacts.render(output)).diagnostics == ()
    kind = f"bridge-{_object(path)}"
    assert detect(text).kind == kind
    found = kind_from_filename(path.name)
    assert found is not None and found.kind == kind


@pytest.mark.parametrize("path", TWINS, ids=lambda p: p.name)
def test_json_twins(path: Path) -> None:
    output = parse(path.with_suffix(".txt"))
    twin = json.loads(path.read_text())
    if _object(path) == "mdb":
        for entry in twin[0]["mdb"]:
            del entry["index"]  # the bridge's ifindex: not in the text (documented)
    assert netfacts.to_json(output) == twin


def test_the_twins_are_the_forms_bridge_6_1_prints_as_json() -> None:
    names = {p.name for p in TWINS}
    assert len(names) == 12
    # -d vlan on a kernel without VLAN filtering: `bridge -j` printed a lone "[" (no twin)
    assert "bridge_-d_vlan_show.json" not in names
    assert MANIFEST["bridge_-d_vlan_show.txt"][4] == "1"


def test_ports_of_the_captured_bridge() -> None:
    output = parse(BRIDGE / "bridge_-s_-s_-d_link_show.txt")
    assert isinstance(output, BridgeLinkOutput) and output.details and not output.legacy
    assert [p.ifname for p in output.of("br0")] == ["ba0", "dm0", "tp0", "vx0"]
    ba0, dm0, tp0, vx0 = output.ports
    assert (ba0.state, ba0.cost, ba0.priority, ba0.option("mcast_router")) == (
        "forwarding", 2, 32, 2)
    assert (dm0.cost, dm0.priority, dm0.option("learning")) == (7, 40, False)
    assert tp0.state == "disabled" and tp0.option("hairpin") is True and not tp0.carrier
    assert ba0.carrier and vx0.cost == 100 and vx0.mtu == 1500
    assert ba0.option("no-such-option") is None


def test_fdb_of_the_captured_bridge() -> None:
    output = parse(BRIDGE / "bridge_-s_-s_-d_-t_fdb_show.txt")
    assert isinstance(output, BridgeFdbOutput) and output.stats
    static = {(str(e.mac), e.dev) for e in output.of("br0") if e.state == "static"}
    assert static == {("02:00:00:00:00:aa", "ba0"), ("02:00:00:00:00:bb", "dm0")}
    dynamic = [e for e in output.entries if e.dynamic]
    assert len(dynamic) == 1 and dynamic[0].master == "br0" and dynamic[0].used is not None
    remotes = {str(e.dst) for e in output.entries if e.dev == "vx0" and e.dst is not None}
    assert remotes == {"10.50.0.2", "10.50.0.3"}
    zero = next(e for e in output.entries if e.mac == MacAddress.parse("00:00:00:00:00:00"))
    assert zero.self_entry and zero.used == 0 and zero.dst == ipaddress.ip_address("10.50.0.2")
    assert all(e.local for e in output.entries if e.state == "permanent" and e.master)


def test_fdb_show_br_lists_only_that_bridge_s_ports() -> None:
    every = parse(BRIDGE / "bridge_fdb_show.txt")
    one = parse(BRIDGE / "bridge_fdb_show_br_br0.txt")
    ports = {"ba0", "dm0", "tp0", "vx0", "br0"}
    assert one.entries == tuple(e for e in every.entries if e.dev in ports)


def test_mdb_of_the_captured_bridge() -> None:
    output = parse(BRIDGE / "bridge_-s_-s_-d_-t_mdb_show.txt")
    assert isinstance(output, BridgeMdbOutput) and output.stats
    static = {(e.port, str(e.grp), e.state) for e in output.entries if e.protocol == "static"}
    assert static == {("ba0", "239.1.1.1", "permanent"), ("ba0", "239.1.1.3", "permanent"),
                      ("ba0", "ff0e::1", "permanent"), ("dm0", "239.1.1.2", "temp")}
    source = next(e for e in output.entries if e.src is not None)
    assert (str(source.src), source.filter_mode) == ("10.60.0.9", "include")
    assert all(e.timer == 0 for e in output.entries if e.permanent)
    assert all(e.timer and e.timer > 200 for e in output.entries if not e.permanent)
    assert [(r.dev, r.port, r.type) for r in output.routers] == [("br0", "ba0", "permanent")]
    assert parse(BRIDGE / "bridge_mdb_show.txt").routers == ()  # only -d prints them


def test_vlan_dump_refused_by_the_kernel_is_incomplete() -> None:
    output = parse(BRIDGE / "bridge_-d_vlan_show.txt")
    assert isinstance(output, BridgeVlanOutput)
    assert output.vlans == () and not output.complete
    assert output.messages == ("RTNETLINK answers: Operation not supported", "Dump terminated")
    assert any("incomplete" in d.message for d in output.diagnostics)
    assert parse(BRIDGE / "bridge_vlan_show.txt").complete


# ---------------------------------------------------------------- written from source


def test_vlan_layouts_from_source() -> None:
    plain = parse(SOURCE / "bridge_vlan_show.txt")
    assert [(v.port, v.vlan, v.pvid, v.untagged) for v in plain.of("ba0")] == [
        ("ba0", 10, True, True), ("ba0", 20, False, False), ("ba0", 21, False, False),
        ("ba0", 22, False, False)]
    assert plain.pvid("br0") == 10 and plain.pvid("dm0") == 1
    details = parse(SOURCE / "bridge_-d_vlan_show.txt")
    ranged = details.of("ba0")[1]
    assert (ranged.vlan, ranged.vlan_end, list(ranged.vids), ranged.state) == (
        20, 22, [20, 21, 22], "forwarding")
    assert details.details and netfacts.to_json(details)[0]["vlans"][1] == {
        "vlan": 20, "vlanEnd": 22, "state": "forwarding"}
    stats = parse(SOURCE / "bridge_-s_vlan_show.txt")
    counters = stats.of("br0")[1].stats
    assert counters is not None and (counters.rx_bytes, counters.tx_packets) == (360180, 13)
    assert netfacts.to_json(stats)[0]["vlans"][1] == {
        "vid": 10, "flags": ["PVID", "Egress Untagged"], "rx_bytes": 360180,
        "rx_packets": 300, "tx_bytes": 1070, "tx_packets": 13}
    legacy = parse(SOURCE / "bridge_vlan_show_legacy.txt")
    assert legacy.legacy and legacy.none == ("eno1",)
    assert [v.vlan for v in legacy.of("eth1")] == [1, 100, 200]


def test_fdb_from_source() -> None:
    output = parse(SOURCE / "bridge_-s_-s_-d_-t_fdb_show.txt")
    by_mac = {}
    for entry in output.entries:
        by_mac.setdefault(str(entry.mac), entry)
    assert by_mac["02:00:00:00:00:aa"].vlan == 10
    hardware = by_mac["0c:42:a1:52:7e:11"]
    assert hardware.flags == ("extern_learn", "offload") and hardware.dynamic
    assert by_mac["0c:42:a1:52:7e:12"].flags == ("sticky",)
    vxlan = by_mac["02:00:00:00:00:dd"]
    assert (vxlan.port, vxlan.vni, str(vxlan.dst)) == (8472, 100, "10.50.0.3")
    assert by_mac["02:00:00:00:00:ee"].state == "stale"
    assert by_mac["02:00:00:00:00:ee"].dst == ipaddress.ip_address("2001:db8::4")
    other = by_mac["02:00:00:00:00:ff"]
    assert (other.src_vni, other.via) == (42, "eth2")
    assert netfacts.to_json(output)[15] == {
        "mac": "02:00:00:00:00:ff", "ifname": "vx1", "dst": "10.50.0.5", "src_vni": 42,
        "viaIf": "eth2", "used": 1, "updated": 1, "flags": ["self"], "state": "permanent"}


def test_mdb_from_source() -> None:
    output = parse(SOURCE / "bridge_-s_-s_-d_-t_mdb_show.txt")
    assert [e.vid for e in output.entries] == [10, 10, 30, 100, 1]
    assert output.entries[3].flags == ("offload",)
    assert [(r.port, r.timer, r.type) for r in output.routers] == [
        ("ba0", 0.0, "permanent"), ("ens1f0", 254.32, "temp")]
    old = parse(SOURCE / "bridge_-s_-d_mdb_show_4.x.txt")
    assert [(e.state, e.vid, e.timer) for e in old.entries] == [
        ("permanent", None, 0.0), ("temp", 100, 259.82)]
    assert netfacts.to_json(old)[0]["mdb"][1]["timer"] == " 259.82"


def test_link_layouts_from_source() -> None:
    legacy = parse(SOURCE / "bridge_-s_-s_-d_link_show_legacy.txt")
    assert legacy.legacy and [p.operstate for p in legacy.ports] == [
        "UP", "UNKNOWN", "DOWN", "UP"]
    assert legacy.ports[3].link == "eth0" and legacy.ports[3].state == "blocking"
    assert legacy.ports[0].option("flood") is True
    oldest = parse(SOURCE / "bridge_link_show_3.5.txt")
    assert [(p.ifname, p.state, p.cost) for p in oldest.ports] == [
        ("eth0", "forwarding", None), ("eth1", "disabled", None)]
    with_bridge = parse(SOURCE / "bridge_-s_-s_-d_link_show_with_bridge.txt")
    assert with_bridge.ports[-1].is_bridge and with_bridge.ports[-1].state is None
    assert [p.ifname for p in with_bridge.of("br0")] == ["ba0", "dm0", "tp0", "vx0"]


# ---------------------------------------------------------------- errors and detection


def test_one_garbled_line_loses_only_its_record() -> None:
    lines = (BRIDGE / "bridge_-s_-s_-d_-t_fdb_show.txt").read_text().splitlines()
    whole = parse_bridge_fdb("\n".join(lines) + "\n")
    lines[4] = "02:00:00:00:0 dev ba0 used 3/3 master br0 static"  # a cut MAC
    lines[7] = "33:33:ff:47:b5:72 dev ba0 used x/3 self permanent"  # a bad value
    output = parse_bridge_fdb("\n".join(lines) + "\n")
    errors = [d for d in output.diagnostics if d.severity.value == "error"]
    assert [d.line for d in errors] == [5, 8]
    assert errors[1].column == lines[7].index("x/3") + 1
    assert len(output.entries) == len(whole.entries) - 1  # the bad value loses only itself
    assert output.entries[6].used is None and output.entries[6].state == "permanent"
    with pytest.raises(ParseError):
        parse_bridge_fdb("\n".join(lines) + "\n", strict=True)


def test_a_garbled_port_line_loses_its_port_and_its_options_line() -> None:
    path = BRIDGE / "bridge_-s_-s_-d_link_show.txt"
    lines = path.read_text().splitlines()
    lines[2] = lines[2].replace("5: dm0:", "5 dm0:")  # the colon lost
    output = parse_bridge_link("\n".join(lines) + "\n")
    errors = [d for d in output.diagnostics if d.severity.value == "error"]
    assert [d.line for d in errors] == [3, 4]  # its options line is not re-homed
    assert "could not be read" in errors[1].message
    whole = parse(path)
    assert output.ports == tuple(p for p in whole.ports if p.ifname != "dm0")


@pytest.mark.parametrize("what,line,number", [
    ("link", "5 dm0: <BROADCAST> mtu 1500", 1),
    ("vlan", "ba0 x", 2),
    ("mdb", "dev br0 port ba0 group 239.1.1.1 temp", 2),
])
def test_garbled_lines_of_the_other_families(what: str, line: str, number: int) -> None:
    path = {"link": BRIDGE / "bridge_-s_-s_-d_link_show.txt",
            "vlan": SOURCE / "bridge_vlan_show.txt",
            "mdb": BRIDGE / "bridge_-s_-s_-d_-t_mdb_show.txt"}[what]
    lines = path.read_text().splitlines()
    whole = PARSERS[what](path.read_text())
    lines.insert(number - 1, line)
    output = PARSERS[what]("\n".join(lines) + "\n")
    errors = [d for d in output.diagnostics if d.severity.value == "error"]
    assert [d.line for d in errors] == [number]
    records = {"link": "ports", "vlan": "vlans", "mdb": "entries"}[what]
    assert getattr(output, records) == getattr(whole, records)


@pytest.mark.parametrize("name,kind", [
    ("sos_commands/networking/bridge_-s_-s_-d_link_show", "bridge-link"),
    ("sos_commands/networking/bridge_-s_-s_-d_-t_fdb_show", "bridge-fdb"),
    ("sos_commands/networking/bridge_-s_-s_-d_-t_mdb_show", "bridge-mdb"),
    ("sos_commands/networking/bridge_-d_vlan_show", "bridge-vlan"),
    ("bridge_fdb_show_br_br0", "bridge-fdb"),
])
def test_sos_names(name: str, kind: str) -> None:
    found = kind_from_filename(name)
    assert found is not None and found.kind == kind


@pytest.mark.parametrize("argv", [
    ["bridge", "-j", "fdb", "show"], ["bridge", "monitor"], ["bridge", "vlan", "tunnelshow"],
    ["bridge", "vlan", "global", "show"], ["bridge", "fdb", "add", "02:00:00:00:00:01"],
])
def test_commands_that_print_something_else_are_not_claimed(argv: list[str]) -> None:
    from netfacts.detection import kind_from_command

    assert kind_from_command(argv) is None


def test_fdb_show_dev_gives_the_port_its_lines_leave_out() -> None:
    assert command_hints(["fdb", "show", "dev", "ba0"]) == {"dev": "ba0"}
    assert command_hints(["-s", "fdb", "show", "brport", "ba0"]) == {"dev": "ba0"}
    text = "02:00:00:00:00:aa master br0 static\n"
    output = netfacts.parse(text, source="bridge_fdb_show_dev_ba0")
    assert isinstance(output, BridgeFdbOutput)
    assert output.dev == "ba0" and output.device(output.entries[0]) == "ba0"
