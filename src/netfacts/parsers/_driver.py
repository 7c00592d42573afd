"""What every parser shares: diagnostics collection, lenient vs strict, noise lines."""

from __future__ import annotations

from netfacts._text import classify_noise, strip_ansi
from netfacts.errors import Diagnostic, ParseError, Severity
from netfacts.grammar._fastpath import LineShape

__all__ = ["Collector"]


class Collector:
    """Collects diagnostics for one parse; in strict mode raises on the first error."""

    __slots__ = ("diagnostics", "source", "strict")

    def __init__(self, *, source: str | None, strict: bool) -> None:
        self.source = source
        self.strict = strict
        self.diagnostics: list[Diagnostic] = []

    def error(self, line: int, column: int, message: str, text: str) -> None:
        """Record an error (raise it in strict mode)."""
        diagnostic = Diagnostic(message, line, column, text, Severity.ERROR, self.source)
        if self.strict:
            raise ParseError.from_diagnostic(diagnostic, (*self.diagnostics, diagnostic))
        self.diagnostics.append(diagnostic)

    def warning(self, line: int, message: str, text: str, column: int = 1) -> None:
        """Record a warning (never raised)."""
        self.diagnostics.append(
            Diagnostic(message, line, column, text, Severity.WARNING, self.source)
        )

    def info(self, line: int, message: str, text: str, column: int = 1) -> None:
        """Record a remark (never raised)."""
        self.diagnostics.append(Diagnostic(message, line, column, text, Severity.INFO, self.source))

    def reject(self, line: int, text: str, shape: LineShape | None, offset: int = 0) -> None:
        """A line the parser cannot use: noise becomes a warning, anything else an error.

        ``shape`` is the line shape the text was expected to have; its grammar
        explains what was expected and where.  ``offset`` is added to the
        column when ``text`` is a piece of a longer original line.
        """
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
        """The diagnostics, in input order."""
        return tuple(sorted(self.diagnostics, key=lambda d: (d.line, d.column)))
