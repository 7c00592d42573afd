"""Public constructors that validate; private builders that do not.

``@checked`` (placed above ``@attrs.frozen``) makes ``Model(...)`` check every field
against its annotation once the attrs ``__init__`` has run: a wrong type raises
``TypeError`` and a value outside a closed set raises ``ValueError``, naming the class
and the field (``Route(dst=..., metric="x")`` → ``TypeError: Route.metric: expected int
or None, got str 'x'``).  Text is read where the annotation is a value type with an
obvious spelling: an address, network or interface (``dst="10.0.0.0/8"``), an enum
(``scope="link"``; the open enums keep unknown words as pseudo-members), a list where a
tuple is expected.  Annotations are resolved on the first construction of each class,
so importing a model costs nothing more.

Parsers, whose rows are already validated by the grammar, build the same objects
without the checks through :func:`builder` (``builder(Route)(dst=..., ...)``): exactly
the attrs ``__init__``, so parsing speed does not depend on the checks.
"""

from __future__ import annotations

import collections.abc
import contextlib
import enum
import ipaddress
import sys
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from netfacts.models.lazy import LazyTuple
from netfacts.models.values import MacAddress, OpenEnum

__all__ = ["builder", "checked"]

T = TypeVar("T")
Check = Callable[[Any], Any]
"""Returns the value (converted when text was given for a value type) or raises."""

_IP_TYPES: dict[frozenset[type], Callable[[str], Any]] = {
    frozenset({ipaddress.IPv4Address, ipaddress.IPv6Address}): ipaddress.ip_address,
    frozenset({ipaddress.IPv4Network, ipaddress.IPv6Network}): ipaddress.ip_network,
    frozenset({ipaddress.IPv4Interface, ipaddress.IPv6Interface}): ipaddress.ip_interface,
}
_FROM_TEXT: dict[type, Callable[[str], Any]] = {
    ipaddress.IPv4Address: ipaddress.IPv4Address,
    ipaddress.IPv6Address: ipaddress.IPv6Address,
    ipaddress.IPv4Network: ipaddress.IPv4Network,
    ipaddress.IPv6Network: ipaddress.IPv6Network,
    ipaddress.IPv4Interface: ipaddress.IPv4Interface,
    ipaddress.IPv6Interface: ipaddress.IPv6Interface,
    MacAddress: MacAddress.parse,
}


class _Invalid(Exception):
    """A check's refusal: ``TypeError`` or ``ValueError`` once the field is named."""

    def __init__(self, error: type[Exception], message: str) -> None:
        super().__init__(message)
        self.error = error


def _shown(value: Any) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _name(tp: Any) -> str:
    if tp is type(None):
        return "None"
    if isinstance(tp, type):
        return tp.__name__
    return str(tp).replace("typing.", "")


def _instance_check(cls: type, expected: str) -> Check:
    if cls is int:
        def check_int(value: Any) -> Any:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            raise _Invalid(TypeError, f"expected {expected}, got {_shown(value)}")
        return check_int
    if cls is float:
        def check_float(value: Any) -> Any:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return value
            raise _Invalid(TypeError, f"expected {expected}, got {_shown(value)}")
        return check_float
    if isinstance(cls, type) and issubclass(cls, enum.Enum):
        return _enum_check(cls, expected)
    convert = _FROM_TEXT.get(cls)

    def check(value: Any) -> Any:
        if isinstance(value, cls):
            return value
        if convert is not None and isinstance(value, str):
            try:
                return convert(value)
            except ValueError as error:
                raise _Invalid(ValueError, f"{value!r} is no {cls.__name__}: {error}") from None
        raise _Invalid(TypeError, f"expected {expected}, got {_shown(value)}")
    return check


def _enum_check(cls: type[enum.Enum], expected: str) -> Check:
    is_open = issubclass(cls, OpenEnum)

    def check(value: Any) -> Any:
        if isinstance(value, cls):
            return value
        if isinstance(value, str) if is_open or issubclass(cls, str) else not isinstance(
                value, bool):
            try:
                return cls(value)
            except ValueError:
                known = ", ".join(repr(member.value) for member in cls)
                raise _Invalid(ValueError, f"{value!r} is no {cls.__name__} "
                                           f"(one of {known})") from None
        raise _Invalid(TypeError, f"expected {expected}, got {_shown(value)}")
    return check


def _union_check(members: tuple[Any, ...], expected: str) -> Check | None:
    optional = type(None) in members
    others = tuple(member for member in members if member is not type(None))
    convert = _IP_TYPES.get(frozenset(others))
    checks = [_check_of(member, expected) for member in others]
    if any(check is None for check in checks):
        return None
    pairs = [(_plain_class(member), check) for member, check in zip(others, checks)
             if check is not None]
    if len(pairs) == 1 and convert is None:
        only = pairs[0][1]

        def check_optional(value: Any) -> Any:
            return value if value is None and optional else only(value)
        return check_optional

    def check(value: Any) -> Any:
        if value is None and optional:
            return value
        # an instance of one member first (no text read as an enum when str is allowed)
        for cls, one in pairs:
            if cls is not None and isinstance(value, cls):
                return one(value)
        if convert is not None and isinstance(value, str):
            try:
                return convert(value)
            except ValueError as error:
                raise _Invalid(ValueError, str(error)) from None
        failure: _Invalid | None = None
        for _, one in pairs:
            try:
                return one(value)
            except _Invalid as error:
                failure = failure or error
        if failure is not None and failure.error is ValueError:
            raise failure
        raise _Invalid(TypeError, f"expected {expected}, got {_shown(value)}")
    return check


def _plain_class(tp: Any) -> type | None:
    origin = typing.get_origin(tp) or tp
    return origin if isinstance(origin, type) else None


def _exact_types(tp: Any) -> frozenset[type] | None:
    """Types whose instances pass the check of ``tp`` as they are (None: look closer)."""
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        found: set[type] = set()
        for member in typing.get_args(tp):
            exact = _exact_types(member)
            if exact is None:
                return None
            found |= exact
        return frozenset(found)
    if origin is not None or not isinstance(tp, type) or tp is tuple:
        return None
    if tp is float:
        return frozenset({float, int})
    return frozenset({tp})


def _sequence_check(origin: type, args: tuple[Any, ...], expected: str) -> Check:
    exact: frozenset[type] | None = None
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _check_of(args[0], expected)
        exact = _exact_types(args[0])
        fixed: list[Check | None] | None = None
    elif origin is tuple and args:
        item = None
        fixed = [_check_of(arg, expected) for arg in args]
    else:
        item = _check_of(args[0], expected) if args else None
        fixed = None
    wanted: type = tuple if origin is tuple else collections.abc.Sequence

    def check(given: Any) -> Any:
        if isinstance(given, LazyTuple):
            return given  # a tuple built from validated rows on first use: nothing to check
        value: Any = tuple(given) if origin is tuple and isinstance(given, list) else given
        fits = isinstance(value, wanted) and not isinstance(value, (str, bytes))
        if not fits:
            raise _Invalid(TypeError, f"expected {expected}, got {_shown(value)}")
        if exact is not None and all(type(one) in exact for one in value):
            return value
        if fixed is not None:
            if len(value) != len(fixed):
                raise _Invalid(TypeError, f"expected {expected}, got {_shown(value)}")
            items = [one(v) if one is not None else v for one, v in zip(fixed, value)]
        elif item is not None:
            items = [item(v) for v in value]
        else:
            return value
        if any(new is not old for new, old in zip(items, value)):
            return tuple(items) if origin is tuple else type(value)(items)
        return value
    return check


def _set_check(args: tuple[Any, ...], expected: str) -> Check:
    item = _check_of(args[0], expected) if args else None

    def check(value: Any) -> Any:
        if isinstance(value, (set, list, tuple)):
            value = frozenset(value)
        if not isinstance(value, frozenset):
            raise _Invalid(TypeError, f"expected {expected}, got {_shown(value)}")
        if item is not None:
            for one in value:
                item(one)
        return value
    return check


def _mapping_check(args: tuple[Any, ...], expected: str) -> Check:
    key = _check_of(args[0], expected) if args else None
    val = _check_of(args[1], expected) if len(args) > 1 else None

    def check(value: Any) -> Any:
        if not isinstance(value, collections.abc.Mapping):
            raise _Invalid(TypeError, f"expected {expected}, got {_shown(value)}")
        for k, v in value.items():
            if key is not None:
                key(k)
            if val is not None:
                val(v)
        return value
    return check


def _check_of(tp: Any, expected: str | None = None) -> Check | None:
    """The check of an annotation (None: anything goes, or a form not understood)."""
    expected = expected or _name(tp)
    if tp is Any or tp is object or isinstance(tp, (TypeVar, str, typing.ForwardRef)):
        return None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Union or origin is types.UnionType:
        return _union_check(args, expected)
    if origin is typing.Literal:
        allowed = frozenset(args)

        def check_literal(value: Any) -> Any:
            if type(value) in (str, int, bool) and value in allowed:
                return value
            kind = ValueError if type(value) in {type(arg) for arg in args} else TypeError
            raise _Invalid(kind, f"expected one of {', '.join(map(repr, args))}, "
                                 f"got {_shown(value)}")
        return check_literal
    if origin is typing.ClassVar:
        return None
    if origin in (tuple, collections.abc.Sequence, list):
        return _sequence_check(origin, args, expected)
    if origin in (frozenset, collections.abc.Set, set):
        return _set_check(args, expected)
    if origin in (dict, collections.abc.Mapping):
        return _mapping_check(args, expected)
    if origin is not None:
        return _instance_check(origin, expected) if isinstance(origin, type) else None
    if tp is type(None):
        def check_none(value: Any) -> Any:
            if value is None:
                return value
            raise _Invalid(TypeError, f"expected None, got {_shown(value)}")
        return check_none
    if isinstance(tp, type):
        if tp is tuple:
            return _sequence_check(tuple, (), expected)
        return _instance_check(tp, expected)
    return None


def _hints(cls: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls)
    except Exception:  # a name only imported for type checking: field by field
        module = vars(sys.modules[cls.__module__])
        hints: dict[str, Any] = {}
        for field in attrs.fields(cls):
            annotation = field.type
            with contextlib.suppress(Exception):  # not resolved: not checked
                hints[field.name] = (eval(annotation, module) if isinstance(annotation, str)
                                     else annotation)
        return hints


def _validator(cls: type) -> Callable[[Any], None]:
    """A function checking every field of an instance: generated, so that a field whose
    value has one of its exact types costs one ``type(v) in ...`` test."""
    hints = _hints(cls)
    owner = cls.__name__
    namespace: dict[str, Any] = {"slow": _slow_check}
    lines = ["def validate(obj):"]
    for position, field in enumerate(attrs.fields(cls)):
        if field.name not in hints or not field.init:
            continue
        check = _check_of(hints[field.name])
        if check is None:
            continue
        namespace[f"c{position}"] = check
        call = f"slow(obj, {owner!r}, {field.name!r}, v, c{position})"
        lines.append(f"    v = obj.{field.name}")
        lines.append(f"    if {_needs_check(hints[field.name], namespace, position)}: {call}")
    lines.append("    return None")
    exec(compile("\n".join(lines) + "\n", f"<netfacts checks of {owner}>", "exec"), namespace)
    validate: Callable[[Any], None] = namespace["validate"]
    return validate


def _needs_check(tp: Any, namespace: dict[str, Any], position: int) -> str:
    """The test that sends a value of annotation ``tp`` to its full check: not when its
    type is one the check accepts as it is, nor for None where allowed, nor for ``()``."""
    exact = _exact_types(tp)
    if exact is not None:
        namespace[f"t{position}"] = exact
        return f"type(v) not in t{position}"
    members = typing.get_args(tp) if typing.get_origin(tp) in (
        typing.Union, types.UnionType) else (tp,)
    tests = []
    if type(None) in members:
        tests.append("v is not None")
    if any(member is tuple or typing.get_origin(member) is tuple for member in members):
        tests.append("(type(v) is not tuple or v)")
    return " and ".join(tests) or "True"


def _slow_check(obj: Any, owner: str, name: str, value: Any, check: Check) -> None:
    try:
        new = check(value)
    except _Invalid as error:
        raise error.error(f"{owner}.{name}: {error}") from None
    if new is not value:
        object.__setattr__(obj, name, new)


def checked(cls: type[T]) -> type[T]:
    """Make ``cls(...)`` (an attrs class) validate its fields; see the module docstring."""
    fast_init = cls.__init__
    validators: list[Callable[[Any], None]] = []

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        fast_init(self, *args, **kwargs)
        if not validators:
            validators.append(_validator(cls))
        validators[0](self)

    __init__.__doc__ = fast_init.__doc__
    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    __init__.__wrapped__ = fast_init  # type: ignore[attr-defined]  # inspect.signature
    cls.__init__ = __init__  # type: ignore[method-assign]
    cls._fast_init = fast_init  # type: ignore[attr-defined]
    return cls


def builder(cls: type[T]) -> Callable[..., T]:
    """``cls``'s constructor without the checks (parsers' hot paths: their values are
    already validated)."""
    init = getattr(cls, "_fast_init", None)
    if init is None or "_fast_init" not in vars(cls):
        return cls
    new = object.__new__

    def build(*args: Any, **kwargs: Any) -> T:
        obj = new(cls)
        init(obj, *args, **kwargs)
        return obj
    return build
