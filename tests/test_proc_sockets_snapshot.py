"""A sosreport without netstat and ss still answers "which ports, which programs": the
``/proc/net`` socket tables, ``lsof`` and ``ps`` of the report give netstat's sockets
(issue 12).  The node is fixtures/netns_proc/host, captured with all of them at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import netfacts

HOST = Path(__file__).resolve().parent.parent / "fixtures" / "netns_proc" / "host"
LISTINGS = ("sos_commands/networking/netstat_-W_-neopa", "sos_commands/networking/ss_-peaonmi")


def _report(tmp_path: Path, *, without: tuple[str, ...] = ()) -> netfacts.Snapshot:
    root = tmp_path / f"sosreport-h-2026-11-26-{len(without)}"
    shutil.copytree(HOST, root)
    for relative in without:
        (root / relative).unlink()
    return netfacts.load_snapshot(root)


def _inet(snapshot: netfacts.Snapshot) -> list[tuple[object, ...]]:
    return sorted((s.proto, str(s.local_address), s.local_port, s.state, s.program, s.pid)
                  for s in snapshot.sockets if s.transport in ("tcp", "udp", "raw"))


def test_sockets_from_proc_net_equal_netstat_s(tmp_path: Path) -> None:
    full = _report(tmp_path)
    bare = _report(tmp_path, without=LISTINGS)
    assert not [s for s in bare.sources
                if s.facts == "sockets" and ("netstat" in s.path or "ss_-" in s.path)]
    assert _inet(bare) == _inet(full)
    assert len(_inet(bare)) > 20
    ports = sorted({(s.local_port, s.program) for s in bare.listening()
                    if s.transport == "tcp"}, key=str)
    assert ports == sorted({(s.local_port, s.program) for s in full.listening()
                            if s.transport == "tcp"}, key=str)
    used = {s.path: s.used for s in bare.sources if s.facts == "sockets"}
    assert used["proc/net/tcp"] and used["sos_commands/process/lsof_M_-n_-l_-c"]
    origin = bare.origin_of("sockets", 0)
    assert origin is not None and origin.file == "proc/net/tcp" and origin.line == 2


def test_netstat_is_still_preferred(tmp_path: Path) -> None:
    full = _report(tmp_path)
    used = [s.path for s in full.sources if s.facts == "sockets" and s.used]
    assert used == ["sos_commands/networking/netstat_-W_-neopa"]


def test_without_lsof_the_sockets_have_no_programs(tmp_path: Path) -> None:
    lsof = tuple(str(p.relative_to(HOST)) for p in HOST.rglob("lsof_*"))
    bare = _report(tmp_path, without=(*LISTINGS, *lsof))
    assert bare.listening()
    assert all(s.program is None for s in bare.listening())
