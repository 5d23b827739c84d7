"""Keys of file names: plain names are their own key; names a key cannot hold are escaped, and path_of finds the
file again — in nested folders too, and beside a real file whose name looks escaped."""

from __future__ import annotations

import os

import pytest

from mfgstats.ingest import path_of, scan
from mfgstats.ingest.names import is_plain, key_of

NAMES = [
    b"plain.txt",
    "中文 名称（2024）.txt".encode(),
    "洛阳统计公报.txt".encode("gbk"),
    "臺灣資料.txt".encode("big5"),
    b"100%\xff.txt",  # a % in an escaped name is escaped too, so unescaping is exact
    b"a\nb\tc.txt",
    b"x...y.txt",
    "gbk目录".encode("gbk") + b"/inner.txt",  # a folder whose name is not UTF-8
]


@pytest.mark.parametrize("name", NAMES, ids=[repr(n) for n in NAMES])
def test_every_name_gets_a_key_that_finds_its_file(tmp_path, name):
    raw = tmp_path / "raw"
    target = os.path.join(os.fsencode(raw), name)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as f:
        f.write(b"content")
    (key,) = scan(raw).keys
    assert is_plain(key)
    key.encode("utf-8")  # storable: no lone surrogates
    assert os.fsencode(path_of(raw, key)) == target
    assert (key == os.fsdecode(name)) == is_plain(os.fsdecode(name))


def test_plain_names_keep_their_key_even_when_they_look_escaped(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "report%E4.txt").write_text("x", encoding="utf-8")
    assert scan(raw).keys == ["report%E4.txt"]
    assert path_of(raw, "report%E4.txt") == raw / "report%E4.txt"


@pytest.mark.parametrize("odd", [b"a\xe4.txt", b"a\x01.txt"], ids=["sorts after", "sorts before"])
def test_an_escaped_key_that_collides_with_a_real_name_is_reported(tmp_path, odd):
    """The real file keeps the key, whichever of the two names the folder lists first."""
    raw = tmp_path / "raw"
    raw.mkdir()
    real = key_of(os.fsdecode(odd))
    (raw / real).write_text("x", encoding="utf-8")
    with open(os.path.join(os.fsencode(raw), odd), "wb") as f:
        f.write(b"y")
    found = scan(raw)
    assert found.keys == [real] and path_of(raw, real) == raw / real
    (skipped,) = found.skipped
    assert skipped.file == real and "rename it" in skipped.why


def test_folders_nested_deeper_than_the_recursion_limit_are_walked(tmp_path):
    raw = tmp_path / "raw"
    folders = [os.fsencode(raw)]
    for _ in range(1500):  # 3,000 bytes of path: under PATH_MAX, over 1,000 levels (os.makedirs recurses too)
        folders.append(os.path.join(folders[-1], b"d"))
    for folder in folders:
        os.mkdir(folder)
    document = os.path.join(folders[-1], b"x.txt")
    try:
        with open(document, "wb") as f:
            f.write(b"x")
        (key,) = scan(raw).keys
        assert key == "/".join(["d"] * 1500 + ["x.txt"])
    finally:  # bottom up: shutil.rmtree, and so pytest's clean-up of old temporary folders, would recurse
        os.remove(document)
        for folder in reversed(folders):
            os.rmdir(folder)
