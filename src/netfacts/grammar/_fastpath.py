"""Compile pyparsing line grammars into plain ``re`` patterns (the fast path).

The grammar modules describe every line shape with pyparsing elements built
from :mod:`netfacts.grammar._atoms`.  Parsing 40,000 lines through pyparsing
costs seconds, so each line element is translated once, at import time, into a
single compiled regular expression with the element's results names as named
groups.  That regex is what the parsers run per line; pyparsing itself runs
only when the regex does not match, to say precisely *what* was expected and
*where* (see :meth:`LineShape.explain`).  The translation covers the subset of
pyparsing the grammars use (``Regex``, ``Literal``, ``Keyword``, ``And``,
``MatchFirst``, ``Opt``, ``ZeroOrMore``, ``OneOrMore``, ``Suppress``,
``Group``, ``Combine``, ``Empty``) and refuses anything else, so the grammar
stays the single source of truth.  ``tests/property/test_fastpath.py`` checks
that both paths accept the same lines and extract the same fields.

One difference needs care when writing a grammar: pyparsing never backtracks
into an ``Opt``, a ``MatchFirst`` alternative or a repetition once it matched,
while ``re`` does.  The two agree only when the grammar is deterministic at every
choice (an optional part or alternative is taken exactly when it can be taken);
where a greedy element could swallow what follows, end it with a lookahead (see
the arp grammar) so that both engines make the same choice.

Token values inside key/value tails are checked the same way: every
:class:`~netfacts.grammar._atoms.Atom` pairs a pyparsing ``Regex`` with a
converter that accepts exactly the same tokens.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = ["LineShape", "to_regex"]


def _keyword_regex(expr: Any) -> str:
    chars = "".join(sorted(expr.identChars))
    klass = "[" + re.escape(chars) + "]"
    return f"(?<!{klass}){re.escape(expr.match)}(?!{klass})"


def to_regex(expr: pp.ParserElement) -> str:
    """The ``re`` pattern equivalent to ``expr`` (no implicit whitespace skipping)."""
    body = _to_regex(expr)
    name = expr.resultsName
    if name:
        return f"(?P<{name}>{body})"
    return body


def _to_regex(expr: pp.ParserElement) -> str:
    import pyparsing as pp

    if isinstance(expr, pp.Regex):
        return f"(?:{expr.pattern})"
    if isinstance(expr, pp.Keyword):
        return _keyword_regex(expr)
    if isinstance(expr, pp.Literal):
        return re.escape(expr.match)
    if isinstance(expr, pp.And):
        return "".join(to_regex(part) for part in expr.exprs)
    if isinstance(expr, pp.MatchFirst):
        return "(?:" + "|".join(to_regex(part) for part in expr.exprs) + ")"
    if isinstance(expr, pp.Opt):
        return f"(?:{to_regex(expr.expr)})?"
    if isinstance(expr, pp.OneOrMore):
        return f"(?:{to_regex(expr.expr)})+"
    if isinstance(expr, pp.ZeroOrMore):
        return f"(?:{to_regex(expr.expr)})*"
    if isinstance(expr, (pp.Suppress, pp.Group, pp.Combine)):
        return to_regex(expr.expr)
    if isinstance(expr, pp.Empty):
        return ""
    raise TypeError(f"no fast-path translation for {type(expr).__name__}: {expr}")


class LineShape:
    """One kind of line: its regex (compiled from the grammar) and, on demand, the grammar.

    ``pattern`` is the cached translation of the element (see the generated
    ``netfacts.grammar._compiled_<family>`` modules); it spares importing pyparsing
    when every line matches.  ``build`` makes the pyparsing element when it is needed: to
    explain a rejected line, for the differential tests, to regenerate the cache.
    """

    __slots__ = ("_build", "_element", "_whole", "name", "regex")

    def __init__(
        self, name: str, build: Callable[[], pp.ParserElement], pattern: str | None = None
    ) -> None:
        self.name = name
        self._build = build
        self._element: pp.ParserElement | None = None
        self._whole: pp.ParserElement | None = None
        if pattern is None:
            pattern = to_regex(self.element)
        self.regex: re.Pattern[str] = re.compile(pattern)

    @property
    def element(self) -> pp.ParserElement:
        """The pyparsing element, whitespace-exact and tab-preserving."""
        if self._element is None:
            element = self._build().copy().leave_whitespace(recursive=True)
            element.parse_with_tabs()
            element.set_name(self.name)
            self._element = element
        return self._element

    def _whole_line(self) -> pp.ParserElement:
        """The element followed by the end of the text, with no whitespace skipped before it.

        (``parse_all=True`` would skip trailing whitespace, which the regex does not.)
        Built once per shape: every rejected line is explained with it.
        """
        import pyparsing as pp

        if self._whole is None:
            whole = self.element + pp.StringEnd().leave_whitespace()
            whole.parse_with_tabs()
            self._whole = whole
        return self._whole

    def compiled_pattern(self) -> str:
        """The regex translated from the grammar now (tests compare it with the cache)."""
        return to_regex(self.element)

    def match(self, line: str) -> re.Match[str] | None:
        """Fast path: the compiled regex against the whole line."""
        return self.regex.fullmatch(line)

    def parse_slow(self, line: str) -> dict[str, Any] | None:
        """The pyparsing element against the whole line: named fields, or None."""
        import pyparsing as pp

        try:
            result = self._whole_line().parse_string(line)
        except pp.ParseBaseException:
            return None
        return {key: value for key, value in result.as_dict().items() if value not in (None, "")}

    def explain(self, line: str) -> tuple[int, str]:
        """Where and why the grammar rejects ``line``: (1-based column, message)."""
        import pyparsing as pp

        try:
            self._whole_line().parse_string(line)
        except pp.ParseBaseException as exc:
            return exc.col, _tidy_message(exc.msg, line, exc.loc)
        return 1, f"{self.name}: accepted by the grammar but not by its fast path"


def _tidy_message(msg: str, line: str, loc: int) -> str:
    found = line[loc:].split(None, 1)[0] if line[loc:].strip() else "end of line"
    found_text = found if found == "end of line" else repr(found)
    return f"{msg}, found {found_text}"
