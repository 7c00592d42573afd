"""Package the captured Kubernetes-like clusters (``fixtures/k8s``) as sosreports.

Each node directory holds one file per command (named by sos's rule) and
``files/`` copies of ``/etc/hosts``, ``/proc/net/arp`` and friends; ``MANIFEST.tsv``
says which command made which file.  The builders here turn a node into a sos 4.x
report tree and a cluster into a sos-collector bundle, the way support engineers
receive them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import FIXTURES
from netfacts.testing.sosreport import build_sosreport, pack, pack_bundle

K8S = FIXTURES / "k8s"
NODES = ("controlplane", "node01", "node02")


def expected(cluster: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((K8S / cluster / "EXPECTED.json").read_text())
    return data


def node_outputs(cluster: str, node: str) -> tuple[dict[str, str], dict[str, str]]:
    """(command → output, copied file path → content) of one captured node."""
    root = K8S / cluster / node
    outputs: dict[str, str] = {}
    for line in (root / "MANIFEST.tsv").read_text().splitlines()[1:]:
        name, command, _status = line.split("\t")
        if " -j " in f" {command} " or name.endswith(".stderr"):
            continue  # the JSON twins are ground truth, not sosreport content
        if command in ("iptables-save", "ip6tables-save"):
            continue  # sos saves only other namespaces' rules: the listings' twin
        outputs[command] = (root / name).read_text()
    files = {
        str(path.relative_to(root / "files")): path.read_text()
        for path in sorted((root / "files").rglob("*")) if path.is_file()
    }
    return outputs, files


SOCKET_COMMANDS = ("netstat -W -neopa", "ss -peaonmi", "ss -tlnp", "ps auxwww")


def with_sockets(cluster: str, node: str, outputs: dict[str, str], files: dict[str, str]
                 ) -> None:
    """Put the node's socket capture (``sockets/``: ``/proc/net`` tables, lsof, ps and the
    same moment's netstat and ss) in place of the main capture's socket listings and ps."""
    root = K8S / cluster / node / "sockets"
    for command in SOCKET_COMMANDS:
        outputs.pop(command, None)
    for line in (root / "MANIFEST.tsv").read_text().splitlines()[1:]:
        relative, command = line.split("\t")[:2]
        text = (root / relative).read_text()
        if relative.startswith("sos_commands/") and not command.startswith("lsof"):
            outputs[command] = text
        else:
            files[relative] = text


def build_node(cluster: str, node: str, where: Path, *, layout: str = "4.x",
               sockets: bool = False, without: tuple[str, ...] = ()) -> Path:
    """A node's sosreport; ``sockets``: with the socket capture (:func:`with_sockets`);
    ``without``: leave out the commands that start with one of these words."""
    outputs, files = node_outputs(cluster, node)
    if sockets:
        with_sockets(cluster, node, outputs, files)
    outputs = {c: t for c, t in outputs.items() if c.split()[0] not in without}
    hostname = outputs.get("hostname", node + "\n").strip()
    return build_sosreport(where, outputs, hostname=hostname, files=files, layout=layout)


def build_bundle(cluster: str, where: Path, *, sockets: bool = False,
                 without: tuple[str, ...] = ()) -> Path:
    archives = []
    for node in NODES:
        report = build_node(cluster, node, where / node, sockets=sockets, without=without)
        archives.append(pack(report, where / f"{report.name}.tar.xz"))
    return pack_bundle(archives, where / f"sos-collector-{cluster}-2026-11-26-abcde.tar.xz")
