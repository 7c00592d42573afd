"""Which command (and which form) produced a text.

Three sources of evidence, strongest first:

1. a shell prompt line inside the text (``$ ip -br a``);
2. the file name: sosreport names (``ip_-d_address``, ``netstat_-W_-neopa``,
   ``sos_commands/networking/namespaces/ns1/ip_netns_exec_ns1_ip_-d_address_show``,
   ``proc/net/arp``), capture names (``ip-6.1__-o_addr.txt``) and plain ones
   (``ip_addr.txt``);
3. the content: each family's sniffer scores the first lines.

A file name is trusted only when the content does not contradict it.  No
evidence, or two families scoring the same, raises
:class:`~netfacts.errors.ParseError` naming the candidates.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from netfacts._registry import KINDS
from netfacts._text import classify_noise, prompt_command, split_lines
from netfacts.errors import ParseError

__all__ = ["Detection", "detect", "kind_from_command", "kind_from_filename"]


class Detection(NamedTuple):
    """The detected ``--as`` kind, parser hints and why."""

    kind: str
    hints: dict[str, Any]
    reason: str = ""


_IP_OBJECTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ip-addr", ("address", "addr", "add", "ad", "a")),
    ("ip-link", ("link", "lin", "li", "l")),
    ("ip-route", ("route", "rout", "rou", "ro", "r")),
    ("ip-rule", ("rule", "rul", "ru")),
    ("ip-neigh", ("neighbour", "neighbor", "neigh", "nei", "ne", "n")),
)

_FILE_PATHS: tuple[tuple[str, str], ...] = (
    ("proc/net/arp", "proc-net-arp"),
    ("proc/sys/net/ipv4/ip_forward", "ip-forward"),
)

_CAPTURE_NAME = re.compile(r"(?:^|_)(ip|ss|netstat|arp|sysctl)-[\w.]+__(.*)$")
_EXTENSIONS = (".txt", ".out", ".log", ".tailed", ".text")


def kind_from_command(argv: Sequence[str]) -> Detection | None:
    """Interpret a command line (``["ip", "-br", "a"]``) as a kind with hints."""
    args = [a for a in argv if a]
    while args and args[0] in ("sudo", "command", "exec", "env"):
        args = args[1:]
    if not args:
        return None
    tool = os.path.basename(args[0])
    rest = args[1:]
    if tool == "ip":
        if len(rest) >= 3 and rest[0] == "netns" and rest[1] == "exec":
            return kind_from_command(rest[3:])
        options = [a for a in rest if a.startswith("-")]
        if any(o in ("-j", "-json", "--json") or o.startswith("-j") for o in options):
            return None
        words = [a for a in rest if not a.startswith("-")]
        if not words:
            return None
        for kind, spellings in _IP_OBJECTS:
            if words[0] in spellings:
                hints = _ip_hints(kind, options, words[1:])
                return Detection(kind, hints, f"command line {' '.join(args)!r}")
        return None
    if tool in ("arp", "sysctl"):
        return Detection(tool, {}, f"command line {' '.join(args)!r}")
    if tool in ("netstat", "ss"):
        module = importlib.import_module(f"netfacts.parsers.{tool}")
        return Detection(tool, module.command_hints(rest), f"command line {' '.join(args)!r}")
    if tool == "ethtool":
        from netfacts.parsers.ethtool import command_hints as ethtool_hints

        found = ethtool_hints(rest)
        if found is None:
            return None
        kind = _ETHTOOL_KINDS[found["mode"]]
        return Detection(kind, found, f"command line {' '.join(args)!r}")
    if tool == "tc":
        from netfacts.parsers.tc_qdisc import command_hints as tc_hints

        found = tc_hints(rest)
        if found is None:
            return None
        return Detection("tc-qdisc", found, f"command line {' '.join(args)!r}")
    if tool in ("cat", "head", "tail", "less", "more") and rest:
        return _from_path(rest[-1])
    return None


_ETHTOOL_KINDS = {"settings": "ethtool", "driver": "ethtool-i", "statistics": "ethtool-S",
                  "features": "ethtool-k", "rings": "ethtool-g", "channels": "ethtool-l"}

_ROUTE_SELECTORS = {
    "table": "table", "tab": "table", "dev": "dev", "oif": "dev", "proto": "proto",
    "protocol": "proto", "scope": "scope", "type": "type", "via": "via", "src": "src",
    "metric": "metric", "preference": "metric", "tos": "tos", "dsfield": "tos",
}


def _family_option(options: Sequence[str]) -> str | None:
    if "-6" in options or "-family=inet6" in options:
        return "inet6"
    if "-4" in options:
        return "inet"
    return None


def _ip_hints(kind: str, options: Sequence[str], words: Sequence[str]) -> dict[str, Any]:
    """Parser hints carried by an ``ip`` command line (family, details, selectors)."""
    if kind == "ip-route":
        hints: dict[str, Any] = {}
        family = _family_option(options)
        if family is not None:
            hints["family"] = family
        if any(o in ("-d", "-details") or (o.startswith("-d") and "d" in o[1:3]) for o in options):
            hints["details"] = True
        args = list(words)
        if args and args[0] == "get":
            hints["get"] = True
            return hints
        if args and args[0] in ("show", "list", "lst", "ls"):
            args = args[1:]
        filters = []
        for index, word in enumerate(args[:-1]):
            selector = _ROUTE_SELECTORS.get(word)
            if selector is not None:
                filters.append((selector, args[index + 1]))
        if filters:
            hints["filters"] = tuple(filters)
        return hints
    if kind == "ip-rule":
        family = _family_option(options)
        return {"family": family} if family is not None else {}
    return {}


def _from_path(path: str) -> Detection | None:
    normalised = path.replace("\\", "/")
    for suffix, kind in _FILE_PATHS:
        if normalised.endswith(suffix):
            return Detection(kind, {}, f"path {path!r}")
    if "proc/sys/" in normalised:  # any other sysctl file: the parser keys it by its path
        return Detection("sysctl", {}, f"path {path!r}")
    base = os.path.basename(normalised)
    for extension in _EXTENSIONS:
        base = base.removesuffix(extension)
    for mangled, kind in (("proc_net_arp", "proc-net-arp"),
                          ("proc_sys_net_ipv4_ip_forward", "ip-forward")):
        if base == mangled or base.endswith("_" + mangled):
            return Detection(kind, {}, f"file name {base!r}")
    return None


def kind_from_filename(name: str) -> Detection | None:
    """Interpret a sosreport, capture or plain file name."""
    by_path = _from_path(name)
    if by_path is not None:
        return by_path
    base = os.path.basename(name.replace("\\", "/"))
    for extension in _EXTENSIONS:
        if base.endswith(extension):
            base = base[: -len(extension)]
    if base.endswith(".json"):
        return None
    capture = _CAPTURE_NAME.search(base)
    if capture is not None:
        argv = [capture.group(1), *capture.group(2).split("_")]
    else:
        argv = re.split(r"[_ ]+", base)
    detection = kind_from_command(argv)
    if detection is not None:
        return Detection(detection.kind, detection.hints, f"file name {base!r}")
    return None


# ---------------------------------------------------------------- content sniffers

_IP_HEADER = re.compile(r"^\d+: [^\s:]+: <[^>\s]*>")
_IP_OADDR = re.compile(r"^\d+: [^\s:]+\s+inet6? ")
_IP_BRIEF = re.compile(r"^\S+\s+(?:UP|DOWN|UNKNOWN|LOWERLAYERDOWN|DORMANT|NOTPRESENT|TESTING)\s")


def _sniff_ip_addr(lines: list[str]) -> tuple[str, int] | None:
    for line in lines:
        if _IP_HEADER.match(line):
            return ("ip-link" if " mode " in line else "ip-addr"), 90
        if _IP_OADDR.match(line):
            return "ip-addr", 90
        if _IP_BRIEF.match(line):
            return ("ip-link" if line.rstrip().endswith(">") else "ip-addr"), 60
    return None


def _lazy_sniffer(spec: str) -> Callable[[list[str]], tuple[str, int] | None]:
    """A family's own sniffer, imported only when detection runs."""

    def sniff(lines: list[str]) -> tuple[str, int] | None:
        module_name, _, function = spec.partition(":")
        module = importlib.import_module(module_name)
        found: tuple[str, int] | None = getattr(module, function)(lines)
        return found

    return sniff


SNIFFERS: list[Callable[[list[str]], tuple[str, int] | None]] = [
    _sniff_ip_addr,
    _lazy_sniffer("netfacts.parsers.ip_route:sniff"),
    _lazy_sniffer("netfacts.parsers.ip_rule:sniff"),
    _lazy_sniffer("netfacts.parsers.ip_neigh:sniff"),
    _lazy_sniffer("netfacts.parsers.arp:sniff"),
    _lazy_sniffer("netfacts.parsers.proc_net_arp:sniff"),
    _lazy_sniffer("netfacts.parsers.sysctl:sniff"),
    _lazy_sniffer("netfacts.parsers.netstat:sniff"),
    _lazy_sniffer("netfacts.parsers.ss:sniff"),
    _lazy_sniffer("netfacts.parsers.ethtool:sniff"),
    _lazy_sniffer("netfacts.parsers.tc_qdisc:sniff"),
]
"""Content sniffers: each returns (kind, score) or None."""


def _content_lines(text: str, limit: int = 40) -> tuple[list[str], str | None]:
    """First meaningful lines (noise removed) and the last prompt command seen."""
    lines: list[str] = []
    command: str | None = None
    for line in split_lines(text[:20000]):
        if not line.strip():
            continue
        typed = prompt_command(line)
        if typed is not None:
            if typed:
                command = typed
            continue
        if classify_noise(line) is not None:
            continue
        lines.append(line)
        if len(lines) >= limit:
            break
    return lines, command


def command_hints(text: str, filename: str | None, kind: str) -> dict[str, Any]:
    """Parser hints for ``kind`` from a prompt line in ``text`` or from ``filename``.

    Used when the caller named the kind: the command line still tells what the text
    cannot (``ip route show table 100`` has no ``table`` on any line).
    """
    _, command = _content_lines(text, limit=3)
    candidates = []
    if command is not None:
        candidates.append(kind_from_command(command.split()))
    if filename is not None:
        candidates.append(kind_from_filename(filename))
    for detection in candidates:
        if detection is not None and _family_of(detection.kind) == _family_of(kind):
            return dict(detection.hints)
    return {}


def detect(text: str, *, filename: str | None = None) -> Detection:
    """Detect the kind of ``text``; raises :class:`ParseError` when unknown or ambiguous."""
    lines, command = _content_lines(text)
    if command is not None:
        detection = kind_from_command(command.split())
        if detection is not None:
            return detection
    scores: dict[str, int] = {}
    for sniff in SNIFFERS:
        found = sniff(lines)
        if found is not None:
            kind, score = found
            scores[kind] = max(score, scores.get(kind, 0))
    if filename is not None:
        by_name = kind_from_filename(filename)
        if by_name is not None and (not lines or not scores or by_name.kind in scores or
                                    _same_family(by_name.kind, scores)):
            return by_name
    if not scores:
        if not lines:
            raise ParseError(
                "empty input: nothing to detect; name the command with --as "
                f"({', '.join(sorted(KINDS))})",
                source=filename,
            )
        raise ParseError(
            "cannot tell which command produced this text; use --as with one of: "
            + ", ".join(sorted(KINDS)),
            line=1,
            column=1,
            text=lines[0],
            source=filename,
        )
    best = max(scores.values())
    winners = sorted(kind for kind, score in scores.items() if score == best)
    if len(winners) > 1 and not _all_same_family(winners):
        raise ParseError(
            "ambiguous input: it could be " + " or ".join(winners) + "; use --as to choose",
            source=filename,
        )
    return Detection(winners[0], {}, "content")


def _family_of(kind: str) -> str:
    entry = KINDS.get(kind)
    return entry[0].key if entry is not None else kind


def _same_family(kind: str, scores: dict[str, int]) -> bool:
    return any(_family_of(other) == _family_of(kind) for other in scores)


def _all_same_family(kinds: list[str]) -> bool:
    return len({_family_of(kind) for kind in kinds}) == 1
