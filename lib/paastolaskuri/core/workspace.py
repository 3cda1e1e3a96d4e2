"""A workspace: a folder with data/raw, data/processed and reports. Every path is anchored on it."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

TEMPLATE_SUFFIXES = (".xlsx", ".xlsm")
_WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}
MAX_SLUG = 64
DEFAULT_LANG = "fi"  # reports in this language keep the plain paths (reports/<year>/partners/<id>.html)
# the repository when the package runs from a checkout (lib/paastolaskuri/core/); an installed package has none
REPOSITORY_ROOT = Path(__file__).resolve().parents[3]


def default_root() -> Path:
    """The workspace when none is given: $PAASTOLASKURI_WORKSPACE, else the checkout, else the current folder."""
    if os.environ.get("PAASTOLASKURI_WORKSPACE"):
        return Path(os.environ["PAASTOLASKURI_WORKSPACE"])
    return REPOSITORY_ROOT if (REPOSITORY_ROOT / "pyproject.toml").is_file() else Path.cwd()


AUDIENCES = ("coordinator", "public")  # who a network report is for; the coordinator's has the plain name


def audience_suffix(audience: str) -> str:
    """The one rule for a network report's name by audience: "" for the coordinator, "-public" for the public.

    Used for the report files (network-public.html), the run manifest's keys (network_public) and
    the run's listing, so that an audience's report is named the same way everywhere.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}: one of {', '.join(AUDIENCES)}")
    return "" if audience == AUDIENCES[0] else f"-{audience}"


def partner_slug(partner_id: object) -> str:
    """The one rule that turns a partner ID into a safe file name.

    Finnish letters become their base letters (ä→a, ö→o, å→a: 'Pyhäselän Oma' → 'pyhaselan-oma'),
    anything but a–z and 0–9 becomes a hyphen, and the result is at most 64 characters. Names that
    Windows reserves (CON, NUL, …) get a 'partner-' prefix. Returns '' when nothing usable remains.
    """
    text = unicodedata.normalize("NFKD", str(partner_id)).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:MAX_SLUG].strip("-")
    if slug in _WINDOWS_RESERVED:
        slug = f"partner-{slug}"
    return slug


@dataclass(frozen=True)
class Workspace:
    """A folder with data/raw/<year>/, data/processed/<year>/ and reports/<year>/; every path is built here."""

    root: Path

    @classmethod
    def at(cls, root: Path | str | None) -> Workspace:
        """The workspace at `root`; an empty root means `default_root()`."""
        if root is None or str(root) == "":
            root = default_root()
        return cls(Path(root).resolve())

    def raw_dir(self, year: int) -> Path:
        """The year's partner templates as received (never written by a run)."""
        return self.root / "data" / "raw" / str(year)

    def processed_dir(self, year: int) -> Path:
        """The year's derived data."""
        return self.root / "data" / "processed" / str(year)

    def reports_dir(self, year: int) -> Path:
        """The year's report folder: the Finnish reports, the run manifest (run.json) and other languages' folders."""
        return self.root / "reports" / str(year)

    def language_dir(self, year: int, lang: str = DEFAULT_LANG) -> Path:
        """Where one language's reports go.

        Finnish in the year's folder, any other language in a subfolder named by its code
        (reports/2024/en/), so that the languages never overwrite each other.
        """
        base = self.reports_dir(year)
        return base if lang == DEFAULT_LANG else base / lang

    def partner_processed_dir(self, year: int, slug: str) -> Path:
        """One partner's derived data for the year."""
        return self.processed_dir(year) / "partners" / slug

    def partner_report(self, year: int, slug: str, suffix: str, lang: str = DEFAULT_LANG) -> Path:
        """A partner's report file (`suffix` '.html', '.xlsx' or '.ipynb') in `lang`."""
        return self.language_dir(year, lang) / "partners" / f"{slug}{suffix}"

    def network_report(
        self, year: int, suffix: str, audience: str = "coordinator", lang: str = DEFAULT_LANG
    ) -> Path:
        """The network report file for `audience` ('coordinator' or 'public') in `lang`."""
        return self.language_dir(year, lang) / f"network{audience_suffix(audience)}{suffix}"

    def years(self) -> list[int]:
        """The years with a folder under data/raw/ (empty or not)."""
        raw = self.root / "data" / "raw"
        if not raw.is_dir():
            return []
        return sorted(int(p.name) for p in raw.iterdir() if p.is_dir() and p.name.isdigit())

    def processed_years(self) -> list[int]:
        """The years with derived data."""
        processed = self.root / "data" / "processed"
        if not processed.is_dir():
            return []
        return sorted(int(p.name) for p in processed.iterdir() if p.is_dir() and p.name.isdigit())

    def templates(self, year: int) -> list[Path]:
        """The year's template files (.xlsx, .xlsm), sorted by name; Office lock files and hidden files left out."""
        d = self.raw_dir(year)
        if not d.is_dir():
            return []
        return sorted(
            p
            for p in d.iterdir()
            if p.is_file() and p.suffix.lower() in TEMPLATE_SUFFIXES and not p.name.startswith(("~$", "."))
        )

    def inside(self, path: Path) -> bool:
        """True when `path` lies inside the workspace."""
        try:
            Path(path).resolve().relative_to(self.root)
            return True
        except ValueError:
            return False
