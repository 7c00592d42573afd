"""Test helpers for users of netfacts: Hypothesis strategies and input garbling.

Needs the optional ``hypothesis`` dependency (``pip install 'netfacts[testing]'``).
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "netfacts.testing needs Hypothesis: pip install 'netfacts[testing]'"
    ) from exc

__all__: list[str] = []
