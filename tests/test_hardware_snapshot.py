"""Hardware (ethtool) and bridge facts in snapshots: the ``hardware`` and ``bridge_*``
categories, ``Snapshot.hardware()``/``bridge()``, ``netfacts show``, ``diff`` and snapshot JSON.

Truth: the captured layouts of ``fixtures/netns_hw/node/`` (taps whose speed and duplex
``scripts/capture_hw.py`` set with ``ethtool -s``; ``README.md`` there) and the i40e NIC
written from ethtool's printing code in ``fixtures/netns_hw/ethtool/from_source/``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import netfacts
from _hw import NODE, SOURCE, node_report
from netfacts.diff import diff
from netfacts.jsonio.snapshot import load_json, snapshot_to_json
from netfacts.models.hardware import NicFacts
from netfacts.models.snapshot import Snapshot
from netfacts.show import show_snapshot


@pytest.fixture(scope="module")
def n1(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    return node_report(tmp_path_factory.mktemp("h12hw2-n1"), "n1")


def test_every_device_s_ethtool_files_make_one_record(n1: Snapshot) -> None:
    records = n1.records("hardware")
    assert [r.ifname for r in records] == ["eno1", "eno2", "ens1f0", "br-ex"]  # ip order
    eno2 = records[1]
    assert isinstance(eno2, NicFacts)
    assert eno2.settings is not None and eno2.driver is not None and eno2.features
    assert eno2.statistics is None and eno2.rings is None  # taps: no stats, no rings
    assert "no stats available" in eno2.messages
    assert {mode for mode, _ in eno2.files} == {
        "settings", "driver", "statistics", "features", "rings", "channels"}
    origin = n1.origin_of("hardware", 1)
    assert origin is not None and origin.file.endswith("/ethtool_eno2") and origin.line == 1
    used = [s for s in n1.sources if s.facts == "hardware"]
    assert len(used) == 24 and all(s.used for s in used)


def test_hardware_summary(n1: Snapshot) -> None:
    eno1, eno2, ens1f0 = (n1.hardware(name) for name in ("eno1", "eno2", "ens1f0"))
    assert eno1 is not None and eno2 is not None and ens1f0 is not None
    assert (eno1.speed, eno1.duplex, eno1.link_detected, eno1.auto_negotiation) == (
        1000, "Full", True, False)
    assert (eno2.speed, ens1f0.duplex) == (10000, "Half")
    assert (eno1.driver, eno1.bus_info, eno1.combined_channels) == ("tun", "tap", 1)
    assert eno1.rx_errors == 0 and eno1.errors == ()
    assert n1.hardware("lo") is not None and n1.hardware("lo").speed is None  # type: ignore
    assert n1.hardware("nosuch0") is None


def test_hardware_of_a_physical_nic_from_source(tmp_path: Path) -> None:
    replace = {f"ethtool {form}ens1f0": SOURCE / f"ethtool_{form.replace(' ', '_')}ens1f0.txt"
               for form in ("", "-i ", "-S ", "-g ", "-l ")}
    snap = node_report(tmp_path, "n2", replace=replace)
    nic = snap.hardware("ens1f0")
    assert nic is not None
    assert (nic.driver, nic.driver_version, nic.firmware, nic.bus_info) == (
        "i40e", "2.8.20-k", "6.01 0x800034a4 1.1747.0", "0000:3b:00.0")
    assert (nic.rx_ring, nic.tx_ring, nic.rx_ring_max, nic.tx_ring_max) == (512, 512, 4096,
                                                                              4096)
    assert (nic.combined_channels, nic.combined_channels_max) == (16, 40)
    assert ("rx_crc_errors", 12) in nic.errors and ("rx_dropped", 3) in nic.drops
    assert all("drop" not in name for name, _ in nic.errors)


def test_bridge(n1: Snapshot) -> None:
    assert n1.bridges() == ["br-ex"]
    bridge = n1.bridge("br-ex")
    assert bridge is not None and bridge.link is not None
    assert bridge.members == ("eno1", "eno2")
    assert [(p.ifname, p.state, p.cost) for p in bridge.ports] == [
        ("eno1", "forwarding", 5), ("eno2", "forwarding", 2)]
    local = {(str(e.mac), e.dev) for e in bridge.fdb if e.local}
    assert local == {(str(n1.link(name).address), name)  # type: ignore[union-attr]
                     for name in ("eno1", "eno2")}
    assert n1.bridge("eno1") is None


def test_show_has_a_hardware_table_and_a_bridge_section(n1: Snapshot) -> None:
    text = show_snapshot(n1)
    hardware = text.split("Hardware (ethtool)\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert hardware[0].split() == ["name", "speed", "duplex", "link", "autoneg", "driver",
                                   "firmware", "rings", "rx/tx", "channels", "errors"]
    rows = {line.split()[0]: line.split() for line in hardware[2:]}
    assert rows["eno2"][:4] == ["eno2", "10000Mb/s", "Full", "yes"]
    assert rows["ens1f0"][2] == "Half"
    bridges = text.split("Bridges\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [line.split()[:4] for line in bridges[2:]] == [
        ["br-ex", "eno1", "forwarding", "5"], ["br-ex", "eno2", "forwarding", "2"]]


def test_snapshot_json_round_trip(n1: Snapshot) -> None:
    data = snapshot_to_json(n1)
    assert [h["ifname"] for h in data["hardware"]] == ["eno1", "eno2", "ens1f0", "br-ex"]
    assert data["hardware"][1]["settings"]["speed"] == 10000
    assert data["hardware"][1]["driver"]["driver"] == "tun"
    assert data["bridge_ports"][0]["ifname"] == "eno1"
    again = load_json(json.dumps(data))
    assert again == n1
    assert again.hardware("eno2") == n1.hardware("eno2")


def test_diff_sees_a_speed_change_but_not_counters(tmp_path: Path, n1: Snapshot) -> None:
    slower = tmp_path / "ethtool_eno2.txt"
    slower.write_text((NODE / "n1" / "ethtool_eno2.txt").read_text().replace(
        "Speed: 10000Mb/s", "Speed: 1000Mb/s"))
    other = node_report(tmp_path, "n1", replace={"ethtool eno2": slower})
    changes = diff(n1, other)
    assert [(c.kind, c.key, c.field, c.before, c.after) for c in changes] == [
        ("hardware", "eno2", "settings.speed", 10000, 1000)]
    assert diff(n1, node_report(tmp_path / "again", "n1")) == []


def test_diff_of_bridge_facts(tmp_path: Path) -> None:
    fdb = Path(__file__).resolve().parent.parent / "fixtures" / "netns_hw" / "bridge"
    outputs = {"bridge -s -s -d -t fdb show": fdb / "bridge_-s_-s_-d_-t_fdb_show.txt",
               "bridge -s -s -d -t mdb show": fdb / "bridge_-s_-s_-d_-t_mdb_show.txt",
               "bridge -s -s -d link show": fdb / "bridge_-s_-s_-d_link_show.txt"}
    before = node_report(tmp_path / "a", "n1", replace=outputs)
    text = (fdb / "bridge_-s_-s_-d_-t_fdb_show.txt").read_text()
    changed = tmp_path / "fdb.txt"
    changed.write_text(text.replace("06:ed:d0:1f:d2:96 dev ba0 used 3/1 master br0 \n", "")
                       .replace("02:00:00:00:00:bb dev dm0 used 3/3 master br0 static",
                                "02:00:00:00:00:bb dev dm0 used 3/3 master br0 permanent")
                       .replace("used 3/3 master br0 static", "used 9/9 master br0 static"))
    after = node_report(tmp_path / "b", "n1", replace={**outputs,
                                                       "bridge -s -s -d -t fdb show": changed})
    changes = [(c.kind, c.key, c.field, c.before, c.after)
               for c in diff(before, after, kinds={"fdb", "mdb", "bridge_port"})]
    # the learned entry's removal and the timers are volatile; the state change is not
    assert changes == [("fdb", "02:00:00:00:00:bb dev dm0 master br0", "state", "static",
                        "permanent")]
    volatile = [(c.kind, c.key, c.field) for c in diff(before, after, kinds={"fdb"},
                                                        include_volatile=True)]
    assert ("fdb", "06:ed:d0:1f:d2:96 dev ba0 master br0", None) in volatile
    assert ("fdb", "02:00:00:00:00:aa dev ba0 master br0", "used") in volatile
    temp = {c.key for c in diff(before, node_report(tmp_path / "c", "n1"), kinds={"mdb"})}
    assert temp == {"br0 ba0 239.1.1.1", "br0 ba0 239.1.1.3 src 10.60.0.9", "br0 ba0 ff0e::1"}


def test_a_folder_of_captures_fills_the_glob_slots(tmp_path: Path) -> None:
    folder = tmp_path / "h12hw2-folder"
    folder.mkdir()
    for name in ("ip_-d_address.txt", "ip_route_show_table_all.txt", "ethtool_eno1.txt",
                 "ethtool_-i_eno1.txt", "ethtool_eno2.txt", "ethtool_-i_eno2.txt"):
        (folder / name).write_text((NODE / "n1" / name).read_text())
    snap = netfacts.load(folder)
    assert isinstance(snap, Snapshot)
    assert [r.ifname for r in snap.records("hardware")] == ["eno1", "eno2"]
    eno2 = snap.hardware("eno2")
    assert eno2 is not None and (eno2.speed, eno2.driver) == (10000, "tun")
