"""seasonwatch's ingester: config, fetching, parsing, the store, polling, headless commands.

Uses ``rules`` for everything about text; never imports the UI (an import-linter
contract), so every headless command runs without loading Textual.
"""
