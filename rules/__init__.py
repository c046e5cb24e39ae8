"""seasonwatch's rules: pure domain logic over news text, with no I/O and no clock.

The public API, used by ``ingest`` and ``tui``:

- ``ShowMatcher(shows)`` compiles every show's titles and aliases once;
  ``matcher.find(text)`` returns the configured titles a text mentions.
- ``read(text, published, matcher)`` returns a ``Reading``: the mentions and the season
  claims of one text, with dates normalised against its publication date.
- ``estimate_seasons(evidence, today, lags)`` combines the claims of many items, with
  the user's review states, into one ``SeasonEstimate`` per (show, season).
- ``ShowEstimates(show)`` keeps one show's estimates current as items' evidence is
  put and dropped (a mark, a poll), recomputing only the seasons a change reaches.
- ``newest_per_show(estimates)`` picks the estimate a one-row-per-show view shows.

``RULES_VERSION`` changes whenever the rules would read a text differently, so stored
items read by older rules can be read again.

``COMPILED`` tells whether the modules below are the mypyc build of these very sources
(``rules.compiled``); it is decided before any of them is imported. That is the one
I/O the package does: importing it hashes its own sources and may load the build.
"""

from rules import compiled

COMPILED = compiled.activate(__path__)

from rules.claims import read
from rules.estimate import ShowEstimates, estimate_seasons, newest_per_show
from rules.mentions import ShowMatcher
from rules.models import (
    Certainty,
    Claim,
    ClaimKind,
    DateWindow,
    Evidence,
    Lags,
    Mention,
    Phase,
    Reading,
    ReviewState,
    SeasonEstimate,
    Show,
    UsedClaim,
)

RULES_VERSION = "7"

__all__ = [
    "COMPILED",
    "RULES_VERSION",
    "Certainty",
    "Claim",
    "ClaimKind",
    "DateWindow",
    "Evidence",
    "Lags",
    "Mention",
    "Phase",
    "Reading",
    "ReviewState",
    "SeasonEstimate",
    "Show",
    "ShowEstimates",
    "ShowMatcher",
    "UsedClaim",
    "estimate_seasons",
    "newest_per_show",
    "read",
]
