"""Sources that never lie: incomplete input is never "passed", useless input is unusable.

Exit statuses of ``snapshot``, ``show``, ``check`` and ``diff``: 0 clean, 1 findings or
errors in what was read, 2 unusable, 3 incomplete input.  Every input here is built in a
temporary directory from the project's own fixtures.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import time
from pathlib import Path

import pytest

import netfacts
from _k8s import NODES, build_bundle, build_node
from conftest import NETNS
from netfacts.cli import EXIT_INCOMPLETE, EXIT_OK, EXIT_UNUSABLE, main
from netfacts.errors import ParseError
from netfacts.models.snapshot import Cluster, Snapshot
from netfacts.snapshot import load_reports
from netfacts.testing.sosreport import build_sosreport, pack


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    status = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out, err


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_bundle("healthy", tmp_path_factory.mktemp("healthy"))


# ---------------------------------------------------------------- incomplete


def test_a_cut_bundle_is_incomplete_never_passed(healthy: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    data = healthy.read_bytes()
    cut = tmp_path / healthy.name
    cut.write_bytes(data[: len(data) * 6 // 10])
    cluster = netfacts.load(cut)
    assert isinstance(cluster, Cluster)
    assert not cluster.complete
    assert 0 < len(cluster.snapshots) < len(NODES)
    assert cluster.diagnostics, "the cut is reported on the cluster"
    assert any(d.incomplete and d.source == str(cut) and "ends early" in d.message
               for d in cluster.diagnostics)
    status, out, _ = cli(capsys, "check", cut)
    assert status == EXIT_INCOMPLETE
    assert out.startswith("INCOMPLETE: ")
    assert "every check passed" not in out
    status, out, err = cli(capsys, "check", "--json", cut)
    assert status == EXIT_INCOMPLETE and "INCOMPLETE" in err
    json.loads(out)
    for command in ("show", "snapshot"):
        status, out, _ = cli(capsys, command, cut)
        assert status == EXIT_INCOMPLETE, command
    assert json.loads(cli(capsys, "snapshot", cut)[1])["complete"] is False
    status, _, _ = cli(capsys, "check", healthy)
    assert status == EXIT_OK


def test_a_cut_node_archive_is_marked_on_its_node(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    tree = build_node("healthy", "node01", tmp_path / "tree")
    archive = pack(tree, tmp_path / f"{tree.name}.tar.gz")
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) * 9 // 10])
    snap = netfacts.load(archive)
    assert isinstance(snap, Snapshot) and not snap.complete
    assert all(d.source and str(archive) in d.source for d in snap.incomplete)
    other = netfacts.load(tree)
    status, out, _ = cli(capsys, "diff", tree, archive)
    assert status == EXIT_INCOMPLETE and out.startswith("INCOMPLETE: ")
    assert isinstance(other, Snapshot) and other.complete
    status, out, _ = cli(capsys, "diff", tree, tree)
    assert status == EXIT_OK and out == "no differences\n"


def test_one_unreadable_archive_among_good_ones(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "case"
    case.mkdir()
    for node in ("controlplane", "node01"):
        tree = build_node("healthy", node, tmp_path / node)
        pack(tree, case / f"{tree.name}.tar.xz")
    (case / "sosreport-node02-2026-11-26-abcdefg.tar.xz").write_bytes(b"\xfd7zXZ\x00" + b"x" * 99)
    cluster = netfacts.load(case)
    assert isinstance(cluster, Cluster)
    assert sorted(cluster.nodes) == ["controlplane", "node01"]
    assert not cluster.complete
    bad = [d for d in cluster.incomplete if "node02" in (d.source or "")]
    assert bad and "skipped" in bad[0].message
    status, out, _ = cli(capsys, "check", case)
    assert status == EXIT_INCOMPLETE and out.startswith("INCOMPLETE: ")


def test_a_link_out_of_the_case_folder_is_not_followed(tmp_path: Path) -> None:
    outside = build_node("healthy", "node02", tmp_path / "elsewhere")
    case = tmp_path / "case"
    case.mkdir()
    tree = build_node("healthy", "node01", tmp_path / "build")
    shutil.move(str(tree), case / tree.name)
    os.symlink(outside, case / outside.name)
    cluster = netfacts.load(case)
    assert isinstance(cluster, Cluster)
    assert sorted(cluster.nodes) == ["node01"]
    assert any("leads out of" in d.message for d in cluster.incomplete)


# ---------------------------------------------------------------- unusable


def _elf_like() -> bytes:
    """Bytes shaped like an executable (magic, NUL padding, a string table)."""
    return b"\x7fELF\x02\x01\x01" + bytes(57) + b"\x00\x00.text\x00.data\x00" * 200


def _unusable_sources(root: Path) -> dict[str, Path]:
    made = {}
    made["empty directory"] = root / "empty"
    made["empty directory"].mkdir()
    notes = root / "notes"
    notes.mkdir()
    (notes / "todo.md").write_text("# call the customer\n- ask for a fresh sosreport\n")
    (notes / "call.txt").write_text("customer says the cluster is down since Tuesday\n")
    made["directory of notes"] = notes
    made["binary"] = root / "ls"
    made["binary"].write_bytes(_elf_like())
    made["empty tarball"] = root / "empty.tar.gz"
    with tarfile.open(made["empty tarball"], "w:gz"):
        pass
    unrelated = root / "photos.tar.xz"
    with tarfile.open(unrelated, "w:xz") as tar:
        for name in ("holiday/a.jpg", "holiday/b.jpg"):
            info = tarfile.TarInfo(name)
            info.size = 4
            tar.addfile(info, io.BytesIO(b"\xff\xd8\xff\xe0"))
    made["unrelated tarball"] = unrelated
    return made


@pytest.mark.parametrize("what", ["empty directory", "directory of notes", "binary",
                                  "empty tarball", "unrelated tarball"])
def test_a_source_without_networking_facts_is_unusable(tmp_path: Path, what: str,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    source = _unusable_sources(tmp_path)[what]
    with pytest.raises(ParseError, match="no networking facts found; looked for"):
        netfacts.load(source)
    for command in ("show", "check", "snapshot"):
        status, out, err = cli(capsys, command, source)
        assert status == EXIT_UNUSABLE, (command, out, err)
        assert "looked for" in err and "found" in err
    message = cli(capsys, "show", source)[2]
    expected = {"empty directory": "an empty directory", "directory of notes": "todo.md",
                "binary": "binary data (an ELF executable)", "empty tarball": "0 member",
                "unrelated tarball": "no sosreport in it"}[what]
    assert expected in message


def test_a_renamed_bundle_is_recognised_by_content(healthy: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    renamed = tmp_path / "case-01234567-attachment"
    shutil.copy(healthy, renamed)
    cluster = netfacts.load(renamed)
    assert isinstance(cluster, Cluster) and cluster.complete
    assert sorted(cluster.nodes) == sorted(NODES)
    assert cli(capsys, "check", renamed)[0] == EXIT_OK


def test_a_single_capture_file_is_read_alone(tmp_path: Path) -> None:
    capture = tmp_path / "ip_addr.txt"
    capture.write_text((NETNS / "ip_addr/ip_addr.txt").read_text())
    (tmp_path / "garbage.txt").write_bytes(b"\x00" * 4096)
    with open(tmp_path / "huge.img", "wb") as handle:  # 1 GiB, sparse: cheap on disk
        handle.truncate(1 << 30)
    reports = load_reports(capture)
    assert [sorted(r.files) for r in reports] == [["ip_addr.txt"]]
    snap = netfacts.load(capture)
    assert isinstance(snap, Snapshot) and snap.complete and snap.link("eth0") is not None
    assert not any("huge" in d.message or "garbage" in d.message for d in snap.diagnostics)


# ---------------------------------------------------------------- CLI sources


def test_show_and_snapshot_take_source_hash_hostname(healthy: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "show", f"{healthy}#node01")
    assert status == EXIT_OK
    assert out.startswith("== node01") and "== node02" not in out
    status, out, _ = cli(capsys, "snapshot", f"{healthy}#node02")
    assert status == EXIT_OK
    data = json.loads(out)
    assert data["schema"] == "netfacts.snapshot/1" and data["hostname"] == "node02"
    status, _, err = cli(capsys, "show", f"{healthy}#nosuchnode")
    assert status == EXIT_UNUSABLE and "nosuchnode" in err and "node01" in err


def test_parse_refuses_archives_and_binary_data(healthy: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = cli(capsys, "parse", healthy)
    assert status == EXIT_UNUSABLE and out == ""
    assert "xz-compressed" in err and "netfacts show" in err and "netfacts snapshot" in err
    tar = tmp_path / "plain.tar"
    with tarfile.open(tar, "w") as handle:
        info = tarfile.TarInfo("x")
        handle.addfile(info, io.BytesIO(b""))
    assert "a tar archive" in cli(capsys, "parse", tar)[2]
    binary = tmp_path / "ls"
    binary.write_bytes(_elf_like())
    status, out, err = cli(capsys, "parse", binary)
    assert status == EXIT_UNUSABLE and out == ""
    assert "binary data" in err and ".text" not in err


# ---------------------------------------------------------------- terminal safety

_HOSTILE = "\x1b]0;owned\x07\x1bc\x1bP1;2q\x1b\\\x08\x9b2J\x7f"
_RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\x80-\x9f]")


def _hostile_report(root: Path, hostname: str) -> Path:
    outputs = {"ip -d address": (NETNS / "ip_addr/ip_-d_addr.txt").read_text()
               + f"garbage{_HOSTILE} line\n",
               "ip route show table all": (NETNS / "ip_route/ip_route.txt").read_text(),
               "hostname": f"{hostname}\n"}
    return build_sosreport(root, outputs, hostname="evil")


def test_nothing_from_the_input_reaches_the_terminal_raw(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    first = _hostile_report(tmp_path / "a", f"node{_HOSTILE}")
    second = _hostile_report(tmp_path / "b", "node-b")
    capture = first / "sos_commands/networking/ip_-d_address"
    runs = [("show", first), ("show", "--diagnostics", first), ("check", first),
            ("diff", first, second), ("parse", "--as", "ip-addr", capture),
            ("detect", capture)]
    for args in runs:
        _, out, err = cli(capsys, *args)
        if args[0] == "detect":
            out = out.replace("\t", " ", 1)  # detect's own column separator
        assert not _RAW.search(out), (args, out)
        assert not _RAW.search(err), (args, err)
    shown = cli(capsys, "show", "--diagnostics", first)[1]
    assert "\\x1b" in shown and "\\x07" in shown and "\\x9b" in shown
    data = json.loads(cli(capsys, "snapshot", first)[1])
    assert data["hostname"] == f"node{_HOSTILE}"  # JSON keeps the value exact


# ---------------------------------------------------------------- live


def test_a_timed_out_tool_is_killed_with_its_children(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from netfacts.sources import live

    pidfile = tmp_path / "child.pid"
    script = tmp_path / "slowtool"
    script.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {pidfile}\nwait\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(live, "COMMANDS", (("sos_commands/networking/slow", ("slowtool",)),))
    started = time.monotonic()
    report = live.read_live(timeout=1.0)
    assert time.monotonic() - started < 10
    assert any("did not finish" in d.message and d.incomplete for d in report.diagnostics)
    child = int(pidfile.read_text())
    for _ in range(50):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        status = subprocess.run(["ps", "-o", "stat=", "-p", str(child)], capture_output=True,
                                text=True, check=False).stdout.strip()
        if status.startswith("Z") or not status:
            break  # gone, or a zombie waiting for init
        time.sleep(0.1)
    else:
        pytest.fail("the tool's child process outlived the time-out")

