"""The dashboard tests' data: the demo feeds as once ingested, kept as JSON beside this file.

The screens are tested (and their snapshots taken) on items whose claims were read
once and stored, exactly as a data folder keeps them, so a change in how the rules
read text does not move every screenshot; only a change in how estimates combine
claims does. Feed paths are stored by file name and pointed at this checkout's
``sample_feeds`` when loaded.

Regenerate after the rules change what they read (then look at the snapshots)::

    .venv/bin/python -m tests.tui.demo_data
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ingest.clock import FrozenClock
from ingest.config import Config, demo_config
from ingest.poller import Poller
from ingest.records import FeedState, NewsItem
from ingest.store import Store

NOW = datetime(2019, 7, 1, 12, 0, tzinfo=UTC)
"""The frozen present of the dashboard tests: just after the demo's newest item."""
DATA_FILE = Path(__file__).with_name("demo_store.json")


def _by_name(config: Config) -> dict[str, str]:
    return {Path(feed.url).name: feed.url for feed in config.feeds}


def load_into(folder: Path, config: Config) -> None:
    """Write the stored demo into ``folder`` (a new data folder) for ``config``."""
    raw: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    urls = _by_name(config)
    items = [NewsItem.from_json({**doc, "feed_url": urls[doc["feed_url"]]}) for doc in raw["items"]]
    feeds = [FeedState.from_json({**doc, "url": urls[doc["url"]]}) for doc in raw["feeds"]]
    folder.mkdir(parents=True, exist_ok=True)
    with Store(folder, writable=True, command="test") as store:
        store.save_poll(items, feeds)


def regenerate() -> None:
    """Ingest the sample feeds at ``NOW`` and keep the result as JSON."""
    config = demo_config()
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder), writable=True) as store:
        poller = Poller(config, store, clock=FrozenClock(NOW))
        try:
            asyncio.run(poller.poll_once(force=True))
        finally:
            poller.close()
        names = {url: name for name, url in _by_name(config).items()}
        items = sorted(store.items(), key=lambda i: i.id)
        feeds = store.feed_states()
        data = {
            "items": [{**i.to_json(), "feed_url": names[i.feed_url]} for i in items],
            "feeds": [
                {**replace(feeds[url], extra={}).to_json(), "url": names[url]}
                for url in names
                if url in feeds
            ],
        }
    DATA_FILE.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{DATA_FILE}: {len(data['items'])} items, {len(data['feeds'])} feeds")


if __name__ == "__main__":
    regenerate()
