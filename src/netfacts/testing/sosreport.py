"""Build sosreport-shaped trees and archives from captures, for tests.

``build_sosreport(root, outputs, hostname=...)`` writes the files a sosreport holds
for the given command outputs, in the sos 4.x layout (``sos_commands/...``,
``sos_strings/...*.tailed`` links for truncated outputs, ``sos_reports/manifest.json``,
root symlinks) or the 3.x layout (no manifest, ``general/hostname``); ``pack`` makes a
``.tar.xz`` / ``.tar.gz`` / ``.tar.bz2`` / ``.tar`` of it, and ``pack_bundle`` a
sos-collector bundle of several.  The command → file name rule is sos's own.
"""

from __future__ import annotations

import io
import json
import os
import re
import tarfile
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["build_sosreport", "command_file_name", "pack", "pack_bundle"]

_ROOT_LINKS = {
    "ip_addr": "sos_commands/networking/ip_-o_addr",
    "netstat": "sos_commands/networking/netstat_-W_-neopa",
    "hostname": "sos_commands/host/hostname",
    "ip_route": "sos_commands/networking/ip_route_show_table_all",
}


def command_file_name(command: str) -> str:
    """sos's mangling of a command line into a file name (``ip -o addr`` → ``ip_-o_addr``)."""
    name = re.sub(r"^(/usr)?/s?bin/", "", command)
    name = re.sub(r"[^\w\-./]+", "_", name)
    name = name.replace("/", ".").strip(" ._-")
    return name[:255]


def _plugin(command: str) -> str:
    tool = command.split(maxsplit=1)[0].rsplit("/", 1)[-1]
    if tool == "sysctl":
        return "kernel"
    if tool == "hostname":
        return "host"
    if tool == "ps":
        return "process"
    if tool.startswith(("iptables", "ip6tables", "nft")) and not tool.endswith("-save"):
        return "firewall_tables"
    return "networking"


def build_sosreport(
    root: Path,
    outputs: Mapping[str, str],
    *,
    hostname: str,
    files: Mapping[str, str] | None = None,
    layout: str = "4.x",
    truncated: Sequence[str] = (),
    namespaces: Mapping[str, Mapping[str, str]] | None = None,
    name: str | None = None,
) -> Path:
    """Write a sosreport tree under ``root`` and return its directory.

    ``outputs`` maps command lines (``"ip -d address"``) to their output; ``files`` maps
    copied files (``"proc/net/arp"``) to their content; ``truncated`` names commands whose
    output sos cut (stored as ``.tailed`` with a link, 4.x layout); ``namespaces`` maps a
    namespace name to its own ``outputs``; ``name`` is the report's directory name
    (default ``sosreport-HOSTNAME-2026-11-26-abcdefg``).
    """
    report = root / (name or f"sosreport-{hostname}-2026-11-26-abcdefg")
    report.mkdir(parents=True, exist_ok=True)
    commands: list[dict[str, object]] = []
    all_outputs = dict(outputs)
    all_outputs.setdefault("hostname", hostname + "\n")
    for command, text in all_outputs.items():
        plugin = _plugin(command)
        if plugin == "host" and layout == "3.x":
            plugin = "general"
        if plugin == "firewall_tables" and layout == "3.x":
            plugin = "networking"  # sos 4.1 moved them into their own plugin
        name = command_file_name(command)
        relative = f"sos_commands/{plugin}/{name}"
        destination = report / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if command in truncated and layout == "4.x":
            tailed = report / f"sos_strings/{plugin}/{name}.tailed"
            tailed.parent.mkdir(parents=True, exist_ok=True)
            tailed.write_text(text)
            os.symlink(f"../../sos_strings/{plugin}/{name}.tailed", destination)
        else:
            destination.write_text(text)
        commands.append({
            "command": command.split()[0], "parameters": command.split()[1:],
            "exec": command, "filepath": relative, "truncated": command in truncated,
            "return_code": 0, "plugin": plugin,
        })
    if namespaces and "ip netns" not in all_outputs:
        (report / "sos_commands/networking").mkdir(parents=True, exist_ok=True)
        (report / "sos_commands/networking/ip_netns").write_text(
            "".join(f"{ns}\n" for ns in namespaces))
    for ns, ns_outputs in (namespaces or {}).items():
        for command, text in ns_outputs.items():
            name = command_file_name(f"ip netns exec {ns} {command}")
            if layout == "4.x":
                relative = f"sos_commands/networking/namespaces/{ns}/{name}"
            else:
                relative = f"sos_commands/networking/{name}"
            target = report / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
    for relative, text in (files or {}).items():
        target = report / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    (report / "version.txt").write_text(
        "sos report: 4.8.0\n" if layout == "4.x" else "sosreport: 3.6\n")
    for link, linked in _ROOT_LINKS.items():
        if (report / linked).exists() and not (report / link).exists():
            os.symlink(linked, report / link)
    if layout == "4.x":
        plugins: dict[str, dict[str, list[dict[str, object]]]] = {}
        for entry in commands:
            plugin = str(entry.pop("plugin"))
            plugins.setdefault(plugin, {"commands": []})["commands"].append(entry)
        manifest = {"version": "4.8.0", "components": {"report": {"plugins": plugins}}}
        (report / "sos_reports").mkdir(exist_ok=True)
        (report / "sos_reports" / "manifest.json").write_text(json.dumps(manifest))
    return report


def pack(report: Path, archive: Path) -> Path:
    """Pack a report directory as sos does (one top directory); compression from the suffix."""
    compression = {".xz": "xz", ".gz": "gz", ".bz2": "bz2", ".tar": ""}[archive.suffix]
    with tarfile.open(archive, f"w:{compression}") as tar:  # type: ignore[call-overload]
        tar.add(report, arcname=report.name)
    return archive


def pack_bundle(archives: Sequence[Path], bundle: Path) -> Path:
    """A sos-collector bundle: one archive holding every node's sosreport archive."""
    top = bundle.name.split(".tar")[0]
    with tarfile.open(bundle, "w:xz") as tar:
        for archive in archives:
            tar.add(archive, arcname=f"{top}/{archive.name}")
        log = b"collected\n"
        info = tarfile.TarInfo(f"{top}/sos_logs/sos.log")
        info.size = len(log)
        tar.addfile(info, io.BytesIO(log))
    return bundle
