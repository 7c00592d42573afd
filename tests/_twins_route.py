"""Reading ``ip -j route`` twins: iproute2 <= 6.2 flattens encaps with duplicate keys.

``ip -j route`` of iproute2 6.2 and older writes the encap's fields into the route
object (``"dst": "10.60.0.0/16", "encap": "ip", "id": 100, "src": ..., "dst": ...``),
so the object has two ``dst`` keys and a plain JSON reader keeps the tunnel's.  This
reads the pairs in order and rebuilds the nested object iproute2 6.3+ prints (and
netfacts prints), which is the same information.
"""

from __future__ import annotations

import json
from typing import Any

# Fields iproute2's lwtunnel printers write after "encap" (ip/iproute_lwtunnel.c).
ENCAP_FIELDS = {
    "ip": ("id", "src", "dst", "ttl", "tos", "key", "csum", "seq"),
    "ip6": ("id", "src", "dst", "hoplimit", "tc", "key", "csum", "seq"),
    "seg6": ("mode", "segs", "hmac"),
    "mpls": ("dst", "ttl"),
}


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    index = 0
    while index < len(pairs):
        key, value = pairs[index]
        if key == "encap" and isinstance(value, str):
            nested: dict[str, Any] = {"encap_type": value}
            fields = list(ENCAP_FIELDS.get(value, ()))
            index += 1
            while index < len(pairs) and pairs[index][0] in fields:
                field, field_value = pairs[index]
                fields.remove(field)
                nested[field] = field_value
                index += 1
            out["encap"] = nested
            continue
        out.setdefault(key, value)
        index += 1
    return out


def load_route_twin(text: str) -> list[Any]:
    """The routes of an ``ip -j route`` capture, encaps nested as in iproute2 6.3+."""
    loaded: list[Any] = json.loads(text, object_pairs_hook=_object)
    return loaded
