"""The offline demo feeds: RSS 2.0, Atom 1.0 and RSS 1.0 files the embedded demo reads.

This is a package only so the feed files ship inside the wheel and load through
``importlib.resources.files("sample_feeds")``; it holds no code.
"""
