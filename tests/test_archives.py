"""Archives are read exactly as GNU tar extracts them (a differential test).

Trees with every member type — plain files, long names, deep paths, UTF-8 names, empty
files, sparse files, hard links, symbolic links — are archived by GNU tar in each of its
formats (gnu, oldgnu, pax with the 0.0, 0.1 and 1.0 sparse forms, ustar), in two member
orders (link after its target and before it), then compressed as gzip, multi-member gzip,
xz, concatenated xz, bzip2 and concatenated bzip2, and plain.  The bytes netfacts reads
for each wanted path must equal what ``tar -x`` writes (read through the extracted links)
and what ``tarfile`` gives in its random-access mode.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from netfacts.snapshot import load_reports

pytestmark = pytest.mark.skipif(shutil.which("tar") is None, reason="needs GNU tar")

TOP = "sosreport-diff-2026-11-26-abcdefg"
NET = "sos_commands/networking"

FORMATS = {
    "gnu": ["--format=gnu", "--sparse"],
    "oldgnu": ["--format=oldgnu", "--sparse"],
    "pax-0.0": ["--format=pax", "--sparse", "--sparse-version=0.0"],
    "pax-0.1": ["--format=pax", "--sparse", "--sparse-version=0.1"],
    "pax-1.0": ["--format=pax", "--sparse", "--sparse-version=1.0"],
    "ustar": ["--format=ustar"],
}


def _build_tree(root: Path, *, extended: bool) -> list[str]:
    """A report tree; returns its member paths in archive order (targets first)."""
    top = root / TOP
    net = top / NET
    net.mkdir(parents=True)
    (top / "var").mkdir()
    order = [TOP, f"{TOP}/var", f"{TOP}/sos_commands", f"{TOP}/{NET}"]

    def write(relative: str, data: bytes) -> None:
        (top / relative).parent.mkdir(parents=True, exist_ok=True)
        (top / relative).write_bytes(data)
        order.append(f"{TOP}/{relative}")

    write(f"{NET}/plain", b"".join(b"line %d of plain text\n" % i for i in range(300)))
    write(f"{NET}/empty", b"")
    write("var/unwanted_data", b"hard-linked content\n" * 50)
    os.link(top / "var/unwanted_data", net / "hard")
    order.append(f"{TOP}/{NET}/hard")
    write("var/other", b"symlink target outside the wanted tree\n")
    os.symlink("../../var/other", net / "sym")
    order.append(f"{TOP}/{NET}/sym")
    os.symlink("plain", net / "sym_to_wanted")
    order.append(f"{TOP}/{NET}/sym_to_wanted")
    if extended:
        write(f"{NET}/" + "long_name_" * 15, b"a name of 150 characters\n")
        deep = "/".join(f"directory_{i:02d}" for i in range(20))
        write(f"{NET}/{deep}/deep_file", b"a path of more than 255 characters\n")
        write(f"{NET}/名前_utf8", "UTF-8 name, UTF-8 content: ü\n".encode())
        sparse = net / "sparse"
        with sparse.open("wb") as handle:
            for index in range(30):  # more segments than fit in one old-GNU header
                handle.seek(index * 65536)
                handle.write(b"segment %02d\n" % index * 40)
            handle.truncate(31 * 65536)
        order.append(f"{TOP}/{NET}/sparse")
    return order


def _tar(root: Path, names: list[str], options: list[str], out: Path) -> Path:
    listing = root / "names.txt"
    listing.write_text("\n".join(names) + "\n")
    subprocess.run(["tar", "-cf", str(out), "-C", str(root), "--no-recursion",
                    *options, "-T", str(listing)], check=True, capture_output=True)
    return out


def _split(data: bytes, parts: int = 3) -> list[bytes]:
    step = len(data) // parts + 1
    return [data[i : i + step] for i in range(0, len(data), step)]


COMPRESSIONS = {
    "plain": lambda data: data,
    "gz": gzip.compress,
    "gz-multi": lambda data: b"".join(gzip.compress(part) for part in _split(data)),
    "xz": lzma.compress,
    "xz-concatenated": lambda data: b"".join(lzma.compress(part) for part in _split(data)),
    "bz2": bz2.compress,
    "bz2-concatenated": lambda data: b"".join(bz2.compress(part) for part in _split(data)),
}


def _extracted(archive: Path, where: Path) -> dict[str, bytes]:
    """What ``tar -x`` gives for every wanted path, read through the extracted links."""
    where.mkdir()
    subprocess.run(["tar", "-xf", str(archive), "-C", str(where)], check=True,
                   capture_output=True)
    root = where / TOP
    found = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(NET + "/") and path.is_file():
            found[relative] = path.read_bytes()
    return found


def _by_tarfile(archive: Path) -> dict[str, bytes]:
    """What ``tarfile`` (random access, links followed) gives for every wanted path."""
    found = {}
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            relative = member.name.partition("/")[2]
            if not relative.startswith(NET + "/") or member.isdir():
                continue
            handle = tar.extractfile(member)
            if handle is not None:
                found[relative] = handle.read()
    return found


@pytest.mark.parametrize("order", ["targets-first", "links-first"])
@pytest.mark.parametrize("form", list(FORMATS))
def test_members_equal_gnu_tar_and_tarfile(tmp_path: Path, form: str, order: str) -> None:
    names = _build_tree(tmp_path / "tree", extended=form != "ustar")
    if order == "links-first":
        names = names[:4] + names[4:][::-1]
    plain = _tar(tmp_path / "tree", names, FORMATS[form], tmp_path / "plain.tar")
    truth = _extracted(plain, tmp_path / "extracted")
    assert f"{NET}/hard" in truth and f"{NET}/sym" in truth
    if form != "ustar":
        assert truth[f"{NET}/sparse"].count(b"segment 29") == 40
    data = plain.read_bytes()
    for name, compress in COMPRESSIONS.items():
        archive = tmp_path / f"{TOP}.{name}"  # no telling suffix: recognised by content
        archive.write_bytes(compress(data))
        reports = load_reports(archive)
        assert [r.name for r in reports] == [TOP], name
        report = reports[0]
        read = {path: file.data for path, file in report.files.items()
                if path.startswith(NET + "/")}
        assert read == truth, (form, order, name, sorted(set(read) ^ set(truth)))
        assert report.complete, (name, [d.message for d in report.diagnostics])
        assert _by_tarfile(archive) == truth, name


def test_a_valid_multi_member_gzip_is_read_to_the_end(tmp_path: Path) -> None:
    """``gzip -t`` accepts it; the data after the first member must not be lost."""
    _build_tree(tmp_path / "tree", extended=False)
    plain = tmp_path / "plain.tar"
    subprocess.run(["tar", "-cf", str(plain), "-C", str(tmp_path / "tree"), TOP], check=True)
    parts = _split(plain.read_bytes(), 5)
    archive = tmp_path / f"{TOP}.tar.gz"
    archive.write_bytes(b"".join(gzip.compress(part) for part in parts))
    if shutil.which("gzip"):
        subprocess.run(["gzip", "-t", str(archive)], check=True)
    report = load_reports(archive)[0]
    assert report.complete
    assert report.files[f"{NET}/plain"].data.count(b"\n") == 300
    assert report.files[f"{NET}/hard"].data == b"hard-linked content\n" * 50
