"""`paastolaskuri export vsme --partner ID --year Y --out FILE.xlsx [--format json] [--force]`.

Reads the partner-year's processed files (what its report shows) and writes the EFRAG VSME B3
datapoints: a B3 sheet, an origin sheet (where each figure comes from) and an about sheet (the
standard's version, the method). Written atomically; an existing file only with --force.
"""

from __future__ import annotations

import io
import json
import math
import sys
from pathlib import Path

from paastolaskuri.accounting.energy import EnergyBalance
from paastolaskuri.accounting.factors import DEFAULT_GWP, find_factor_set
from paastolaskuri.actions.inputs import lines_from_emissions
from paastolaskuri.core.errors import EXIT_OK, EXIT_USAGE
from paastolaskuri.core.i18n import text
from paastolaskuri.core.output_guard import refusal
from paastolaskuri.core.outputs import neutralise_formula, reproducible_xlsx, write_bytes
from paastolaskuri.core.workspace import Workspace, partner_slug
from paastolaskuri.reporting.excel_layout import localise_formats
from paastolaskuri.reporting.processed import ENERGY_JSON, read_json, read_partner
from paastolaskuri.reporting.report_inputs import require_partner
from paastolaskuri.reporting.vsme import INTENSITY_UNIT, VsmeB3, vsme_b3


def processed_b3(workspace: Path | str | None, year: int, partner_id: str, lang: str = "fi") -> VsmeB3:
    """The B3 datapoints of a computed partner-year (ReportInputMissing when it was not computed)."""
    ws = Workspace.at(workspace)
    slug = partner_slug(partner_id)
    require_partner(ws, int(year), partner_id, slug, lang)
    data = read_partner(ws, int(year), slug)
    totals = data["totals"]
    factor_set = find_factor_set(totals["factor_set"], ws.root)
    emissions = data["emissions"]
    energy = read_json(ws.partner_processed_dir(int(year), slug) / ENERGY_JSON)
    return vsme_b3(
        data["organisation"],
        totals["totals"],
        emissions,
        lines_from_emissions(emissions),
        factor_set,
        totals.get("gwp_set") or DEFAULT_GWP,
        EnergyBalance.from_dict(energy) if energy else None,  # the report's balance, renewable shares kept
    )


def _yes_no(flag: bool, lang: str) -> str:
    return text(f"vsme.word.{'yes' if flag else 'no'}", lang)


def _print_layout(sheet, widths: tuple[int, ...], bold_header: bool) -> None:
    """Column widths, wrapped text, a bold header, and pages that print one page wide in landscape."""
    # openpyxl loads only when a workbook is read or written here: importing the module stays light
    from openpyxl.styles import Alignment, Font

    for i, w in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + i)].width = w
    for row in sheet.iter_rows():
        lines = 1
        for cell, width in zip(row, widths, strict=False):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str):  # a spreadsheet does not grow a wrapped row by itself
                lines = max(lines, math.ceil(len(cell.value) / (width * 1.05)))
        sheet.row_dimensions[row[0].row].height = 14 * lines
    if bold_header:
        for cell in sheet[1]:
            cell.font = Font(name="Calibri", bold=True)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def b3_workbook(b3: VsmeB3, lang: str) -> bytes:
    """The B3 workbook's bytes (reproducible): sheets B3, origin and about, in `lang`."""
    # openpyxl loads only when a workbook is read or written here: importing the module stays light
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = text("vsme.sheet.b3", lang)
    cols = ("code", "datapoint", "value", "unit", "required")
    ws.append([text(f"vsme.col.{c}", lang) for c in cols])
    missing = text("vsme.word.missing", lang)
    for d in b3.datapoints:
        value = d.value if d.value is not None else missing
        ws.append([d.code, d.name(lang), value, d.unit, _yes_no(d.required, lang)])
    origin = wb.create_sheet(text("vsme.sheet.origin", lang))
    origin_cols = ("code", "datapoint", "paragraph", "check", "origin")
    origin.append([text(f"vsme.col.{c}", lang) for c in origin_cols])
    for d in b3.datapoints:
        origin.append([d.code, d.name(lang), d.paragraph, d.check, neutralise_formula(d.origin[lang])])
    about = wb.create_sheet(text("vsme.sheet.about", lang))
    for line in (
        text("vsme.about.standard", lang),
        text("vsme.about.checks", lang),
        text("vsme.about.partner", lang, partner=neutralise_formula(b3.partner_id), year=b3.year),
        text("vsme.about.method", lang, factor_set=b3.factor_set, gwp=b3.gwp_set, year=b3.year),
        text("vsme.about.renewable_rule", lang),
        text("vsme.about.complete", lang, complete=_yes_no(b3.complete, lang)),
    ):
        about.append([line])
    for sheet, widths in ((ws, (24, 60, 14, 11, 12)), (origin, (24, 45, 10, 14, 90)), (about, (100,))):
        _print_layout(sheet, widths, bold_header=sheet is not about)
    for row in ws.iter_rows(min_row=2, min_col=3, max_col=4):
        figure, unit = row  # an intensity per euro is tiny: shown in scientific notation, not as 0.000
        figure.number_format = "0.000E+00" if unit.value == INTENSITY_UNIT else "0.000"
    # 7 888,005 in a Finnish workbook whatever the viewer's locale, as the summaries
    localise_formats(wb, lang)
    buf = io.BytesIO()
    wb.save(buf)
    return reproducible_xlsx(buf.getvalue())


def run_vsme(args) -> int:
    """Run `export vsme`; 0 when written (or printed), 2 on a refused output path."""
    b3 = processed_b3(args.workspace, args.year, args.partner, args.lang)
    if args.format == "json":
        print(json.dumps(b3.as_dict(args.lang), ensure_ascii=False, indent=2))
        return EXIT_OK
    if args.out is None:
        print(text("vsme.cli.give_out", args.lang), file=sys.stderr)
        return EXIT_USAGE
    why = refusal(
        args.out,
        command="paastolaskuri export vsme",
        lang=args.lang,
        workspace=args.workspace,
        force=args.force,
        example=f"reports/{args.year}/vsme-{partner_slug(args.partner)}.xlsx",
    )
    if why:
        print(why, file=sys.stderr)
        return EXIT_USAGE
    write_bytes(args.out, b3_workbook(b3, args.lang))
    print(text("vsme.cli.written", args.lang, path=args.out, complete=_yes_no(b3.complete, args.lang)))
    return EXIT_OK
