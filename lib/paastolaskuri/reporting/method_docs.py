"""The generated part of docs/method.md: every activity with its factor and source in each shipped set.

Generated from the catalogue and the factor sets, so it cannot drift; a test compares the file with
`render_factor_tables()` and `make docs` rewrites it.
"""

from __future__ import annotations

from pathlib import Path

from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.accounting.factors import GWP_SETS, available_sets, find_factor_set, load_gwp
from paastolaskuri.accounting.units import display_unit
from paastolaskuri.core.outputs import write_text
from paastolaskuri.reporting.money_docs import money_tables_markdown

BEGIN = "<!-- BEGIN GENERATED: factor tables (make docs) -->"
END = "<!-- END GENERATED -->"


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_factor_tables() -> str:
    """The factor tables of docs/method.md (between the generated-section markers), from the factor sets."""
    catalogue = load_catalogue()
    out = [BEGIN, "", *_activity_table(catalogue), "", *_gwp_table(), ""]
    for name in available_sets():
        out.extend(_factor_set_tables(find_factor_set(name), catalogue))
        out.append("")
    out.append(END)
    return "\n".join(out)


def _activity_table(catalogue) -> list[str]:
    out = ["### Activity catalogue\n"]
    out.append("| key | label (fi) | label (en) | scope | category | units | factors of |")
    out.append("|---|---|---|---|---|---|---|")
    for a in catalogue:
        cat = a.category
        cat_text = f"{cat.label_en}" + (f" (cat. {cat.ghg_category})" if cat.ghg_category else "")
        out.append(
            f"| `{a.key}` | {_cell(a.label_fi)} | {_cell(a.label_en)} | {a.scope} | {_cell(cat_text)} | "
            f"{' '.join(display_unit(u) for u in a.units)} | {f'`{a.factor_from}`' if a.factor_from else ''} |"
        )
    return out


def _gwp_table() -> list[str]:
    sets = " | ".join(GWP_SETS)
    out = [
        "### GWP100 values\n",
        f"| gas | {sets} | source | confidence |",
        "|---" * (len(GWP_SETS) + 3) + "|",
    ]
    for gas, row in load_gwp().iterrows():
        values = " | ".join(f"{row[s]:g}" for s in GWP_SETS)
        out.append(f"| {gas} | {values} | {_cell(row['source'])} | {row['confidence']} |")
    return out


def _factor_set_tables(fs, catalogue) -> list[str]:
    out = [f"### Factor set `{fs.name}`\n", _cell(fs.description) + "\n"]
    out.append("| activity | basis | gas | value | per | source | year | confidence |")
    out.append("|---|---|---|---|---|---|---|---|")
    order = {a.key: i for i, a in enumerate(catalogue)}
    rows = fs.factors.assign(_o=fs.factors["activity"].map(order)).sort_values(["_o", "basis"], kind="stable")
    for r in rows.itertuples():
        src = f"{r.publisher}: {r.document}"
        src = f"[{_cell(src)}]({r.url})" if r.url else _cell(src)
        note = f" — {_cell(r.note)}" if r.note else ""
        conf = f"**{r.confidence}**" if r.confidence == "unverified" else r.confidence
        out.append(
            f"| `{r.activity}` | {r.basis} | {r.gas} | {r.value:g} | {display_unit(r.unit)} | {src}{note} | "
            f"{r.year} | {conf} |"
        )
    props = fs.properties
    if len(props):
        out += ["", "| fuel | property | value | unit | source | confidence |", "|---|---|---|---|---|---|"]
        for r in props.itertuples():
            out.append(
                f"| `{r.activity}` | {r.property} | {r.value:g} | {r.unit} | {_cell(r.publisher + ': ' + r.document)} | {r.confidence} |"
            )
    out.extend(money_tables_markdown(fs.path))
    without = [a.key for a in catalogue if a.factor_key not in fs.activities() and not a.no_emissions]
    zero = [a.key for a in catalogue if a.no_emissions]
    if zero:
        out.append("")
        out.append(
            "Activities with no emissions by definition (own renewable production consumed on site; "
            "GHG Protocol Scope 2 Guidance, ch. 5), counted in the energy balance only: "
            + ", ".join(f"`{k}`" for k in zero)
            + "."
        )
    if without:
        out.append("")
        out.append(
            "Activities with no factor in this set (the line's own factor is required): "
            + ", ".join(f"`{k}`" for k in without)
            + "."
        )
    return out


def update_method_doc(path: Path) -> bool:
    """Rewrite the generated part of `path`; True when it changed."""
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    new = head + render_factor_tables() + tail
    if new != text:
        write_text(path, new)
        return True
    return False
