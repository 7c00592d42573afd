"""One node is one node: a report's tree, its tarball and its copy in a bundle agree.

A support case folder holds each sosreport several times: extracted, as its tarball, and
inside the sos-collector bundle.  For every fixture report, each form must give an equal
snapshot with the same content digest; a folder of all of them must be one node per
report, and ``check`` on it must find exactly what ``check`` on the bundle finds.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import netfacts
from _k8s import NODES, build_node
from netfacts.checks import run_checks
from netfacts.models.snapshot import Cluster, Snapshot
from netfacts.testing.sosreport import build_sosreport, pack, pack_bundle
from test_snapshot import FILES, NS_OUTPUTS, OUTPUTS


def _sos4_ps_link(report: Path) -> Path:
    """sos 4.x runs ``ps auxwwwm`` and links the root ``ps`` to it — a target that is
    not one of the files netfacts wants.  (The capture is ``ps auxwww``; ``m`` only adds
    thread rows, which these single-threaded stand-ins do not have.)"""
    process = report / "sos_commands/process"
    if (process / "ps_auxwww").exists():
        (process / "ps_auxwww").rename(process / "ps_auxwwwm")
        os.symlink("sos_commands/process/ps_auxwwwm", report / "ps")
    return report


def _gnu_tar_targets_first(report: Path, archive: Path) -> Path:
    """A tarball whose links come after their targets (GNU tar's directory order may do
    that), so that a target's data streams by before netfacts knows it is wanted."""
    names = sorted((p.relative_to(report.parent).as_posix() for p in report.rglob("*")),
                   key=lambda name: (os.path.islink(report.parent / name), name))
    listing = archive.with_suffix(".names")
    listing.write_text("\n".join([report.name, *names]) + "\n")
    subprocess.run(["tar", "-cJf", str(archive), "-C", str(report.parent), "--no-recursion",
                    "-T", str(listing)], check=True)
    listing.unlink()
    return archive


def _fixture_reports(root: Path) -> dict[str, Path]:
    reports = {}
    for cluster in ("healthy", "faulty"):
        for node in NODES:
            reports[f"{cluster}-{node}"] = _sos4_ps_link(
                build_node(cluster, node, root / cluster / node))
    reports["netns-4.x"] = build_sosreport(root / "v4", OUTPUTS, hostname="nshost", files=FILES,
                                           namespaces={"cni-1234": NS_OUTPUTS})
    reports["netns-3.x"] = build_sosreport(root / "v3", OUTPUTS, hostname="nshost3",
                                           files=FILES, layout="3.x",
                                           namespaces={"cni-1234": NS_OUTPUTS})
    return reports


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    root = tmp_path_factory.mktemp("copies")
    made: dict[str, dict[str, Path]] = {}
    archives = []
    for name, tree in _fixture_reports(root / "trees").items():
        tarball = pack(tree, root / f"{tree.name}-{name}.tar.gz")
        reordered = root / f"{tree.name}-{name}-gnu.tar.xz"
        if shutil.which("tar"):
            _gnu_tar_targets_first(tree, reordered)
        else:
            reordered = tarball
        archives.append(reordered)
        made[name] = {"tree": tree, "tarball": tarball, "gnu tar": reordered}
    bundle = pack_bundle(archives, root / "sos-collector-all-2026-11-26-abcde.tar.xz")
    for forms_of in made.values():
        forms_of["bundle"] = bundle
    return made


def test_tree_tarball_and_bundle_member_agree(forms: dict[str, dict[str, Path]]) -> None:
    bundle = netfacts.load(next(iter(forms.values()))["bundle"])
    assert isinstance(bundle, Cluster) and bundle.complete
    by_digest = {node.digest: node for node in bundle.snapshots}
    for name, paths in forms.items():
        tree = netfacts.load(paths["tree"])
        assert isinstance(tree, Snapshot) and tree.complete, name
        assert tree.digest is not None and tree.digest in by_digest, name
        for form in ("tarball", "gnu tar"):
            copy = netfacts.load(paths[form])
            assert isinstance(copy, Snapshot) and copy.complete, (name, form)
            assert copy.digest == tree.digest, (name, form)
            assert copy == tree, (name, form)
        assert by_digest[tree.digest] == tree, name
    # the root ps link was followed in every form: names netstat cut are completed
    controlplane = netfacts.load(forms["healthy-controlplane"]["gnu tar"])
    assert isinstance(controlplane, Snapshot)
    assert controlplane.listening(program="kube-controller-manager")


@pytest.fixture(scope="module")
def case_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A case folder: each faulty node as a tree and as a tarball, and the bundle."""
    folder = tmp_path_factory.mktemp("case")
    archives = []
    for node in NODES:
        tree = build_node("faulty", node, folder / "build" / node)
        shutil.move(str(tree), folder / tree.name)
        archives.append(pack(folder / tree.name, folder / f"{tree.name}.tar.xz"))
    bundle = pack_bundle(archives, folder / "sos-collector-faulty-2026-11-26-abcde.tar.xz")
    shutil.rmtree(folder / "build")
    return folder, bundle


def test_copies_in_a_case_folder_are_one_node_each(case_folder: tuple[Path, Path]) -> None:
    folder, bundle = case_folder
    cluster = netfacts.load(folder)
    assert isinstance(cluster, Cluster) and cluster.complete
    assert sorted(cluster.nodes) == sorted(NODES)
    merged = [d for d in cluster.diagnostics if "copies of one report" in d.message]
    assert len(merged) == len(NODES)
    for diagnostic in merged:
        assert diagnostic.severity.value == "info"
        assert diagnostic.source is not None and str(bundle) in diagnostic.source
    findings = run_checks([cluster])
    assert findings == run_checks([netfacts.load(bundle)])
    assert not [f for f in findings if f.check in ("duplicate_hostname", "duplicate_mac")
                and f.node and "#" in f.node]


def test_cli_check_of_the_folder_equals_the_bundle(case_folder: tuple[Path, Path]) -> None:
    folder, bundle = case_folder
    outputs = []
    for source in (folder, bundle):
        result = subprocess.run([sys.executable, "-m", "netfacts", "check", "--json",
                                 str(source)], capture_output=True, text=True, check=False)
        assert result.returncode == 1, result.stderr  # the faulty cluster has errors
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1]


def test_a_cut_copy_is_covered_by_the_complete_one(case_folder: tuple[Path, Path],
                                                   tmp_path: Path) -> None:
    folder, _ = case_folder
    tree = next(p for p in folder.iterdir() if p.is_dir() and "node01" in p.name)
    shutil.copytree(tree, tmp_path / tree.name, symlinks=True)
    tarball = pack(tree, tmp_path / f"{tree.name}.tar")
    data = tarball.read_bytes()
    tarball.write_bytes(data[: len(data) * 3 // 4])
    cluster = netfacts.load(tmp_path)
    assert isinstance(cluster, Cluster)
    assert sorted(cluster.nodes) == ["node01"]
    assert cluster.complete
    assert any("was not read completely" in d.message for d in cluster.diagnostics)


def test_different_reports_of_one_host_name_stay_two_nodes(tmp_path: Path) -> None:
    first = build_node("healthy", "node01", tmp_path / "a")
    second = build_node("faulty", "node01", tmp_path / "b")  # the same host, another day
    (tmp_path / "case").mkdir()
    shutil.move(str(first), tmp_path / "case" / first.name)
    pack(second, tmp_path / "case" / f"{second.name}.tar.xz")
    cluster = netfacts.load(tmp_path / "case")
    assert isinstance(cluster, Cluster)
    assert sorted(cluster.nodes) == ["node01", "node01#2"]
    found = {(f.check, f.node) for f in run_checks([cluster], only=["duplicate_hostname"])}
    assert found == {("duplicate_hostname", "node01"), ("duplicate_hostname", "node01#2")}
