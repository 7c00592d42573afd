"""What every parser shares: diagnostics collection, lenient vs strict, noise lines."""

from __future__ import annotations

import re

from netfacts._text import classify_noise, strip_ansi
from netfacts.errors import Diagnostic, ParseError, Severity
from netfacts.grammar._fastpath import LineShape
from netfacts.limits import current
from netfacts.models.values import MAX_DIGITS

__all__ = ["BAD_VALUES", "Collector", "capped"]

BAD_VALUES = (ValueError, OverflowError)
"""What converting a value of a well-shaped line can raise (see :meth:`Collector.bad_value`)."""

_TOKEN = re.compile(r"[^\s:=,/()\[\]]+")
_DIGITS = re.compile(r"[0-9]+")
_FLOAT_WORD = re.compile(r"[-+]?(?:inf|nan|[0-9.]+e[-+]?[0-9]+)", re.IGNORECASE)


def _suspect(text: str) -> tuple[int, str]:
    """Column and text of the token most likely to hold the bad number: one with more
    digits than Python converts or a non-ASCII digit, else an ``inf``/``nan``/``1e...``
    word, else the first token."""
    first: tuple[int, str] | None = None
    float_like: tuple[int, str] | None = None
    for match in _TOKEN.finditer(text):
        token = match.group()
        if any(c.isdigit() and not c.isascii() for c in token) or any(
                len(run) > MAX_DIGITS for run in _DIGITS.findall(token)):
            return match.start() + 1, token
        if float_like is None and _FLOAT_WORD.match(token):
            float_like = (match.start() + 1, token)
        if first is None:
            first = (match.start() + 1, token)
    return float_like or first or (1, "")


def _short(token: str) -> str:
    return repr(token if len(token) <= 40 else token[:20] + "..." + token[-10:])


class Collector:
    """Collects diagnostics for one parse; in strict mode raises on the first error.

    At most ``diagnostics_per_file`` (:mod:`netfacts.limits`) are kept; the others are
    only counted (and rejected lines past the limit are not explained, which is the
    costly part), and :meth:`result` ends with one summary diagnostic.
    """

    __slots__ = ("diagnostics", "dropped", "dropped_errors", "limit", "source", "strict")

    def __init__(self, *, source: str | None, strict: bool) -> None:
        self.source = source
        self.strict = strict
        self.diagnostics: list[Diagnostic] = []
        self.limit = current().diagnostics_per_file
        self.dropped = 0
        self.dropped_errors = 0

    def _full(self, severity: Severity) -> bool:
        if len(self.diagnostics) < self.limit:
            return False
        self.dropped += 1
        if severity is Severity.ERROR:
            self.dropped_errors += 1
        return True

    def error(self, line: int, column: int, message: str, text: str) -> None:
        """Record an error (raise it in strict mode)."""
        diagnostic = Diagnostic(message, line, column, text, Severity.ERROR, self.source)
        if self.strict:
            raise ParseError.from_diagnostic(diagnostic, (*self.diagnostics, diagnostic))
        if not self._full(Severity.ERROR):
            self.diagnostics.append(diagnostic)

    def warning(self, line: int, message: str, text: str, column: int = 1) -> None:
        """Record a warning (never raised)."""
        if not self._full(Severity.WARNING):
            self.diagnostics.append(
                Diagnostic(message, line, column, text, Severity.WARNING, self.source)
            )

    def info(self, line: int, message: str, text: str, column: int = 1) -> None:
        """Record a remark (never raised)."""
        if not self._full(Severity.INFO):
            self.diagnostics.append(
                Diagnostic(message, line, column, text, Severity.INFO, self.source))

    def bad_value(self, line: int, text: str, exc: Exception) -> None:
        """A line whose shape was right but one of whose values no type holds: a digit
        string longer than Python converts, a digit ``int()`` refuses (``²``), an infinite
        float.  Its record is left out; the parser reads on at the next line.  (A strict
        parse's own :class:`ParseError`, a ``ValueError`` too, goes on up as it is.)"""
        if isinstance(exc, ParseError):
            raise exc
        column, token = _suspect(text)
        if isinstance(exc, OverflowError) or _FLOAT_WORD.match(token):
            message = f"Expected a finite number, found {_short(token)}"
        elif any(len(run) > MAX_DIGITS for run in _DIGITS.findall(token)):
            message = f"Expected a number of at most {MAX_DIGITS} digits"
        else:
            message = f"Expected a number, found {_short(token)}"
        self.error(line, column, message, text)

    def reject(self, line: int, text: str, shape: LineShape | None, offset: int = 0) -> None:
        """A line the parser cannot use: noise becomes a warning, anything else an error.

        ``shape`` is the line shape the text was expected to have; its grammar
        explains what was expected and where.  ``offset`` is added to the
        column when ``text`` is a piece of a longer original line.
        """
        if not self.strict and len(self.diagnostics) >= self.limit:
            if text.strip():  # past the limit a rejected line is only counted
                self._full(Severity.ERROR)
            return
        noise = classify_noise(text)
        if noise is not None:
            if noise != "blank line":
                self.warning(line, f"skipped {noise}", text)
            return
        if shape is None:
            self.error(line, offset + 1, "Expected a line of this command's output", text)
            return
        column, message = shape.explain(text)
        self.error(line, offset + column, message, text)

    def check_final_line(self, text: str, lines: list[str]) -> None:
        """Warn when the text stops in the middle of a line (a cut or truncated capture)."""
        if not lines or not text or text.endswith(("\n", "\r")) or not lines[-1].strip():
            return
        if strip_ansi(text[text.rfind("\n") + 1 :]).strip():  # not just a colour reset
            self.warning(
                len(lines),
                "the last line has no line end: the output may have been cut off here",
                lines[-1],
                column=len(lines[-1]) + 1,
            )

    def result(self) -> tuple[Diagnostic, ...]:
        """The diagnostics, in input order (then the summary of those not kept)."""
        kept = tuple(sorted(self.diagnostics, key=lambda d: (d.line, d.column)))
        if not self.dropped:
            return kept
        return (*kept, _summary(self.dropped, self.dropped_errors, self.limit, self.source))


def _summary(dropped: int, errors: int, limit: int, source: str | None) -> Diagnostic:
    return Diagnostic(
        f"{dropped} more diagnostic(s) ({errors} error(s)) not listed: only the first "
        f"{limit} of a file are kept (limit diagnostics_per_file)",
        0, 0, "", Severity.ERROR if errors else Severity.WARNING, source, incomplete=True)


def capped(diagnostics: list[Diagnostic], source: str | None) -> list[Diagnostic]:
    """The diagnostics of one file gathered from several parses (each with its own
    limit), cut to the limit, with one summary that also counts the parses' own."""
    limit = current().diagnostics_per_file
    plain: list[Diagnostic] = []
    dropped = errors = 0
    for diagnostic in diagnostics:
        counted = _SUMMARY.match(diagnostic.message) if diagnostic.incomplete else None
        if counted is None:
            plain.append(diagnostic)
        else:
            dropped += int(counted.group(1))
            errors += int(counted.group(2))
    if not dropped and len(plain) <= limit:
        return diagnostics
    dropped += max(0, len(plain) - limit)
    errors += sum(1 for d in plain[limit:] if d.severity is Severity.ERROR)
    return [*plain[:limit], _summary(dropped, errors, limit, source)]


_SUMMARY = re.compile(r"^(\d+) more diagnostic\(s\) \((\d+) error\(s\)\) not listed")
