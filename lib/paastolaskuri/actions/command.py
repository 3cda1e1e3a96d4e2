"""`paastolaskuri actions FILE | --partner ID --year Y [--set ACTION.PARAM=VALUE ...] [--plan A,B]`.

The parser's arguments and the command's logic live here; cli.py only registers them.
"""

from __future__ import annotations

import json
import sys

import pandas as pd

from paastolaskuri.actions.analysis import (
    RANKED_KEYS,
    ActionAnalysis,
    analyse,
    confidence_text,
    plan_table,
    prices_line,
)
from paastolaskuri.actions.catalogue import (
    ParameterError,
    apply_overrides,
    catalogue_for,
    check_plan,
    load_action_catalogue,
    parameter_value_text,
)
from paastolaskuri.actions.inputs import InputMissing, PartnerLines, lines_from_workspace, required_reduction
from paastolaskuri.core.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from paastolaskuri.core.i18n import text
from paastolaskuri.core.numformat import format_number
from paastolaskuri.core.outputs import csv_text
from paastolaskuri.footprint import compute_footprint

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
            fp.submission.lines,
            fp.factor_set,
            fp.gwp_set,
            org.get("partner_id"),
            org.get("year") or args.year,
            org.get("sector"),
            list(fp.submission.prices),
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
    try:
        catalogue = catalogue_for(loaded.year, loaded.sector, list(args.overrides), loaded.prices)
    except ParameterError as exc:  # a partner's price outside its range
        print(exc.message(args.lang), file=sys.stderr)
        return EXIT_USAGE
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
        year=loaded.year,
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


def _num(x, lang: str, digits: int = 1) -> str:
    """A number through the locale formatter ("–" when missing)."""
    return format_number(x, lang, digits)


def _range(low, high, lang: str) -> str:
    """The range "low–high" in t, or "–" when either end is missing."""
    if low is None or high is None or low != low or high != high:
        return "–"
    return f"{_num(low, lang)}–{_num(high, lang)}"


def _action_rows(r: pd.DataFrame, lang: str) -> list[list[str]]:
    rows = []
    for x in r.itertuples():
        flag = (
            ("*" if x.rests_on_unverified else "")
            + ("!" if x.increases_location else "")
            + ("†" if x.payback_exceeds_lifetime is True or x.payback_exceeds_lifetime == 1 else "")
        )
        rows.append(
            [
                f"{x.label}{' ' + flag if flag else ''}",
                _num(x.t_avoided_market, lang),
                _range(
                    getattr(x, "t_avoided_market_low", None), getattr(x, "t_avoided_market_high", None), lang
                ),
                _num(x.t_avoided_location, lang),
                _num(x.share_of_footprint_pct, lang),
                _num(x.cost_eur_per_year, lang, 0),
                _num(x.eur_per_t, lang, 0),
                _num(x.payback_years, lang),
            ]
        )
    return rows


def text_table(analysis: ActionAnalysis, lang: str) -> str:
    """The ranked actions, the plan step by step, the commitment and every assumption, as plain text.

    Actions that raise emissions are listed apart; every number goes through the locale formatter.
    """
    meta = analysis.meta
    out = [
        _t(
            "title",
            lang,
            who=meta.get("partner_id") or "",
            year=meta.get("year") or "",
            total=_num(analysis.baseline["total_market"] / 1000.0, lang),
        ),
        prices_line(analysis, lang),
    ]
    if analysis.results.empty:
        return "\n".join([*out, _t("none", lang)])
    headers = [text(f"actions.cli_header.{h}", lang) for h in HEADERS]
    headers.insert(2, text("actions.cli_header.range", lang))
    table = pd.DataFrame(_action_rows(analysis.effective(lang), lang), columns=headers)
    out += [table.to_string(index=False), _t("flags", lang), _t("flags_lifetime", lang), ""]
    increasing = analysis.increasing(lang)
    if len(increasing):
        out.append(_t("increasing", lang))
        reason = text("actions.increase_reason", lang)
        for x in increasing.itertuples():
            out.append(f"  {x.label}: {_num(x.t_avoided_market, lang, 3)} t – {reason}")
        out.append("")
    out += [_t("plan_title", lang), plan_table(analysis, lang).to_string(index=False)]
    left = analysis.plan["market_kg"].iloc[-1] / 1000.0
    out.append(_t("plan", lang, avoided=_num(analysis.plan_avoided_kg / 1000.0, lang), left=_num(left, lang)))
    out.append(analysis.commitment().text(lang))
    out += ["", _t("assumptions", lang)]
    for a in analysis.assumptions(lang).itertuples():
        value = parameter_value_text(a.value, a.unit, lang)
        out.append(f"  {a.parameter} = {value}: {a.source} [{confidence_text(a.confidence, lang)}]")
    return "\n".join(out)
