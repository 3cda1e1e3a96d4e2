"""The stand-in rule: a sourced value whose own note calls it a stand-in or a proxy is `unverified`.

The catalogues and factor sets mark each value with a confidence mark. A value seen in a source but
used for something else (a household tariff for businesses, a petrol car's consumption for diesel
cars, a warranty period for a lifetime, household spending for business purchases) is a stand-in:
what it stands for was not seen anywhere, so it is `unverified` whatever mark its row was given
(actions/catalogue.py states the rule for the action catalogue; it holds for factor sets too).

Applied where every such table is loaded (factor sets, their money tables, the GWP table, the action
catalogue), so a published file stays byte-unchanged while every report shows the mark the rule gives.
"""

from __future__ import annotations

import re

UNVERIFIED = "unverified"

# How the notes say it (English and Finnish): "stands in for", "a stand-in", "used as a proxy",
# "... sijaisena". The past tense ("stood in for it in r2") describes an earlier set, not this value.
_STAND_IN = re.compile(r"\bstands? in for\b|\bstand-ins?\b|\bproxy\b|\bsijais", re.IGNORECASE)


def is_stand_in(note: str) -> bool:
    """Whether a row's note says its value stands in for another (a stand-in or a proxy)."""
    return bool(_STAND_IN.search(note or ""))


def confidence_mark(mark: str, *notes: str) -> str:
    """The mark a row carries under the stand-in rule: `unverified` when a note calls it a stand-in."""
    return UNVERIFIED if any(is_stand_in(n) for n in notes) else mark
