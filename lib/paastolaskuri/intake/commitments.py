"""Reading and validating commitment rows: from the template's sheet or the coordinator's CSV.

Rows arrive as :class:`RawRow` (values by column key, with the cell each came from), so the same
validation serves the workbook and ``data/commitments.csv``. Every problem is located
(``FILE: SHEET!CELL: message``) and all of them are reported at once.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.intake.cells import parse_number
from paastolaskuri.intake.commitment_schema import (
    CATEGORY_SEPARATOR,
    COLUMNS,
    COMMITMENT_HEADER_ROW,
    LINK_RULES,
    PERCENT_MAX,
    PERCENT_MIN,
    Action,
    Column,
    Commitment,
    Origin,
    Target,
)
from paastolaskuri.messages import Problem, Translated

MIN_YEAR, MAX_YEAR = 1990, 2100
_MILESTONE = re.compile(r"^\s*(\d{4})\s*[:=]\s*(-?[\d.,]+)\s*%?\s*$")


@dataclass(frozen=True)
class RawRow:
    """One non-empty row as read: values by column key, and the cell reference of each column."""

    row: int
    values: dict[str, object]
    cells: dict[str, str]
    partner_id: str = ""


@dataclass
class _RowContext:
    raw: RawRow
    file: str
    sheet: str
    problems: list[Problem]

    def error(self, key: str, code: str, severity: str = "error", **params: object) -> None:
        cell = self.raw.cells.get(key, f"A{self.raw.row}")
        self.problems.append(Problem(self.file, code, self.sheet, cell, dict(params), severity))

    def text(self, key: str) -> str:
        value = self.raw.values.get(key)
        return "" if value is None else str(value).strip()


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().strip()


def _choice(ctx: _RowContext, column: Column, required: bool) -> str:
    raw = ctx.text(column.key)
    if not raw:
        if required:
            ctx.error(column.key, "commitment_missing", field=Translated.of(column.label))
        return ""
    folded = _fold(raw)
    for key, (fi, en) in (column.choices or {}).items():
        if folded in (_fold(key), _fold(fi), _fold(en), _fold(f"{fi} / {en}")):
            return key
    allowed = ", ".join(fi for fi, _ in (column.choices or {}).values())
    allowed_en = ", ".join(en for _, en in (column.choices or {}).values())
    ctx.error(column.key, "commitment_bad_choice", value=raw, allowed=Translated(allowed, allowed_en))
    return ""


def _year(ctx: _RowContext, key: str, required: bool) -> int | None:
    value = ctx.raw.values.get(key)
    number, problem = parse_number(value)
    if number is None:
        if problem == "missing":
            if required:
                column = _COLUMN[key]
                ctx.error(key, "commitment_missing", field=Translated.of(column.label))
            return None
        ctx.error(key, "commitment_bad_year", value=value)
        return None
    if number != int(number) or not MIN_YEAR <= number <= MAX_YEAR:
        ctx.error(key, "commitment_bad_year", value=value)
        return None
    return int(number)


def _percent(ctx: _RowContext, key: str, required: bool) -> float | None:
    value = ctx.raw.values.get(key)
    number, problem = parse_number(value)
    if number is None:
        if problem == "missing":
            if required:
                column = _COLUMN[key]
                ctx.error(key, "commitment_missing", field=Translated.of(column.label))
            return None
        ctx.error(key, "commitment_bad_percent", value=value)
        return None
    if not PERCENT_MIN <= number <= PERCENT_MAX:
        ctx.error(key, "commitment_bad_percent", value=value)
        return None
    return float(number)


def _milestones(ctx: _RowContext, base: int | None, target: int | None) -> tuple[tuple[int, float], ...]:
    raw = ctx.text("milestones")
    if not raw:
        return ()
    pairs: list[tuple[int, float]] = []
    for piece in (p for p in raw.split(";") if p.strip()):
        m = _MILESTONE.match(piece)
        if not m:
            ctx.error("milestones", "commitment_bad_milestone", value=piece.strip())
            return ()
        pct = float(m.group(2).replace(",", "."))
        pairs.append((int(m.group(1)), pct))
    years = [y for y, _ in pairs]
    pcts = [p for _, p in pairs]
    in_order = years == sorted(set(years)) and pcts == sorted(pcts)
    inside = all((base is None or y > base) and (target is None or y < target) for y in years)
    if not in_order or not inside or any(not 0 <= p <= 100 for p in pcts):
        ctx.error("milestones", "commitment_milestone_order", value=raw)
        return ()
    return tuple(pairs)


def category_codes(raw: str) -> tuple[tuple[str, ...], list[str]]:
    """The category codes a cell names, and the pieces that name none.

    A cell names categories by their Finnish or English name or their key, several separated by
    semicolons (the template's drop-down gives one name); an older sheet's keys separated by commas
    or spaces ("s1_stationary, s2_heat") still read.
    """
    by_name: dict[str, str] = {}
    for c in load_catalogue().categories.values():
        for name in (c.code, c.label_fi, c.label_en, f"{c.label_fi} / {c.label_en}"):
            by_name[_fold(name)] = c.code
    codes: list[str] = []
    unknown: list[str] = []
    for piece in (p.strip() for p in raw.split(CATEGORY_SEPARATOR)):
        if not piece:
            continue
        if _fold(piece) in by_name:
            codes.append(by_name[_fold(piece)])
            continue
        words = [w for w in re.split(r"[,\s]+", piece) if w]
        if words and all(_fold(w) in by_name for w in words):
            codes.extend(by_name[_fold(w)] for w in words)
        else:
            unknown.append(piece)
    return tuple(dict.fromkeys(codes)), unknown


def _categories(ctx: _RowContext, coverage: str) -> tuple[str, ...]:
    raw = ctx.text("categories")
    if coverage != "categories":
        return ()
    # the template's partner chooses names from a drop-down; the coordinator's CSV may use keys
    suffix = "_csv" if ctx.sheet == "csv" else ""
    if not raw:
        ctx.error("categories", f"commitment_categories_missing{suffix}")
        return ()
    codes, unknown = category_codes(raw)
    if unknown:
        ctx.error("categories", f"commitment_unknown_category{suffix}", value=", ".join(unknown))
        return ()
    return codes


def _number(ctx: _RowContext, key: str) -> float | None:
    value = ctx.raw.values.get(key)
    number, problem = parse_number(value)
    if number is None:
        if problem != "missing":
            ctx.error(key, "commitment_bad_number", value=value)
        return None
    if number < 0:
        ctx.error(key, "commitment_bad_number", value=value)
        return None
    return float(number)


def _target(ctx: _RowContext, partner_id: str, commitment_id: str, origin: Origin) -> Target | None:
    coverage = _choice(ctx, _COLUMN["coverage"], required=True)
    metric = _choice(ctx, _COLUMN["metric"], required=False) or "absolute"
    base = _year(ctx, "base_year", required=True)
    target_year = _year(ctx, "target_year", required=True)
    if base is not None and target_year is not None and target_year <= base:
        ctx.error("target_year", "commitment_target_before_base", target=target_year, base=base)
        target_year = None
    pct = _percent(ctx, "reduction_pct", required=True)
    milestones = _milestones(ctx, base, target_year)
    categories = _categories(ctx, coverage)
    compensated = _number(ctx, "compensated_t")
    if not coverage or base is None or target_year is None or pct is None:
        return None
    if coverage == "categories" and not categories:
        return None
    return Target(
        partner_id=partner_id,
        commitment_id=commitment_id,
        coverage=coverage,
        metric=metric,
        base_year=base,
        target_year=target_year,
        reduction_pct=pct,
        categories=categories,
        milestones=milestones,
        compensated_t=compensated,
        description=ctx.text("description"),
        origin=origin,
    )


def _action(ctx: _RowContext, partner_id: str, commitment_id: str, origin: Origin) -> Action | None:
    description = ctx.text("description")
    if not description:
        column = _COLUMN["description"]
        ctx.error("description", "commitment_missing", field=Translated.of(column.label))
    status = _choice(ctx, _COLUMN["status"], required=True)
    due = _year(ctx, "due", required=False)
    link_key = ""
    raw_link = ctx.text("link_activity")
    if raw_link:
        activity = load_catalogue().find(raw_link)
        if activity is None:
            ctx.error("link_activity", "commitment_unknown_activity", value=raw_link)
        else:
            link_key = activity.key
    rule = _choice(ctx, _COLUMN["link_rule"], required=bool(raw_link))
    value = _percent(ctx, "link_value", required=rule == "go_share")
    link_from = _year(ctx, "link_from", required=False) or due
    if rule and not raw_link:
        ctx.error("link_activity", "commitment_rule_without_activity", rule=LINK_RULES[rule][0])
    if not description or not status or (raw_link and (not link_key or not rule)):
        return None
    if rule == "go_share" and value is None:
        return None
    return Action(
        partner_id=partner_id,
        commitment_id=commitment_id,
        description=description,
        status=status,
        due=due,
        link_activity=link_key,
        link_rule=rule,
        link_value=value,
        link_from=link_from,
        origin=origin,
    )


def parse_commitment_rows(
    rows: list[RawRow], file: str, sheet: str, partner_id: str = ""
) -> tuple[list[Commitment], list[Problem]]:
    """Validate raw rows into targets and actions; every problem located, all reported at once.

    ``partner_id`` applies to rows that carry none (the template's rows); a CSV row names its own.
    A row with any error yields no commitment.
    """
    problems: list[Problem] = []
    out: list[Commitment] = []
    seen: dict[tuple[str, str], int] = {}
    for raw in rows:
        ctx = _RowContext(raw, file, sheet, problems)
        before = len(problems)
        pid = raw.partner_id or partner_id
        cid = ctx.text("commitment_id")
        if not cid:
            column = _COLUMN["commitment_id"]
            ctx.error("commitment_id", "commitment_missing", field=Translated.of(column.label))
        elif (pid, cid) in seen:
            ctx.error("commitment_id", "commitment_duplicate_id", value=cid, other=seen[(pid, cid)])
        else:
            seen[(pid, cid)] = raw.row
        kind = _choice(ctx, _COLUMN["kind"], required=True)
        origin = Origin(file, sheet, raw.row, tuple(sorted(raw.cells.items())))
        record: Commitment | None = None
        if kind == "target":
            record = _target(ctx, pid, cid, origin)
        elif kind == "action":
            record = _action(ctx, pid, cid, origin)
        if record is not None and len(problems) == before:
            out.append(record)
    return out, problems


_COLUMN = {c.key: c for c in COLUMNS}


def header_keys(header: Sequence[object]) -> dict[int, str]:
    """Map column positions (0-based) to column keys by their fi/en labels or keys; others are ignored."""
    by_label: dict[str, str] = {}
    for c in COLUMNS:
        for name in (c.key, c.label_fi, c.label_en, f"{c.label_fi} / {c.label_en}"):
            by_label[_fold(name)] = c.key
    by_label[_fold("partner_id")] = "partner_id"
    return {
        i: by_label[_fold(str(h))]
        for i, h in enumerate(header)
        if h is not None and _fold(str(h)) in by_label
    }


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def rows_from_table(table: Sequence[Sequence[object]], first_row: int, keys: dict[int, str]) -> list[RawRow]:
    """Raw rows from a table of cell values; ``first_row`` is the sheet row number of ``table[0]``."""
    out = []
    for offset, cells in enumerate(table):
        values = {keys[i]: v for i, v in enumerate(cells) if i in keys and v not in (None, "")}
        values = {k: v for k, v in values.items() if not (isinstance(v, str) and not v.strip())}
        if not values:
            continue
        row = first_row + offset
        refs = {key: f"{_letter(i)}{row}" for i, key in keys.items()}
        pid = str(values.pop("partner_id", "") or "").strip()
        out.append(RawRow(row, values, refs, pid))
    return out


def read_commitment_sheet(
    worksheet_rows: list[list[object]], file: str, sheet: str, partner_id: str
) -> tuple[list[Commitment], list[Problem]]:
    """Commitments from the template's sheet (rows as value lists from row 1); header found by label."""
    header_index = COMMITMENT_HEADER_ROW - 1
    for i, cells in enumerate(worksheet_rows[:20]):
        if len(header_keys(list(cells))) >= 3:
            header_index = i
            break
    if header_index >= len(worksheet_rows):
        return [], []
    keys = header_keys(list(worksheet_rows[header_index]))
    body = [list(r) for r in worksheet_rows[header_index + 1 :]]
    rows = rows_from_table(body, header_index + 2, keys)
    return parse_commitment_rows(rows, file, sheet, partner_id)


DELIMITERS = (",", ";", "\t")  # Excel writes ";" where the decimal separator is a comma (fi-FI)


def csv_table(text: str) -> list[list[str]]:
    """A CSV file's cells as standard CSV (RFC 4180 quoting: ``"Hanke ""Aurinko"", vaihe 2"`` is one field).

    The delimiter is the one of ``,``, ``;`` and tab with which the header row names the most commitment
    columns (a comma on a tie); quoting is never guessed, so a quoted delimiter or quote stays in its field.
    """
    best: list[list[str]] = []
    best_score = -1
    for delimiter in DELIMITERS:
        table = list(csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"', doublequote=True))
        score = len(header_keys(table[0])) if table else 0
        if score > best_score:
            best, best_score = table, score
    return best


def is_commitments_csv(path: Path) -> bool:
    """True when a CSV file's header names a partner ID, a commitment ID and a kind: a commitments file."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            head = fh.read(4096).split("\n", 1)[0]
    except (OSError, UnicodeDecodeError):
        return False
    table = csv_table(head)
    keys = set(header_keys(table[0]).values()) if table else set()
    return {"partner_id", "commitment_id", "kind"} <= keys


def _csv_rows(path: Path, shown: str) -> tuple[list[RawRow] | None, list[Problem]]:
    """The raw rows of a commitments CSV (row 1 is the header), or None with the reason it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(shown, "csv_unreadable", params={"detail": type(exc).__name__})]
    table = csv_table(text)
    if not table:
        return [], []
    keys = header_keys(table[0])
    if "partner_id" not in keys.values():
        return None, [Problem(shown, "commitment_csv_partner_column", "csv", "A1")]
    return rows_from_table(table[1:], 2, keys), []


def read_commitments_csv(
    path: Path, display: str | None = None, partner_id: str | None = None
) -> tuple[list[Commitment], list[Problem]]:
    """The coordinator's ``data/commitments.csv``: the sheet's columns plus ``partner_id``; row 1 is the header.

    With ``partner_id``, only that partner's rows are read (and only their problems reported).
    """
    shown = display or str(path)
    rows, problems = _csv_rows(path, shown)
    if rows is None:
        return [], problems
    if partner_id is not None:
        rows = [r for r in rows if r.partner_id == partner_id]
    return parse_commitment_rows(rows, shown, "csv")


@dataclass
class CommitmentsFile:
    """``data/commitments.csv`` as read: each partner's rows, every problem, the partners held back.

    A partner with an error in any of its rows is held back whole (none of its file rows is used), so
    one bad row hides only its own partner; a row naming a partner the workspace does not know is an
    error of that row and makes no new partner.
    """

    by_partner: dict[str, list[Commitment]]
    problems: list[Problem]
    held_back: set[str]
    rows: int


def read_commitments_file(
    path: Path, display: str | None = None, known_partners: Collection[str] | None = None
) -> CommitmentsFile:
    """Every partner's rows of a commitments CSV, validated partner by partner.

    With ``known_partners`` (the partner IDs of the workspace), a row naming another ID, or none, is a
    located error on its partner_id cell.
    """
    shown = display or str(path)
    rows, problems = _csv_rows(path, shown)
    if rows is None:
        return CommitmentsFile({}, problems, set(), 0)
    grouped: dict[str, list[RawRow]] = {}
    for raw in rows:
        cell = raw.cells.get("partner_id", f"A{raw.row}")
        if not raw.partner_id:
            problems.append(Problem(shown, "commitment_no_partner", "csv", cell))
            continue
        if known_partners is not None and raw.partner_id not in known_partners:
            known = ", ".join(sorted(known_partners)) or "–"
            params = {"value": raw.partner_id, "known": known}
            problems.append(Problem(shown, "commitment_unknown_partner", "csv", cell, params))
            continue
        grouped.setdefault(raw.partner_id, []).append(raw)
    by_partner: dict[str, list[Commitment]] = {}
    held_back: set[str] = set()
    for pid, partner_rows in grouped.items():
        items, found = parse_commitment_rows(partner_rows, shown, "csv")
        problems += found
        if any(p.is_error for p in found):
            held_back.add(pid)
        else:
            by_partner[pid] = items
    problems.sort(key=lambda p: int(re.sub(r"\D", "", p.cell) or 0))  # by row, as the file reads
    return CommitmentsFile(by_partner, problems, held_back, len(rows))


COMMITMENTS_CSV = Path("data") / "commitments.csv"
COMMITMENTS_JSON = "commitments.json"
NETWORK_SETTINGS = Path("data") / "network.json"


def commitments_to_json(items: list[Commitment]) -> list[dict]:
    """Commitments as JSON-ready dicts (the run keeps a partner's template commitments this way)."""
    out = []
    for item in items:
        d = asdict(item)
        d["kind"] = "target" if isinstance(item, Target) else "action"
        out.append(d)
    return out


def commitments_from_json(records: list[dict]) -> list[Commitment]:
    """The inverse of :func:`commitments_to_json`."""
    out: list[Commitment] = []
    for raw in records:
        d = dict(raw)
        kind = d.pop("kind")
        origin = d.pop("origin", None)
        if origin:
            origin["cells"] = tuple(tuple(c) for c in origin.get("cells", ()))
        d["origin"] = Origin(**origin) if origin else None
        if kind == "target":
            d["categories"] = tuple(d.get("categories") or ())
            d["milestones"] = tuple(tuple(m) for m in d.get("milestones") or ())
            out.append(Target(**d))
        else:
            out.append(Action(**d))
    return out
