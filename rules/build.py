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
    source_key,
    sources,
)

KEEP = 3  # builds kept per environment


def build(package: Path = PACKAGE, root: Path | None = None) -> Path:
    """Compile ``package`` into its key's folder (nothing to do if it is there already).

    A build that a fresh interpreter cannot load and use is removed again, and so are
    all but the newest few builds for other sources.
    """
    root = root or cache_root()
    where = build_dir(package, root)
    if (where / COMPLETE).is_file():
        return where
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
            raise BuildError(done.stdout + done.stderr)
        if where.exists():
            shutil.rmtree(where)
        for built in work.rglob(f"*{suffix}"):
            target = where / built.relative_to(work)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(built, target)
    (where / COMPLETE).write_text(f"{source_key(package)}\n")
    _try(package, root, where)
    # Older builds go, but a few stay: checkouts sharing one environment (worktrees)
    # would otherwise delete each other's build at every switch.
    builds = sorted(
        (p for p in root.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for old in builds[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)
    return where


class BuildError(RuntimeError):
    """mypyc or the C compiler failed; the message holds their output."""


_TRY = """
import sys
import rules
from datetime import date
from rules import Show, ShowMatcher, read
assert rules.COMPILED, "the build was not picked up"
reading = read("Netflix renewed Ozark for a fourth season, due in 2021.", date(2020, 6, 30),
               ShowMatcher([Show("Ozark")]))
assert reading.claims, reading
"""


def _try(package: Path, root: Path, where: Path) -> None:
    """Import the build in a fresh interpreter and read one text with it; remove it if
    that fails."""
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
        shutil.rmtree(where, ignore_errors=True)
        raise BuildError(f"the compiled rules do not load:\n{done.stderr}")


def main() -> int:
    """``python -m rules.build``: build, or say why the pure Python will run."""
    started = time.monotonic()
    if not (build_dir() / COMPLETE).is_file():
        print("seasonwatch: compiling the rules with mypyc (about a minute) ...", flush=True)
    try:
        where = build()
    except (BuildError, OSError) as error:
        print(
            f"seasonwatch: the rules were not compiled, so the pure-Python rules run "
            f"(same results, about half the speed):\n{error}",
            file=sys.stderr,
        )
        return 1
    print(f"seasonwatch: compiled rules in {where} ({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
