"""Diffs without false alarms (issue 10 §4): two healthy nodes of one cluster compare empty
when normalised whatever each report happened to capture; what one side did not capture is
"not compared", once; the one real fault comes first."""

from __future__ import annotations

import re
from pathlib import Path

import netfacts
from _k8s import node_outputs
from netfacts.diff import diff, render_changes
from netfacts.testing.sosreport import build_sosreport


def _node(tmp_path: Path, node: str, *, cluster: str = "healthy",
          edit: dict[str, tuple[str, str]] | None = None, drop: tuple[str, ...] = (),
          rename: dict[str, str] | None = None) -> netfacts.Snapshot:
    outputs, files = node_outputs(cluster, node)
    for command, (old, new) in (edit or {}).items():
        assert old in outputs[command], (command, old)
        outputs[command] = outputs[command].replace(old, new)
    for command in drop:
        del outputs[command]
    for old, new in (rename or {}).items():
        outputs[new] = outputs.pop(old)
    where = tmp_path / f"{cluster}-{node}-{len(list(tmp_path.iterdir()))}"
    report = build_sosreport(where, outputs, hostname=node, files=files)
    return netfacts.load_snapshot(report)


_LINK_DETAILS = re.compile(r"^(    link/\S+ \S+(?: brd \S+)?(?: link-netns(?:id)? \S+)?) .*$")
"""A ``link/`` line of ``ip -d`` without its details (what ``ip address`` prints)."""


def test_bridge_ids_printed_without_leading_zeros_are_normalised(tmp_path: Path) -> None:
    """iproute2 prints a bridge id's MAC without leading zeros (``8000.2:94:...``)."""
    mac, short = "f2:94:db:4e:35:27", "2:94:db:4e:5:27"
    edit = dict.fromkeys(("ip -d address", "ip -s -d link"), (mac, "02:94:db:4e:05:27"))
    b = _node(tmp_path, "node02", edit=edit)
    text = node_outputs("healthy", "node02")[0]["ip -d address"].replace(
        f"bridge_id 8000.{mac}", f"bridge_id 8000.{short}").replace(mac, "02:94:db:4e:05:27")
    outputs, files = node_outputs("healthy", "node02")
    outputs["ip -d address"] = text
    outputs["ip -s -d link"] = outputs["ip -s -d link"].replace(
        f"bridge_id 8000.{mac}", f"bridge_id 8000.{short}").replace(mac, "02:94:db:4e:05:27")
    b = netfacts.load_snapshot(build_sosreport(tmp_path / "b", outputs, hostname="node02",
                                               files=files))
    assert b.link("cni0") is not None
    a = _node(tmp_path, "node01")
    assert diff(a, b, normalise=True) == []


def test_a_program_name_netstat_cut_is_not_a_change(tmp_path: Path) -> None:
    """netstat prints ``PID/name`` in 19 characters: with a five-digit pid
    ``systemd-resolve`` is cut to ``systemd-resol``; with a three-digit one it is whole."""
    column = "14858/kube-proxy     "
    a = _node(tmp_path, "node01", edit={"netstat -W -neopa": (
        column, "99999/systemd-resol  ")})
    b = _node(tmp_path, "node01", edit={"netstat -W -neopa": (
        column, "567/systemd-resolve  ")})
    cut = next(s for s in a.listening() if s.local_port == 10249)
    assert cut.program == "systemd-resol" and cut.processes[0].truncated
    assert [c for c in diff(a, b) if c.kind == "listener"] == []
    short = _node(tmp_path, "node01", edit={"netstat -W -neopa": (column, "567/resolve          ")})
    other = _node(tmp_path, "node01", edit={"netstat -W -neopa": (column, "567/resolved         ")})
    assert [c.key for c in diff(short, other) if c.kind == "listener"]  # not cut: a change


def test_details_captured_on_one_side_only_are_not_compared(tmp_path: Path) -> None:
    """One report has ``ip -d address``, the other only ``ip address``: one note, not a
    hundred changed fields."""
    a = _node(tmp_path, "node01")
    outputs = node_outputs("healthy", "node01")[0]
    plain = "\n".join(
        _LINK_DETAILS.sub(r"\1", line) for line in outputs["ip -d address"].splitlines()
        if not line.startswith("    ") or line.lstrip().startswith(
            ("link/", "inet", "valid_lft", "altname"))) + "\n"
    b = _node(tmp_path, "node01", edit={"ip -d address": (outputs["ip -d address"], plain)},
              drop=("ip -s -d link",), rename={"ip -d address": "ip address"})
    assert not any(link.details for link in b.interfaces)
    changes = diff(a, b)
    notes = [c for c in changes if c.change == "not compared"]
    assert len(notes) == 1 and "interface details (ip -d): only A" in (notes[0].note or "")
    assert [c for c in changes if c.kind == "interface" and c.change != "not compared"] == []
    assert "not compared" in render_changes(changes)


def test_a_listing_one_report_lacks_is_not_compared(tmp_path: Path) -> None:
    """One report has ``ip -6 rule list``, the other does not: its rules are not
    "removed"."""
    a = _node(tmp_path, "node01")
    b = _node(tmp_path, "node01", drop=("ip -6 rule list",))
    changes = diff(a, b)
    assert [c.kind for c in changes] == ["rule"]
    (note,) = changes
    assert note.change == "not compared" and "ip_rule6" in (note.note or "")
    assert note.to_json()["note"] == note.note


def test_a_category_one_report_lacks_is_not_compared(tmp_path: Path) -> None:
    a = _node(tmp_path, "node01")
    b = _node(tmp_path, "node01", drop=("netstat -W -neopa", "ss -peaonmi", "ss -tlnp"))
    assert not b.sockets
    changes = diff(a, b)
    assert [(c.kind, c.change) for c in changes] == [("listener", "not compared")]


def test_the_real_fault_comes_first(tmp_path: Path) -> None:
    """Healthy vs faulty worker with volatile facts included: ip_forward leads the list."""
    a = _node(tmp_path, "node01")
    b = _node(tmp_path, "node01", cluster="faulty")
    changes = diff(a, b, include_volatile=True)
    assert len(changes) > 20
    assert (changes[0].kind, changes[0].key) == ("sysctl", "net.ipv4.ip_forward")
    kinds = [c.kind for c in changes]
    assert kinds.index("interface") > kinds.index("route")
