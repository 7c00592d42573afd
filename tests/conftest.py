"""Shared test helpers: fixture locations and hypothesis profiles."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CORPUS = FIXTURES / "corpus"
NETNS = FIXTURES / "netns"

sys.path.insert(0, str(Path(__file__).resolve().parent))

settings.register_profile(
    "default",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# CI draws the same examples on every run (a red CI blocks landing, so it must not depend on
# luck); local runs draw new ones, and HYPOTHESIS_PROFILE=soak draws many more: bugs they
# find become example tests.
settings.register_profile("ci", max_examples=300, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("soak", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def corpus_files(*, families: tuple[str, ...], exclude: tuple[str, ...] = ()) -> list[Path]:
    """Corpus text captures whose command object (first non-option word) is in ``families``."""
    found = []
    for path in sorted(CORPUS.glob("*.txt")):
        name = path.name
        if name.endswith(".stderr.txt") or name in ("MANIFEST.txt", "VERSIONS.txt",
                                                    "MAPPING_CHECK.txt"):
            continue
        args = name.split("__", 1)[-1][:-4]
        words = [w for w in args.split("_") if w and not w.startswith("-")]
        if words and words[0] in families and not any(x in name for x in exclude):
            found.append(path)
    return found
