"""Suite-wide isolation: no test reads or writes the user's real config or data.

Every test gets its own config and data folders through the environment variables
the CLI resolves first, and HOME/XDG folders pointing into ``tmp_path`` so a code path
that falls through to platformdirs lands in the sandbox, not in the real home.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolate_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("SEASONWATCH_CONFIG", raising=False)
    monkeypatch.setenv("SEASONWATCH_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("NO_COLOR", raising=False)
