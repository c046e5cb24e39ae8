"""The base time phrases of news text, one pattern and one small resolver each.

The tuple ``_BASES`` is ordered: at one position the first pattern that matches wins, so
longer readings ("March 8, 2019", "early 2019") come before shorter ones ("March",
"2019"). ``COMPILED`` holds each pattern with the first words it can start with, so a
pattern is only tried at such a word. The builders are in ``rules.dates.builders``.
"""

from __future__ import annotations

import re
from typing import Final

from rules.dates.builders import (
    DAY,
    HOLIDAY,
    MON,
    PART,
    QUARTER,
    SEASON,
    WDAY,
    YEAR,
    Builder,
    build_ago,
    build_day_word,
    build_end_of_month,
    build_end_of_year,
    build_full_date,
    build_holiday,
    build_month,
    build_month_day,
    build_month_year,
    build_part_year,
    build_quarter,
    build_relative_month,
    build_relative_week,
    build_relative_year,
    build_season_word,
    build_soon,
    build_weekday,
    build_weekend,
    build_year,
    build_year_range,
)

_BASES: tuple[tuple[str, str, Builder], ...] = (
    (
        "full_date",
        rf"(?:{WDAY},?\s+)?(?-i:(?P<mon>{MON}))\s+(?P<day>{DAY}),?\s+(?P<year>{YEAR})\b",
        build_full_date,
    ),
    (
        "day_month_year",
        rf"(?P<day>{DAY})\s+(?:of\s+)?(?-i:(?P<mon>{MON}))\s*,?\s+(?P<year>{YEAR})\b",
        build_full_date,
    ),
    ("month_year", rf"(?-i:(?P<mon>{MON})),?\s+(?:of\s+)?(?P<year>{YEAR})\b", build_month_year),
    (
        "month_day",
        rf"(?:{WDAY},?\s+)?(?-i:(?P<mon>{MON}))\s+(?P<day>{DAY})\b(?!\s*(?:%|million|\d))",
        build_month_day,
    ),
    ("day_month", rf"(?:the\s+)?(?P<day>{DAY})\s+(?:of\s+)?(?-i:(?P<mon>{MON}))", build_month_day),
    (
        "part_year",
        rf"(?:(?P<part>{PART}|{SEASON})|(?P<quarter>{QUARTER}))[\s-]*(?:of\s+)?(?:'|’)?(?P<year>{YEAR})\b",
        build_part_year,
    ),
    (
        "year_range",
        rf"(?<![\d$#])(?P<y1>{YEAR})\s*(?:–|—|-|/|\bto\b|\bthrough\b|\bor\b|\band\b)\s*(?P<y2>{YEAR}|\d\d)\b(?!-)",
        build_year_range,
    ),
    ("year", rf"(?<![\d$#.,])(?P<y>{YEAR})\b(?![-–]\d|%|,\d|\.\d)", build_year),
    (
        "relative_year",
        rf"(?P<rpart>(?:{PART}|later|sometime|early|late|mid)[\s-]*)?(?P<which>this|next|last)\s+year\b"
        r"(?!'s\s+(?:emmy|season))",
        build_relative_year,
    ),
    (
        "end_of_year",
        r"(?:the\s+)?end\s+of\s+(?:the|this)\s+year|year'?s?[\s-]end|the\s+end\s+of\s+the\s+year",
        build_end_of_year,
    ),
    (
        "end_of_month",
        r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|(?P<emwhich>next)\s+)month\b",
        build_end_of_month,
    ),
    (
        "relative_month",
        r"(?:later\s+|earlier\s+)?(?P<mwhich>this|next|last)\s+month\b",
        build_relative_month,
    ),
    (
        "relative_week",
        r"(?:later\s+|earlier\s+)?(?P<wwhich>this|next|last)\s+week\b",
        build_relative_week,
    ),
    (
        "weekend",
        r"(?P<wkwhich>this\s+past|this|next|last|past|over\s+the)\s+weekend\b",
        build_weekend,
    ),
    ("day_word", r"\b(?P<dword>today|tonight|tomorrow|yesterday|last\s+night)\b", build_day_word),
    ("holiday", HOLIDAY, build_holiday),
    (
        "soon",
        r"\b(?:very\s+)?(?:soon|shortly|imminently|any\s+day\s+now|"
        r"(?:coming|upcoming|next\s+few)\s+(?:weeks|months)|near\s+future|"
        r"(?:few|couple\s+of)\s+(?:weeks|months)(?!\s+ago))\b(?!\s+as\b|\s+after\b|-to-be)",
        build_soon,
    ),
    ("ago", r"\b(?P<unit>days?|weeks?|months?|years?)\s+ago\b", build_ago),
    (
        "season_word",
        rf"(?:(?P<swhich>this|next|last)\s+)?(?P<season>{SEASON})\b(?![-\s]*\d)",
        build_season_word,
    ),
    ("quarter", r"\b(?P<q>Q[1-4]|(?:first|second|third|fourth)\s+quarter)\b", build_quarter),
    ("month", rf"(?-i:(?P<mon>{MON}))", build_month),
    ("weekday", rf"(?:(?P<wdwhich>this|next|last|on)\s+)?(?-i:(?P<wd>{WDAY}))\b", build_weekday),
)


_MONTH_STEMS: Final = "jan feb mar apr may jun jul aug sep oct nov dec"
_DAY_STEMS: Final = "mon tue wed thu fri sat sun"
_DIGITS: Final = "0 1 2 3 4 5 6 7 8 9"
_PART_STEMS: Final = (
    "early mid late end start beginning middle very first second 1st 2nd latter back"
)
_SEASON_STEMS: Final = "spring summer fall autumn winter"
# The words each phrase can start with (as prefixes): only there is its pattern tried.
_FIRST_WORDS: Final = {
    "full_date": f"{_MONTH_STEMS} {_DAY_STEMS}",
    "day_month_year": _DIGITS,
    "month_year": _MONTH_STEMS,
    "month_day": f"{_MONTH_STEMS} {_DAY_STEMS}",
    "day_month": _DIGITS,
    "part_year": f"{_PART_STEMS} {_SEASON_STEMS} q1 q2 q3 q4 third fourth",
    "year_range": _DIGITS,
    "year": _DIGITS,
    "relative_year": f"{_PART_STEMS} later sometime this next last",
    "end_of_year": "end year",
    "end_of_month": "end",
    "relative_month": "later earlier this next last",
    "relative_week": "later earlier this next last",
    "weekend": "this next last past over",
    "day_word": "today tonight tomorrow yesterday last",
    "holiday": "christmas new halloween valentine thanksgiving independence fourth",
    "soon": "very soon shortly imminently any coming upcoming next near few couple",
    "ago": "day week month year",
    "season_word": f"this next last {_SEASON_STEMS}",
    "quarter": "q1 q2 q3 q4 first second third fourth",
    "month": _MONTH_STEMS,
    "weekday": f"this next last {_DAY_STEMS}",
}
COMPILED: Final = tuple(
    (name, re.compile(pattern, re.IGNORECASE), build, tuple(_FIRST_WORDS[name].split()))
    for name, pattern, build in _BASES
)
STEMS: Final = tuple(sorted({stem for *_, stems in COMPILED for stem in stems}))
