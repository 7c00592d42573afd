"""Fixtures and truth for the /proc/net families, lsof and the socket derivation.

``fixtures/netns_proc`` (made by ``scripts/capture_proc_net.py``) holds, per namespace
(``host``, ``peer``), a sosreport-shaped tree: ``proc/net/*``, ``sos_commands/...`` (lsof,
ps, netstat, ss, nstat), and under ``twins/`` the truth taken at the same moment:
``ss -H -tuanpe ; ss -H -wanpe ; ss -H -xanpe`` before and after the socket files, and the
JSON twins (``nstat -zas -j``, ``ip -j -s link``, ``ip -j addr``, ``ip -j route``).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from conftest import FIXTURES
from netfacts.models.socket import Socket
from netfacts.parsers.ss import parse_ss

PROC = FIXTURES / "netns_proc"
ROLES = ("host", "peer")
INET_TABLES = ("tcp", "tcp6", "udp", "udp6", "raw", "raw6")


def proc_file(role: str, name: str) -> Path:
    """``<role>/proc/net/<name>``."""
    return PROC / role / "proc" / "net" / name


def sos_file(role: str, relative: str) -> Path:
    """``<role>/sos_commands/<relative>``."""
    return PROC / role / "sos_commands" / relative


def twin(role: str, name: str) -> Path:
    """``twins/<role>/<name>``."""
    return PROC / "twins" / role / name


@cache
def topology() -> dict[str, Any]:
    """What the capture built: the daemons (pid, argv[0], comm, uid) and their sockets."""
    data: dict[str, Any] = json.loads((PROC / "topology.json").read_text())
    return data


@cache
def ss_truth(role: str, name: str = "ss_truth_before.txt") -> tuple[Socket, ...]:
    """The ss -H sockets of a namespace: Internet (with Netid), raw (``ss -w`` prints no
    Netid: given ``raw`` here) and UNIX."""
    path = twin(role, name if role == "host" else "ss_truth.txt")
    lines = path.read_text().splitlines()
    netid = [line for line in lines if line.split()[0] in ("tcp", "udp", "u_str", "u_dgr",
                                                             "u_seq")]
    raw = [line for line in lines if line.split()[0] not in ("tcp", "udp", "u_str", "u_dgr",
                                                              "u_seq")]
    sockets = list(parse_ss("\n".join(netid) + "\n").sockets)
    if raw:
        sockets += [s.replace(proto="raw") for s in parse_ss("\n".join(raw) + "\n").sockets]
    return tuple(sockets)
