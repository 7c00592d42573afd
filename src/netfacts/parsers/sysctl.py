"""Parse ``sysctl`` output and single ``/proc/sys`` files into ``Sysctl`` records.

Forms: ``sysctl -a`` (also ``sysctl -a | grep ...``, sosreport's
``sos_commands/kernel/sysctl_-a``), ``sysctl KEY...``, ``sysctl --system``, and the content
of one ``/proc/sys/...`` file (sosreport's ``proc/sys/net/ipv4/ip_forward``), whose key comes
from the ``key`` argument (``--as ip-forward`` passes ``net.ipv4.ip_forward``) or from the
file name given as ``source``.  Grammar: :mod:`netfacts.grammar.sysctl`.

Example::

    >>> from netfacts.parsers.sysctl import parse_sysctl
    >>> out = parse_sysctl("net.ipv4.ip_forward = 1\\n"
    ...                    "net.ipv4.tcp_rmem = 4096\\t131072\\t6291456\\n")
    >>> out.as_dict()
    {'net.ipv4.ip_forward': 1, 'net.ipv4.tcp_rmem': '4096\\t131072\\t6291456'}
    >>> parse_sysctl("1\\n", source="sosreport/proc/sys/net/ipv4/ip_forward").ip_forward
    True
"""

from __future__ import annotations

import re

from netfacts._text import classify_noise, split_lines
from netfacts.grammar import sysctl as g
from netfacts.models.sysctl import Sysctl, SysctlForm, SysctlOutput, key_from_path
from netfacts.models.values import MAX_DIGITS
from netfacts.parsers._driver import Collector

__all__ = ["parse_sysctl", "sniff", "typed_value"]

_S = g.SHAPES
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")


def typed_value(text: str) -> int | str:
    """``"1"`` → 1, ``"-1"`` → -1; anything else (``"007"``, ``"1\\t0"``, ``""``, a number
    longer than :data:`~netfacts.models.values.MAX_DIGITS` digits) stays text."""
    if _INTEGER.fullmatch(text) and text != "-0" and len(text) <= MAX_DIGITS:
        return int(text)
    return text


_FLAGS: dict[str, tuple[int, ...]] = {"net.ipv4.ip_forward": (0, 1)}
"""Keys whose kernel handler takes only these values: anything else read for them is
a damaged capture, never a setting."""


def _entry(collector: Collector, number: int, line: str, *, column: int, key: str,
           text: str) -> Sysctl | None:
    """The entry for ``key = text``; None (and an error) when the value cannot be it."""
    value = typed_value(text)
    allowed = _FLAGS.get(key)
    if allowed is not None and value not in allowed:
        shown = text if len(text) <= 40 else text[:37] + "..."
        collector.error(number, column, f"Expected {' or '.join(map(str, allowed))} for "
                        f"{key}, found {shown!r}", line)
        return None
    if type(value) is str and len(text) > MAX_DIGITS and _INTEGER.fullmatch(text):
        collector.warning(number, f"a number of more than {MAX_DIGITS} digits is kept as text",
                          line, column)
    return Sysctl(key=key, value=value)


def parse_sysctl(
    text: str,
    *,
    strict: bool = False,
    source: str | None = None,
    key: str | None = None,
) -> SysctlOutput:
    """Parse ``sysctl`` output, or one ``/proc/sys`` file when ``key`` is given.

    Without ``key``, a text that holds no ``key = value`` line is read as one file when
    ``source`` names a path below ``proc/sys/``.  Lenient by default: unreadable lines
    become diagnostics; with ``strict`` the first one raises
    :class:`~netfacts.errors.ParseError`.
    """
    collector = Collector(source=source, strict=strict)
    lines = split_lines(text)
    setting = _S["setting"].regex.fullmatch
    file_key = key
    if file_key is None and source is not None:
        derived = key_from_path(source)
        if derived is not None and not any(setting(line.rstrip()) for line in lines):
            file_key = derived
    record_lines: list[int] = []
    if file_key is not None:
        entries = _file(collector, lines, text, file_key, record_lines)
        style = "file"
    else:
        entries = _settings(collector, lines, record_lines)
        style = "sysctl"
    collector.check_final_line(text, lines)
    return SysctlOutput(
        entries=tuple(entries),
        form=SysctlForm(style=style),
        diagnostics=collector.result(),
        source=source,
        record_lines=tuple(record_lines),
    )


def _settings(collector: Collector, lines: list[str], record_lines: list[int]) -> list[Sysctl]:
    setting = _S["setting"].regex.fullmatch
    entries: list[Sysctl] = []
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        if not line:
            continue
        match = setting(line)
        if match is not None:
            entry = _entry(collector, number, line, key=match.group("key"),
                           column=match.start("value") + 1 if match.group("value")
                           else len(line) + 1, text=match.group("value") or "")
            if entry is not None:
                entries.append(entry)
                record_lines.append(number)
            continue
        if _S["error"].match(line) is not None:
            collector.warning(number, "skipped sysctl error message", line)
        elif _S["applying"].match(line) is not None:
            collector.info(number, "skipped sysctl --system progress line", line)
        else:
            collector.reject(number, line, _S["setting"])
    return entries


def _file(collector: Collector, lines: list[str], text: str, key: str,
          record_lines: list[int]) -> list[Sysctl]:
    if not text:
        return []
    values: list[str] = []
    numbers: list[int] = []
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        noise = classify_noise(line) if line else None
        if noise is not None:
            collector.warning(number, f"skipped {noise}", line)
            continue
        values.append(line)
        numbers.append(number)
    while values and not values[-1]:
        values.pop()
        numbers.pop()
    first = numbers[0] if numbers else 1
    if key in _FLAGS and not values:
        collector.warning(1, f"no value for {key} in the file", lines[0] if lines else "")
        return []
    if key in _FLAGS and len(values) > 1:
        # One value per file: a second line is the damage (``1`` then ``0``).
        collector.error(numbers[1], 1, f"Expected one value for {key}, found a second line",
                        values[1])
        return []
    entry = _entry(collector, first, values[0] if values else "", column=1, key=key,
                   text="\n".join(values))
    if entry is None:
        return []
    record_lines.append(first)
    return [entry]


_SNIFF = re.compile(r"[A-Za-z0-9_-]+(?:\.[^\s=.]+)+ = ")


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer for :mod:`netfacts.detection`: ``("sysctl", score)`` or None."""
    for line in lines:
        if _SNIFF.match(line):
            return "sysctl", 90
    return None
