"""Factor sets: versioned, sourced emission factors, pinned per reporting year, and the GWP100 sets."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from paastolaskuri.accounting.units import UNITS
from paastolaskuri.core.confidence import confidence_mark
from paastolaskuri.core.errors import EXIT_FAILED, PaastolaskuriError
from paastolaskuri.core.i18n import text
from paastolaskuri.core.packaged import packaged

if TYPE_CHECKING:  # pandas is imported where it is used: `paastolaskuri --help` stays fast
    import pandas as pd

GWP_SETS = ("AR5", "AR6")
DEFAULT_GWP = "AR5"
DESNZ_GWP = "AR5"  # the GWP100 values the UK conversion factors state (accounting/desnz.py)
# Gases reported in their own result columns; any other named gas (a refrigerant) goes to "other gas".
MAIN_GASES = ("CO2", "CH4", "N2O")
# A gas variant with its own GWP100 but reported in a main gas's column (fossil methane: AR6 29.8, not 27.9).
GAS_VARIANTS = {"CH4-fossil": "CH4"}
FACTOR_COLUMNS = [
    "factor_id",
    "activity",
    "basis",
    "unit",
    "gas",
    "value",
    "value_gwp",
    "publisher",
    "document",
    "year",
    "url",
    "confidence",
    "note",
]
UNCERTAINTY_COLUMN = (
    "uncertainty"  # optional: a factor's 95 % half-width in percent (accounting/uncertainty.py)
)
PROPERTY_COLUMNS = [
    "activity",
    "property",
    "value",
    "unit",
    "publisher",
    "document",
    "year",
    "url",
    "confidence",
    "note",
]
BASES = ("direct", "location", "market", "wtt", "td_loss")
CONFIDENCE = ("definition", "seen-in-source", "derived-from-seen", "unverified")

MONEY_FILES = ("exchange_rates.csv", "price_indices.csv", "spend_basis.csv")  # as in money.py
SHIPPED_FACTORS_DIR = packaged(
    "factors"
)  # the sets shipped with the package (data/factors/ in the repository)


class FactorSetError(PaastolaskuriError):
    """A factor set is missing, unpinned or malformed."""

    exit_code = EXIT_FAILED


@dataclass
class FactorSet:
    """One published factor set (e.g. fi-2024-r1): its factors, fuel properties, sources and digest."""

    name: str  # e.g. fi-2024-r1: the set id and its revision
    set_id: str
    revision: str
    reporting_year: int | None
    description: str
    path: Path
    factors: pd.DataFrame  # one row per activity x basis x gas
    properties: pd.DataFrame  # fuel properties: density, net calorific values
    digest: str = field(default="")  # sha256 of the set's files: part of a run's input hash
    meta: dict = field(default_factory=dict)  # set.json as published (Scope 2 basis, method notes from r2 on)

    def properties_for(self, activity: str) -> dict[str, float]:
        """The fuel properties of `activity` in this set (density, net calorific value...) by name."""
        rows = self.properties[self.properties["activity"] == activity]
        return {r.property: float(r.value) for r in rows.itertuples()}

    def activities(self) -> set[str]:
        """The activity keys this set has factors for."""
        return set(self.factors["activity"])


def set_digest(path: Path) -> str:
    """The sha256 of a set's files (what a run's input hash records); reads no CSV."""
    digest = hashlib.sha256()
    # the money tables (accounting/money.py: exchange rates, price indices, spend bases) count too
    for name in ("set.json", "factors.csv", "properties.csv", *MONEY_FILES):
        if (Path(path) / name).is_file():
            digest.update((Path(path) / name).read_bytes())
    return digest.hexdigest()


def pinned_set_path(year: int, workspace: Path | None = None) -> Path | None:
    """The folder of the set pinned for `year`, without loading it (None when nothing is pinned or found)."""
    name = pinned_sets(workspace).get(year)
    if name is None:
        return None
    for d in factor_dirs(workspace):
        if (d / name / "set.json").is_file():
            return d / name
    return None


def load_factor_set(path: Path) -> FactorSet:
    """The factor set in folder `path` (set.json, factors.csv, properties.csv), checked; FactorSetError if broken."""
    # pandas is imported on use: `paastolaskuri --help` and the light commands start without it
    import pandas as pd

    path = Path(path)
    meta_file = path / "set.json"
    if not meta_file.is_file():
        raise FactorSetError(f"{path}: not a factor set (set.json missing)")
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    factors = pd.read_csv(path / "factors.csv", dtype=str, keep_default_na=False)
    props_file = path / "properties.csv"
    properties = (
        pd.read_csv(props_file, dtype=str, keep_default_na=False)
        if props_file.is_file()
        else pd.DataFrame(columns=PROPERTY_COLUMNS)
    )
    missing = [c for c in FACTOR_COLUMNS if c not in factors.columns]
    if missing:
        raise FactorSetError(f"{path / 'factors.csv'}: missing columns {missing}")

    problems = []
    unknown_units = sorted(set(factors["unit"]) - set(UNITS))
    if unknown_units:
        problems.append(f"unknown units {unknown_units}")
    unknown_bases = sorted(set(factors["basis"]) - set(BASES))
    if unknown_bases:
        problems.append(f"unknown bases {unknown_bases}")
    unknown_conf = sorted(set(factors["confidence"]) - set(CONFIDENCE))
    if unknown_conf:
        problems.append(f"unknown confidence marks {unknown_conf}")
    try:
        factors["value"] = factors["value"].astype(float)
    except ValueError as exc:
        problems.append(f"a value is not a number ({exc})")
    problems.extend(_uncertainty_problems(factors))
    if problems:
        raise FactorSetError(f"{path / 'factors.csv'}: " + "; ".join(problems))
    properties["value"] = properties["value"].astype(float)
    # the stand-in rule: a row whose note calls it a stand-in or proxy is unverified, whatever its mark
    for table in (factors, properties):
        if "confidence" in table.columns and "note" in table.columns:
            table["confidence"] = [
                confidence_mark(c, n) for c, n in zip(table["confidence"], table["note"], strict=True)
            ]
    return FactorSet(
        name=meta.get("name", path.name),
        set_id=meta.get("id", path.name),
        revision=meta.get("revision", ""),
        reporting_year=meta.get("reporting_year"),
        description=meta.get("description", ""),
        path=path,
        factors=factors,
        properties=properties,
        digest=set_digest(path),
        meta=meta,
    )


def _uncertainty_problems(factors: pd.DataFrame) -> list[str]:
    """The optional `uncertainty` column (95 % half-width, percent; blank = the default): each a number >= 0.

    Sets published without the column stay readable (accounting/uncertainty.py supplies defaults).
    """
    if UNCERTAINTY_COLUMN not in factors.columns:
        return []
    bad = []
    for fid, u in zip(factors["factor_id"], factors[UNCERTAINTY_COLUMN], strict=True):
        if str(u).strip() == "":
            continue
        try:
            ok = float(u) >= 0
        except ValueError:
            ok = False
        if not ok:
            bad.append(str(fid))
    return [f"uncertainty is not a percentage >= 0 for {bad}"] if bad else []


def gas_column(gas: str) -> str:
    """The result column of a factor row's gas: co2, ch4 (also fossil CH4), n2o, or other (a refrigerant)."""
    main = GAS_VARIANTS.get(gas, gas)
    return main.lower() if main in MAIN_GASES else "other"


SCOPE2_BASIS_UNSTATED = "unstated"  # the code of a set that states no Scope 2 basis (the r1 sets)


def scope2_basis_code(factor_set: FactorSet) -> str:
    """The set's stated Scope 2 basis as a code (set.json `scope2_basis.code`, e.g. ``direct_co2``).

    A machine-readable output carries this code; the words are :func:`scope2_basis_text`.
    """
    basis = factor_set.meta.get("scope2_basis") or {}
    return str(basis.get("code") or SCOPE2_BASIS_UNSTATED)


def scope2_basis_text(factor_set: FactorSet, lang: str = "fi") -> str:
    """The set's stated Scope 2 basis (set.json `scope2_basis`), in the reader's language.

    Sets published before r2 state none (the shipped r1 sets mix Ember's lifecycle CO2e, location-based,
    with the residual mix's direct CO2, market-based: docs/method.md).
    """
    basis = factor_set.meta.get("scope2_basis") or {}
    if basis.get(lang):
        return str(basis[lang])
    return text("factors.scope2_basis_unstated", "fi" if lang == "fi" else "en")


def factor_dirs(workspace: Path | None) -> list[Path]:
    """Where factor sets are looked up: the workspace's own data/factors first, then the shipped ones."""
    dirs = []
    if workspace is not None:
        own = Path(workspace) / "data" / "factors"
        if own.is_dir():
            dirs.append(own.resolve())
    if SHIPPED_FACTORS_DIR.resolve() not in dirs:
        dirs.append(SHIPPED_FACTORS_DIR.resolve())
    return dirs


def available_sets(workspace: Path | None = None) -> list[str]:
    """The names of every factor set found, the workspace's own first, each once."""
    names: dict[str, None] = {}
    for d in factor_dirs(workspace):
        for p in sorted(d.iterdir()):
            if (p / "set.json").is_file():
                names[p.name] = None
    return list(names)


def find_factor_set(name: str, workspace: Path | None = None) -> FactorSet:
    """The factor set called `name` (the workspace's copy before the shipped one); FactorSetError if none."""
    for d in factor_dirs(workspace):
        if (d / name / "set.json").is_file():
            return _load_cached(str(d / name))
    raise FactorSetError(
        f"factor set {name!r} not found (looked in {', '.join(str(d) for d in factor_dirs(workspace))})"
    )


@lru_cache(maxsize=16)
def _load_cached(path: str) -> FactorSet:
    return load_factor_set(Path(path))


def pinned_sets(workspace: Path | None = None) -> dict[int, str]:
    """Reporting year -> factor set name, from data/factors/years.csv (the workspace's overrides the shipped one)."""
    pins: dict[int, str] = {}
    for d in reversed(factor_dirs(workspace)):
        years = d / "years.csv"
        if years.is_file():
            with years.open(encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    pins[int(row["year"])] = row["factor_set"].strip()
    return pins


def factor_set_for_year(year: int, workspace: Path | None = None) -> FactorSet:
    """The factor set pinned for reporting year `year` in years.csv; FactorSetError if none is pinned."""
    pins = pinned_sets(workspace)
    if year not in pins:
        known = ", ".join(str(y) for y in sorted(pins)) or "none"
        raise FactorSetError(
            f"no factor set is pinned for {year} (pinned years: {known}); add a row to data/factors/years.csv"
        )
    return find_factor_set(pins[year], workspace)


@lru_cache(maxsize=1)
def load_gwp() -> pd.DataFrame:
    """GWP100 values by gas (index) for each set (columns AR5, AR6), plus source and confidence."""
    # pandas is imported on use: `paastolaskuri --help` and the light commands start without it
    import pandas as pd

    table = pd.read_csv(SHIPPED_FACTORS_DIR / "gwp.csv", dtype=str, keep_default_na=False).set_index("gas")
    table["confidence"] = [
        confidence_mark(c, n) for c, n in zip(table["confidence"], table["note"], strict=True)
    ]
    for s in GWP_SETS:
        table[s] = table[s].astype(float)
    return table


def gwp_of(gas: str, gwp_set: str) -> float:
    """The GWP100 of `gas` in `gwp_set` ("AR5" or "AR6"); FactorSetError for an unknown gas."""
    table = load_gwp()
    if gas not in table.index:
        raise FactorSetError(f"no GWP100 value for gas {gas!r} in data/factors/gwp.csv")
    return float(table.loc[gas, gwp_set])
