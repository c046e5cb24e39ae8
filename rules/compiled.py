"""The rules compiled to C by mypyc, used only when built from exactly these sources.

Why: the rules are many small typed functions around regex calls, and the interpreter's
overhead is most of their cost. mypyc compiles the same source to a C extension, and a
feed item is read in about half the CPU time (README, Performance). The Python source
stays the only truth:

- ``python -m rules.build`` (``make`` runs it) compiles a copy of this package into
  ``<sys.prefix>/seasonwatch-compiled/<key>/``. The key is a hash of every source file
  of the package and of the interpreter's extension suffix.
- ``rules/__init__`` calls ``activate`` before it imports any submodule. If the folder
  for the current key is complete, it goes first on the package's ``__path__``, so
  ``import rules.claims`` loads the compiled module. An edited source has another key:
  a stale build is never used, and the pure Python runs until the next build.
- ``SEASONWATCH_PURE=1`` turns the compiled rules off: a profiler sees Python frames,
  and the test that compares both readings runs the pure side with it.

Four modules stay interpreted: ``__init__`` (it calls ``activate``), this one (it runs
before anything compiled can be found), ``build`` (``python -m`` runs only Python), and
``models``. The models cross process boundaries pickled (the ingester's parse workers
get the shows), and a frozen dataclass compiled by mypyc cannot be unpickled: its
``__setstate__`` trips on its own frozen ``__setattr__``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import sysconfig
from collections.abc import MutableSequence
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
INTERPRETED = frozenset({"__init__.py", "build.py", "compiled.py", "models.py"})
GROUP = "seasonwatch_rules"  # the shared library is ``seasonwatch_rules__mypyc``
COMPLETE = "COMPLETE"  # in a build folder only once the build is whole and was tried
PURE_ENV = "SEASONWATCH_PURE"
ROOT_ENV = "SEASONWATCH_COMPILED_ROOT"  # where builds are looked for (tests, a shared cache)


def sources(package: Path = PACKAGE) -> list[Path]:
    """Every Python source of the package, in a fixed order. Hidden names are not
    sources: an editor's lock file (``.#claims.py``) may be a dangling symlink."""
    return sorted(
        p
        for p in package.rglob("*.py")
        if not any(part.startswith(".") or part == "__pycache__" for part in p.parts)
    )


def source_key(package: Path = PACKAGE) -> str:
    """What a build is valid for: these exact sources, on this interpreter's ABI."""
    digest = hashlib.blake2b(digest_size=12)
    digest.update(str(sysconfig.get_config_var("EXT_SUFFIX")).encode())
    for path in sources(package):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def is_key(name: str) -> bool:
    """A folder named like a build (24 hex digits), the only kind a build ever removes."""
    return len(name) == 24 and all(c in "0123456789abcdef" for c in name)


def cache_root() -> Path:
    """In the environment, by default: removing the virtual environment removes it.

    Only the folder that holds builds can be moved (``SEASONWATCH_COMPILED_ROOT``); the
    build inside it must still have the sources' key."""
    return Path(os.environ.get(ROOT_ENV) or Path(sys.prefix) / "seasonwatch-compiled")


def build_dir(package: Path = PACKAGE, root: Path | None = None) -> Path:
    """Where the build for the package's current sources lives (or would)."""
    return (root or cache_root()) / source_key(package)


def pure_requested() -> bool:
    """``SEASONWATCH_PURE`` set to anything but empty or ``0``."""
    return os.environ.get(PURE_ENV, "") not in ("", "0")


def activate(
    package_path: MutableSequence[str], where: Path | None = None, package: Path = PACKAGE
) -> bool:
    """Put the compiled modules first on ``package_path`` if a complete build for these
    sources exists; return whether they were. Any doubt leaves the pure Python: an
    unreadable source, a library that does not load, or one already loaded from
    another build (its module files are stubs, all the code is in the library)."""
    if pure_requested():
        return False
    try:
        where = where or build_dir(package)
        if not (where / COMPLETE).is_file():
            return False
    except OSError:
        return False
    suffix = str(sysconfig.get_config_var("EXT_SUFFIX"))
    name = f"{GROUP}__mypyc"
    library = where / f"{name}{suffix}"
    loaded = sys.modules.get(name)
    if loaded is not None:
        if getattr(loaded, "__file__", None) != str(library):
            return False
    else:
        # Every compiled module's stub imports the shared library by its top-level
        # name; loading it here spares putting the build folder on ``sys.path``.
        spec = importlib.util.spec_from_file_location(name, library)
        if spec is None or spec.loader is None:
            return False
        try:
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
        except ImportError:
            sys.modules.pop(name, None)
            return False
    package_path.insert(0, str(where / PACKAGE.name))
    return True
