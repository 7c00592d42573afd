#!/usr/bin/env python3
"""Capture ``ps`` listings of a known set of processes (fixtures/netns/ps/).

Runs as root: a new PID namespace (``unshare --pid --fork --mount-proc``) holds only the
processes started here, so the listings contain nothing of the machine they were taken
on.  The processes cover what the parser must handle: a program started through a wrapper
(``sh -c exec ...``), a multi-call binary's argv (``hyperkube kubelet``), a command line
with many words, a user name longer than ps's column (shown cut, with ``+``), a zombie,
and a process without arguments.

    python3 scripts/capture_ps.py [--out fixtures/netns/ps]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

LONG_USER = "kubeletserviceaccount"

_PAUSE_C = "#include <unistd.h>\nint main(void) { pause(); return 0; }\n"
"""A program that waits forever whatever its argv: each process below shows exactly the
command line it was given."""

_INSIDE = r"""
cd /
P={tmp}/pause
(exec -a /usr/bin/hyperkube $P kubelet --v=2 --node-ip=192.168.121.10) &
(exec -a /usr/local/bin/etcd $P --name=controlplane --data-dir=/var/lib/etcd) &
bash -c "exec -a /usr/bin/kube-scheduler $P --bind-address=127.0.0.1 --leader-elect=true" &
runuser -u {user} -- bash -c "exec -a kube-proxy $P --config=/var/lib/kube-proxy/config.conf" &
bash -c "sleep 0.1 & exec -a containerd-shim $P -namespace k8s.io" &
(exec -a nginx: $P master process /usr/sbin/nginx) &
sleep 1
ps aux > {tmp}/ps_aux.txt
ps auxwww > {tmp}/ps_auxwww.txt
ps auxcww > {tmp}/ps_auxcww.txt
ps -ef > {tmp}/ps_-ef.txt
kill $(jobs -p) 2>/dev/null
exit 0
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--out", type=Path, default=Path("fixtures/netns/ps"))
    args = parser.parse_args()
    if shutil.which("unshare") is None or shutil.which("runuser") is None:
        print("needs unshare and runuser (util-linux)", file=sys.stderr)
        return 2
    if shutil.which("cc") is None:
        print("needs a C compiler (cc) for the pause helper", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["useradd", "-M", "-s", "/usr/sbin/nologin", LONG_USER],
                   check=False, capture_output=True)
    with tempfile.TemporaryDirectory(prefix="capture-ps-") as name:
        tmp = Path(name)
        tmp.chmod(0o755)  # the long-named user runs the helper too
        (tmp / "pause.c").write_text(_PAUSE_C)
        subprocess.run(["cc", "-O", "-o", str(tmp / "pause"), str(tmp / "pause.c")], check=True)
        (tmp / "capture.sh").write_text(_INSIDE.format(tmp=tmp, user=LONG_USER))
        done = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "bash",
                               str(tmp / "capture.sh")], check=False)
        for capture in sorted(tmp.glob("ps_*.txt")):
            shutil.copy(capture, args.out / capture.name)
    version = subprocess.run(["ps", "--version"], capture_output=True, text=True, check=False)
    (args.out / "VERSIONS.txt").write_text(version.stdout)
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
