"""Render neighbours back to ``ip neigh`` text, in the spacing layout they came from.

The layouts are spelled once, in :func:`netfacts.grammar.ip_neigh.format_neighbour`
(the parser tells a capture's layout with the same function).  Both layouts are
iproute2's own ``printf`` formats, so a real capture renders back to the same text byte
for byte (see ``docs/commands/ip_neigh.md``):

* layout A (iproute2 up to 5.15): ``dst "%s "``, ``"dev %s "``, ``"lladdr %s"``, then
  every later word with a space *before* it (``" router"``, ``" used %u/%u/%u"``,
  ``" probes %u"``, ``" STATE"``), ``extern_learn`` and ``proto`` with spaces on both
  sides;
* layout B (5.16+): every word followed by a space, ``" ref %u"`` and ``" used %u/%u/%u"``
  with a space before, ``"probes %u "`` glued to the ``used`` triple.
"""

from __future__ import annotations

from netfacts.grammar.ip_neigh import format_neighbour as render_neighbour
from netfacts.models.neighbour import IpNeighOutput, Neighbour

__all__ = ["neighbour_text", "render_ip_neigh", "render_neighbour"]


def neighbour_text(neighbour: Neighbour) -> str:
    """The neighbour as one ``ip neigh`` line without trailing blanks (``str(neighbour)``):
    ``192.168.50.1 dev eth0 lladdr 02:00:00:00:50:01 REACHABLE``."""
    return render_neighbour(neighbour, "A").strip()


def render_ip_neigh(output: IpNeighOutput) -> str:
    """``ip neigh`` text for ``output`` (empty output prints nothing, as iproute2 does)."""
    layout = output.form.layout
    return "".join(render_neighbour(n, layout) + "\n" for n in output.neighbours)
