"""seasonwatch's Textual dashboard: screens, widgets, styles and key bindings.

Uses ``ingest`` for data (through snapshots and workers) and ``rules`` for the
domain vocabulary; never touches TinyDB, httpx or feedparser directly.
"""
