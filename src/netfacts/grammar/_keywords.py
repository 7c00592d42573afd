"""Keyword/value tails: the ``mtu 1500 qdisc noqueue state UP ...`` part of a line.

iproute2 prints most attributes as a keyword followed by a fixed number of
values, adds keywords in every release and sometimes reorders them.  A tail is
therefore described by a table of :class:`Key` records in print order rather
than by a fixed sequence:

* :func:`tail_element` turns a table into the pyparsing grammar of the tail
  (used for error messages and by the differential tests);
* :class:`KeyTail` reads a tail on the fast path: one tight loop over the
  ``str.split()`` tokens with a dictionary lookup per keyword, and a cache of
  tails already read (thousands of interfaces share the same tail); anything
  unusual (an unknown keyword, a missing or bad value) goes through
  :func:`walk`, which reads token by token with the same table and says what
  went wrong.

Keywords not in the table are kept as unknown attributes: a keyword followed by
one value, or a bare flag when the next token is itself a known keyword or the
tail ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from netfacts.grammar._atoms import WORD, Atom, sp

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = ["Key", "KeyTable", "KeyTail", "Layout", "Walked", "fields_in_print_order",
           "row_value", "table", "tail_element", "text_members", "walk"]


class _Same:
    """Marker: the JSON member is named like the model field."""


_SAME = _Same()


class Key:
    """One keyword of a tail: one row of a family's field table.

    A family describes each ``keyword value`` attribute once, in print order, and the
    parser, the renderer and the JSON writer all read that description:

    * ``keyword`` — the word printed before the values; ``atoms`` — the value tokens
      (their patterns and exact converters);
    * ``field`` — the model field (and the row key) the value goes to;
    * ``json`` — the JSON member name (default: ``field``; None: not a member of its own,
      written by a family hook);
    * ``default`` — the model's value when the keyword is not printed: writers leave the
      attribute out when it holds that value, unless ``always`` (printed whatever its
      value) or ``details`` (printed with ``-d``, which spells every default out);
    * ``selector`` — the command-line selector (``ip route show dev X``) that removes the
      attribute from every line;
    * ``to_json`` / ``to_text`` — the JSON value and the printed value text of a row value
      (default: the value itself / ``str``); ``printed`` — the whole printed piece when the
      keyword itself depends on the value (``realm 5`` / ``realms 1/2``);
    * ``text=False`` — printed by the family's renderer itself (on a line of its own, or
      where its place depends on the form), not by :func:`text_members`;
    * ``model`` — row value → model value, where they differ (default: the atom's
      ``convert`` when the row keeps the atom's text, see :attr:`Atom.row`);
    * ``read=False`` — a field the tail does not print as ``keyword value`` (a line of its
      own, a group of keywords): it has a slot and a place in the order, but the keyword
      is not looked for in the text.

    Rows keep ``None`` for an attribute that was not printed.

    A key with ``collect=True`` is a flag word that is appended to the list in
    ``field`` (address flags keep their printed order that way).  The order of the
    keys in a :func:`table` is the order in which the tool prints them.
    """

    __slots__ = ("always", "atoms", "collect", "default", "details", "field", "json",
                 "keyword", "model", "printed", "read", "selector", "text_member", "to_json",
                 "to_text")

    def __init__(
        self,
        keyword: str,
        field: str,
        *atoms: Atom,
        collect: bool = False,
        json: str | _Same | None = _SAME,
        default: Any = None,
        always: bool = False,
        details: bool = False,
        selector: str | None = None,
        to_json: Callable[[Any], Any] | None = None,
        to_text: Callable[[Any], str] | None = None,
        printed: Callable[[Any], str] | None = None,
        text: bool = True,
        model: Callable[[Any], Any] | None = None,
        read: bool = True,
    ) -> None:
        self.keyword = keyword
        self.field = field
        self.atoms = atoms
        self.collect = collect
        self.json: str | None = field if isinstance(json, _Same) else json
        self.default = default
        self.always = always
        self.details = details
        self.selector = selector
        self.to_json = to_json
        self.to_text = to_text
        self.printed = printed
        self.text_member = text
        if model is None and len(atoms) == 1 and atoms[0].row is not atoms[0].convert:
            model = atoms[0].convert  # the row keeps text (an address): the model its object
        self.model = model
        self.read = read

    def __repr__(self) -> str:
        return f"Key({self.keyword!r} -> {self.field!r}, {len(self.atoms)} values)"

    def text(self, value: Any) -> str:
        """The printed piece (``keyword value``, a flag word) of a row value."""
        if self.printed is not None:
            return self.printed(value)
        if self.collect:
            return " ".join(value)
        if not self.atoms:
            return self.keyword
        return f"{self.keyword} {self.to_text(value) if self.to_text is not None else value}"


KeyTable = Mapping[str, Key]


def table(*keys: Key) -> dict[str, Key]:
    """A keyword → :class:`Key` mapping, in print order."""
    return {key.keyword: key for key in keys}


def fields_in_print_order(keys: KeyTable) -> tuple[Key, ...]:
    """One key per field, in print order (the first key of a field speaks for it: the
    flag words of a ``collect`` field, ``realm``/``realms``)."""
    seen: dict[str, Key] = {}
    for key in keys.values():
        seen.setdefault(key.field, key)
    return tuple(seen.values())


def text_members(parts: list[str], row: Sequence[Any], index: Mapping[str, int],
                 keys: Iterable[Key], *, details: bool = False,
                 hidden: frozenset[str] = frozenset(),
                 hooks: Mapping[str, Callable[[Sequence[Any]], str]] | None = None) -> None:
    """Append the printed pieces (`` keyword value``) of ``row`` (slots as ``index`` says)
    for ``keys``, in their order; a key with ``text=False`` is printed by ``hooks[field]``
    (or not at all)."""
    for key in keys:
        if key.selector is not None and key.selector in hidden:
            continue
        if not key.text_member:
            hook = (hooks or {}).get(key.field)
            if hook is not None:
                parts.append(hook(row))
            continue
        value = row[index[key.field]]
        if value is None:
            if not (key.details and details):
                continue
            value = key.default
        elif value == key.default and not (key.details and details):
            continue
        if key.collect and not value:
            continue
        parts.append(" " + key.text(value))


class Layout:
    """The slots of a family's rows, derived from its field table.

    A parser keeps each record as a row: a tuple with one slot per field, ``None`` where
    the text printed nothing.  The slots are, in order, the ``head`` keys (positional
    fields such as a route's type and destination), the *canonical* keys — the fields
    of the table that are one keyword and one value (or collected flag words), in print
    order — then the table's other fields, then ``tail`` names (structures the family
    reads itself).  :meth:`canonical_element` is the grammar of a line that prints only
    canonical keys, each at most once, in print order — what the tool itself prints;
    compiled to a regex, its match groups are the first slots of a row, so that such a
    line is read in one regex call (:meth:`row_converter` finishes the row).  Every other
    line is read keyword by keyword into the same slots.
    """

    __slots__ = ("canonical", "empty_tail", "head", "index", "keys", "names", "width")

    def __init__(self, head: Sequence[Key], keys: KeyTable, *, tail: Sequence[str] = (),
                 special: Iterable[str] = ()) -> None:
        skip = frozenset(special)
        printed = fields_in_print_order(keys)
        self.head = tuple(head)
        self.canonical = tuple(
            key for key in printed
            if key.field not in skip and key.read and (key.collect or len(key.atoms) == 1))
        others = tuple(key for key in printed if key not in self.canonical)
        self.keys = (*self.head, *printed)
        """Every key with a slot, in print order."""
        self.names = (*(key.field for key in self.head),
                      *(key.field for key in self.canonical),
                      *(key.field for key in others), *tail)
        self.index = {name: position for position, name in enumerate(self.names)}
        self.width = len(self.names)
        self.empty_tail = (None,) * (self.width - len(self.head) - len(self.canonical))

    def canonical_element(self, head: pp.ParserElement, keys: KeyTable, *,
                          word_end: str = "(?= |$)") -> pp.ParserElement:
        """``head`` followed by the canonical keys, each optional, in print order.

        ``keys`` is the whole table (a field may have several keywords: ``realm`` and
        ``realms``).  Keywords and flag words must be followed by a blank or the end, so
        that pyparsing and the compiled regex take the same choices (``word_end``: what
        must follow a flag word, ``(?= )`` when the line has one more word of its own).
        """
        import pyparsing as pp

        blank = pp.Regex(" +").set_name("blank")
        element = head
        for key in self.canonical:
            words = sorted((k.keyword for k in keys.values() if k.field == key.field),
                           key=len, reverse=True)
            end = word_end if key.collect else "(?= |$)"
            word = pp.Regex(f"(?:{'|'.join(words)}){end}").set_name(" or ".join(words))
            if key.collect:
                element = element + pp.Combine(pp.ZeroOrMore(blank + word))(key.field)
            else:
                atom = key.atoms[0]
                value = pp.Regex(f"(?:{atom.canonical})(?= |$)").set_name(atom.name)
                element = element + pp.Opt(blank.suppress() + word.suppress()
                                           + blank.suppress() + value(key.field))
        return element

    def model_builder(self, cls: type[Any],
                      nested: Mapping[str, Callable[[Any], Any]] | None = None
                      ) -> Callable[[tuple[Any, ...]], Any]:
        """Row → ``cls(**fields)``: each slot that holds a value, through its key's ``model``
        converter (or ``nested[name]`` for a tail slot), under its name; slots ``cls`` has
        no field for are left out."""
        import attrs

        from netfacts.models._checked import builder as unchecked

        fields = {field.name for field in attrs.fields(cls)}
        keys = {key.field: key for key in self.keys}
        namespace: dict[str, Any] = {"cls": unchecked(cls)}  # rows are valid: no checks
        lines = ["def build(r):", "    kw = {}"]
        for position, name in enumerate(self.names):
            if name not in fields:
                continue
            convert = (nested or {}).get(name)
            if convert is None and name in keys:
                convert = keys[name].model
            value = "v"
            if convert is not None:
                namespace[f"m{position}"] = convert
                value = f"m{position}(v)"
            lines.append(f"    v = r[{position}]")
            lines.append(f"    if v is not None: kw[{name!r}] = {value}")
        lines.append("    return cls(**kw)")
        exec(compile("\n".join(lines) + "\n", "<netfacts model builder>", "exec"),
             namespace)
        builder: Callable[[tuple[Any, ...]], Any] = namespace["build"]
        return builder

    def row_of(self, model: Any,
               nested: Mapping[str, Callable[[Any], Any]] | None = None) -> tuple[Any, ...]:
        """The row of a model (the inverse of :meth:`model_builder`): addresses and networks
        as their canonical text, enums as their value, ``nested[name]`` for tail slots."""
        nested = nested or {}
        row = []
        for name in self.names:
            value = getattr(model, name, None)
            convert = nested.get(name)
            if convert is not None and value is not None:
                row.append(convert(value))
            else:
                row.append(row_value(value))
        return tuple(row)

    def row_converter(self, convert: Mapping[str, Callable[[str], Any]] | None = None
                      ) -> Callable[[tuple[str | None, ...]], tuple[Any, ...]]:
        """Match groups of the canonical line → a row (raises ``ValueError`` for a value
        the atom's converter refuses: the line is then read keyword by keyword).
        ``convert`` gives the converters of head fields (which have no atom)."""
        namespace: dict[str, Any] = {"EMPTY": self.empty_tail}
        items = []
        for position, key in enumerate((*self.head, *self.canonical)):
            if key.collect:
                items.append(f"tuple(g[{position}].split()) if g[{position}] else None")
                continue
            atom = key.atoms[0] if key.atoms else None
            function = (convert or {}).get(key.field)
            if function is None and atom is not None and not atom.identity:
                function = atom.row
            if function is None:
                items.append(f"g[{position}]")
                continue
            namespace[f"c{position}"] = function
            items.append(f"None if g[{position}] is None else c{position}(g[{position}])")
        source = "def convert(g):\n    return (" + ", ".join(items) + ",) + EMPTY\n"
        exec(compile(source, "<netfacts row converter>", "exec"), namespace)
        converter: Callable[[tuple[str | None, ...]], tuple[Any, ...]] = namespace["convert"]
        return converter


def row_value(value: Any) -> Any:
    """A model value as rows keep it: addresses and networks as canonical text (see
    :attr:`~netfacts.grammar._atoms.Atom.row`), enums as their value."""
    import enum
    import ipaddress

    from netfacts.models.values import ip_text

    if isinstance(value, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return ip_text(value)
    if isinstance(value, (ipaddress.IPv4Network, ipaddress.IPv6Network)):
        return f"{ip_text(value.network_address)}/{value.prefixlen}"
    if isinstance(value, enum.Enum):
        return value.value
    return value


def tail_element(keys: KeyTable, *, allow_unknown: bool = True) -> pp.ParserElement:
    """The grammar of a tail: ``{ SP known-keyword-with-values | SP unknown }``."""
    import pyparsing as pp

    alternatives: list[pp.ParserElement] = []
    for key in sorted((k for k in keys.values() if k.read), key=lambda k: -len(k.keyword)):
        element: pp.ParserElement = pp.Keyword(key.keyword, ident_chars=pp.printables)
        for atom in key.atoms:
            element = element + sp() + atom.element.copy()
        alternatives.append(element)
    if allow_unknown:
        alternatives.append(WORD.element.copy())
    return pp.Opt(pp.MatchFirst(alternatives) + pp.ZeroOrMore(sp() + pp.MatchFirst(alternatives)))


class Walked:
    """Result of reading a tail: known values by field, unknown pairs, first bad token."""

    __slots__ = ("error", "unknown", "values")

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.unknown: list[tuple[str, str]] = []
        self.error: tuple[int, str] | None = None
        """(token index, message) of the first value a known keyword could not take."""


def walk(tokens: list[str], keys: KeyTable, start: int = 0, stop: Iterable[str] = ()) -> Walked:
    """Read ``tokens[start:]`` as keyword/value pairs described by ``keys``.

    A single-value key stores its converted value under ``key.field``; a key
    with several values stores a tuple; a flag (no values) stores ``True``.  A bad
    value is left out and the first one is reported in ``Walked.error``; the pairs
    after it are still read.
    Reading stops before a token in ``stop``; the index where it stopped is
    stored in ``Walked.values["__end__"]``.
    """
    walked = Walked()
    values = walked.values
    stop_set = frozenset(stop)
    count = len(tokens)
    i = start
    while i < count:
        token = tokens[i]
        if token in stop_set:
            break
        key = keys.get(token)
        if key is None:
            nxt = tokens[i + 1] if i + 1 < count else None
            if nxt is None or nxt in keys or nxt in stop_set:
                walked.unknown.append((token, ""))
                i += 1
            else:
                walked.unknown.append((token, nxt))
                i += 2
            continue
        atoms = key.atoms
        if not atoms:
            if key.collect:
                values.setdefault(key.field, []).append(token)
            else:
                values[key.field] = True
            i += 1
            continue
        if i + len(atoms) >= count:
            walked.error = (i, f"Expected {atoms[0].name} after {token!r}")
            break
        try:
            if len(atoms) == 1:
                atom = atoms[0]
                value = tokens[i + 1]
                values[key.field] = value if atom.any_token else atom.convert(value)
            else:
                values[key.field] = tuple(
                    atom.convert(tokens[i + 1 + n]) for n, atom in enumerate(atoms)
                )
        except ValueError:
            # report the first bad value and read on: the pairs after it are still good
            if walked.error is None:
                bad = next(n for n, atom in enumerate(atoms)
                           if not atom.accepts(tokens[i + 1 + n]))
                walked.error = (i + 1 + bad, f"Expected {atoms[bad].name} after {token!r}")
        i += 1 + len(atoms)
    values["__end__"] = i
    return walked


class KeyTail:
    """Fast reader for a tail described by ``keys`` (see the module docstring).

    The common case — every token a known keyword with a valid value — is read
    in one tight loop over ``str.split()``; anything else (an unknown keyword, a
    missing or invalid value, a multi-value key) is handed to :func:`walk`,
    which produces the same values plus the unknown pairs and the error.
    """

    __slots__ = ("_cache", "keys", "specs")

    _CACHE_SIZE = 8192

    def __init__(self, keys: KeyTable) -> None:
        self.keys = keys
        self._cache: dict[str, tuple[dict[str, Any], list[tuple[str, str]], Any]] = {}
        """Tail text -> result: thousands of interfaces share the same tails."""
        self.specs: dict[str, tuple[str, Atom | None, int]] = {}
        """keyword -> (field, converting atom or None, kind)."""
        for key in keys.values():
            if len(key.atoms) == 1:
                atom = key.atoms[0]
                self.specs[key.keyword] = (key.field, None if atom.any_token else atom, 0)
            elif not key.atoms:
                self.specs[key.keyword] = (key.field, None, 2 if key.collect else 1)

    def read(self, tail: str) -> Walked:
        """Values of ``tail`` by field, as :func:`walk` gives them.

        The returned ``values`` dict is the caller's to change; collected flag
        lists are returned as tuples.
        """
        cached = self._cache.get(tail)
        if cached is None:
            walked = self._read(tail)
            values = walked.values
            for field, value in values.items():
                if type(value) is list:
                    values[field] = tuple(value)
            if len(self._cache) < self._CACHE_SIZE:
                self._cache[tail] = (dict(values), walked.unknown, walked.error)
            return walked
        walked = Walked()
        walked.values = dict(cached[0])
        walked.unknown = cached[1]
        walked.error = cached[2]
        return walked

    def _read(self, tail: str) -> Walked:
        tokens = tail.split()
        count = len(tokens)
        specs = self.specs
        walked = Walked()
        values = walked.values
        i = 0
        try:
            while i < count:
                field, atom, kind = specs[tokens[i]]
                if kind == 0:
                    value = tokens[i + 1]
                    values[field] = atom.convert(value) if atom is not None else value
                    i += 2
                elif kind == 1:
                    values[field] = True
                    i += 1
                else:
                    flags = values.get(field)
                    if flags is None:
                        values[field] = [tokens[i]]
                    else:
                        flags.append(tokens[i])
                    i += 1
        except (KeyError, IndexError, ValueError):
            return walk(tokens, self.keys)
        return walked
