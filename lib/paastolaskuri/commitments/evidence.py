"""Evidence for an action from the partner's own lines: does the data show it (or contradict it)?

Two kinds of link are checked, from the action's "from year" on:

- ``zero``: the linked activity must have no quantity left ("no light fuel oil from 2027");
- ``go_share``: at least the given share of the linked activity's quantity is bought with
  guarantees of origin ("all electricity with guarantees of origin from 2025").
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from paastolaskuri.accounting.calculation import GO_FACTOR_ID, scope2_on_basis
from paastolaskuri.intake.commitment_schema import Action

EVIDENCE_STATUSES = ("consistent", "contradicted", "not_yet", "no_data", "no_link")


@dataclass(frozen=True)
class ActionEvidence:
    """What the lines say of one action in one year."""

    partner_id: str
    action_id: str
    year: int | None
    status: str  # one of EVIDENCE_STATUSES
    quantities: tuple[tuple[str, float], ...] = ()  # (unit, quantity) of the linked activity that year
    share_pct: float | None = None  # go_share: measured share in %

    def as_dict(self) -> dict:
        """A JSON-friendly dict."""
        return {
            "partner_id": self.partner_id,
            "action_id": self.action_id,
            "year": self.year,
            "status": self.status,
            "quantities": [list(q) for q in self.quantities],
            "share_pct": self.share_pct,
        }


def _quantities(lines: pd.DataFrame) -> tuple[tuple[str, float], ...]:
    """Quantity by unit, counted once per activity line (emission lines repeat a line per basis)."""
    once = lines.drop_duplicates(subset=["row"]) if "row" in lines else lines
    grouped = once.groupby("unit", sort=True)["quantity"].sum()
    return tuple((str(u), float(q)) for u, q in grouped.items() if q)


def _go_share(lines: pd.DataFrame) -> float | None:
    """The share (%) of the Scope 2 market-based quantity bought with guarantees of origin; None without any."""
    market = lines[scope2_on_basis(lines, "market")] if "basis" in lines else lines
    if market.empty:
        return None
    total = float(market["converted_quantity"].sum())
    if total <= 0:
        return None
    go = float(market.loc[market["factor_id"].astype(str) == GO_FACTOR_ID, "converted_quantity"].sum())
    return go / total * 100.0


def action_evidence(action: Action, year: int, emissions: pd.DataFrame | None) -> ActionEvidence:
    """Check one action against one year's emission lines of the partner (None: that year was not computed)."""
    pid, aid = action.partner_id, action.commitment_id
    if not action.link_activity:
        return ActionEvidence(pid, aid, year, "no_link")
    if action.link_from is not None and year < action.link_from:
        return ActionEvidence(pid, aid, year, "not_yet")
    if emissions is None:
        return ActionEvidence(pid, aid, year, "no_data")
    lines = emissions[emissions["activity"] == action.link_activity]
    quantities = _quantities(lines) if len(lines) else ()
    if action.link_rule == "zero":
        status = "contradicted" if quantities else "consistent"
        return ActionEvidence(pid, aid, year, status, quantities=quantities)
    share = _go_share(lines) if len(lines) else None
    if share is None:
        return ActionEvidence(pid, aid, year, "no_data", quantities=quantities)
    ok = share + 1e-9 >= (action.link_value or 0.0)
    status = "consistent" if ok else "contradicted"
    return ActionEvidence(pid, aid, year, status, quantities=quantities, share_pct=share)
