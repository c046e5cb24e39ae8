"""``items.brief``: a brief of every stored document, one line each, in the index's order.

A live view loads these lines instead of the documents (``ingest.briefs`` says what a
brief holds). The file is derived data, like the index: its header names the
generation of the items file it was made from and how many lines follow, and lines
that belong to another generation are never used. Its layout is here, apart from the
items file, because it is a file format of its own with its own header and checks.

Layout: one JSON header line, then one compact JSON value per line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ingest.storejson import Doc

BRIEF_FORMAT = 1

Projection = Callable[[Doc], Any]
"""A document's brief: any JSON value (``ingest.briefs.brief_fields``)."""


def briefs_bytes(generation: str, lines: list[bytes]) -> bytes:
    """The briefs file holding ``lines`` for the items file of ``generation``."""
    header = {"format": BRIEF_FORMAT, "generation": generation, "count": len(lines)}
    return b"\n".join([json.dumps(header).encode("ascii"), *lines, b""])


def read_briefs(path: Path, generation: str | None, count: int) -> list[bytes] | None:
    """The brief lines of the file at ``path`` if they are ``generation``'s ``count`` lines."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head, _, body = data.partition(b"\n")
    try:
        header = json.loads(head)
    except ValueError:
        return None
    if not isinstance(header, dict) or header.get("format") != BRIEF_FORMAT:
        return None
    if header.get("generation") != generation or header.get("count") != count:
        return None
    lines = body.split(b"\n")
    if lines.pop() != b"" or len(lines) != count:
        return None
    return lines
