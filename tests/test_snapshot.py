"""Snapshots from sosreport trees, tarballs, collector bundles, folders and the live host.

Every sosreport here is built from the real namespace captures in ``fixtures/netns``
(the commands ran in ``nf-host``); expectations come from ``topology.json``, the
description of what the capture script built, never from netfacts' own output.
"""

from __future__ import annotations

import io
import ipaddress
import json
import os
import shutil
import subprocess
import sys
import tarfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import netfacts
from conftest import NETNS
from netfacts.errors import ParseError
from netfacts.jsonio.snapshot import cluster_to_json, load_json, snapshot_to_json
from netfacts.limits import override
from netfacts.models.snapshot import Cluster, Snapshot
from netfacts.testing.sosreport import build_sosreport, pack, pack_bundle

TOPOLOGY: dict[str, Any] = json.loads((NETNS / "topology.json").read_text())
HOST_NS = TOPOLOGY["capture_namespace"]


def _capture(relative: str) -> str:
    return (NETNS / relative).read_text()


OUTPUTS = {
    "ip -d address": _capture("ip_addr/ip_-d_addr.txt"),
    "ip -s -d link": _capture("ip_addr/ip_-s_-d_link.txt"),
    "ip route show table all": _capture("ip_route/ip_route_show_table_all.txt"),
    "ip -6 route show table all": _capture("ip_route/ip_-6_route_show_table_all.txt"),
    "ip -4 rule list": _capture("ip_rule/ip_-4_rule_list.txt"),
    "ip -6 rule list": _capture("ip_rule/ip_-6_rule.txt"),
    "ip -s -s neigh show": _capture("ip_neigh/ip_-s_-s_neigh_show.txt"),
    "netstat -W -neopa": _capture("netstat/netstat_-W_-neopa.txt"),
    "ss -peaonmi": _capture("ss/ss_-peaonmi.txt"),
    "sysctl -a": _capture("sysctl/sysctl_-a.txt"),
}
FILES = {
    "proc/net/arp": _capture("arp/proc_net_arp.txt"),
    "proc/sys/net/ipv4/ip_forward": _capture("sysctl/proc_sys_net_ipv4_ip_forward.txt"),
    "etc/hosts": TOPOLOGY["files"][f"/etc/netns/{HOST_NS}/hosts"],
}
NS_OUTPUTS = {"ip -d address": _capture("ip_addr/ip_-d_addr.txt"),
              "ip route show table all": _capture("ip_route/ip_route_show_table_all.txt")}

HOST_INTERFACES = [i for i in TOPOLOGY["interfaces"] if i["namespace"] == HOST_NS]


def _default_gateway() -> ipaddress.IPv4Address:
    """The gateway of the lowest-metric IPv4 default route the capture script added."""
    best: tuple[int, str] | None = None
    for route in TOPOLOGY["routes"]:
        if route["namespace"] != HOST_NS or route["dst"] != "default" \
                or route["family"] != "inet" or route["table"] != "main":
            continue
        words = route["command"].split()
        metric = int(words[words.index("metric") + 1]) if "metric" in words else 0
        gateway = words[words.index("via") + 1]
        if best is None or metric < best[0]:
            best = (metric, gateway)
    assert best is not None
    return ipaddress.IPv4Address(best[1])


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("sos")
    made = {
        "4.x": build_sosreport(root / "v4", OUTPUTS, hostname="controlplane", files=FILES,
                               namespaces={"cni-1234": NS_OUTPUTS}),
        "3.x": build_sosreport(root / "v3", OUTPUTS, hostname="controlplane", files=FILES,
                               layout="3.x", namespaces={"cni-1234": NS_OUTPUTS}),
    }
    made["node01"] = build_sosreport(root / "n1", OUTPUTS, hostname="node01", files=FILES)
    return made


@pytest.fixture(scope="module")
def snapshot(reports: dict[str, Path]) -> Snapshot:
    loaded = netfacts.load(reports["4.x"])
    assert isinstance(loaded, Snapshot)
    return loaded


# ---------------------------------------------------------------- content


@pytest.mark.parametrize("layout", ["4.x", "3.x"])
def test_sos_tree_has_the_nodes_facts(reports: dict[str, Path], layout: str) -> None:
    snap = netfacts.load(reports[layout])
    assert isinstance(snap, Snapshot)
    assert snap.hostname == "controlplane"
    names = {link.ifname for link in snap.links()}
    assert names == {i["name"] for i in HOST_INTERFACES}
    for expected in HOST_INTERFACES:
        link = snap.link(expected["name"])
        assert link is not None
        if expected["mac"] is not None:
            assert str(link.mac) == expected["mac"]
        assert link.mtu == expected["mtu"]
        locals_ = {str(a.local) for a in link.addresses}
        for address in expected["addresses"]:
            assert address["address"] in locals_, (expected["name"], address)
    assert snap.default_gateway() == _default_gateway()
    # the namespaces the report carries, in either layout
    assert [ns.name for ns in snap.namespaces] == ["cni-1234"]
    assert {link.ifname for link in snap.namespaces[0].interfaces} == names


def test_flat_namespace_files_without_a_listing(tmp_path: Path) -> None:
    """sos 3.x: ``ip_netns_exec_<ns>_<command>`` files, even when ``ip netns`` is absent."""
    report = build_sosreport(tmp_path, {"ip -o addr": _capture("ip_addr/ip_-o_addr.txt")},
                             hostname="h", layout="3.x")
    networking = report / "sos_commands/networking"
    for ns in ("qrouter-1f2e_x", "cni-9"):
        (networking / f"ip_netns_exec_{ns}_ip_route_show_table_all").write_text(
            _capture("ip_route/ip_route_show_table_all.txt"))
    snap = netfacts.load(report)
    assert isinstance(snap, Snapshot)
    assert [ns.name for ns in snap.namespaces] == ["cni-9", "qrouter-1f2e_x"]
    assert all(ns.routes for ns in snap.namespaces)


def test_link_kinds_come_from_details(snapshot: Snapshot) -> None:
    for expected in HOST_INTERFACES:
        link = snapshot.link(expected["name"])
        assert link is not None
        if expected["kind"] in ("veth", "bridge", "vxlan", "macvlan", "tun", "ifb"):
            assert link.kind == expected["kind"], expected["name"]


def test_kind_is_inferred_without_details(tmp_path: Path) -> None:
    """``ip addr`` without -d: bridge from enslaved ports, veth from @ifN peers."""
    outputs = {"ip addr": _capture("ip_addr/ip_addr.txt")}
    snap = netfacts.load(build_sosreport(tmp_path, outputs, hostname="h"))
    assert isinstance(snap, Snapshot)
    br0 = snap.link("br0")
    assert br0 is not None and br0.kind == "bridge"
    eth0 = snap.link("eth0")
    assert eth0 is not None and eth0.kind == "veth"
    lo = snap.link("lo")
    assert lo is not None and lo.kind in (None, "loopback")


def test_primary_address_is_on_the_default_route_interface(snapshot: Snapshot) -> None:
    primary = snapshot.primary_address()
    assert primary is not None
    assert str(primary.local) == "192.168.50.10"
    link = snapshot.interface_with_address("192.168.50.10")
    assert link is not None and link.ifname == "eth0"
    assert snapshot.default_interface() is link


def test_listeners_have_their_programs(snapshot: Snapshot) -> None:
    for listener in TOPOLOGY["listeners"]:
        if listener["proto"] != "tcp":
            continue
        found = [s for s in snapshot.listening(port=listener["port"])
                 if str(s.local.address) == listener["address"]]
        assert found, listener
        assert found[0].pid == listener["pid"]
        assert found[0].program is not None
        # netstat cuts long names; the snapshot completes them from ss
        assert found[0].program == listener["comm"] or \
            listener["program_argv0"].startswith(found[0].program) or \
            found[0].program.startswith(listener["comm"]), (found[0].program, listener)
    scheduler = snapshot.listening(program="kube-scheduler")
    assert {s.local_port for s in scheduler} == {10259}
    manager = snapshot.listening(program="kube-controller-manager")
    assert {s.local_port for s in manager} == {10257}


def test_etcd_client_and_peer_connections(snapshot: Snapshot) -> None:
    expected = Counter(e["local_port"] for e in TOPOLOGY["established"]
                       if e["proto"] == "tcp" and e["state"] == "ESTABLISHED")
    assert len(snapshot.established(local_port=2379)) == expected[2379]
    assert len(snapshot.established(local_port=2380)) == expected[2380]
    assert expected[2379] > expected[2380]


def test_neighbours_merge_ip_neigh_and_proc_net_arp(snapshot: Snapshot) -> None:
    for expected in TOPOLOGY["neighbours"]:
        if expected["namespace"] != HOST_NS or expected["proxy"]:
            continue
        if expected["state"] == "NOARP":
            continue  # `ip neigh show` hides them; sos's `nud noarp` capture is not given here
        found = snapshot.neighbor(expected["dst"])
        assert found is not None, expected
        if expected["lladdr"]:
            assert str(found.lladdr) == expected["lladdr"]
    # one entry per (address, device): the same neighbour from two files is merged
    keys = [(n.dst, n.dev, n.is_proxy) for n in snapshot.neighbours]
    assert len(keys) == len(set(keys))


def test_neighbour_by_hostname_uses_etc_hosts(snapshot: Snapshot) -> None:
    hosts = TOPOLOGY["hosts_file"]
    address = next(a for a, names in hosts.items() if "gateway" in names.split())
    found = snapshot.neighbor("gateway")
    assert found is not None and str(found.dst) == address


def test_ip_forward(snapshot: Snapshot) -> None:
    expected = int(_capture("sysctl/proc_sys_net_ipv4_ip_forward.txt").strip())
    assert snapshot.sysctl["net.ipv4.ip_forward"] == expected


def test_every_record_has_its_origin(snapshot: Snapshot) -> None:
    for category in ("interfaces", "routes", "neighbours", "sockets"):
        records = getattr(snapshot, category)
        assert records
        for index in (0, len(records) - 1):
            origin = snapshot.origin_of(category, index)
            assert origin is not None and origin.file.startswith(("sos_commands/", "proc/"))
            assert origin.line >= 1


# ---------------------------------------------------------------- archives


@pytest.mark.parametrize("suffix", [".tar.xz", ".tar.gz", ".tar.bz2", ".tar"])
def test_tarball_equals_directory(reports: dict[str, Path], snapshot: Snapshot,
                                  tmp_path: Path, suffix: str) -> None:
    archive = pack(reports["4.x"], tmp_path / f"{reports['4.x'].name}{suffix}")
    before = sorted(os.listdir(tmp_path))
    loaded = netfacts.load(archive)
    assert isinstance(loaded, Snapshot)
    assert loaded == snapshot
    assert sorted(os.listdir(tmp_path)) == before  # nothing extracted


def test_collector_bundle_is_a_cluster(reports: dict[str, Path], tmp_path: Path) -> None:
    first = pack(reports["4.x"], tmp_path / f"{reports['4.x'].name}.tar.xz")
    second = pack(reports["node01"], tmp_path / f"{reports['node01'].name}.tar.gz")
    bundle = pack_bundle([first, second], tmp_path / "sos-collector-2026-11-26-abcde.tar.xz")
    cluster = netfacts.load(bundle)
    assert isinstance(cluster, Cluster)
    assert sorted(cluster.nodes) == ["controlplane", "node01"]
    assert cluster.nodes["node01"].default_gateway() == _default_gateway()


def test_directory_of_sosreports_is_a_cluster(reports: dict[str, Path], tmp_path: Path) -> None:
    shutil.copytree(reports["4.x"], tmp_path / reports["4.x"].name, symlinks=True)
    pack(reports["node01"], tmp_path / f"{reports['node01'].name}.tar.xz")
    cluster = netfacts.load(tmp_path)
    assert isinstance(cluster, Cluster)
    assert sorted(cluster.nodes) == ["controlplane", "node01"]


def test_repeated_hostnames_stay_apart(reports: dict[str, Path], tmp_path: Path) -> None:
    """Two different reports of one host name are two nodes (``#2``); equal copies are one."""
    for index in (1, 2):
        outputs = dict(OUTPUTS)
        if index == 2:
            del outputs["ss -peaonmi"]  # a different report: another day's capture
        build_sosreport(tmp_path / str(index), outputs, hostname="node01")
        shutil.move(str(next((tmp_path / str(index)).iterdir())), tmp_path / f"sosreport-{index}")
    cluster = netfacts.load(tmp_path)
    assert isinstance(cluster, Cluster)
    assert sorted(cluster.nodes) == ["node01", "node01#2"]


def test_truncated_output_is_marked(tmp_path: Path) -> None:
    report = build_sosreport(tmp_path, OUTPUTS, hostname="h", truncated=["netstat -W -neopa"])
    for source in (report, pack(report, tmp_path / f"{report.name}.tar.xz")):
        snap = netfacts.load(source)
        assert isinstance(snap, Snapshot)
        netstat = [s for s in snap.sources if s.path.endswith("netstat_-W_-neopa")]
        assert netstat and netstat[0].truncated
        assert any("truncated" in d.message and "netstat" in d.message
                   for d in snap.diagnostics)
        assert snap.listening(port=6443)


def test_missing_files_are_named(tmp_path: Path) -> None:
    report = build_sosreport(tmp_path, {"ip -o addr": _capture("ip_addr/ip_-o_addr.txt")},
                             hostname="h")
    snap = netfacts.load(report)
    assert isinstance(snap, Snapshot)
    assert snap.link("eth0") is not None
    messages = " ".join(d.message for d in snap.diagnostics)
    for kind in ("ip-route", "netstat", "sysctl"):
        assert f"no {kind}" in messages


# ---------------------------------------------------------------- hostile input


def _tar_with(members: list[tuple[tarfile.TarInfo, bytes | None]], path: Path) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for info, data in members:
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return path


def _file(name: str, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


def _special(name: str, kind: bytes, linkname: str = "") -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    return info, None


def test_hostile_members_are_skipped(tmp_path: Path) -> None:
    top = "sosreport-evil-2026"
    addr = _capture("ip_addr/ip_-o_addr.txt").encode()
    archive = _tar_with([
        _file(f"{top}/sos_commands/networking/ip_-o_addr", addr),
        _file(f"{top}/sos_commands/host/hostname", b"evil\n"),
        _file("../escape/sos_commands/networking/ip_route", b"default via 6.6.6.6 dev eth0\n"),
        _file("/abs/sos_commands/networking/ip_route", b"default via 6.6.6.6 dev eth0\n"),
        _special(f"{top}/sos_commands/networking/ip_route_show_table_all", tarfile.SYMTYPE,
                 "../../../../../etc/passwd"),
        _special(f"{top}/sos_commands/networking/netstat_-W_-neopa", tarfile.CHRTYPE),
        _file(f"{top}/sos_commands/networking/ss_-peaonmi", b"x" * 50_000),
    ], tmp_path / f"{top}.tar.gz")
    before = sorted(p.name for p in tmp_path.parent.iterdir())
    with override(member_bytes=20_000):
        snap = netfacts.load(archive)
    assert isinstance(snap, Snapshot)
    assert snap.hostname == "evil"
    assert snap.link("eth0") is not None
    assert not snap.routes  # neither escaping member nor the link reached the parser
    messages = [d.message for d in snap.diagnostics]
    assert any("unsafe path" in m and "../escape" in m for m in messages)
    assert any("unsafe path" in m and "/abs" in m for m in messages)
    assert any("ip_route_show_table_all" in m and "leaves the report" in m for m in messages)
    assert any("netstat_-W_-neopa" in m and "not a regular file" in m for m in messages)
    assert any("ss_-peaonmi" in m and "member_bytes" in m for m in messages)
    assert not snap.complete
    assert sorted(p.name for p in tmp_path.parent.iterdir()) == before
    assert not (tmp_path.parent / "escape").exists() and not Path("/abs").exists()


def test_escaping_symlink_in_a_directory(tmp_path: Path) -> None:
    report = build_sosreport(tmp_path, {"ip -o addr": _capture("ip_addr/ip_-o_addr.txt")},
                             hostname="h")
    secret = tmp_path / "secret"
    secret.write_text("default via 6.6.6.6 dev eth0\n")
    os.symlink(secret, report / "sos_commands/networking/ip_route_show_table_all")
    snap = netfacts.load(report)
    assert isinstance(snap, Snapshot)
    assert not snap.routes
    assert any("leaves the report" in d.message for d in snap.diagnostics)


def test_encrypted_archive_is_a_clear_error(tmp_path: Path) -> None:
    archive = tmp_path / "sosreport-x.tar.xz.gpg"
    archive.write_bytes(b"\x8c\x0d\x04\x09\x03\x02" + os.urandom(200))
    with pytest.raises(ParseError, match="encrypted"):
        netfacts.load(archive)
    result = _cli("snapshot", str(archive))
    assert result.returncode == 2
    assert "encrypted" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("damage", ["garbage", "cut", "high-bit noise"])
def test_corrupt_archive_is_a_clear_error(reports: dict[str, Path], tmp_path: Path,
                                          damage: str) -> None:
    archive = pack(reports["4.x"], tmp_path / f"{reports['4.x'].name}.tar.xz")
    data = archive.read_bytes()
    if damage == "garbage":
        archive.write_bytes(b"not an archive at all" * 10)
    elif damage == "high-bit noise":  # not an OpenPGP message either
        archive.write_bytes(b"\xff\xfe" + bytes(range(256)) * 4)
    else:
        archive.write_bytes(data[:200])
    with pytest.raises(ParseError):
        netfacts.load(archive)
    result = _cli("snapshot", str(archive))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and str(archive.name) in result.stderr
    assert "encrypted" not in result.stderr


def test_archive_cut_after_some_members_keeps_what_was_read(reports: dict[str, Path],
                                                            tmp_path: Path) -> None:
    archive = pack(reports["4.x"], tmp_path / f"{reports['4.x'].name}.tar")
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) * 2 // 3])
    snap = netfacts.load(archive)
    assert isinstance(snap, Snapshot)
    assert any("ends early" in d.message for d in snap.diagnostics)


# ---------------------------------------------------------------- JSON


def test_snapshot_json_schema_and_round_trip(snapshot: Snapshot) -> None:
    data = snapshot_to_json(snapshot)
    assert data["schema"] == "netfacts.snapshot/1"
    assert data["hostname"] == "controlplane"
    for key in ("interfaces", "routes", "rules", "neighbors", "sockets", "sysctl",
                "sources", "diagnostics"):
        assert key in data
    eth0 = next(i for i in data["interfaces"] if i["ifname"] == "eth0")
    truth = json.loads(_capture("ip_addr/ip_-d_addr.json"))
    twin = next(i for i in truth if i["ifname"] == "eth0")
    assert eth0["address"] == twin["address"]
    assert [a["local"] for a in eth0["addr_info"]] == [a["local"] for a in twin["addr_info"]]
    assert data["sysctl"]["net.ipv4.ip_forward"] == snapshot.sysctl["net.ipv4.ip_forward"]
    listening = [s for s in data["sockets"] if s.get("state") == "LISTEN"]
    assert any(s.get("local_port") == 6443 for s in listening)
    back = load_json(json.dumps(data))
    assert back == snapshot
    assert isinstance(back, Snapshot)
    assert back.default_gateway() == snapshot.default_gateway()


def test_cluster_json_round_trip(reports: dict[str, Path], tmp_path: Path) -> None:
    first = pack(reports["4.x"], tmp_path / f"{reports['4.x'].name}.tar.xz")
    second = pack(reports["node01"], tmp_path / f"{reports['node01'].name}.tar.xz")
    cluster = netfacts.load(pack_bundle([first, second], tmp_path / "sos-collector-x.tar.xz"))
    assert isinstance(cluster, Cluster)
    data = cluster_to_json(cluster)
    assert data["schema"] == "netfacts.cluster/1"
    assert sorted(data["nodes"]) == ["controlplane", "node01"]
    back = load_json(json.dumps(data))
    assert isinstance(back, Cluster)
    assert back.nodes == cluster.nodes


def test_cli_snapshot_writes_json_that_loads(reports: dict[str, Path], snapshot: Snapshot,
                                             tmp_path: Path) -> None:
    out = tmp_path / "snap.json"
    result = _cli("snapshot", str(reports["4.x"]), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert netfacts.load(out) == snapshot
    assert netfacts.load_json(out.read_text()) == snapshot


def test_cli_show_prints_tables(reports: dict[str, Path]) -> None:
    result = _cli("show", str(reports["4.x"]))
    assert result.returncode == 0, result.stderr
    for needle in ("controlplane", "eth0", "02:00:00:00:50:0a", "192.168.50.10/24",
                   "kube-apiserver", "6443", "net.ipv4.ip_forward"):
        assert needle in result.stdout, needle


# ---------------------------------------------------------------- other sources


def test_folder_of_captures(tmp_path: Path) -> None:
    (tmp_path / "ip_addr.txt").write_text(_capture("ip_addr/ip_-d_addr.txt"))
    (tmp_path / "routes").write_text(_capture("ip_route/ip_route.txt"))
    (tmp_path / "listeners.txt").write_text(_capture("netstat/netstat_-nplt.txt"))
    (tmp_path / "hostname").write_text("folder-node\n")
    snap = netfacts.load(tmp_path)
    assert isinstance(snap, Snapshot)
    assert snap.hostname == "folder-node"
    assert snap.link("eth0") is not None
    assert snap.default_gateway() == _default_gateway()
    assert snap.listening(port=6443)


def test_single_capture_file(tmp_path: Path) -> None:
    path = tmp_path / "capture.txt"
    path.write_text(_capture("ip_addr/ip_addr.txt"))
    snap = netfacts.load(path)
    assert isinstance(snap, Snapshot)
    assert snap.link("eth0") is not None


def test_missing_source_is_a_parse_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="no such file"):
        netfacts.load(tmp_path / "nope")


@pytest.mark.skipif(shutil.which("ip") is None, reason="needs the ip command")
def test_live_host() -> None:
    snap = netfacts.load("live")
    assert isinstance(snap, Snapshot)
    assert snap.link("lo") is not None
    truth = json.loads(subprocess.run(["ip", "-j", "addr"], capture_output=True, text=True,
                                      check=True).stdout)
    assert {link.ifname for link in snap.links()} == {i["ifname"] for i in truth}


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "netfacts", *args], check=False,
                          capture_output=True,
                          text=True, timeout=120)
