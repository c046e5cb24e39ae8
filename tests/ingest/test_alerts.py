"""Estimate changes: the pure comparison, the on_change command, and ingest running it."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

from ingest.alerts import EstimateChange, estimate_changes, run_on_change
from rules import DateWindow, Phase, SeasonEstimate
from tests.feedserver import FeedServer, Reply, rss
from tests.ingest.test_cli import run


def _estimate(
    season: int | None = 3,
    phase: Phase = Phase.RENEWED,
    window: tuple[date | None, date | None] = (date(2019, 1, 1), date(2019, 12, 31)),
    confidence: float = 0.4,
    show: str = "Daredevil",
) -> SeasonEstimate:
    return SeasonEstimate(show, season, phase, DateWindow(*window), confidence)


def test_estimate_changes_pairs_by_show_and_season() -> None:
    same = _estimate(show="Luke Cage", season=2)
    before = [_estimate(), same, _estimate(season=None, show="Lost", phase=Phase.CANCELLED)]
    moved = _estimate(phase=Phase.SCHEDULED, window=(date(2018, 10, 19), date(2018, 10, 19)))
    after = [moved, same, _estimate(season=1, show="Severance", confidence=0.5)]
    changes = estimate_changes(before, after)
    assert [(c.show, c.season) for c in changes] == [
        ("Daredevil", 3),
        ("Lost", None),
        ("Severance", 1),
    ]
    daredevil, lost, severance = changes
    assert daredevil.changed == ("phase", "window") and daredevil.notable
    assert daredevil.describe() == (
        "Daredevil S3: renewed, 2019, 40% -> scheduled, Oct 19 2018, 40%"
    )
    assert lost.after is None and lost.describe().endswith("-> no estimate")
    assert severance.before is None and severance.notable
    assert estimate_changes(after, after) == []


def test_confidence_alone_is_a_change_but_not_notable() -> None:
    (change,) = estimate_changes([_estimate(confidence=0.4)], [_estimate(confidence=0.55)])
    assert change.changed == ("confidence",) and not change.notable
    assert estimate_changes([_estimate(confidence=0.401)], [_estimate(confidence=0.402)]) == []


def test_on_change_gets_json_on_stdin_and_words_in_the_environment(tmp_path: Path) -> None:
    out = tmp_path / "out"
    change = EstimateChange("Daredevil", 3, _estimate(), _estimate(phase=Phase.SCHEDULED))
    command = (
        f'cat > {out}.json; printf "%s|%s" "$SEASONWATCH_CHANGE" "$SEASONWATCH_SEASON" > {out}'
    )
    assert run_on_change(command, change) is None
    payload = json.loads(out.with_suffix(".json").read_text())
    assert payload["show"] == "Daredevil" and payload["season"] == 3
    assert payload["changed"] == ["phase"]
    assert payload["before"]["phase"] == "renewed" and payload["after"]["phase"] == "scheduled"
    assert out.read_text() == f"{change.describe()}|3"


def test_on_change_failures_and_hangs_are_reported_not_raised(tmp_path: Path) -> None:
    change = EstimateChange("Daredevil", 3, None, _estimate())
    assert run_on_change("echo broken >&2; exit 3", change) == "exit status 3: broken"
    assert "exit status 127" in (run_on_change("no-such-command-here", change) or "")
    began = time.monotonic()
    group = tmp_path / "group"
    problem = run_on_change(f"echo $$ > {group}; sleep 30 & sleep 30", change, timeout=0.5)
    assert problem == "still running after 0.5 s; stopped it"
    assert time.monotonic() - began < 5
    assert _live_members(int(group.read_text())) == [], "the whole process group was killed"


def _live_members(group: int) -> list[int]:
    """Processes of a process group that are still running (zombies are dead)."""
    live = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended while we looked
        if int(fields[2]) == group and fields[0] != "Z":
            live.append(int(stat.parent.name))
    return live


def test_ingest_runs_on_change_for_each_notable_change(tmp_path: Path) -> None:
    log = tmp_path / "changes.jsonl"
    config = tmp_path / "config.toml"
    data = tmp_path / "data"
    with FeedServer() as server:
        first = rss(("1", "Daredevil season 3 may premiere in 2019", "Sources say so."))
        url = server.add("/f", Reply(200, first))
        config.write_text(
            f"on_change = 'cat >> {log}; echo >> {log}'\n"
            f'[[feeds]]\nurl = "{url}"\n[[shows]]\ntitle = "Daredevil"\n'
        )
        env = {"SEASONWATCH_CONFIG": str(config), "SEASONWATCH_DATA": str(data)}
        assert run("ingest", "--once", env=env).returncode == 0
        seen = [json.loads(line) for line in log.read_text().splitlines()]
        assert [(c["show"], c["season"], c["before"]) for c in seen] == [("Daredevil", 3, None)]
        assert seen[0]["after"]["earliest"] == "2019-01-01"
        server.add(
            "/f",
            Reply(
                200,
                rss(
                    ("1", "Daredevil season 3 may premiere in 2019", "Sources say so."),
                    ("2", "Daredevil season 3 is set to premiere on October 19, 2018", "Netflix."),
                ),
            ),
        )
        assert run("ingest", "--once", env=env).returncode == 0
        seen = [json.loads(line) for line in log.read_text().splitlines()]
        assert len(seen) == 2
        assert seen[1]["before"]["earliest"] == "2019-01-01"
        assert seen[1]["after"]["earliest"] == "2018-10-19"
        assert "window" in seen[1]["changed"]
        assert run("ingest", "--once", env=env).returncode == 0
        assert len(log.read_text().splitlines()) == 2  # nothing moved: no call


def test_a_failing_on_change_never_breaks_ingest(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    with FeedServer() as server:
        url = server.add("/f", Reply(200, rss(("1", "Daredevil season 3 may air in 2019", "."))))
        config.write_text(
            f'on_change = "exit 7"\n[[feeds]]\nurl = "{url}"\n[[shows]]\ntitle = "Daredevil"\n'
        )
        result = run("ingest", "--once", "--config", str(config))
    assert result.returncode == 0
    assert "items: 1 new" in result.stdout
    assert "seasonwatch: on_change failed for Daredevil S3: exit status 7" in result.stderr
