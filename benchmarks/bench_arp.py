"""Speed of netfacts on a 50,000-row ``arp -n``, side by side with ``jc --arp``.

Generates a Linux-style ``arp -n`` table of 50,000 rows in net-tools' fixed columns (a
realistic mix: complete entries on a handful of interfaces, 8% ``(incomplete)`` rows, some
permanent ``CM`` entries and published ``MP`` proxy entries), then times, in one run and
as whole processes started the same way:

* the reference: a plain Python script that only splits the file into tokens;
* netfacts: parse, build the typed models, print the JSON (``netfacts parse --as arp``
  once the family is registered; until then ``python -c`` doing exactly what the CLI
  does: disable the cyclic GC, read, ``parse_arp``, ``arp_to_json``, ``json.dumps``);
* ``jc --arp`` (jc 1.26.1, the optional ``bench`` dependency), reading the file on stdin.

Target (issue #3): netfacts at least as fast as jc.  The script also checks jc's output
against the generator's own rows and reports the rows jc gets wrong.  Usage::

    python benchmarks/bench_arp.py [--rows 50000] [--repeat 9]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _harness import BASELINE_SPLIT, compile_package, measure_all, report

HEADER = "Address                  HWtype  HWaddress           Flags Mask            Iface"
IFACES = ["eth0", "eth1", "bond0.100", "cni0", "br-3f2a9c1d0e4b", "flannel.1", "ens192"]

_RUNNER = (
    "import gc, json, sys\n"
    "gc.disable()\n"
    "import netfacts.cli\n"
    "from netfacts.parsers.arp import parse_arp\n"
    "from netfacts.jsonio.arp import arp_to_json, arp_to_json_text\n"
    "with open(sys.argv[1], 'rb') as f:\n"
    "    text = f.read().decode('utf-8', errors='replace')\n"
    "out = parse_arp(text, source=sys.argv[1])\n"
    "{write}\n"
    "sys.stdout.write('\\n')\n"
)
DICT_SCRIPT = _RUNNER.format(write=(
    "sys.stdout.write(json.dumps(arp_to_json(out), ensure_ascii=False, separators=(',', ':'),"
    " check_circular=False))"))
"""What ``netfacts parse --as arp`` does with today's CLI: ``json.dumps(to_json(...))``."""
TEXT_SCRIPT = _RUNNER.format(write="sys.stdout.write(arp_to_json_text(out))")
"""What it does once the CLI prints a family's JSON text writer (``to_json_text``)."""


def generate(rows: int, seed: int = 1) -> tuple[str, list[dict[str, object]]]:
    """``arp -n`` text and, per row, what it shows (address, hwaddress, flags, iface)."""
    rng = random.Random(seed)
    lines = [HEADER]
    truth: list[dict[str, object]] = []
    seen: set[str] = set()
    while len(truth) < rows:
        address = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        if address in seen:
            continue
        seen.add(address)
        iface = rng.choice(IFACES)
        roll = rng.random()
        if roll < 0.08:
            hwtype, hwaddress, flags = "", "(incomplete)", ""
        elif roll < 0.09:
            hwtype, hwaddress, flags = "*", "<from_interface>", "MP"
        else:
            hwtype = "ether"
            hwaddress = ":".join(f"{rng.randrange(256):02x}" for _ in range(6))
            flags = "CM" if roll < 0.14 else "C"
        lines.append(f"{address:<23.23}  {hwtype:<8.8}{hwaddress:<20.20}{flags:<6.6}"
                     f"{'':<15.15} {iface}")
        truth.append({"address": address, "hwaddress": hwaddress, "flags": flags,
                      "iface": iface})
    return "\n".join(lines) + "\n", truth


def netfacts_commands(path: Path) -> dict[str, list[str]]:
    """The netfacts CLI when ``--as arp`` is registered, plus the two ``python -c`` runners.

    The runners import ``netfacts.cli`` too, so they pay the same start-up as the CLI.
    """
    from netfacts import _registry

    commands = {
        "netfacts, dicts + json.dumps (python -c)": [sys.executable, "-c", DICT_SCRIPT,
                                                     str(path)],
        "netfacts, JSON text writer (python -c)": [sys.executable, "-c", TEXT_SCRIPT,
                                                   str(path)],
    }
    if "arp" in _registry.KINDS:
        commands["netfacts parse --as arp (CLI)"] = [
            sys.executable, "-m", "netfacts", "parse", "--as", "arp", str(path)]
    return commands


def jc_mistakes(jc: str, path: Path, truth: list[dict[str, object]]) -> dict[str, int]:
    """Rows jc reads wrongly: its record against the generator's row, field by field."""
    result = subprocess.run([jc, "--arp"], stdin=path.open("rb"), capture_output=True,
                            check=True)
    records = json.loads(result.stdout)
    counts = {"records": len(records), "wrong": 0, "incomplete_wrong": 0,
              "incomplete_rows": 0, "no_iface": 0}
    for record, row in zip(records, truth):
        incomplete = row["hwaddress"] == "(incomplete)"
        counts["incomplete_rows"] += incomplete
        good = (record.get("address") == row["address"]
                and record.get("iface") == row["iface"]
                and record.get("hwaddress") == row["hwaddress"])
        if not good:
            counts["wrong"] += 1
            counts["incomplete_wrong"] += incomplete
        counts["no_iface"] += "iface" not in record
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    compile_package()
    jc = shutil.which("jc") or str(Path(sys.executable).with_name("jc"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "arp_-n.txt"
        text, truth = generate(args.rows)
        path.write_text(text)
        baseline = Path(tmp) / "split.py"
        baseline.write_text(BASELINE_SPLIT)
        print(f"input: {args.rows} rows, {text.count(chr(10))} lines, "
              f"{path.stat().st_size / 1e6:.1f} MB")
        jc_argv = ["sh", "-c", f'exec "{jc}" --arp < "{path}"']
        commands = {
            "python split.py (reference)": [sys.executable, str(baseline), str(path)],
            "jc --arp (1.26.1)": jc_argv,
            **netfacts_commands(path),
        }
        results = measure_all(list(commands.values()), args.repeat)
        rows = [(label, t, rss) for label, (t, rss) in zip(commands, results)]
        report(rows, "jc --arp (1.26.1)")
        theirs = rows[1][1]
        for label, ours, _ in rows[2:]:
            print(f"{label}: {ours / theirs:.2f} x jc (target <= 1.00), "
                  f"{args.rows / ours:,.0f} rows/s end to end")
        mistakes = jc_mistakes(jc, path, truth)
        print(f"jc: {mistakes['records']} records, {mistakes['wrong']} wrong "
              f"({mistakes['incomplete_wrong']} of the {mistakes['incomplete_rows']} "
              f"(incomplete) rows), {mistakes['no_iface']} without 'iface'")


if __name__ == "__main__":
    main()
