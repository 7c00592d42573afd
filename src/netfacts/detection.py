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

import functools
import os
import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from netfacts._registry import FAMILIES, KINDS, Command, load
from netfacts._text import classify_noise, prompt_command, split_lines
from netfacts.errors import ParseError

__all__ = ["Detection", "detect", "kind_from_command", "kind_from_filename", "sniffers"]


class Detection(NamedTuple):
    """The detected ``--as`` kind, parser hints and why."""

    kind: str
    hints: dict[str, Any]
    reason: str = ""


_WRAPPERS = frozenset({"sudo", "command", "exec", "env", "time", "nice", "timeout"})
_PAGERS = frozenset({"cat", "head", "tail", "less", "more"})
_EXTENSIONS = (".txt", ".out", ".log", ".tailed", ".text")


@functools.cache
def _commands_by_tool() -> dict[str, tuple[Command, ...]]:
    table: dict[str, list[Command]] = {}
    for family in FAMILIES:
        for command in family.commands:
            table.setdefault(command.tool, []).append(command)
    return {tool: tuple(commands) for tool, commands in table.items()}


@functools.cache
def _capture_name() -> re.Pattern[str]:
    """``<tool>-<version>__<arguments joined by _>`` (the corpus's capture names)."""
    tools = "|".join(re.escape(tool) for tool in sorted(_commands_by_tool(), key=len,
                                                          reverse=True))
    return re.compile(rf"(?:^|_)({tools})-[\w.]+__(.*)$")


def _is_option(word: str) -> bool:
    return word.startswith("-") and word != "-"


def _first_word(command: Command, args: Sequence[str]) -> str | None:
    skip = False
    for word in args:
        if skip:
            skip = False
            continue
        if _is_option(word):
            skip = word in command.value_options
            continue
        return word
    return None


def _has_flag(flags: Sequence[str], options: Sequence[str]) -> bool:
    for flag in flags:
        short = len(flag) == 2 and flag[0] == "-" and flag[1] != "-"
        for option in options:
            if option == flag or option.startswith(flag + "="):
                return True
            if short and not option.startswith("--") and flag[1] in option[1:]:
                return True
    return False


def _json_requested(command: Command, options: Sequence[str]) -> bool:
    for flag in command.json_flags:
        for option in options:
            if option == flag or (len(flag) == 2 and not option.startswith("--")
                                  and option.startswith(flag)):
                return True
    return False


def _match(command: Command, args: Sequence[str]) -> dict[str, Any] | None:
    options = [a for a in args if _is_option(a)]
    if command.json_flags and _json_requested(command, options):
        return None
    if command.words and _first_word(command, args) not in command.words:
        return None
    if command.flags and not _has_flag(command.flags, options):
        return None
    if command.hints is None:
        return {}
    hints: dict[str, Any] | None = load(command.hints)(list(args))
    return hints


def kind_from_command(argv: Sequence[str]) -> Detection | None:
    """Interpret a command line (``["ip", "-br", "a"]``) as a kind with hints."""
    args = [a for a in argv if a]
    while args and os.path.basename(args[0]) in _WRAPPERS:
        args = args[1:]
    if not args:
        return None
    tool = os.path.basename(args[0])
    rest = args[1:]
    if tool == "ip" and len(rest) >= 3 and rest[0] == "netns" and rest[1] == "exec":
        return kind_from_command(rest[3:])
    if tool in _PAGERS:
        return _from_path(rest[-1]) if rest else None
    for command in _commands_by_tool().get(tool, ()):
        hints = _match(command, rest)
        if hints is not None:
            return Detection(command.kind, hints, f"command line {' '.join(args)!r}")
    return None


@functools.cache
def _path_table() -> tuple[tuple[str, str], ...]:
    return tuple(pair for family in FAMILIES for pair in family.paths)


def _from_path(path: str) -> Detection | None:
    normalised = path.replace("\\", "/")
    for suffix, kind in _path_table():
        if suffix.endswith("/"):
            if suffix in normalised or normalised.startswith(suffix.lstrip("/")):
                return Detection(kind, {}, f"path {path!r}")
        elif normalised.endswith(suffix):
            return Detection(kind, {}, f"path {path!r}")
    base = os.path.basename(normalised)
    for extension in _EXTENSIONS:
        base = base.removesuffix(extension)
    for suffix, kind in _path_table():
        if suffix.endswith("/"):
            continue
        mangled = suffix.strip("/").replace("/", "_")
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
    capture = _capture_name().search(base)
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


def sniff_ip_addr(lines: list[str]) -> tuple[str, int] | None:
    """``ip addr`` / ``ip link`` sniffer (kept here: the parser module is heavy to import)."""
    for line in lines:
        if _IP_HEADER.match(line):
            return ("ip-link" if " mode " in line else "ip-addr"), 90
        if _IP_OADDR.match(line):
            return "ip-addr", 90
        if _IP_BRIEF.match(line):
            return ("ip-link" if line.rstrip().endswith(">") else "ip-addr"), 60
    return None


@functools.cache
def sniffers() -> tuple[Callable[[list[str]], tuple[str, int] | None], ...]:
    """Every family's content sniffer, in registry order (imported on first use)."""
    return tuple(load(family.sniffer) for family in FAMILIES if family.sniffer)


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
    for sniff in sniffers():
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
