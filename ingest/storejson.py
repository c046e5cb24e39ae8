"""The store's JSON: compact UTF-8 bytes out, bytes in, and a TinyDB file's tables.

Every file in the data folder is JSON that seasonwatch writes itself: the items file
(``ingest.itemfile``), the small tables (``ingest.store``), the briefs
(``ingest.briefs``) and the board cache (``ingest.boardcache``). They share this one
encoding — orjson when it is there (several times faster, which matters while the
dashboard draws), the standard library's json otherwise, each reading what the other
wrote — so none of them has to import the items file to encode the way it does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ingest.errors import StoreCorruptError

try:  # orjson encodes and parses several times faster; json is the fallback.
    import orjson

    HAVE_ORJSON = True
except ImportError:  # pragma: no cover - orjson is a dependency; json keeps working
    HAVE_ORJSON = False

Doc = dict[str, Any]
"""A stored document: one JSON object."""


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON."""
    if HAVE_ORJSON:
        try:
            return orjson.dumps(value)
        except orjson.JSONEncodeError:
            pass  # e.g. a lone surrogate: json escapes it instead of refusing
    return json.dumps(value, separators=(",", ":")).encode("ascii")


def loads(data: bytes) -> Any:
    """Parse JSON bytes (ValueError when they are not JSON)."""
    if HAVE_ORJSON:
        return orjson.loads(data)
    return json.loads(data)


def decode_tables(path: Path, raw: bytes) -> dict[str, dict[str, Any]] | None:
    """A TinyDB file's tables; StoreCorruptError when it is not one."""
    if not raw.strip():
        # Every write is whole JSON renamed into place, so an empty file lost its content
        # (a truncation, a crash on a file system that reorders writes): report it.
        raise StoreCorruptError(f"{path}: empty (its content was lost)")
    try:
        data = loads(raw)
    except ValueError as exc:
        raise StoreCorruptError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise StoreCorruptError(f"{path}: not a seasonwatch store (unexpected layout)")
    return data
