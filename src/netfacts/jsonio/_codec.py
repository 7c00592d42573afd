"""A lossless JSON codec for the attrs models (used by snapshot files).

``encode`` turns any model into plain JSON values by field name; ``decode`` rebuilds
it from its class's type hints.  Values: ``ipaddress`` objects and
:class:`~netfacts.models.values.MacAddress` as their text, open enums as their value,
tuples as lists, nested models as objects, ``None`` as ``null``.  For a union type
the value's own shape decides (an IP address text becomes an address, other text stays
text); a value of a union of several model classes carries its class name under
``"$"``.  This is what lets :func:`netfacts.load_json` give back models equal to the ones
that were written; the ``ip -j`` shaped keys of a snapshot are views for people and jq.
"""

from __future__ import annotations

import collections.abc
import enum
import functools
import ipaddress
import types
import typing
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

import attrs

from netfacts.models.values import MacAddress, ip_address, link_address

__all__ = ["decode", "encode"]

T = TypeVar("T")


def encode(value: Any) -> Any:
    """A JSON-ready form of ``value`` (a model, or anything a model field holds)."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return value.value if isinstance(value, enum.Enum) else value
    if isinstance(value, (ipaddress.IPv4Address, ipaddress.IPv6Address, MacAddress,
                          ipaddress.IPv4Network, ipaddress.IPv6Network,
                          ipaddress.IPv4Interface, ipaddress.IPv6Interface)):
        return str(value)
    if isinstance(value, (tuple, list, collections.abc.Sequence)):  # also lazy sequences
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {str(key): encode(item) for key, item in value.items()}
    if attrs.has(type(value)):
        out: dict[str, Any] = {}
        ambiguous = _ambiguous_text_fields(value.__class__)
        tagged = _tagged_fields(value.__class__)
        for field in attrs.fields(type(value)):
            if not field.init:
                continue
            item = getattr(value, field.name)
            if field.default is not attrs.NOTHING and item == field.default:
                continue  # defaults are implied: keeps snapshot files small
            if field.name in ambiguous and type(item) is str:
                out[field.name] = {"text": item}  # text that must not turn into an address
            elif field.name in tagged:
                out[field.name] = _encode_tagged(item)
            else:
                out[field.name] = encode(item)
        return out
    raise TypeError(f"cannot encode {type(value).__name__}")


TAG = "$"
"""Key naming the class of a model whose field type is a union of several models."""


def _encode_tagged(value: Any) -> Any:
    """``encode`` with every model tagged by its class name, so that a union of models
    decodes to the right class (``{"$": "NftPayload", ...}``)."""
    if attrs.has(type(value)):
        return {TAG: type(value).__name__, **encode(value)}
    if isinstance(value, (tuple, list)):
        return [_encode_tagged(item) for item in value]
    return encode(value)


def _model_union(hint: Any) -> bool:
    """``hint`` is (or contains) a union of two or more model classes."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        models = [arg for arg in get_args(hint) if isinstance(arg, type) and attrs.has(arg)]
        if len(models) > 1:
            return True
    return any(_model_union(arg) for arg in get_args(hint))


@functools.cache
def _tagged_fields(cls: type) -> frozenset[str]:
    """Fields whose values are encoded with class tags (see :func:`_encode_tagged`)."""
    return frozenset(name for name, hint in _hints(cls).items() if _model_union(hint))


_TYPED_TEXT = (ipaddress.IPv4Address, ipaddress.IPv6Address, ipaddress.IPv4Network,
               ipaddress.IPv6Network, ipaddress.IPv4Interface, ipaddress.IPv6Interface,
               MacAddress)


@functools.cache
def _ambiguous_text_fields(cls: type) -> frozenset[str]:
    """Fields typed ``str | <address type>``: their plain text is tagged when encoded
    (a cut-off address kept as text may still read as a valid address)."""
    names = set()
    for name, hint in _hints(cls).items():
        if get_origin(hint) in (Union, types.UnionType):
            args = get_args(hint)
            if str in args and any(arg in _TYPED_TEXT for arg in args):
                names.add(name)
    return frozenset(names)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def decode(kind: Any, data: Any) -> Any:
    """Rebuild a value of type ``kind`` from :func:`encode`'s output."""
    if data is None:
        return None
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        return _decode_union(get_args(kind), data)
    if origin is tuple:
        args = get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(args[0], item) for item in data)
        return tuple(decode(arg, item) for arg, item in zip(args, data))
    if origin is collections.abc.Sequence:  # read-only sequences decode as tuples
        return tuple(decode(get_args(kind)[0], item) for item in data)
    if origin is dict:
        key_type, value_type = get_args(kind)
        return {decode(key_type, k): decode(value_type, v) for k, v in data.items()}
    if kind is Any or kind is object:
        return data
    if isinstance(kind, type):
        if attrs.has(kind):
            hints = _hints(kind)
            values = {
                field.name: decode(hints[field.name], data[field.name])
                for field in attrs.fields(kind)
                if field.init and field.name in data and field.name != TAG
            }
            return kind(**values)
        if issubclass(kind, enum.Enum):
            return kind(data)
        if kind is MacAddress:
            return MacAddress.parse(data)
        if kind in (ipaddress.IPv4Address, ipaddress.IPv6Address):
            return kind(data)
        if kind in (ipaddress.IPv4Network, ipaddress.IPv6Network, ipaddress.IPv4Interface,
                    ipaddress.IPv6Interface):
            return kind(data)
        if kind in (int, str, float, bool):
            return kind(data)
    raise TypeError(f"cannot decode {kind!r}")


_IP_TYPES = (ipaddress.IPv4Address, ipaddress.IPv6Address)
_NET_TYPES = (ipaddress.IPv4Network, ipaddress.IPv6Network)
_INTERFACE_TYPES = (ipaddress.IPv4Interface, ipaddress.IPv6Interface)


def _decode_union(args: tuple[Any, ...], data: Any) -> Any:
    options = [arg for arg in args if arg is not type(None)]
    if len(options) == 1:
        return decode(options[0], data)
    if isinstance(data, dict) and TAG in data:
        for option in options:
            if isinstance(option, type) and option.__name__ == data[TAG]:
                return decode(option, data)
    if isinstance(data, dict) and str in options and set(data) == {"text"}:
        return str(data["text"])
    if isinstance(data, bool) and bool in options:
        return data
    if isinstance(data, int) and not isinstance(data, bool) and int in options:
        return data
    if isinstance(data, str):
        if MacAddress in options:
            try:
                return link_address(data)
            except ValueError:
                pass
        if any(arg in options for arg in _IP_TYPES):
            try:
                return ip_address(data)
            except ValueError:
                pass
        if any(arg in options for arg in _INTERFACE_TYPES):
            try:
                return ipaddress.ip_interface(data)
            except ValueError:
                pass
        if any(arg in options for arg in _NET_TYPES):
            try:
                return ipaddress.ip_network(data)
            except ValueError:
                pass
        if str in options:
            return data
    for option in options:
        if isinstance(option, type) and attrs.has(option) and isinstance(data, dict):
            return decode(option, data)
        origin = get_origin(option)
        if origin is tuple and isinstance(data, list):
            return decode(option, data)
    raise TypeError(f"cannot decode {data!r} as one of {options!r}")


_ = typing  # typing.get_type_hints resolves the models' string annotations
