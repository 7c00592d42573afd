"""The socket capture of scripts/capture_k8s.py: every node's /proc/net socket tables, lsof
and ps, with netstat and ss taken at the same moment (standard library only).

A sosreport always copies ``/proc/net`` and runs ``lsof`` and ``ps``, also on nodes that have
neither netstat nor ss.  These files let a test answer "which ports, which programs" from
them and compare with netstat's answer for the same sockets and processes, so they are
taken together, between two ``ss -H -tuanp`` reads that must agree (else the batch is taken
again), into ``OUT/<cluster>/<node>/sockets/`` in the sos 4.x layout:

    sockets/proc/net/{tcp,tcp6,udp,udp6,raw,raw6,unix}     cat inside the node namespace
    sockets/sos_commands/process/lsof_M_-n_-l_-c           lsof +M -n -l -c '' -a -p PIDS
    sockets/sos_commands/process/ps_auxwww                 ps auxwww (the node's rows)
    sockets/sos_commands/networking/netstat_-W_-neopa      the same moment's netstat
    sockets/sos_commands/networking/ss_-peaonmi            ... and ss
    sockets/MANIFEST.tsv                                   file, command, exit status, note
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

MARKER = "<!-- sockets (scripts/_capture_k8s_sockets.py) -->"
SOCKET_FILES = ("tcp", "tcp6", "udp", "udp6", "raw", "raw6", "unix")
LISTINGS = ("netstat -W -neopa", "ss -peaonmi")

Run = Callable[[str], tuple[bytes, bytes, int]]


def _keep_rows(out: bytes, pids: set[int]) -> bytes:
    """The header and the rows whose second field (PID in ps auxwww) is one of ``pids``."""
    lines = out.splitlines(keepends=True)
    keep = lines[:1]
    for line in lines[1:]:
        fields = line.split()
        if len(fields) > 1 and fields[1].isdigit() and int(fields[1]) in pids:
            keep.append(line)
    return b"".join(keep)


def _identity(run: Run) -> list[str]:
    out = run("ss -H -tuanp")[0].decode(errors="replace")
    return sorted(" ".join(line.split()[:6]) for line in out.splitlines())


def capture(run: Run, pids: set[int], where: Path, mangle: Callable[[str], str]) -> list[str]:
    """Capture one node's socket files into ``where`` (``run`` runs a command in the node's
    namespace: stdout, stderr, exit status).  Returns problems (empty when all is well)."""
    pid_list = ",".join(map(str, sorted(pids)))
    for _attempt in range(4):
        before = _identity(run)
        batch: list[tuple[str, bytes, str, int, str]] = []
        for name in SOCKET_FILES:
            out, _err, rc = run(f"cat /proc/net/{name}")
            batch.append((f"proc/net/{name}", out, f"cat /proc/net/{name}", rc, ""))
        form = "lsof +M -n -l -c ''"
        out, _err, rc = run(f"{form} -a -p {pid_list}")
        batch.append((f"sos_commands/process/{mangle(form)}", out, f"{form} -a -p PIDS", rc,
                      "PIDS: the node's stand-in daemons and their workers"))
        out, _err, rc = run("ps auxwww")
        batch.append(("sos_commands/process/ps_auxwww", _keep_rows(out, pids), "ps auxwww",
                      rc, "rows of other processes removed"))
        for command in LISTINGS:
            out, _err, rc = run(command)
            batch.append((f"sos_commands/networking/{mangle(command)}", out, command, rc, ""))
        if _identity(run) == before:
            break
    else:
        return [f"{where}: the sockets kept changing during the capture"]
    where.mkdir(parents=True, exist_ok=True)
    rows = ["file\tcommand\texit_status\tnote"]
    for relative, out, command, rc, note in batch:
        (where / relative).parent.mkdir(parents=True, exist_ok=True)
        (where / relative).write_bytes(out)
        rows.append(f"{relative}\t{command}\t{rc}\t{note}")
    (where / "MANIFEST.tsv").write_text("\n".join(rows) + "\n")
    return []


def lsof_version() -> str:
    import subprocess

    p = subprocess.run(["lsof", "-v"], capture_output=True, check=False)
    lines = (p.stdout + p.stderr).decode(errors="replace").splitlines()
    revision = next((ln.split(":", 1)[1].strip() for ln in lines if "revision:" in ln), "")
    return f"lsof {revision}".strip()


def readme_section(stamp: str, how: str) -> str:
    files = "\n".join(f"| `cat /proc/net/{n}` | `proc/net/{n}` |" for n in SOCKET_FILES)
    return f"""{MARKER}
## Sockets without netstat and ss (`<cluster>/<node>/sockets/`)

Captured {stamp} with {lsof_version()} by {how} (`scripts/_capture_k8s_sockets.py`).
The clusters were built and their daemons started exactly as for the files above, then, node
by node, inside the node's namespace and between two `ss -H -tuanp` reads that had to agree:

| command | file (sos 4.x layout, relative to `sockets/`) |
|---|---|
{files}
| `lsof +M -n -l -c '' -a -p PIDS` | `sos_commands/process/lsof_M_-n_-l_-c` |
| `ps auxwww` | `sos_commands/process/ps_auxwww` |
| `netstat -W -neopa` | `sos_commands/networking/netstat_-W_-neopa` |
| `ss -peaonmi` | `sos_commands/networking/ss_-peaonmi` |

- `lsof` is sos 4.1+'s form (`lsof +M -n -l -c ''`); `-a -p PIDS` (the node's stand-in
  daemons and their workers) keeps it to the node's processes, since the namespaces share
  one PID namespace.  lsof ran inside the node's network namespace, as sos runs it on the node.
- `ps auxwww` keeps the header and the node's processes' rows, as the main `ps_auxwww`.
- These files are a capture of their own: PIDs, inode numbers and ephemeral ports differ from
  the node's main files (the listeners, programs and addresses are the same by construction).
  netstat and ss here are the twins of the `/proc/net` tables and lsof of the same moment.
  `tests/_k8s.py` (`build_node(..., sockets=True)`) builds a node's report with them in place
  of the main `netstat`, `ss` and `ps` files.
"""
