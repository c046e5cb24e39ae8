"""The user's own keys: ``keymap.toml`` beside the config file.

Every binding has an id (see ``tui.keys``); the file maps ids to keys::

    [keymap]
    "item.confirm" = "y"
    "item.ignore" = "x,delete"

It is read when the dashboard starts. A file with a mistake is not fatal: the problem
becomes a notice and the default keys stay.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ingest.config import Config, user_config_file
from tui import keys
from tui.screens.help import HelpScreen

KEYMAP_FILE = "keymap.toml"


def known_ids() -> set[str]:
    """Every binding id a keymap may name."""
    bindings = [
        *keys.APP,
        *keys.TABLE,
        *keys.DASHBOARD,
        *keys.FILTER,
        *keys.DETAIL,
        *keys.CONFIRM,
        *keys.FORM,
        *HelpScreen.BINDINGS,
    ]
    return {b.id for b in bindings if not isinstance(b, tuple) and b.id}


@dataclass(frozen=True, slots=True)
class Keymap:
    """Binding id → key(s), and what went wrong reading it."""

    path: Path
    keys: dict[str, str] = field(default_factory=dict)
    problem: str | None = None


def keymap_path(config: Config) -> Path:
    """``keymap.toml`` beside the config file (the user config folder for the demo)."""
    folder = config.path.parent if config.path else user_config_file().parent
    return folder / KEYMAP_FILE


def load_keymap(path: Path) -> Keymap:
    """Read a keymap file; a missing file is an empty keymap, a bad one a problem."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Keymap(path)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Keymap(path, problem=f"{path}: cannot read: {exc}")
    table = raw.get("keymap", {})
    if not isinstance(table, dict) or set(raw) - {"keymap"}:
        return Keymap(path, problem=f"{path}: expected only a [keymap] table")
    known = known_ids()
    mapping: dict[str, str] = {}
    for binding_id, key in table.items():
        if binding_id not in known:
            return Keymap(
                path,
                problem=f"{path}: unknown binding id {binding_id!r} "
                f"(known: {', '.join(sorted(known))})",
            )
        if not isinstance(key, str) or not key.strip():
            return Keymap(path, problem=f'{path}: {binding_id}: expected a key like "y"')
        mapping[binding_id] = key.strip()
    return Keymap(path, mapping)
