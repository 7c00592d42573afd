r"""Grammar of ``ps`` process listings in the two layouts people capture.

::

    aux     := aux-header { aux-row }          ; ps aux, auxww, auxwww (sos), auxcww
    aux-header := "USER" SP "PID" SP "%CPU" SP "%MEM" SP "VSZ" SP "RSS" SP "TTY" SP "STAT"
                  SP "START" SP "TIME" SP "COMMAND"
    aux-row := user SP pid SP pct SP pct SP int SP int SP tty SP stat SP start SP time
               [ SP command ]
    ef      := ef-header { ef-row }            ; ps -ef
    ef-header := "UID" SP "PID" SP "PPID" SP "C" SP "STIME" SP "TTY" SP "TIME" SP "CMD"
    ef-row  := user SP pid SP pid SP int SP start SP tty SP time [ SP command ]

procps prints the columns right- or left-aligned to widths that depend on the version and
on the values (a long user name is cut to seven characters and a ``+``; a numeric uid is
printed when the user has no name), so the grammar separates columns by blanks only.
Only the last column, the command line, holds blanks; it is everything after the time
column (``[kthreadd]`` for kernel threads, ``<defunct>`` for zombies).  ``%CPU`` is
printed with one decimal, or as a whole number from 100 up in some versions.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._compiled_ps import PATTERNS
from netfacts.grammar._fastpath import LineShape

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = ["AUX_COLUMNS", "EF_COLUMNS", "SHAPES", "build_shapes"]

AUX_COLUMNS = ("USER", "PID", "%CPU", "%MEM", "VSZ", "RSS", "TTY", "STAT", "START", "TIME",
               "COMMAND")
EF_COLUMNS = ("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD")


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    from netfacts.grammar._atoms import sp

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    def header(columns: tuple[str, ...]) -> pp.ParserElement:
        element: pp.ParserElement = pp.Literal(columns[0])
        for column in columns[1:]:
            element = element + sp() + pp.Literal(column)
        return element

    user = rx(r"\S+", "user name or uid")
    pid = rx(r"[0-9]+", "process id")
    pct = rx(r"[0-9]+(?:\.[0-9]+)?", "percentage")
    num = rx(r"[0-9]+", "decimal number")
    word = rx(r"\S+", "word")
    time = rx(r"(?:[0-9]+-)?[0-9]+:[0-9]{2}(?::[0-9]{2})?", "cumulative CPU time")
    command = rx(r".*", "command line")
    SP = sp()
    return {
        "aux_header": header(AUX_COLUMNS),
        "aux_row": (
            user("user") + SP + pid("pid") + SP + pct("cpu") + SP + pct("mem") + SP
            + num("vsz") + SP + num("rss") + SP + word("tty") + SP + word("stat") + SP
            + word("start") + SP + time("time") + pp.Opt(SP + command("command"))
        ),
        "ef_header": header(EF_COLUMNS),
        "ef_row": (
            user("user") + SP + pid("pid") + SP + pid("ppid") + SP + num("c") + SP
            + word("start") + SP + word("tty") + SP + time("time")
            + pp.Opt(SP + command("command"))
        ),
    }


_NAMES = {
    "aux_header": "ps aux header line",
    "aux_row": "ps aux process line",
    "ef_header": "ps -ef header line",
    "ef_row": "ps -ef process line",
}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""
