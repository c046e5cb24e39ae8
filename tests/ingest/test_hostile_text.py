"""Untrusted text: whatever a feed writes, what comes out is plain, visible, inert text.

A seeded fuzzer (no extra dependency; ``SEASONWATCH_FUZZ_TEXTS`` sets the count)
builds strings from the pieces attackers use — ESC/CSI/OSC/DCS sequences, C1
controls, bidi and zero-width characters, lone surrogates, HTML, entities that
encode all of these, escaped several times over — and checks every text function of
``ingest.plaintext`` against an independent judge (``tests.hostile.dangerous``, which
asks the running Python's Unicode database). ``strip_unsafe``'s list is also checked
against that database, code point by code point.
"""

from __future__ import annotations

import os
import random
import sys
import time
import unicodedata

import pytest

from ingest.plaintext import (
    decode_entities,
    html_to_text,
    one_line,
    safe_line,
    strip_unsafe,
    truncate,
)
from tests import hostile

FUZZ_TEXTS = int(os.environ.get("SEASONWATCH_FUZZ_TEXTS", "20000"))

PIECES = (
    *hostile.ESC_PAYLOADS,
    *hostile.MARKUP_TITLES,
    hostile.INVISIBLE,
    "\x1b", "\x9b", "\x9d", "\x90", "\x07", "\x00", "\x7f", "\r", "\x85", "\u2028", "\u2029",
    "\ud800", "\udfff", "\u200d", "\u2066", "\u061c", "\u00ad", "\U000e0001", "\u3164",
    "&#x1b;", "&#27;", "&#155;", "&#x9b;", "&#x202e;", "&#8238;", "&#xd800;", "&#x110000;",
    "&#0;", "&amp;#x1b;", "&amp;amp;#x9b;", "&#x26;#x1b;", "&lt;script&gt;", "&nbsp;", "&zwj;",
    "&rlm;", "&shy;", "&NewLine;", "&Tab;", "&#13;", "&#x85;", "&#X1B;",
    "<b>", "</b>", "<p>", "<br/>", "<script>\x1b[2J</script>", "<style>x</style>",
    "<!-- \x1b -->", "<a href='\x1b]8;;x'>", "<img alt=\"a > b\x9b\">", "<![CDATA[\x1b]]>",
    "<", ">", "&", "[", "]", "Daredevil", "season 3", " ", "\t", "\n", "é", "日本", "👨‍👩‍👧",
)  # fmt: skip


def fuzz_strings(count: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = [rng.choice(PIECES) for _ in range(rng.randint(1, 12))]
        if rng.random() < 0.1:  # now and then, any code point at all
            parts.append(chr(rng.randrange(sys.maxunicode + 1)))
        out.append("".join(parts))
    return out


def test_the_unsafe_list_covers_the_unicode_database() -> None:
    missing = [
        f"U+{cp:04X}"
        for cp in range(sys.maxunicode + 1)
        if hostile.dangerous(chr(cp)) and strip_unsafe(chr(cp)) not in ("", "\n")
    ]
    assert missing == [], f"Unicode {unicodedata.unidata_version}: {missing[:20]}"


@pytest.mark.parametrize(
    "function",
    [strip_unsafe, html_to_text, one_line, lambda t: safe_line(t, 120)],
    ids=["strip_unsafe", "html_to_text", "one_line", "safe_line"],
)
def test_fuzzed_feed_text_comes_out_inert(function: object) -> None:
    assert callable(function)
    bad = []
    for text in fuzz_strings(FUZZ_TEXTS):
        out = function(text)
        if hostile.dangerous(out):
            bad.append((text, out))
    assert bad == [], bad[:5]


def test_single_line_functions_give_one_line() -> None:
    for text in fuzz_strings(2000, seed=7):
        for out in (one_line(text), safe_line(text, 80)):
            assert "\n" not in out and "\t" not in out and out == out.strip()
        assert len(safe_line(text, 80)) <= 80


def test_entities_are_decoded_before_the_characters_they_make_are_removed() -> None:
    assert one_line("Dare&#x1b;]52;c;eA==&#7;devil") == "Dare]52;c;eA==devil"
    assert one_line("a&amp;#x9b;31mb") == "a\u203a31mb"  # HTML5 reads &#x9b; as cp1252 "›"
    assert one_line("a\x9b31mb") == "a31mb"
    assert one_line("&lt;b&gt;bold&lt;/b&gt;") == "<b>bold</b>"  # text, shown as text
    assert decode_entities("&amp;amp;amp;") == "&"


def test_html_to_text_keeps_what_a_reader_sees() -> None:
    assert html_to_text("<p>One</p><p>Two &amp; <b>three</b></p>") == "One\nTwo & three"
    assert html_to_text("<script>alert(1)</script>Text<style>p{}</style>") == "Text"
    assert html_to_text('<img alt="a > b">after') == "after"  # a quoted ">" is no end
    assert html_to_text("a < b and c > d") == "a < b and c > d"
    assert html_to_text("<title>x</title><head><b>y</b></head>body") == "body"
    assert html_to_text("<!-- a comment -->text<!-- unclosed") == "text"
    assert html_to_text("keep <unclosed tag and the rest") == "keep"
    assert html_to_text("<![<![<![") == ""  # html.parser raised AssertionError here


@pytest.mark.parametrize(
    "attack",
    ["<a ", "<a\n", "<a b=", "<x:", "<![", '<a b="', "<a b='x>", '<a "x>" ', "</", "<!--", "<"],
)
def test_html_to_text_is_linear(attack: str) -> None:
    text = attack * (200_000 // len(attack))
    began = time.perf_counter()
    html_to_text(text)
    assert time.perf_counter() - began < 1.5  # html.parser: 56 s for 64 KB of "<a "


def test_truncate_cuts_at_words_with_an_ellipsis() -> None:
    assert truncate("word " * 10, 12) == "word word…"
    assert len(truncate("x" * 1000, 50)) == 50
