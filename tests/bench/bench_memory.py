"""Target 5 (memory): 50,000 stored items under 300 MB resident.

Peak resident memory (the kernel's high-water mark, VmHWM) of two fresh processes over
one data folder: the dashboard's model (``Library`` loaded, every show's status built,
the newest 300 items taken, as the dashboard's first frame needs) and a
``seasonwatch status`` run. The baseline is a process that imports the same modules
and loads nothing, so the figure's excess over it is what the items cost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from tests.bench import corpus
from tests.bench.figures import Figure

REPO = Path(__file__).resolve().parents[2]

_PEAK = textwrap.dedent(
    """
    import json, sys
    def peak_mb():
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    """
)

_LIBRARY = _PEAK + textwrap.dedent(
    """
    from datetime import datetime, UTC
    from pathlib import Path
    from ingest.config import load_config
    from ingest.snapshot import Library
    from ingest.store import Store
    config_path, folder, load = sys.argv[1], Path(sys.argv[2]), sys.argv[3] == "1"
    if load:
        config = load_config(Path(config_path))
        with Store(folder, writable=False) as store:
            library = Library(config, store)
            today = datetime(2019, 10, 2, tzinfo=UTC).date()
            statuses = [library.show_status(show, today) for show in library.shows]
            window, total = library.newest(300)
            assert total > 0 and statuses
    print(json.dumps(peak_mb()))
    """
)

_STATUS = _PEAK + textwrap.dedent(
    """
    import contextlib, io
    from ingest.cli import main
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["status", "--json", "--config", sys.argv[1], "--data-dir", sys.argv[2]]) == 0
    print(json.dumps(peak_mb()))
    """
)


def _peak(script: str, *args: str) -> float:
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    return float(json.loads(result.stdout.strip().splitlines()[-1]))


def run(smoke: bool = False) -> list[Figure]:
    """Peak RSS of the Library and of `status` over a store of 50,000 items."""
    size = 300 if smoke else 50_000
    if not Path("/proc/self/status").exists():
        return [Figure("memory", float("nan"), "MB", note="pending: needs Linux /proc")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        config = corpus.write_config(Path(tmp) / "config.toml")
        corpus.build_store(folder, size)
        empty = _peak(_LIBRARY, str(config), str(folder), "0")
        library = _peak(_LIBRARY, str(config), str(folder), "1")
        status = _peak(_STATUS, str(config), str(folder))
        file_mb = sum(p.stat().st_size for p in folder.iterdir() if p.is_file()) / 1e6
    limit = None if smoke else 300.0
    return [
        Figure(
            f"memory: dashboard Library, {size:,} items ({file_mb:.0f} MB on disk)",
            library,
            "MB",
            "same process, nothing loaded",
            empty,
            max_value=limit,
        ),
        Figure(
            f"memory: `status --json`, {size:,} items",
            status,
            "MB",
            "same process, nothing loaded",
            empty,
            max_value=limit,
        ),
    ]
