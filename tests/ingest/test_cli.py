"""Every headless command's output and exit status, and the embedded demo end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.feedserver import FeedServer, Reply, rss
from tui.cli import main

SEED = Path(__file__).parents[2] / "sample_feeds"


def run(
    *argv: str, stdin: str | None = None, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The real console command in a subprocess (stderr kept apart)."""
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding one ingest of the embedded demo."""
    data = tmp_path_factory.mktemp("demo-data")
    result = run("ingest", "--once", "--data-dir", str(data), env={"SEASONWATCH_CONFIG": ""})
    assert result.returncode == 0, result.stderr
    return data


def test_demo_ingest_once_summary(demo_data: Path) -> None:
    result = run("ingest", "--once", "--data-dir", str(demo_data))
    assert result.returncode == 0, result.stderr
    first_line = result.stdout.splitlines()[0]
    assert "7 feeds polled" in first_line
    assert "7 not modified" in first_line and "0 failed" in first_line
    assert "0 new, 0 updated" in result.stdout


def test_demo_items_json(demo_data: Path) -> None:
    result = run("items", "--json", "--data-dir", str(demo_data))
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert len(items) >= 60
    keys = {"id", "title", "link", "published", "feed", "shows", "state", "claims"}
    assert all(keys <= set(item) for item in items)
    assert [i["published"] for i in items] == sorted((i["published"] for i in items), reverse=True)
    seed = [
        i
        for i in items
        if i["published"].startswith("2017-03-24")
        and i["title"].startswith("'Jessica Jones' updates")
    ]
    assert len(seed) == 1
    assert {"Jessica Jones", "Daredevil", "Iron Fist"} <= set(seed[0]["shows"])
    assert seed[0]["claims"], "the seed article has claims"
    assert all(i["state"] == "new" for i in items)


def test_demo_status_json_and_table(demo_data: Path) -> None:
    result = run("status", "--json", "--data-dir", str(demo_data))
    assert result.returncode == 0, result.stderr
    estimates = json.loads(result.stdout)
    keys = {"show", "season", "phase", "earliest", "latest", "confidence", "evidence"}
    assert all(keys <= set(e) for e in estimates)
    jj2 = [e for e in estimates if e["show"] == "Jessica Jones" and e["season"] == 2]
    assert len(jj2) == 1
    assert jj2[0]["earliest"].startswith("2018") and jj2[0]["latest"].startswith("2018")
    table = run("status", "--data-dir", str(demo_data)).stdout.splitlines()
    assert table[0].split() == ["SHOW", "SEASON", "PHASE", "PREMIERE", "CONFIDENCE"]
    assert len(table) == 7  # one row per tracked show


def test_items_filters(demo_data: Path) -> None:
    result = run("items", "--json", "--show", "luke cage", "--data-dir", str(demo_data))
    items = json.loads(result.stdout)
    assert items and all("Luke Cage" in i["shows"] for i in items)
    result = run("items", "--show", "Lost", "--data-dir", str(demo_data))
    assert result.returncode == 2
    assert "no tracked show is called 'Lost'" in result.stderr
    table = run("items", "--state", "new", "--data-dir", str(demo_data)).stdout.splitlines()
    assert table[0].split()[:3] == ["ID", "PUBLISHED", "STATE"]


def test_mark_changes_state_and_reports_estimate_changes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with FeedServer() as server:
        url = server.add(
            "/f",
            Reply(
                200,
                rss(
                    ("1", "Daredevil season 3 may premiere in 2019", "Sources say so."),
                    ("2", "Daredevil season 3 is set to premiere on October 19, 2018", "Netflix."),
                ),
            ),
        )
        config = tmp_path / "config.toml"
        config.write_text(f'[[feeds]]\nurl = "{url}"\n[[shows]]\ntitle = "Daredevil"\n')
        assert (
            run("ingest", "--once", "--config", str(config), "--data-dir", str(data)).returncode
            == 0
        )
    items = json.loads(
        run("items", "--json", "--config", str(config), "--data-dir", str(data)).stdout
    )
    target = next(i for i in items if "October 19" in i["title"])
    result = run(
        "mark", target["id"][:6], "ignored", "--config", str(config), "--data-dir", str(data)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{target['id']} is now ignored")
    assert "Daredevil S3:" in result.stdout  # the estimate moved
    states = {
        i["id"]: i["state"]
        for i in json.loads(
            run("items", "--json", "--config", str(config), "--data-dir", str(data)).stdout
        )
    }
    assert states[target["id"]] == "ignored"
    undo = run("mark", target["id"], "new", "--config", str(config), "--data-dir", str(data))
    assert undo.returncode == 0
    bad = run("mark", "zzzz", "confirmed", "--config", str(config), "--data-dir", str(data))
    assert bad.returncode == 1 and "no stored item" in bad.stderr


def test_feeds_table_and_json(demo_data: Path) -> None:
    # A second ingest of its own (the files unchanged): every feed not modified, whichever
    # tests ran before this one in this process.
    assert run("ingest", "--once", "--data-dir", str(demo_data)).returncode == 0
    result = run("feeds", "--json", "--data-dir", str(demo_data))
    feeds = json.loads(result.stdout)
    assert len(feeds) == 7
    keys = {"name", "url", "last_poll", "status", "error", "next_poll"}
    assert all(
        keys <= set(f) and f["error"] is None and f["status"] == "not_modified" for f in feeds
    )
    table = run("feeds", "--data-dir", str(demo_data)).stdout.splitlines()
    assert table[0].split()[:2] == ["NAME", "STATUS"] and len(table) == 8


def test_claims_single_text_and_jsonl(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[[shows]]\ntitle = "Jessica Jones"\n')
    text = '"Jessica Jones" Season 2 may air sometime 2018.'
    single = run("claims", "--published", "2017-03-24", "--config", str(config), stdin=text)
    assert single.returncode == 0, single.stderr
    reading = json.loads(single.stdout)
    assert reading["mentions"] == ["Jessica Jones"]
    assert reading["claims"][0]["earliest"] == "2018-01-01"
    lines = "\n".join(
        json.dumps({"published": "2017-03-24", "text": t}) for t in (text, "Nothing.")
    )
    out = run("claims", "--jsonl", "--config", str(config), stdin=lines + "\n")
    assert [json.loads(line)["mentions"] for line in out.stdout.splitlines()] == [
        ["Jessica Jones"],
        [],
    ]
    bad = run("claims", "--jsonl", "--config", str(config), stdin="not json\n")
    assert bad.returncode == 2 and "stdin line 1" in bad.stderr


def test_bad_config_is_one_line_exit_2_without_traceback(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[[shows]]\ntitel = "Fargo"\n')
    result = run("status", "--config", str(config))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"seasonwatch: {config}: unknown key 'shows[0].titel' "
        "(allowed here: aliases, franchise, title)"
    )
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2
    assert main(["mark", "abc", "maybe"]) == 2
    assert main(["claims", "--published", "yesterday"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("seasonwatch ")
    assert main(["--help"]) == 0
    assert "examples:" in capsys.readouterr().out


def test_headless_commands_do_not_import_textual(demo_data: Path) -> None:
    code = (
        "import sys; from tui.cli import main; "
        f"main(['status', '--data-dir', {str(demo_data)!r}]); "
        "assert 'textual' not in sys.modules, 'textual was imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
