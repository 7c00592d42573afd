"""Ground truth for the socket tests: the namespace topology and the ``ss -H`` snapshots.

Two capture runs hold socket fixtures: ``fixtures/netns`` (every family) and
``fixtures/netns_sockets`` (netstat and ss only, with more socket shapes).  In each,
``topology.json`` lists the daemons that were started (pid, argv[0], comm, listeners,
connections, UNIX sockets) and ``netstat/ss_truth_before.txt`` / ``ss_truth_after.txt``
hold ``ss -H -tuanpe`` + ``ss -H -xanpe`` taken around the netstat batch.  The helpers
below turn both into comparable keys.
"""

from __future__ import annotations

import csv
import ipaddress
import json
import shlex
import socket
from functools import cache
from pathlib import Path
from typing import Any

from conftest import FIXTURES, NETNS

ROOTS = [NETNS, FIXTURES / "netns_sockets"]
"""Capture runs with netstat/ss fixtures and a topology."""


@cache
def topology(root: Path) -> dict[str, Any]:
    """``topology.json`` of a capture run."""
    data: dict[str, Any] = json.loads((root / "topology.json").read_text())
    return data


@cache
def daemons(root: Path) -> dict[int, dict[str, Any]]:
    """The daemons of a capture run in its captured namespace, by pid (the UDP poker too)."""
    topo = topology(root)
    found = {d["pid"]: d for d in topo["daemons"] if d["namespace"] == topo["capture_namespace"]}
    poker = topo.get("poker")
    if poker:
        found.setdefault(poker["pid"], {"pid": poker["pid"], "argv0": poker["argv"][0],
                                        "comm": poker["comm"], "name": "poker", "uid": 0,
                                        "cgroup": poker.get("cgroup")})
    return found


@cache
def _commands(root: Path) -> dict[str, str]:
    with (root / "MANIFEST.tsv").open() as handle:
        return {row["file"]: row["command"] for row in csv.DictReader(handle, delimiter="\t")}


def argv_of(path: Path) -> list[str]:
    """The argv of the command behind a capture (``root/family/file``)."""
    root = path.parent.parent
    return shlex.split(_commands(root)[f"{path.parent.name}/{path.name}"])


def netstat_name(pid: int, argv0: str, *, legacy: bool = False) -> str:
    """What netstat's PID/Program name column shows for a process (GRAMMAR §7.4).

    2.10/HEAD: the basename when argv[0] is absolute, else argv[0] itself; 1.60: the text
    after the last ``/`` anywhere; then ``PID/name`` is cut to 19 characters.  A trailing
    space of the cut cannot be told from the column padding, so it is not part of the
    name a reader can see.
    """
    name = argv0.rsplit("/", 1)[-1] if legacy or argv0.startswith("/") else argv0
    return f"{pid}/{name}"[:19].split("/", 1)[1].rstrip()


def ss_comm(comm: str) -> str:
    """What ss's users:(("...")) shows: the kernel's comm (15 bytes), cut at the first ``)``."""
    return comm[:15].split(")", 1)[0]


def port_number(port: Any, proto: str = "tcp") -> Any:
    """A service name (output without ``-n``) as its number, from this host's services."""
    if isinstance(port, str):
        try:
            return socket.getservbyname(port, "udp" if proto.startswith("udp") else "tcp")
        except OSError:
            return port
    return port


def canonical(address: Any) -> str:
    """An address for comparisons: IPv4-mapped as IPv4, wildcards (``*``, 0.0.0.0, ::) as ``*``."""
    if address is None:
        return "*"
    if isinstance(address, str):
        try:
            address = ipaddress.ip_address(address)
        except ValueError:
            return address
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_unspecified:
        return "*"
    return str(address)
