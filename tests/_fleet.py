"""Generated fleets: many varied three-node clusters made from the captured ones.

Each cluster is the healthy or the faulty capture of ``fixtures/k8s`` with its own identity:
hostnames ``c007-cp``, ``c007-w1``, ``c007-w2``; node network ``172.16.7.0/24`` instead of
``192.168.121.0/24``; MACs ``52:54:07:...`` instead of ``52:54:00:...`` (and the matching
EUI-64 link-local addresses); its own capture date.  It is written as a sos-collector bundle
or as three sosreport tarballs side by side in a case folder, in the sos 4.x or 3.x layout.
A faulty cluster carries exactly the faults of ``fixtures/k8s/faulty/EXPECTED.json``; a
healthy one can be given a duplicate hostname (its second worker takes the first's name).
Used by the fleet tests and by ``benchmarks/bench_fleet.py``.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _k8s import NODES, expected, node_outputs
from netfacts.testing.sosreport import build_sosreport, pack, pack_bundle

ROLES = {"controlplane": "cp", "node01": "w1", "node02": "w2"}


@dataclass(frozen=True)
class ClusterSpec:
    """One generated cluster."""

    index: int
    """Its identity (1-4000): names, addresses and MACs derive from it."""
    source: str = "healthy"
    date: str = "2026-11-26"
    form: str = "bundle"
    """``bundle`` (a sos-collector bundle) or ``folder`` (three tarballs in one folder)."""
    layout: str = "4.x"
    duplicate_hostname: bool = False
    suffix: str = ".tar.xz"

    @property
    def name(self) -> str:
        return f"c{self.index:03d}"

    def hostname(self, node: str) -> str:
        if self.duplicate_hostname and node == "node02":
            node = "node01"
        return f"{self.name}-{ROLES[node]}"

    def node_ip(self, octet: int) -> str:
        return f"172.{16 + self.index // 256}.{self.index % 256}.{octet}"


def rewriter(spec: ClusterSpec) -> Callable[[str], str]:
    """The text substitution that gives a captured node this cluster's identity."""
    low = spec.index % 256
    names = {original: spec.hostname(original) for original in NODES}
    patterns = re.compile(
        r"\b(?P<host>controlplane|node01|node02)\b"
        r"|(?<![\d.])192\.168\.121\.(?P<octet>\d{1,3})(?!\d)"
        r"|(?P<mac>52:54:00:)"
        r"|(?P<eui>5054:ff:fe)"
    )

    def replace(match: re.Match[str]) -> str:
        if match.group("host"):
            return names[match.group("host")]
        if match.group("octet"):
            return spec.node_ip(int(match.group("octet")))
        if match.group("mac"):
            return f"52:54:{low:02x}:"
        return f"5054:{low:x}ff:fe" if low else "5054:ff:fe"

    return lambda text: patterns.sub(replace, text)


def node_files(spec: ClusterSpec, node: str) -> tuple[dict[str, str], dict[str, str]]:
    """(command → output, copied file → content) of one node of the cluster."""
    outputs, files = node_outputs(spec.source, node)
    rewrite = rewriter(spec)
    return ({command: rewrite(text) for command, text in outputs.items()},
            {path: rewrite(text) for path, text in files.items()})


def build_cluster(spec: ClusterSpec, where: Path) -> list[Path]:
    """Write the cluster under ``where``: a bundle, or a case folder of three tarballs
    (``where/case-c007-2026-11-26/``); returns the archives written."""
    work = Path(tempfile.mkdtemp(prefix="netfacts-fleet-"))
    case = where / f"case-{spec.name}-{spec.date}" if spec.form == "folder" else where
    case.mkdir(parents=True, exist_ok=True)
    try:
        archives = []
        for node in NODES:
            outputs, files = node_files(spec, node)
            hostname = spec.hostname(node)
            report = build_sosreport(
                work / node, outputs, hostname=hostname, files=files, layout=spec.layout,
                name=f"sosreport-{hostname}-{spec.date}-{spec.name}{ROLES[node]}")
            target = (case if spec.form == "folder" else work) / f"{report.name}{spec.suffix}"
            archives.append(pack(report, target))
        if spec.form == "folder":
            return archives
        bundle = where / f"sos-collector-{spec.name}-{spec.date}-{spec.source}.tar.xz"
        return [pack_bundle(archives, bundle)]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def expected_faults(spec: ClusterSpec) -> list[dict[str, Any]]:
    """The injected faults of this cluster, with its own node names."""
    if spec.source != "faulty":
        return []
    faults = []
    for fault in expected("faulty")["faults"]:
        renamed = dict(fault, node=spec.hostname(fault["node"]))
        if "nodes" in fault:
            renamed["nodes"] = [spec.hostname(n) for n in fault["nodes"]]
        if "mac" in fault:
            renamed["mac"] = fault["mac"].replace("52:54:00:", f"52:54:{spec.index % 256:02x}:")
        faults.append(renamed)
    return faults


def fleet_specs(reports: int) -> list[ClusterSpec]:
    """About ``reports`` sosreports of varied clusters (for the benchmark): every fifth
    cluster faulty, every third written as a folder of tarballs, every fourth in the 3.x
    layout, capture dates spread over a year."""
    specs = []
    for index in range(1, -(-reports // len(NODES)) + 1):
        specs.append(ClusterSpec(
            index=index, source="faulty" if index % 5 == 0 else "healthy",
            date=f"2026-{1 + index % 12:02d}-{1 + index % 28:02d}",
            form="folder" if index % 3 == 0 else "bundle",
            layout="3.x" if index % 4 == 0 else "4.x",
            suffix=".tar.gz" if index % 7 == 0 else ".tar.xz",
        ))
    return specs
