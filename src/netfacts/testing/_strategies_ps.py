"""Hypothesis strategies for ``ps`` listings (:func:`ps_outputs`)."""

from __future__ import annotations

from hypothesis import strategies as st

from netfacts.models.process import Process, PsForm, PsLayout, PsOutput
from netfacts.renderers.ps import render_ps

__all__ = ["processes", "ps_outputs"]

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-+.", min_size=1, max_size=10)
_PROGRAMS = ("kubelet", "etcd", "/usr/bin/kube-apiserver", "/usr/bin/hyperkube kubelet",
             "/bin/sh -c exec /usr/local/bin/etcd", "[kthreadd]", "sshd: root@pts/0",
             "/usr/sbin/chronyd -F 2", "nginx: master process /usr/sbin/nginx")


@st.composite
def processes(draw: st.DrawFn, *, layout: str = "aux") -> Process:
    """One process as a listing of ``layout`` shows it."""
    command = draw(st.sampled_from(_PROGRAMS)) + draw(
        st.sampled_from(["", " --v=2", " --config /etc/x.yaml"]))
    start = draw(st.sampled_from(["10:08", "Nov26", "2025", "Jan01"]))
    time = draw(st.sampled_from(["0:00", "12:01", "1234:56"])) if layout == "aux" else \
        draw(st.sampled_from(["00:00:00", "01:02:03", "2-03:04:05"]))
    tty = draw(st.sampled_from(["?", "pts/0", "tty1"]))
    user = draw(_WORD)
    pid = draw(st.integers(min_value=1, max_value=4194304))
    if layout == "ef":
        return Process(user=user, pid=pid, ppid=draw(st.integers(0, 4194304)),
                       command=command, tty=tty, start=start, time=time)
    return Process(
        user=user, pid=pid, command=command,
        cpu_percent=draw(st.integers(0, 999)) / 10, mem_percent=draw(st.integers(0, 999)) / 10,
        vsz=draw(st.integers(0, 10**9)), rss=draw(st.integers(0, 10**8)), tty=tty,
        stat=draw(st.sampled_from(["Ss", "Ssl", "R+", "S<", "Z"])), start=start, time=time)


@st.composite
def ps_outputs(draw: st.DrawFn) -> tuple[str, PsOutput]:
    """(text, output) pairs of ``ps aux`` / ``ps -ef`` listings."""
    layout: PsLayout = draw(st.sampled_from(["aux", "ef"]))
    output = PsOutput(processes=tuple(draw(st.lists(processes(layout=layout), max_size=8))),
                      form=PsForm(layout=layout))
    return render_ps(output), output
