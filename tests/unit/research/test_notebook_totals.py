"""The exploration notebook counts lines by the library's Scope 2 basis rule: its totals equal the package's.

The notebook's code cells run in this process (no kernel) on a small microdata package whose line
figures are exact at the lines' 3 significant digits (the noise factor set to 1), so the totals can be compared exactly. A
filter of its own (`basis in ("direct", "market")`) would drop Scope 3 category 3's upstream (wtt)
and T&D lines: 300 t instead of 318 t.
"""

import json

import matplotlib
import pandas as pd
from network import partner, write_year

from helpers import REPO
from paastolaskuri.research import noise
from paastolaskuri.research.package import export_research

YEAR = 2024


def _lines(m: int) -> list[tuple[int, str, str, float]]:
    """20 + 30 (market; location 10) + 2.4 (wtt) + 0.6 (T&D) t, times m: a market total of 53 m t."""
    return [
        (1, "s1_mobile", "direct", 20_000.0 * m),
        (2, "s2_electricity", "market", 30_000.0 * m),
        (2, "s2_electricity", "location", 10_000.0 * m),
        (3, "s3_c3", "wtt", 2_400.0 * m),
        (3, "s3_c3", "td_loss", 600.0 * m),
    ]


def _run_notebook(package) -> dict:
    """Execute the notebook's code cells in order, with `package` set after the parameters cell."""
    matplotlib.use("Agg")
    from IPython.display import display

    nb = json.loads((REPO / "notebooks" / "explore_network.ipynb").read_text(encoding="utf-8"))
    namespace: dict = {"display": display}
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        exec(compile("".join(cell["source"]), "explore_network.ipynb", "exec"), namespace)
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            namespace["package"] = str(package)
    return namespace


def test_notebook_line_totals_equal_the_package_totals(tmp_path, monkeypatch):
    monkeypatch.setattr(
        noise, "multiplier", lambda key, pid: 1.0
    )  # the notebook's sums are tested, not the noise
    write_year(
        tmp_path / "ws", YEAR, [partner(p, lines=_lines(m)) for p, m in (("a", 1), ("b", 2), ("c", 3))]
    )
    out = tmp_path / "pkg"
    export_research(tmp_path / "ws", [YEAR], out, microdata=True, agreement="T-1", with_lines=True)
    ns = _run_notebook(out)
    package_total = pd.read_csv(out / "partner_years.csv")["t_total_market"].sum()
    assert package_total == 318.0  # 53 + 106 + 159
    assert ns["line_totals"].to_dict() == {YEAR: 318.0}
    assert ns["comparison"].loc[YEAR].tolist() == [318.0, 318.0]
