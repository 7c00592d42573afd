"""``ps aux`` / ``ps -ef`` (fixtures/netns/ps, captured by scripts/capture_ps.py in a PID
namespace of known processes), and the program names snapshots and checks take from it."""

from __future__ import annotations

from pathlib import Path

import pytest

import netfacts
from _k8s import node_outputs
from conftest import NETNS
from netfacts import ParseError
from netfacts.checks import run_checks
from netfacts.models.process import Process, PsOutput, program_names
from netfacts.parsers.ps import parse_ps
from netfacts.renderers.ps import render_ps
from netfacts.testing.sosreport import build_sosreport

PS = NETNS / "ps"


def _parse(name: str) -> PsOutput:
    out = netfacts.parse((PS / name).read_text(), source=name)
    assert isinstance(out, PsOutput)
    assert out.diagnostics == ()
    return out


def test_aux_columns_and_programs() -> None:
    out = _parse("ps_aux.txt")
    assert out.form.layout == "aux"
    by_pid = out.by_pid()
    kubelet = by_pid[2]
    assert (kubelet.user, kubelet.tty, kubelet.stat, kubelet.time) == ("root", "?", "S", "0:00")
    assert kubelet.command == "/usr/bin/hyperkube kubelet --v=2 --node-ip=192.168.121.10"
    assert kubelet.programs == ("hyperkube", "kubelet")
    assert kubelet.cpu_percent == 0.0 and kubelet.vsz is not None and kubelet.rss is not None
    assert by_pid[3].program == "etcd"
    assert by_pid[4].program == "kube-scheduler"
    assert by_pid[7].program == "nginx"
    zombie = next(p for p in out.processes if p.stat == "Z")
    assert zombie.command == "[sleep] <defunct>" and zombie.vsz == 0
    long_user = next(p for p in out.processes if p.program == "kube-proxy")
    assert long_user.user == "kubelet+"  # ps cuts user names to 7 characters and a +


def test_ef_layout_has_parents() -> None:
    out = _parse("ps_-ef.txt")
    assert out.form.layout == "ef"
    by_pid = out.by_pid()
    assert by_pid[2].ppid == 1 and by_pid[2].time == "00:00:00"
    assert by_pid[2].programs == ("hyperkube", "kubelet")
    assert by_pid[2].cpu_percent is None
    aux = _parse("ps_aux.txt").by_pid()
    shared = set(aux) & set(by_pid)
    assert {pid: aux[pid].command for pid in shared if pid not in (11, 14)} == {
        pid: by_pid[pid].command for pid in shared if pid not in (11, 14)}


def test_auxcww_shows_names_only() -> None:
    out = _parse("ps_auxcww.txt")
    assert {p.command for p in out.processes} >= {"pause", "bash", "runuser"}


@pytest.mark.parametrize(("command", "names"), [
    ("/usr/bin/kubelet --config /etc/k.yaml", ("kubelet",)),
    ("/usr/bin/hyperkube kubelet --v=2", ("hyperkube", "kubelet")),
    ("/bin/sh -c exec /usr/local/bin/etcd --name a", ("sh", "etcd")),
    ("env GODEBUG=x=1 /usr/bin/kube-apiserver --a", ("env", "kube-apiserver")),
    ("/usr/bin/python3 /usr/bin/supervisord -n", ("python3", "supervisord")),
    ("[kworker/0:1-events]", ("kworker/0:1-events",)),
    ("nginx: master process /usr/sbin/nginx", ("nginx",)),
    ("", ()),
])
def test_program_names(command: str, names: tuple[str, ...]) -> None:
    assert program_names(command) == names


def test_json_keys() -> None:
    aux = netfacts.to_json(_parse("ps_aux.txt"))
    assert list(aux[0]) == ["user", "pid", "cpu_percent", "mem_percent", "vsz", "rss", "tty",
                            "stat", "start", "time", "command"]
    ef = netfacts.to_json(_parse("ps_-ef.txt"))
    assert list(ef[0]) == ["user", "pid", "ppid", "start", "tty", "time", "command"]
    assert ef[1]["command"].startswith("/usr/bin/hyperkube")


@pytest.mark.parametrize("name", ["ps_aux.txt", "ps_-ef.txt", "ps_auxcww.txt", "ps_auxwww.txt"])
def test_detected_by_content_and_by_name(name: str) -> None:
    text = (PS / name).read_text()
    assert netfacts.detect(text).kind == "ps"
    assert netfacts.detect("", filename="sos_commands/process/ps_auxwww").kind == "ps"


@pytest.mark.parametrize("name", ["ps_aux.txt", "ps_-ef.txt"])
def test_render_parses_back(name: str) -> None:
    out = _parse(name)
    assert parse_ps(render_ps(out)) == out


def test_bad_lines() -> None:
    text = (PS / "ps_aux.txt").read_text().splitlines()
    text[2] = "root  notapid 0.0 0.0 1 1 ? S 16:43 0:00 x"
    text[3] = "root  " + "9" * 5000 + " 0.0 0.0 1 1 ? S 16:43 0:00 x"
    out = parse_ps("\n".join(text) + "\n")
    assert len(out.processes) == len(_parse("ps_aux.txt").processes) - 2
    assert [d.line for d in out.diagnostics] == [3, 4]
    with pytest.raises(ParseError):
        parse_ps("\n".join(text) + "\n", strict=True)
    with pytest.raises(ValueError):
        Process(user="x", pid=-1)
    with pytest.raises(ValueError):
        Process(user="x", pid=1, cpu_percent=float("inf"))


# ---------------------------------------------------------------- program names in checks


def _controlplane(tmp_path: Path, netstat_edit: tuple[str, str], ps_edit: tuple[str, str]
                  ) -> netfacts.Snapshot:
    outputs, files = node_outputs("healthy", "controlplane")
    key = "netstat -W -neopa"
    outputs[key] = outputs[key].replace(*netstat_edit)
    outputs["ps auxwww"] = outputs["ps auxwww"].replace(*ps_edit)
    report = build_sosreport(tmp_path, outputs, hostname="controlplane", files=files)
    return netfacts.load_snapshot(report)


def test_hyperkube_serving_the_kubelet_port_is_the_kubelet(tmp_path: Path) -> None:
    """An OpenShift master: netstat shows ``hyperkube`` on 10250, ps shows
    ``/usr/bin/hyperkube kubelet ...`` for the same pid."""
    snap = _controlplane(tmp_path, ("14851/kubelet     ", "14851/hyperkube   "),
                         ("/usr/bin/kubelet --bootstrap", "/usr/bin/hyperkube kubelet --bootstrap"))
    (socket,) = snap.listening(port=10250)
    assert socket.program == "hyperkube"
    assert snap.programs_of(socket) == ("hyperkube", "kubelet")
    assert snap.listening(program="kubelet", port=10250) == [socket]
    findings = run_checks([snap])
    assert [f for f in findings if f.check in ("required_ports", "port_conflict")] == []


def test_a_different_program_on_the_kubelet_port_is_still_a_conflict(tmp_path: Path) -> None:
    snap = _controlplane(tmp_path, ("14851/kubelet     ", "14851/nginx       "),
                         ("/usr/bin/kubelet --bootstrap", "nginx: master process --bootstrap"))
    findings = run_checks([snap])
    assert {f.check for f in findings if f.severity.value == "error"} == {
        "required_ports", "port_conflict"}


def test_the_api_server_s_nodeport_range_is_the_one_checked(tmp_path: Path) -> None:
    """``--service-node-port-range`` on the API server's command line (from ``ps``) replaces
    the default 30000-32767 in the NodePort checks."""
    from _k8s import NODES

    snapshots = []
    for node in NODES:
        outputs, files = node_outputs("healthy", node)
        if node == "controlplane":
            outputs["ps auxwww"] = outputs["ps auxwww"].replace(
                "kube-apiserver --advertise-address",
                "kube-apiserver --service-node-port-range=31000-31100 --advertise-address")
        report = build_sosreport(tmp_path / node, outputs, hostname=node, files=files)
        snapshots.append(netfacts.load_snapshot(report))
    findings = [f for f in run_checks(snapshots) if f.check == "nodeport_range"]
    assert {f.node for f in findings} == {"controlplane", "node01", "node02"}
    assert all("NodePort 30080, outside the API server's range 31000-31100" in f.message
               for f in findings)
    assert all(any(e.file.endswith("ps_auxwww") for e in f.evidence) for f in findings)
    assert [f for f in run_checks(snapshots[1:]) if f.check == "nodeport_range"] == []
