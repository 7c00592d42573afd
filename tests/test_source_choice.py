"""The right file for each fact (issue 10 §3): a statistics, interface, route or group
listing never feeds sockets; among real listings the most complete wins; ``snapshot``
says which file fed each category."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import netfacts
from conftest import NETNS
from netfacts.testing.sosreport import build_sosreport

SOCKETS = NETNS.parent / "netns_sockets"
NETSTAT = SOCKETS / "netstat"
SS = SOCKETS / "ss"
ROUTES = NETNS / "ip_route"


def _text(path: Path) -> str:
    return path.read_text()


def _fed(snap: netfacts.Snapshot, category: str) -> list[str]:
    return [s.path for s in snap.sources if s.facts == category and s.used]


def _sockets_of(text: str, kind: str, name: str) -> list[tuple[object, ...]]:
    out = netfacts.parse(text, kind, source=name)
    return [(s.proto, s.local_address, s.local_port, s.state) for s in out.sockets]


def test_namespace_sockets_come_from_the_socket_listing_not_statistics(tmp_path: Path) -> None:
    """sos collects ``netstat -s`` beside ``netstat -W -neopa`` and ``ss -peaonmi`` in every
    namespace; today's reports had empty namespace sockets because -s won."""
    namespace = {
        "netstat -s": _text(NETSTAT / "netstat_-s.txt"),
        "netstat -W -agn": _text(NETSTAT / "netstat_-W_-agn.txt"),
        "netstat -W -neopa": _text(NETSTAT / "netstat_-W_-neopa.txt"),
        "ss -peaonmi": _text(SS / "ss_-peaonmi.txt"),
        "ip -d address show": _text(NETNS / "ip_addr" / "ip_-d_addr.txt"),
    }
    for layout in ("4.x", "3.x"):
        report = build_sosreport(tmp_path / layout, {}, hostname="h", layout=layout,
                                 namespaces={"qrouter-1": namespace})
        snap = netfacts.load_snapshot(report)
        (ns,) = snap.namespaces
        expected = _sockets_of(namespace["netstat -W -neopa"], "netstat", "netstat_-W_-neopa")
        assert [(s.proto, s.local_address, s.local_port, s.state) for s in ns.sockets] \
            == expected
        assert len(ns.sockets) > 10


def _folder(tmp_path: Path, files: dict[str, Path]) -> Path:
    folder = tmp_path / "captures"
    folder.mkdir()
    for name, source in files.items():
        shutil.copy(source, folder / name)
    return folder


def test_folder_sockets_skip_statistics_and_prefer_the_fullest_listing(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {
        "netstat_-s.txt": NETSTAT / "netstat_-s.txt",
        "netstat_-tlnp.txt": NETSTAT / "netstat_-tlnp.txt",
        "netstat_-anp.txt": NETSTAT / "netstat_-anp.txt",
        "netstat_-i.txt": NETSTAT / "netstat_-i.txt",
        "netstat_-rn.txt": NETSTAT / "netstat_-rn.txt",
        "netstat_-ng.txt": NETSTAT / "netstat_-ng.txt",
        "ss_-H_-tln.txt": SS / "ss_-H_-tln.txt",
    })
    snap = netfacts.load_snapshot(folder)
    assert _fed(snap, "sockets") == ["netstat_-anp.txt"]
    expected = _sockets_of(_text(NETSTAT / "netstat_-anp.txt"), "netstat", "netstat_-anp.txt")
    assert [(s.proto, s.local_address, s.local_port, s.state) for s in snap.sockets] == expected
    notes = " ".join(d.message for d in snap.diagnostics)
    assert "netstat_-s.txt: no sockets in it" in notes


def test_folder_with_only_statistics_and_a_listener_listing_uses_the_listing(
        tmp_path: Path) -> None:
    folder = _folder(tmp_path, {
        "netstat_-s.txt": NETSTAT / "netstat_-s.txt",
        "ss_-tlnp.txt": SS / "ss_-anp.txt",
    })
    snap = netfacts.load_snapshot(folder)
    assert _fed(snap, "sockets") == ["ss_-tlnp.txt"]
    assert snap.listening()


def test_folder_wide_netstat_beats_the_cut_one(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {
        "netstat_-neopa.txt": NETSTAT / "netstat_-neopa.txt",
        "netstat_-W_-neopa.txt": NETSTAT / "netstat_-W_-neopa.txt",
    })
    snap = netfacts.load_snapshot(folder)
    assert _fed(snap, "sockets") == ["netstat_-W_-neopa.txt"]


def test_folder_routes_prefer_every_table_over_the_details_listing(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {
        "ip_-d_route.txt": ROUTES / "ip_-d_route.txt",
        "ip_route_show_table_all.txt": ROUTES / "ip_route_show_table_all.txt",
        "ip_-6_route_show_table_all.txt": ROUTES / "ip_-6_route_show_table_all.txt",
    })
    snap = netfacts.load_snapshot(folder)
    read = [s.path for s in snap.sources if s.facts == "routes"]
    # iproute2 6.1 prints both families under "show table all": the -6 file adds nothing
    assert read == ["ip_route_show_table_all.txt", "ip_-6_route_show_table_all.txt"]
    assert _fed(snap, "routes")[0] == "ip_route_show_table_all.txt"
    assert {r.table for r in snap.routes} >= {"main", "local", "100"}


def test_a_file_called_ip_forward_is_the_forwarding_switch(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "ip_forward").write_text("0\n")
    shutil.copy(NETNS / "ip_addr" / "ip_-d_addr.txt", folder / "ip_addr.txt")
    snap = netfacts.load_snapshot(folder)
    assert snap.sysctl["net.ipv4.ip_forward"] == 0
    assert netfacts.detect("1\n", filename="ip_forward").kind == "ip-forward"


def test_snapshot_sources_say_which_file_fed_each_category(tmp_path: Path) -> None:
    report = build_sosreport(tmp_path, {
        "netstat -W -neopa": _text(NETSTAT / "netstat_-W_-neopa.txt"),
        "ss -peaonmi": _text(SS / "ss_-peaonmi.txt"),
        "ip route show table all": _text(ROUTES / "ip_route_show_table_all.txt"),
    }, hostname="h")
    snap = netfacts.load_snapshot(report)
    by_file = {s.path.rsplit("/", 1)[-1]: s for s in snap.sources}
    assert by_file["netstat_-W_-neopa"].facts == "sockets"
    assert by_file["netstat_-W_-neopa"].used
    assert by_file["netstat_-W_-neopa"].records == len(snap.sockets)
    assert by_file["ss_-peaonmi"].facts == "sockets"
    assert not by_file["ss_-peaonmi"].used
    assert by_file["ip_route_show_table_all"].facts == "routes"
    from netfacts.jsonio.snapshot import snapshot_to_json

    data = json.loads(json.dumps(snapshot_to_json(snap)))
    fed = {(s["path"].rsplit("/", 1)[-1], s.get("used", True)) for s in data["sources"]}
    assert ("ss_-peaonmi", False) in fed


def test_show_sources_lists_every_file_and_its_use(tmp_path: Path) -> None:
    from netfacts.cli import main

    report = build_sosreport(tmp_path, {
        "netstat -W -neopa": _text(NETSTAT / "netstat_-W_-neopa.txt"),
        "ss -peaonmi": _text(SS / "ss_-peaonmi.txt"),
    }, hostname="h")
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["show", "--sources", str(report)])
    section = out.getvalue().split("\nSources\n", 1)[1].split("\n\n", 1)[0]
    rows = {line.split()[1].rsplit("/", 1)[-1]: line for line in section.splitlines()[2:]}
    assert "sockets" in rows["netstat_-W_-neopa"] and " yes" in rows["netstat_-W_-neopa"]
    assert "no: a preferred listing" in rows["ss_-peaonmi"]
