"""Multiplicative noise on the microdata's magnitudes, so no partner's figure or quantity is recoverable.

A line's kg CO2e divided by the public emission factor gives the line's quantity; a partner's lines
summed give its total. Bands alone do not stop this: a precise partner total minus the other lines'
bands narrows a dominant line. So every magnitude of a partner in a microdata export (totals, scopes,
categories, lines, quantities, biogenic CO2, intensities) is multiplied by one factor per partner,
as the U.S. Census Bureau's EZS noise does for establishment data (Evans, Zayatz & Slanta, "Using
noise for disclosure limitation of establishment tabular data", Journal of Official Statistics
14(4), 1998; as presented by Massell & Funk, U.S. Census Bureau: multipliers "not too close to 1",
one per record, tables automatically additive):

- the factor is 1 ± d with d uniform in [NOISE_MIN, NOISE_MAX]; NOISE_MIN is the p of the p %-rule
  plus the largest step of rounding to `rules.SIGNIFICANT_DIGITS` digits, so a published figure,
  rounded, is still more than p % from the truth: kg ÷ factor gives a quantity at least p % off;
- one factor per partner for every year and every export: a partner's shares, its lines' mix and
  its year-on-year change are exact, and averaging several exports or years cancels nothing;
- the factor comes from HMAC-SHA256 of the partner ID with a secret noise key kept in the workspace
  (`.paastolaskuri/research-noise.key`), which rotating the pseudonym key does not change (a new
  draw per export would let two exports be averaged).

An attacker who knows the scheme knows the true value lies in [x / (1 + NOISE_MAX), x / (1 + NOISE_MIN)]
or [x / (1 - NOISE_MIN), x / (1 - NOISE_MAX)]: an interval far wider than ±p %, and the guess of the
side is a coin toss. The aggregate export is never perturbed (its cells pass the rules instead).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import pandas as pd

from paastolaskuri.accounting.metrics import INTENSITY_COLUMNS
from paastolaskuri.disclosure import rules
from paastolaskuri.research.pseudonyms import KEY_DIR

NOISE_KEY_NAME = "research-noise.key"
# the largest relative step of rounding to SIGNIFICANT_DIGITS digits is half of this (0.5 % for 3)
ROUNDING_MARGIN = 10.0 ** (1 - rules.SIGNIFICANT_DIGITS)
NOISE_MIN = rules.P_PERCENT / 100.0 + ROUNDING_MARGIN  # 0.11: never closer to 1 than p % after rounding
NOISE_MAX = 2.0 * NOISE_MIN  # 0.22: the interval an attacker is left with spans far more than ±p %
# a partner's magnitudes in the processed tables (kg and intensities); counts and shares are not
PARTNER_MAGNITUDES = (
    "kg_scope1",
    "kg_scope2_location",
    "kg_scope2_market",
    "kg_scope3",
    "kg_total_location",
    "kg_total_market",
    "kg_biogenic_co2",
    *INTENSITY_COLUMNS,
)
LINE_MAGNITUDES = ("quantity", "kg_co2e", "kg_co2_biogenic")


def noise_key_path(workspace: Path) -> Path:
    """Where the workspace's noise key lives (beside the pseudonym key, never exported)."""
    return Path(workspace) / KEY_DIR / NOISE_KEY_NAME


def load_or_create_noise_key(workspace: Path) -> bytes:
    """The workspace's noise key, created once (mode 0600); never rotated with the pseudonym key."""
    path = noise_key_path(workspace)
    if path.is_file():
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    return write_noise_key(workspace, secrets.token_bytes(32))


def write_noise_key(workspace: Path, key: bytes) -> bytes:
    """Store `key` as the workspace's noise key (mode 0600); an existing key is never replaced.

    Returns the key the workspace now has: `key`, or the one already there.
    """
    path = noise_key_path(workspace)
    if path.is_file():
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never replaces an existing key
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex() + "\n")
    return key


DEMO_PARTNER_PREFIX = (
    "demo-"  # every fictional demo partner's ID begins so (demo.network builds them with it)
)


def demo_noise_key() -> bytes:
    """The fictional demo's noise key: public, so the demo's microdata reproduces on every machine.

    Never for real partners' data (anyone can derive it): `paastolaskuri demo` writes it only into a
    workspace that has no noise key yet, and `uses_demo_key` lets the export refuse it for a partner
    that is not a demo partner.
    """
    return hashlib.sha256(b"paastolaskuri: the fictional demo's public noise key").digest()


def uses_demo_key(key: bytes, partner_ids: list[str]) -> bool:
    """True when `key` is the demo's public key and a partner in `partner_ids` is not a demo partner."""
    return hmac.compare_digest(key, demo_noise_key()) and any(
        not str(pid).startswith(DEMO_PARTNER_PREFIX) for pid in partner_ids
    )


def multiplier(key: bytes, partner_id: str) -> float:
    """The partner's noise factor: 1 ± d, d in [NOISE_MIN, NOISE_MAX], from HMAC-SHA256 of its ID."""
    digest = hmac.new(key, b"noise:" + str(partner_id).strip().encode("utf-8"), hashlib.sha256).digest()
    fraction = int.from_bytes(digest[:8], "big") / 2.0**64
    sign = 1.0 if digest[8] & 1 else -1.0
    return 1.0 + sign * (NOISE_MIN + (NOISE_MAX - NOISE_MIN) * fraction)


def _scaled(frame: pd.DataFrame, columns: tuple[str, ...], factors: pd.Series) -> pd.DataFrame:
    out = frame.copy()
    for column in columns:
        if column in out:
            out[column] = pd.to_numeric(out[column], errors="coerce") * factors.to_numpy()
    return out


def perturb(partners: pd.DataFrame, emissions: pd.DataFrame, key: bytes) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Partner rows and emission lines with every magnitude times the partner's noise factor."""
    factor = {pid: multiplier(key, pid) for pid in set(partners["partner_id"].astype(str))}
    noisy_partners = _scaled(partners, PARTNER_MAGNITUDES, partners["partner_id"].astype(str).map(factor))
    if emissions.empty:
        return noisy_partners, emissions
    ids = emissions["partner_id"].astype(str)
    factors = ids.map(lambda pid: factor.get(pid) or multiplier(key, pid))
    return noisy_partners, _scaled(emissions, LINE_MAGNITUDES, factors)


__all__ = [
    "DEMO_PARTNER_PREFIX",
    "NOISE_MAX",
    "NOISE_MIN",
    "demo_noise_key",
    "load_or_create_noise_key",
    "multiplier",
    "noise_key_path",
    "perturb",
    "uses_demo_key",
    "write_noise_key",
]
