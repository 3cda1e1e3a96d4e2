"""`paastolaskuri actions FILE | --partner ID --year Y [--set ACTION.PARAM=VALUE ...] [--plan A,B]`.

The parser's arguments and the command's logic live here; cli.py only registers them.
"""

from __future__ import annotations

import json
import sys

import pandas as pd

from paastolaskuri.actions.analysis import RANKED_KEYS, ActionAnalysis, analyse
from paastolaskuri.actions.catalogue import ParameterError, apply_overrides, check_plan, load_action_catalogue
from paastolaskuri.actions.inputs import InputMissing, PartnerLines, lines_from_workspace, required_reduction
from paastolaskuri.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from paastolaskuri.footprint import compute_footprint
from paastolaskuri.i18n import text
from paastolaskuri.outputs import csv_text

HEADERS = ("action", "market", "location", "share", "cost", "per_tonne", "payback")  # actions.cli_header.*


def _t(key: str, lang: str, **kw) -> str:
    return text(f"actions.cli.{key}", lang, **kw)


def _load(args) -> PartnerLines | int:
    if args.file is not None:
        fp = compute_footprint(
            args.file,
            workspace=args.workspace,
            display=str(args.file),
            year=args.year,
            partner_id=args.partner,
        )
        for p in fp.problems:
            print(p.format(args.lang), file=sys.stderr)
        if not fp.ok or fp.factor_set is None:
            print(_t("not_computed", args.lang), file=sys.stderr)
            return EXIT_FAILED
        org = fp.organisation or {}
        return PartnerLines(
            fp.submission.lines, fp.factor_set, fp.gwp_set, org.get("partner_id"), org.get("year")
        )
    if not args.partner or not args.year:
        print(_t("usage", args.lang), file=sys.stderr)
        return EXIT_USAGE
    try:
        return lines_from_workspace(args.workspace, args.year, args.partner)
    except InputMissing as exc:
        print(_t("missing", args.lang, partner=args.partner, year=args.year, path=exc), file=sys.stderr)
        return EXIT_FAILED


def run(args) -> int:
    """The `actions` command: exit 0, 1 (input problems) or 2 (bad usage or parameters)."""
    try:
        catalogue = apply_overrides(load_action_catalogue(), list(args.overrides))
        plan = (
            check_plan(catalogue, [a.strip() for a in args.plan.split(",") if a.strip()])
            if args.plan
            else None
        )
    except ParameterError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return EXIT_USAGE
    loaded = _load(args)
    if isinstance(loaded, int):
        return loaded
    required = None
    if loaded.partner_id and loaded.year and args.file is None:
        required = required_reduction(args.workspace, loaded.year, loaded.partner_id)
    analysis = analyse(
        loaded.lines,
        loaded.factor_set,
        catalogue=catalogue,
        plan=plan,
        gwp_set=loaded.gwp_set,
        required_reduction_kg=required,
        meta={"partner_id": loaded.partner_id, "year": loaded.year},
    )
    if args.format == "json":
        print(json.dumps(analysis.as_dict(args.lang), ensure_ascii=False, indent=2))
    elif args.format == "csv":
        sys.stdout.write(csv_text(csv_table(analysis, args.lang)))
    else:
        print(text_table(analysis, args.lang))
    return EXIT_OK


def csv_table(analysis: ActionAnalysis, lang: str) -> pd.DataFrame:
    """One row per action: the figures, flags and the parameters used (key=value; ...)."""
    r = analysis.ranked(lang)
    out = r[["action_id", "label", *RANKED_KEYS]].copy()
    out["parameters"] = [
        "; ".join(
            f"{p.key}={p.value:g}" if p.value is not None else f"{p.key}="
            for p in analysis.parameters_used(a)
        )
        for a in r["action_id"]
    ]
    return out


def _num(x, digits: int = 1) -> str:
    if x is None or x != x:
        return "–"
    return f"{x:,.{digits}f}".replace(",", " ")


def text_table(analysis: ActionAnalysis, lang: str) -> str:
    """The ranked actions, the plan, the commitment and every assumption, as plain text."""
    meta = analysis.meta
    out = [
        _t(
            "title",
            lang,
            who=meta.get("partner_id") or "",
            year=meta.get("year") or "",
            total=_num(analysis.baseline["total_market"] / 1000.0),
        )
    ]
    r = analysis.ranked(lang)
    if r.empty:
        return "\n".join([*out, _t("none", lang)])
    rows = []
    for x in r.itertuples():
        flag = ("*" if x.rests_on_unverified else "") + ("!" if x.increases_location else "")
        rows.append(
            [
                f"{x.label}{' ' + flag if flag else ''}",
                _num(x.t_avoided_market),
                _num(x.t_avoided_location),
                _num(x.share_of_footprint_pct),
                _num(x.cost_eur_per_year, 0),
                _num(x.eur_per_t, 0),
                _num(x.payback_years),
            ]
        )
    table = pd.DataFrame(rows, columns=[text(f"actions.cli_header.{h}", lang) for h in HEADERS])
    out += [table.to_string(index=False), _t("flags", lang), ""]
    left = analysis.plan["market_kg"].iloc[-1] / 1000.0
    out.append(_t("plan", lang, avoided=_num(analysis.plan_avoided_kg / 1000.0), left=_num(left)))
    out.append(analysis.commitment().text(lang))
    out += ["", _t("assumptions", lang)]
    for a in analysis.assumptions(lang).itertuples():
        value = "–" if a.value is None or a.value != a.value else f"{a.value:g}"
        out.append(f"  {a.parameter} = {value} {a.unit}: {a.source} [{a.confidence}]")
    return "\n".join(out)
