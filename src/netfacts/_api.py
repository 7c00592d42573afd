"""The public functions on text: parse, detect, render, to_json (sources: :mod:`netfacts._load`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netfacts import _registry
from netfacts.errors import ParseError

if TYPE_CHECKING:
    from netfacts.detection import Detection
    from netfacts.errors import Diagnostic
    from netfacts.models.output import Output

__all__ = ["detect", "parse", "render", "to_json"]


def _text(data: str | bytes) -> str:
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data).decode("utf-8", errors="replace")
    if not isinstance(data, str):
        raise ParseError(f"expected text (str or bytes), got {type(data).__name__}")
    return data


def detect(text: str | bytes, *, filename: str | None = None) -> Detection:
    """Which command produced ``text`` (see :mod:`netfacts.detection`)."""
    from netfacts.detection import detect as _detect

    return _detect(_text(text), filename=filename)


def parse(
    text: str | bytes,
    kind: str | None = None,
    *,
    strict: bool = False,
    source: str | None = None,
) -> Output:
    """Parse captured command output into typed models.

    ``kind`` is an ``--as`` name (``"ip-addr"``, ``"ip-link"``, ...) or a family
    key (``"ip_addr"``); without it the kind is detected from the content and
    from ``source`` when that is a file name.  Lenient by default: bad lines
    become :class:`~netfacts.errors.Diagnostic` records on the result; with
    ``strict=True`` the first one raises :class:`~netfacts.errors.ParseError`,
    the only exception this function raises.
    """
    data = _text(text)
    family, options = _resolve(data, kind, source)
    return _parse_resolved(data, family, options, strict, source)


def _parse_resolved(data: str, family: _registry.CommandFamily, options: dict[str, Any],
                    strict: bool, source: str | None) -> Output:
    parser = _registry.load(family.parser)
    try:
        result: Output = parser(data, strict=strict, source=source, **options)
    except ParseError:
        raise
    except Exception as exc:  # a parser bug must still surface as ParseError
        raise _internal(family, exc, source) from exc
    return result


def _resolve(
    data: str, kind: str | None, source: str | None
) -> tuple[_registry.CommandFamily, dict[str, Any]]:
    """The family that parses ``data`` and the parser options the command line implies."""
    if kind is not None and not isinstance(kind, str):
        raise ParseError(f"kind must be a string, got {type(kind).__name__}", source=source)
    if kind is None:
        from netfacts.detection import detect as _detect

        detection = _detect(data, filename=source)
        kind = detection.kind
        hints = dict(detection.hints)
    else:
        from netfacts.detection import command_hints

        hints = command_hints(data, source, kind)
    entry = _registry.family_for_kind(kind)
    if entry is None:
        raise ParseError(
            f"unknown kind {kind!r}; known: {', '.join(sorted(_registry.KINDS))}",
            source=source,
        )
    family, family_hints = entry
    return family, {**family_hints, **hints}


def _internal(family: _registry.CommandFamily, exc: Exception, source: str | None) -> ParseError:
    return ParseError(
        f"internal error while parsing as {family.key}: {type(exc).__name__}: {exc}",
        source=source,
    )


def json_text(
    text: str | bytes, kind: str | None = None, *, source: str | None = None
) -> tuple[str, tuple[Diagnostic, ...]] | None:
    """Compact JSON text straight from ``text`` when the family has a direct path.

    Equal, byte for byte, to ``json.dumps(to_json(parse(text, kind)))`` in compact
    form; None when the family (or this input) needs the model path.  Lenient only.
    """
    data = _text(text)
    family, options = _resolve(data, kind, source)
    result = _json_text_resolved(data, family, options, source)
    return (str(result[0]), result[1]) if result is not None else None


def _json_text_resolved(data: str, family: _registry.CommandFamily, options: dict[str, Any],
                        source: str | None, *, parts: bool = False
                        ) -> tuple[str | list[str], tuple[Diagnostic, ...]] | None:
    """A family's direct JSON; a writer may return the text as a list of pieces (whose
    concatenation it is), joined here unless ``parts``."""
    if family.direct_json is None:
        return None
    writer = _registry.load(family.direct_json)
    try:
        result: tuple[str | list[str], tuple[Diagnostic, ...]] | None = writer(
            data, source=source, **options)
    except ParseError:
        raise
    except Exception as exc:
        raise _internal(family, exc, source) from exc
    if result is not None and not parts and not isinstance(result[0], str):
        return "".join(result[0]), result[1]
    return result


def cli_json(text: str, kind: str | None, *, source: str | None
             ) -> tuple[str | list[str], tuple[Diagnostic, ...]] | Output:
    """For ``netfacts parse``: the direct compact JSON text (a string, or pieces to write
    one after the other) when the family has one for this input, else the parse result,
    with the kind resolved (detected) only once."""
    family, options = _resolve(text, kind, source)
    direct = _json_text_resolved(text, family, options, source, parts=True)
    if direct is not None:
        return direct
    return _parse_resolved(text, family, options, False, source)


def render(output: Output) -> str:
    """Text of a parse result in the form it came from."""
    family = _registry.family_for_output(output.kind)
    renderer = _registry.load(family.renderer)
    text: str = renderer(output)
    return text


def to_json(output: Output) -> Any:
    """JSON-ready data shaped like the command's own JSON (``ip -j``) where it has one."""
    family = _registry.family_for_output(output.kind)
    writer = _registry.load(family.to_json)
    return writer(output)
