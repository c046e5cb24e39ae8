"""Build the compiled rules: ``python -m rules.build`` (``make`` runs it).

mypyc compiles in place, so a copy of the package's sources is compiled in a temporary
folder and only the extensions are kept, in the folder ``rules.compiled`` looks for.
This module stays interpreted: ``python -m`` cannot run an extension module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from rules.compiled import (
    COMPLETE,
    GROUP,
    INTERPRETED,
    PACKAGE,
    PURE_ENV,
    ROOT_ENV,
    build_dir,
    cache_root,
    is_key,
    sources,
)

KEEP = 3  # builds kept per environment
STALE_PARTIAL = 3600.0  # seconds after which a build cut short is cleared away


def build(package: Path = PACKAGE, root: Path | None = None) -> Path:
    """Compile ``package`` into its key's folder (nothing to do if it is there already).

    The build is made and tried in a hidden folder beside the others, and appears under
    its key by one rename once it works, so a process importing ``rules`` meanwhile
    sees either no build or a whole one. Two builds at once both compile; the first to
    finish wins, and a complete build is never replaced.
    """
    root = root or cache_root()
    where = build_dir(package, root)
    if (where / COMPLETE).is_file():
        return where
    root.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=root))
    try:
        staged = partial / where.name
        _compile(package, staged)
        (staged / COMPLETE).write_text(f"{where.name}\n")
        _try(package, partial)
        try:
            staged.rename(where)
        except OSError:
            if not (where / COMPLETE).is_file():
                raise  # not another build's win: a real failure
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    _prune(root, keep=where)
    return where


def _compile(package: Path, into: Path) -> None:
    """mypyc on a copy of ``package``'s sources; the extensions are copied ``into``."""
    suffix = str(sysconfig.get_config_var("EXT_SUFFIX"))
    with tempfile.TemporaryDirectory(prefix="seasonwatch-mypyc-") as tmp:
        work = Path(tmp)
        compiled = []
        for path in sources(package):
            relative = path.relative_to(package.parent)
            (work / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, work / relative)
            if path.name not in INTERPRETED or path.parent != package:
                compiled.append(relative.as_posix())
        # multi_file: the group's C is split in several files, which gcc compiles in
        # 40 s instead of 55 s, and the rules run as fast.
        setup = (
            "import sys\n"
            "from setuptools import setup\n"
            "from mypyc.build import mypycify\n"
            f"modules = mypycify(sys.argv[1:], opt_level='3', group_name={GROUP!r},"
            " multi_file=True)\n"
            f"setup(name={GROUP!r}, ext_modules=modules,"
            " script_args=['-q', 'build_ext', '--inplace'])\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", setup, *compiled],
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise BuildError(_tail(done.stdout + done.stderr))
        # In place means: the shared library at the top, each module's stub beside its
        # source (setuptools' own copies under build/ are not wanted).
        built = [*work.glob(f"*{suffix}"), *(work / package.name).rglob(f"*{suffix}")]
        for extension in built:
            target = into / extension.relative_to(work)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(extension, target)


def _tail(output: str, lines: int = 12) -> str:
    """The end of mypyc's and the compiler's output, where the reason is; mypyc's own
    notes about the code ("warning: Treating generator comprehension as list") are not
    it."""
    kept = [line for line in output.splitlines() if ": warning: " not in line]
    return "\n".join(kept[-lines:])


def _prune(root: Path, keep: Path) -> None:
    """All but the newest few builds go, and hidden folders of builds cut short long
    ago; nothing else in ``root`` is touched (it may be a shared cache). A few builds
    stay because checkouts sharing one environment (worktrees) each need their own."""
    now = time.time()
    builds = []
    for path in root.iterdir():
        try:
            if path.name.startswith(".partial-") and now - path.stat().st_mtime > STALE_PARTIAL:
                shutil.rmtree(path, ignore_errors=True)
            elif path.is_dir() and is_key(path.name) and path != keep:
                builds.append((path.stat().st_mtime, path))
        except OSError:
            continue  # another build removed it meanwhile
    builds.sort(reverse=True)
    for _, old in builds[KEEP - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


class BuildError(RuntimeError):
    """mypyc or the C compiler failed; the message holds the end of their output."""


_TRY = """
import rules
from datetime import date
from rules import Show, ShowMatcher, read
assert rules.COMPILED, "the build was not picked up"
reading = read("Netflix renewed Ozark for a fourth season, due in 2021.", date(2020, 6, 30),
               ShowMatcher([Show("Ozark")]))
assert reading.claims, reading
"""


def _try(package: Path, root: Path) -> None:
    """Import the build under ``root`` in a fresh interpreter and read one text."""
    env = {k: v for k, v in os.environ.items() if k != PURE_ENV}
    env[ROOT_ENV] = str(root)
    done = subprocess.run(
        [sys.executable, "-c", _TRY],
        cwd=package.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BuildError(f"the compiled rules do not load:\n{_tail(done.stderr)}")


def main() -> int:
    """``python -m rules.build``: build, or say why the pure Python will run."""
    started = time.monotonic()
    if (build_dir() / COMPLETE).is_file():
        return 0  # up to date: ``make`` runs this every time, and it says nothing
    print("seasonwatch: compiling the rules with mypyc (about a minute) ...", flush=True)
    try:
        where = build()
    except (BuildError, OSError) as error:
        print(
            f"{error}\nseasonwatch: the rules were not compiled (above, the end of the "
            "compiler's output); the pure-Python rules run instead, with the same results "
            "at about half the speed.",
            file=sys.stderr,
        )
        return 1
    print(f"seasonwatch: compiled rules in {where} ({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
