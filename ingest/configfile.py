"""Editing the config file in place: add or remove one ``[[shows]]``/``[[feeds]]`` table.

The file is the user's: it has their comments, blank lines and key order, and an edit
must change exactly the table it is about. tomlkit keeps formatting, but it files the
comment above a table header under the *previous* table, so deleting a table with
tomlkit alone also deletes the comment that describes the next one. Edits are
therefore made on the lines of the file, with these rules for comments:

- a comment directly above a header (no blank line between) belongs to that table and
  goes with it, unless the table is the first of its list (then it usually introduces
  the whole list, and stays);
- comments directly below a table's last line belong to it; comments set apart by
  blank lines belong to nobody and are never touched.

Every edit is verified: the new text must parse to exactly the old data with the one
change applied, and must load as a valid ``Config``. When the line edit cannot be
verified (an unusual layout, an inline ``shows = [...]`` array) tomlkit does the edit
instead; when that fails too, nothing is written. The write is atomic, keeps the
file's permissions and, for a symlinked config (dotfile managers), replaces the file
the link points to rather than the link.
"""

from __future__ import annotations

import copy
import os
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.items import AoT, Array

from ingest.config import Config, config_from_mapping
from ingest.errors import ConfigError

_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")
_HEADER = re.compile(r"[ \t]*(\[\[?)[ \t]*([^\[\]#]+?)[ \t]*(\]\]?)[ \t]*(?:#.*)?")


@dataclass(frozen=True, slots=True)
class _Block:
    """One table of the file, as line numbers (0-based, ``end`` exclusive)."""

    key: str
    is_array: bool
    start: int
    """The first comment line attached above the header, else the header."""
    header: int
    end: int
    """Just past the table's last line and the comments that hang on to it."""


def _classify(lines: Sequence[str]) -> list[str]:
    """Each line as "blank", "comment", "header" or "content" (multi-line strings: content)."""
    kinds = []
    in_string: str | None = None
    for line in lines:
        stripped = line.strip()
        if in_string:
            kind = "content"
        elif not stripped:
            kind = "blank"
        elif stripped.startswith("#"):
            kind = "comment"
        elif _HEADER.fullmatch(line.rstrip("\r\n")):
            kind = "header"
        else:
            kind = "content"
        kinds.append(kind)
        for quote in ('"""', "'''"):
            if (in_string is None or in_string == quote) and line.count(quote) % 2:
                in_string = None if in_string else quote
    return kinds


def _header_key(line: str) -> tuple[str, bool]:
    match = _HEADER.fullmatch(line.rstrip("\r\n"))
    assert match is not None
    parts = [p.strip() for p in match.group(2).split(".")]
    key = ".".join(p[1:-1] if p[:1] in "\"'" else p for p in parts)
    return key, match.group(1) == "[["


def _blocks(lines: Sequence[str]) -> list[_Block]:
    kinds = _classify(lines)
    headers = [i for i, kind in enumerate(kinds) if kind == "header"]
    blocks: list[_Block] = []
    for n, header in enumerate(headers):
        following = headers[n + 1] if n + 1 < len(headers) else len(lines)
        last = max(
            (i for i in range(header, following) if kinds[i] in ("content", "header")),
            default=header,
        )
        end = last + 1
        gap = range(last + 1, following)
        if n + 1 == len(headers) or any(kinds[i] == "blank" for i in gap):
            while end < following and kinds[end] == "comment":
                end += 1  # comments hanging on to the table's last line
        start = header
        while start > 0 and kinds[start - 1] == "comment":
            start -= 1
        if blocks:
            start = max(start, blocks[-1].end)
        key, is_array = _header_key(lines[header])
        blocks.append(_Block(key, is_array, start, header, end))
    return blocks


def _lines(text: str) -> list[str]:
    """The file's lines with their endings; only "\n" ends a line (as in TOML)."""
    return _LINE.findall(text)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _render_tables(key: str, tables: Sequence[Mapping[str, Any]], newline: str) -> list[str]:
    lines: list[str] = []
    for table in tables:
        rendered = tomlkit.dumps({key: [dict(table)]})
        lines += ["\n", *(f"{line}\n" for line in rendered.splitlines())]
    return [line.replace("\n", newline) for line in lines]


def _append_by_lines(text: str, key: str, tables: Sequence[Mapping[str, Any]]) -> str:
    newline = _newline(text)
    lines = _lines(text)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline
    own = [b for b in _blocks(lines) if b.key == key and b.is_array]
    new = _render_tables(key, tables, newline)
    if own:
        at = own[-1].end
    else:
        at = len(lines)
        if not lines or not lines[-1].strip():
            new = new[1:]  # the file already ends with a blank line (or is empty)
    return "".join([*lines[:at], *new, *lines[at:]])


def _remove_by_lines(text: str, key: str, index: int) -> str:
    lines = _lines(text)
    blocks = _blocks(lines)
    own = [b for b in blocks if b.key == key and b.is_array]
    block = own[index]
    position = blocks.index(block)
    first_of_run = position == 0 or blocks[position - 1].key != key
    start = block.header if first_of_run else block.start
    end = block.end
    before_blank = start == 0 or not lines[start - 1].strip()
    if before_blank and end < len(lines) and not lines[end].strip():
        end += 1  # leave one blank line where the table was, not two
    if end == len(lines):
        while start > 0 and not lines[start - 1].strip():
            start -= 1  # no blank lines left dangling at the end of the file
    return "".join(lines[:start] + lines[end:])


def _append_by_tomlkit(text: str, key: str, tables: Sequence[Mapping[str, Any]]) -> str:
    doc = tomlkit.parse(text)
    if key not in doc:
        aot = tomlkit.aot()
        for table in tables:
            aot.append(tomlkit.item(dict(table)))
        doc.append(key, aot)
        return doc.as_string()
    target = doc[key]
    for table in tables:
        if isinstance(target, AoT):
            target.append(tomlkit.item(dict(table)))
        elif isinstance(target, Array):
            inline = tomlkit.inline_table()
            inline.update(dict(table))
            target.append(inline)
        else:
            raise ConfigError(f"'{key}' is not a list of tables")
    return doc.as_string()


def _remove_by_tomlkit(text: str, key: str, index: int) -> str:
    doc = tomlkit.parse(text)
    target = doc[key]
    if not isinstance(target, AoT | Array):
        raise ConfigError(f"'{key}' is not a list of tables")
    del target[index]
    return doc.as_string()


# --- the public edits ---------------------------------------------------------------


def read_text(path: Path) -> str:
    """The config file's text; ConfigError naming the file when it cannot be read."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:  # keep CRLF as it is
            return handle.read()
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: no such config file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc


def parse_text(path: Path, text: str) -> tuple[dict[str, Any], Config]:
    """The raw TOML data and the validated Config of a config text (ConfigError if invalid)."""
    try:
        raw = tomllib.loads(text)
        return raw, config_from_mapping(raw, path=path, base_dir=path.parent)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def append_tables(
    path: Path, key: str, tables: Sequence[Mapping[str, Any]], *, dry_run: bool = False
) -> Config:
    """Add ``[[key]]`` tables after the last one in the file (or at its end) and save.

    With ``dry_run`` everything is checked but nothing is written.
    """
    text = read_text(path)
    raw, _config = parse_text(path, text)
    expected = copy.deepcopy(raw)
    expected.setdefault(key, []).extend(dict(t) for t in tables)
    return _save_verified(
        path,
        text,
        expected,
        (
            lambda: _append_by_lines(text, key, tables),
            lambda: _append_by_tomlkit(text, key, tables),
        ),
        dry_run=dry_run,
    )


def remove_table(path: Path, key: str, index: int) -> Config:
    """Delete the ``index``-th ``[[key]]`` table (file order, from 0) and save."""
    text = read_text(path)
    raw, _config = parse_text(path, text)
    expected = copy.deepcopy(raw)
    tables = expected.get(key)
    if not isinstance(tables, list) or not 0 <= index < len(tables):
        raise ConfigError(f"{path}: there is no {key}[{index}] to remove")
    del tables[index]
    return _save_verified(
        path,
        text,
        expected,
        (lambda: _remove_by_lines(text, key, index), lambda: _remove_by_tomlkit(text, key, index)),
    )


def _save_verified(
    path: Path,
    original: str,
    expected: dict[str, Any],
    editors: Sequence[Callable[[], str]],
    *,
    dry_run: bool = False,
) -> Config:
    for editor in editors:
        try:
            candidate = editor()
            if not _same_data(tomllib.loads(candidate), expected):
                continue
        except (tomllib.TOMLDecodeError, tomlkit.exceptions.TOMLKitError, IndexError):
            continue
        _raw, config = parse_text(path, candidate)  # invalid results never reach the disk
        if not dry_run:
            write_text(path, candidate, expect=original)
        return config
    raise ConfigError(f"{path}: could not make this change safely; please edit the file by hand")


def _same_data(found: dict[str, Any], expected: dict[str, Any]) -> bool:
    """Equal, where a list emptied by the edit may also have disappeared from the file."""
    emptied = {k for k, v in expected.items() if v == [] and k not in found}
    return found == {k: v for k, v in expected.items() if k not in emptied}


def write_text(path: Path, text: str, *, expect: str | None = None) -> None:
    """Replace the file atomically, keeping its permissions (and symlink).

    With ``expect``, refuse when the file no longer holds that text: someone else
    edited it since we read it, and their change must not be overwritten.
    """
    target = path.resolve()
    if expect is not None and read_text(target) != expect:
        raise ConfigError(f"{path}: changed by someone else while editing; please try again")
    mode = target.stat().st_mode & 0o7777 if target.exists() else 0o644
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(mode)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ConfigError(f"{path}: cannot write: {exc}") from exc
    if os.name != "nt":
        fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
