"""The compiled rules (``rules.compiled``): used only when built from these very sources,
and they read every text exactly as the pure Python does.

The loader is tested on folders made here, not on a real build (a build takes a minute).
The comparison needs the real build that ``make`` makes: without one it is skipped,
unless ``SEASONWATCH_REQUIRE_COMPILED`` is set (CI sets it), when it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import types
from pathlib import Path

import pytest

import rules
import rules.claims
from rules import build, compiled
from tests.rules import golden_dump

ROOT = Path(__file__).resolve().parents[2]
SUFFIX = str(sysconfig.get_config_var("EXT_SUFFIX"))


def _copy_of_rules(tmp_path: Path) -> Path:
    copy = tmp_path / "src" / "rules"
    shutil.copytree(compiled.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_the_key_follows_every_byte_of_every_source(tmp_path: Path) -> None:
    copy = _copy_of_rules(tmp_path)
    assert compiled.source_key(copy) == compiled.source_key()
    (copy / "dates" / "phrases.py").write_text(
        (copy / "dates" / "phrases.py").read_text() + "\n", encoding="utf-8"
    )
    edited = compiled.source_key(copy)
    assert edited != compiled.source_key()
    (copy / "extra.py").write_text("", encoding="utf-8")
    assert compiled.source_key(copy) not in (edited, compiled.source_key())


def test_a_build_of_other_sources_is_never_found(tmp_path: Path) -> None:
    copy = _copy_of_rules(tmp_path)
    root = tmp_path / "builds"
    old = compiled.build_dir(copy, root)
    old.mkdir(parents=True)
    (old / compiled.COMPLETE).write_text("")
    (copy / "claims.py").write_text(
        (copy / "claims.py").read_text() + "# edited\n", encoding="utf-8"
    )
    assert compiled.build_dir(copy, root) != old
    path = [str(copy)]
    assert not compiled.activate(path, compiled.build_dir(copy, root))
    assert path == [str(copy)]


def test_hidden_files_are_not_sources_and_an_unreadable_source_means_pure(
    tmp_path: Path,
) -> None:
    copy = _copy_of_rules(tmp_path)
    (copy / ".#claims.py").symlink_to("me@host.1234:1")  # an editor's lock file
    assert compiled.source_key(copy) == compiled.source_key()
    (copy / "gone.py").symlink_to("nowhere.py")
    with pytest.raises(OSError):
        compiled.source_key(copy)
    path = [str(copy)]
    assert not compiled.activate(path, package=copy)
    assert path == [str(copy)]


def test_a_library_loaded_from_another_build_is_not_mixed_in(tmp_path: Path) -> None:
    """The module files of a build are stubs: the code is all in the shared library, so
    one already loaded from another folder would run that build's rules."""
    where = tmp_path / "build"
    (where / "rules").mkdir(parents=True)
    (where / compiled.COMPLETE).write_text("")
    name = f"{compiled.GROUP}__mypyc"
    elsewhere = types.ModuleType(name)
    elsewhere.__file__ = str(tmp_path / "other" / f"{name}{SUFFIX}")
    loaded = sys.modules.get(name)
    sys.modules[name] = elsewhere
    try:
        path = ["src/rules"]
        assert not compiled.activate(path, where)
        assert path == ["src/rules"]
    finally:
        if loaded is None:
            del sys.modules[name]
        else:
            sys.modules[name] = loaded


def test_an_incomplete_build_is_not_used(tmp_path: Path) -> None:
    where = tmp_path / "build"
    (where / "rules").mkdir(parents=True)
    path = ["src/rules"]
    assert not compiled.activate(path, where)
    assert path == ["src/rules"]


def test_a_build_that_does_not_load_leaves_the_pure_python(tmp_path: Path) -> None:
    where = tmp_path / "build"
    (where / "rules").mkdir(parents=True)
    (where / compiled.COMPLETE).write_text("")
    (where / f"{compiled.GROUP}__mypyc{SUFFIX}").write_bytes(b"not a shared library")
    name = f"{compiled.GROUP}__mypyc"
    loaded = sys.modules.pop(name, None)
    try:
        path = ["src/rules"]
        assert not compiled.activate(path, where)
        assert path == ["src/rules"]
        assert name not in sys.modules
    finally:
        if loaded is not None:
            sys.modules[name] = loaded


def test_seasonwatch_pure_turns_a_complete_build_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    where = tmp_path / "build"
    (where / "rules").mkdir(parents=True)
    (where / compiled.COMPLETE).write_text("")
    monkeypatch.setenv(compiled.PURE_ENV, "1")
    path = ["src/rules"]
    assert not compiled.activate(path, where)
    assert path == ["src/rules"]


def _fake_compile(package: Path, into: Path) -> None:
    (into / "rules").mkdir(parents=True)
    (into / "rules" / f"claims{SUFFIX}").write_bytes(b"stub")


def test_a_build_appears_whole_under_its_key_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made and tried in a hidden folder, then renamed: no half build under the key."""
    root = tmp_path / "builds"
    seen: list[list[str]] = []
    monkeypatch.setattr(build, "_compile", _fake_compile)
    monkeypatch.setattr(
        build, "_try", lambda package, where: seen.append(sorted(p.name for p in root.iterdir()))
    )
    where = build.build(root=root)
    assert where == compiled.build_dir(root=root)
    assert (where / compiled.COMPLETE).is_file()
    assert (where / "rules" / f"claims{SUFFIX}").read_bytes() == b"stub"
    assert len(seen) == 1
    assert len(seen[0]) == 1 and seen[0][0].startswith(".partial-")  # nothing under the key
    assert [p.name for p in root.iterdir()] == [where.name]

    def broken(package: Path, where: Path) -> None:
        raise build.BuildError("the compiled rules do not load")

    monkeypatch.setattr(build, "_try", broken)
    (where / compiled.COMPLETE).unlink()
    shutil.rmtree(where)
    with pytest.raises(build.BuildError):
        build.build(root=root)
    assert list(root.iterdir()) == []


def test_a_build_finished_first_elsewhere_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "builds"
    key = compiled.build_dir(root=root)

    def other_build_wins(package: Path, where: Path) -> None:
        (key / "rules").mkdir(parents=True)
        (key / "rules" / "theirs").write_text("")
        (key / compiled.COMPLETE).write_text("")

    monkeypatch.setattr(build, "_compile", _fake_compile)
    monkeypatch.setattr(build, "_try", other_build_wins)
    assert build.build(root=root) == key
    assert (key / "rules" / "theirs").is_file()  # a complete build is never replaced
    assert [p.name for p in root.iterdir()] == [key.name]


def test_pruning_keeps_the_newest_builds_and_touches_nothing_else(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    keys = [f"{n:024x}" for n in range(5)]
    for age, key in enumerate(keys):
        (root / key).mkdir(parents=True)
        os.utime(root / key, (time.time() - 100 * age,) * 2)
    for other in ("pip-cache", "notes", "abc"):
        (root / other).mkdir()
    (root / "file.txt").write_text("")
    (root / ".partial-old").mkdir()
    os.utime(root / ".partial-old", (time.time() - 2 * build.STALE_PARTIAL,) * 2)
    (root / ".partial-running").mkdir()
    build._prune(root, keep=root / keys[4])  # the oldest, but the one just built
    assert sorted(p.name for p in root.iterdir()) == sorted(
        [keys[0], keys[1], keys[4], "pip-cache", "notes", "abc", "file.txt", ".partial-running"]
    )


def test_the_pure_python_runs_where_no_build_exists(tmp_path: Path) -> None:
    env = {**os.environ, compiled.ROOT_ENV: str(tmp_path / "no-builds-here")}
    env.pop(compiled.PURE_ENV, None)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import rules, rules.claims; print(rules.COMPILED, rules.claims.__file__)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["False", str(ROOT / "rules" / "claims.py")]


# feedparser warns about its own updated/published mapping while the feed entries are read.
@pytest.mark.filterwarnings("ignore::DeprecationWarning:feedparser")
@pytest.mark.skipif(
    not rules.COMPILED and not os.environ.get("SEASONWATCH_REQUIRE_COMPILED"),
    reason="no compiled build of these sources (`make` or `python -m rules.build` makes one)",
)
def test_compiled_and_pure_rules_read_every_text_alike(tmp_path: Path) -> None:
    """Every labelled text, test string, feed entry at hand and 2,000 glued texts: the
    compiled build's dump is byte-identical to the pure Python's."""
    assert rules.COMPILED, "SEASONWATCH_REQUIRE_COMPILED is set, but the rules run as Python"
    assert rules.claims.__file__ is not None
    assert rules.claims.__file__.endswith(SUFFIX)
    inputs = tmp_path / "inputs.json"
    inputs.write_text(json.dumps(golden_dump.build_inputs(random_texts=2000)), encoding="utf-8")
    env = {**os.environ, compiled.PURE_ENV: "1"}
    pure = tmp_path / "pure.txt"
    subprocess.run(
        [sys.executable, "-m", "tests.rules.golden_dump", "--inputs", inputs, "--out", pure],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=True,
    )
    fast = tmp_path / "compiled.txt"
    golden_dump.dump(json.loads(inputs.read_text(encoding="utf-8")), fast)
    fast_lines = fast.read_text(encoding="utf-8").splitlines()
    pure_lines = pure.read_text(encoding="utf-8").splitlines()
    assert len(fast_lines) > 10_000
    differ = next(
        (n for n, (a, b) in enumerate(zip(fast_lines, pure_lines, strict=False)) if a != b), None
    )
    assert differ is None, (fast_lines[differ - 1 : differ + 1], pure_lines[differ])
    assert len(fast_lines) == len(pure_lines)
