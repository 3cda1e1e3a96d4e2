"""What the report notebooks show, one function per section. Notebooks only call these.

Every text that comes from a template is HTML-escaped here; a partner's report reads only that
partner's processed files and the network's aggregates (never another partner's rows).
"""

from __future__ import annotations

import html

import pandas as pd

from paastolaskuri import __version__
from paastolaskuri.intake.template_layout import tol_label, tol_section
from paastolaskuri.reporting import charts
from paastolaskuri.reporting.blocks import Block
from paastolaskuri.reporting.commitments_section import network_section, partner_commitments
from paastolaskuri.reporting.glance import network_glance, residual_mix_sentence
from paastolaskuri.reporting.network_tables import NetworkFigures, labelled, network_figures, trend_rows
from paastolaskuri.reporting.presentation import (
    TOTAL_LABELS,
    category_label,
    explain_parts,
    fmt_number,
    html_table,
    ordered,
)
from paastolaskuri.reporting.processed import partner_history, read_json, read_partner
from paastolaskuri.reporting.report_inputs import require_network, require_partner
from paastolaskuri.reporting.restatement_section import scope2_basis_line, show_restatement
from paastolaskuri.reporting.suppression import MIN_GROUP, enough, withheld_text
from paastolaskuri.workspace import Workspace, partner_slug

T = {
    "partner_title": ("Kasvihuonekaasupäästöt {year}", "Greenhouse-gas emissions {year}"),
    "network_title": ("Ilmastokumppaniverkoston päästöt {year}", "Climate-partner network emissions {year}"),
    "meta": (
        "Toimiala: {sector} · Kerroinsarja {factor_set} · GWP100 {gwp} · Päästölaskuri {version}",
        "Sector: {sector} · Factor set {factor_set} · GWP100 {gwp} · Päästölaskuri {version}",
    ),
    "headline": ("Kokonaispäästöt", "Total emissions"),
    "market": ("markkinaperusteinen", "market-based"),
    "location": ("sijaintiperusteinen", "location-based"),
    "biogenic": (
        "Biogeeninen CO2 (raportoidaan erikseen, ei scopeissa): {v} t",
        "Biogenic CO2 (reported apart, outside the scopes): {v} t",
    ),
    "biggest": ("Suurimmat päästölähteet ovat {items}.", "The biggest sources are {items}."),
    "scope": ("Scope", "Scope"),
    "tco2e": ("t CO2e", "t CO2e"),
    "intensity": ("Päästöintensiteetti", "Emission intensity"),
    "per_fte": ("t CO2e / henkilötyövuosi", "t CO2e per FTE"),
    "per_m2": ("kg CO2e / m²", "kg CO2e per m²"),
    "per_meur": ("t CO2e / milj. € liikevaihtoa", "t CO2e per M€ revenue"),
    "not_given": ("ei annettu", "not given"),
    "breakdown": ("Päästöt luokittain", "Emissions by category"),
    "by_scope": ("Päästöt scopeittain (markkinaperusteinen)", "Emissions by scope (market-based)"),
    "trend": ("Kehitys vuosittain", "Trend over the years"),
    "no_history": (
        "Aiempia vuosia ei ole vielä laskettu tälle kumppanille.",
        "No earlier years have been computed for this partner yet.",
    ),
    "no_history_network": (
        "Aiempia vuosia ei ole vielä laskettu verkostolle.",
        "No earlier years have been computed for the network yet.",
    ),
    "base_year": ("perusvuosi", "base year"),
    "vs_base": ("muutos perusvuodesta", "change from base year"),
    "vs_prev": ("muutos edellisestä vuodesta", "change from previous year"),
    "comparison": ("Vertailu verkostoon", "Comparison with the network"),
    "cmp_group_section": (
        "Vertailuryhmä: toimiala {section} ({n} kumppania).",
        "Comparison group: sector {section} ({n} partners).",
    ),
    "cmp_group_all": (
        "Vertailuryhmä: koko verkosto ({n} kumppania); omalla toimialalla on alle {min} kumppania.",
        "Comparison group: the whole network ({n} partners); fewer than {min} partners in the sector.",
    ),
    "cmp_none": (
        "Vertailuun tarvitaan vähintään {min} kumppania.",
        "A comparison needs at least {min} partners.",
    ),
    "you": ("Oma arvo", "Yours"),
    "at_median": ("ryhmän mediaanin tasolla", "at the group median"),
    "median": ("mediaani", "median"),
    "q1q3": ("neljännekset", "quartiles"),
    "better": ("alle ryhmän mediaanin", "below the group median"),
    "worse": ("yli ryhmän mediaanin", "above the group median"),
    "quality": ("Tietojen laatu ja luotettavuus", "Data quality and confidence"),
    "q_estimated": ("Arvioituja rivejä: {share} % riveistä.", "Estimated lines: {share} % of lines."),
    "q_unverified": (
        "Tarkistamattomia kertoimia käytetty {n} päästörivillä: {items}.",
        "Unverified factors used on {n} emission lines: {items}.",
    ),
    "q_unverified_none": (
        "Kaikki käytetyt kertoimet on tarkistettu lähteestä.",
        "Every factor used was checked in its source.",
    ),
    "q_own": (
        "Omia kertoimia (toimittajan kerroin tai alkuperätakuu) {n} rivillä.",
        "Own factors (supplier factor or guarantees of origin) on {n} lines.",
    ),
    "explain": ("Laskennan erittely", "How each number was calculated"),
    "sources": ("Menetelmä ja lähteet", "Method and sources"),
    "method": (
        "Laskenta noudattaa GHG-protokollaa. Scope 2 esitetään sekä sijainti- että markkinaperusteisena; kokonaispäästö "
        "esitetään markkinaperusteisena. Biogeeninen CO2 on scopejen ulkopuolella. Verkostovertailu perustuu "
        "ajon hetken verkostotietoihin.",
        "The calculation follows the GHG Protocol. Scope 2 is shown both location- and market-based; the total is "
        "market-based. Biogenic CO2 is outside the scopes. The network comparison uses the network as of the run.",
    ),
    "col_activity": ("Toiminto", "Activity"),
    "col_quantity": ("Määrä", "Quantity"),
    "col_calc": ("Laskenta", "Calculation"),
    "col_result": ("kg CO2e", "kg CO2e"),
    "col_source": ("Lähde", "Source"),
    "col_conf": ("Luotettavuus", "Confidence"),
    "col_scope": ("Scope", "Scope"),
    "col_category": ("Luokka", "Category"),
    "col_share": ("Osuus", "Share"),
    "col_year": ("Vuosi", "Year"),
    "col_total": ("Yhteensä t CO2e", "Total t CO2e"),
    "col_partner": ("Kumppani", "Partner"),
    "col_sector": ("Toimiala", "Sector"),
    "col_n": ("Kumppaneita", "Partners"),
    "col_status": ("Tila", "Status"),
    "col_messages": ("Viestit", "Messages"),
    "col_factor_set": ("Kerroinsarja", "Factor set"),
    "glance": ("Yhdellä silmäyksellä", "At a glance"),
    "g_size": (
        "Kokonaispäästöt {v} t CO2e (markkinaperusteinen).",
        "Total emissions {v} t CO2e (market-based).",
    ),
    "g_source": ("Suurin lähde: {cat} ({share} %).", "Biggest source: {cat} ({share} %)."),
    "g_trend_down": ("{pct} % vähemmän kuin {year}.", "{pct} % less than in {year}."),
    "g_trend_up": ("{pct} % enemmän kuin {year}.", "{pct} % more than in {year}."),
    "g_trend_none": (
        "Ensimmäinen laskettu vuosi: ei vielä vertailua.",
        "First year computed: no comparison yet.",
    ),
    "g_peer": (
        "Intensiteetti {v} {unit}: {rel} (mediaani {m}, {n} kumppania).",
        "Intensity {v} {unit}: {rel} (median {m}, {n} partners).",
    ),
    "g_sure": (
        "Varmuus: {est} % riveistä arvioitu, {unv} päästöriviä tarkistamattomilla kertoimilla.",
        "Certainty: {est} % of lines estimated, {unv} emission lines on unverified factors.",
    ),
    "overview": ("Yleiskuva", "Overview"),
    "reporting": (
        "Raportoineita kumppaneita {n} / rekisteröityjä {reg}.",
        "Partners reporting: {n} of {reg} registered.",
    ),
    "net_trend": ("Verkoston päästöt vuosittain", "Network emissions over the years"),
    "by_sector": ("Päästöt toimialoittain", "Emissions by sector"),
    "distribution": ("Kumppanien päästöintensiteetit", "Partner emission intensities"),
    "partners": ("Kumppanit", "Partners"),
    "failed": ("Puuttuvat ja epäonnistuneet", "Missing and failed"),
    "failed_none": (
        "Kaikki rekisteröidyt kumppanit raportoivat ja laskenta onnistui.",
        "Every registered partner reported and was computed.",
    ),
    "failed_public": (
        "{failed} kumppanin tiedot eivät läpäisseet tarkistusta ja {missing} ei raportoinut.",
        "{failed} partners' data did not pass the checks and {missing} did not report.",
    ),
    "biogenic_withheld": (
        "Biogeeninen CO2 (raportoidaan erikseen, ei scopeissa): {v}.",
        "Biogenic CO2 (reported apart, outside the scopes): {v}.",
    ),
    "col_total_row": ("Yhteensä", "Total"),
    "col_share_pct": ("Osuus %", "Share %"),
    "missing": ("ei raportoinut", "did not report"),
    "failed_status": ("tarkistus ei läpäissyt", "did not pass checks"),
}


def t(key: str, lang: str, **kw) -> str:
    fi, en = T[key]
    return (fi if lang == "fi" else en).format(**kw)


def esc(text) -> str:
    return html.escape(
        "" if text is None or (isinstance(text, float) and text != text) else str(text), quote=True
    )


def _show(*objs):
    from IPython.display import HTML, display

    for obj in objs:
        display(HTML(obj) if isinstance(obj, str) else obj)


def _h(level: int, text: str) -> str:
    return f"<h{level}>{esc(text)}</h{level}>"


def _table(df: pd.DataFrame) -> str:
    """An escaped table; columns of numbers right-aligned (`presentation.html_table`)."""
    return html_table(df)


_png = charts.png
_figure = charts.figure


STYLE = """<style>
.pl-big{font-size:2.2em;font-weight:bold;margin:.2em 0}
.pl-sub{color:#555}
.pl-table{border-collapse:collapse;font-size:.9em}
.pl-table th,.pl-table td{padding:3px 8px !important;border-bottom:1px solid #ddd;text-align:left !important;vertical-align:top}
.pl-table .pl-num{text-align:right !important;white-space:nowrap;font-variant-numeric:tabular-nums}
.pl-glance{border-left:4px solid #2f7d5b;background:#f4f9f6;padding:.5em 1em;margin:.8em 0}
.pl-glance li{margin:.2em 0}
.pl-flag{color:#a00;font-weight:bold}
</style>"""


def _relative(mine: float, median: float, lang: str) -> str:
    """Below, at or above the median, judged at the precision the report shows (two decimals)."""
    if round(mine, 2) == round(median, 2):
        return t("at_median", lang)
    return t("better", lang) if mine < median else t("worse", lang)


def _t_co2e(kg: float, lang: str) -> str:
    return fmt_number(kg / 1000.0, lang, 1)


class PartnerReport:
    """One partner's report for one year, from its processed files and the network's aggregates."""

    def __init__(self, workspace, year: int, partner_id: str, lang: str = "fi"):
        self.ws = Workspace.at(workspace)
        self.year = int(year)
        self.lang = lang
        self.slug = partner_slug(partner_id)
        require_partner(self.ws, self.year, partner_id, self.slug, lang)  # else: what exists, what to run
        data = read_partner(self.ws, self.year, self.slug)
        self.org = data["organisation"]
        self.summary = data["totals"]["summary"]
        self.totals = data["totals"]["totals"]
        self.factor_set = data["totals"]["factor_set"]
        self.gwp = data["totals"]["gwp_set"]
        self.emissions = data["emissions"]
        self.stats = read_json(self.ws.processed_dir(self.year) / "network_stats.json", {})

    @classmethod
    def load(cls, workspace, year, partner_id, lang="fi") -> PartnerReport:
        return cls(workspace, year, str(partner_id), lang)

    def commitments(self) -> Block:
        """Ilmastositoumukset / Commitments: each target tracked (table, chart, sentence), actions with evidence."""
        return partner_commitments(self.ws.root, str(self.org.get("partner_id") or self.slug), self.year, self.lang)

    def actions(self) -> Block:
        """Vaikuttavimmat toimet / Most effective actions: ranked table, MACC, plan and commitment, sources."""
        from paastolaskuri.reporting.actions_section import partner_actions

        return partner_actions(self.ws.root, str(self.org.get("partner_id") or self.slug), self.year, self.lang)

    # --- sections ---------------------------------------------------------------------------
    def header(self) -> None:
        section = tol_section(self.org.get("sector") or "")
        sector = (
            f"{self.org.get('sector')} {tol_label(section, self.lang)}"
            if section
            else t("not_given", self.lang)
        )
        _show(
            STYLE + f"<h1>{esc(self.org.get('name'))}</h1>"
            f"<h2>{esc(t('partner_title', self.lang, year=self.year))}</h2>"
            f"<p class='pl-sub'>{esc(t('meta', self.lang, sector=sector, factor_set=self.factor_set, gwp=self.gwp, version=__version__))}</p>"
            + scope2_basis_line(self.ws.root, self.factor_set, self.lang)
        )

    def headline(self) -> None:
        L = self.lang
        tot = self.totals
        rows = [
            {t("col_scope", L): "Scope 1", t("tco2e", L): _t_co2e(tot["scope1"], L)},
            {
                t("col_scope", L): f"Scope 2 ({t('market', L)})",
                t("tco2e", L): _t_co2e(tot["scope2_market"], L),
            },
            {
                t("col_scope", L): f"Scope 2 ({t('location', L)})",
                t("tco2e", L): _t_co2e(tot["scope2_location"], L),
            },
            {t("col_scope", L): "Scope 3", t("tco2e", L): _t_co2e(tot["scope3"], L)},
        ]
        big = (
            f"<div class='pl-big'>{_t_co2e(tot['total_market'], L)} t CO2e</div>"
            f"<div class='pl-sub'>{esc(t('market', L))}; {esc(t('location', L))}: {_t_co2e(tot['total_location'], L)} t CO2e</div>"
        )
        _show(
            self._glance()
            + _h(2, t("headline", L))
            + big
            + _table(pd.DataFrame(rows))
            + f"<p>{esc(t('biogenic', L, v=_t_co2e(tot['biogenic_co2'], L)))}</p>"
            + f"<p>{esc(self.biggest_sources_sentence())}</p>"
            + self._residual_mix()
        )

    def _residual_mix(self) -> str:
        """Why the market-based total is far above the location-based one (residual mix), and what helps."""
        sentence = residual_mix_sentence(self.totals, self.emissions, self.lang)
        return f"<p class='pl-residual'>{esc(sentence)}</p>" if sentence else ""

    def _glance(self) -> str:
        """How big, from where, better or worse than last year and than similar partners, how sure."""
        L = self.lang
        items = [t("g_size", L, v=_t_co2e(self.totals["total_market"], L))]
        cats = self.by_category()
        total = cats["kg_co2e"].sum()
        if total > 0:
            top = cats.iloc[0]
            items.append(
                t(
                    "g_source",
                    L,
                    cat=category_label(top.category, L).lower(),
                    share=fmt_number(100 * top.kg_co2e / total, L, 0),
                )
            )
        hist = partner_history(self.ws, self.slug, self.year)
        earlier = hist[hist["year"] < self.year].sort_values("year") if len(hist) else hist
        if len(earlier):
            prev = earlier.iloc[-1]
            change = (
                100 * (self.totals["total_market"] / prev["total_market"] - 1)
                if prev["total_market"]
                else 0.0
            )
            key = "g_trend_down" if change < 0 else "g_trend_up"
            items.append(t(key, L, pct=fmt_number(abs(change), L, 1), year=int(prev["year"])))
        else:
            items.append(t("g_trend_none", L))
        section = tol_section(self.org.get("sector") or "") or ""
        order = [("per_fte", "t_per_fte"), ("per_m2", "kg_per_m2"), ("per_meur", "t_per_meur")]
        if (
            self.org.get("employees_fte") or 0
        ) < 2:  # a housing company or a small association: per m² says more
            order.insert(0, order.pop(1))
        for key, col in order:
            mine = self.summary.get(col)
            q = (self.stats or {}).get("sections", {}).get(section, {}).get(col) or (self.stats or {}).get(
                "overall", {}
            ).get(col)
            if q and mine is not None and mine == mine:
                items.append(
                    t(
                        "g_peer",
                        L,
                        v=fmt_number(mine, L, 2),
                        unit=t(key, L),
                        rel=_relative(mine, q["median"], L),
                        m=fmt_number(q["median"], L, 2),
                        n=q["n"],
                    )
                )
                break
        unverified = int((self.emissions["confidence"] == "unverified").sum())
        items.append(
            t(
                "g_sure",
                L,
                est=fmt_number(100 * float(self.summary.get("share_estimated") or 0), L, 0),
                unv=unverified,
            )
        )
        return (
            f"<div class='pl-glance'><strong>{esc(t('glance', L))}</strong><ul>"
            + "".join(f"<li>{esc(i)}</li>" for i in items)
            + "</ul></div>"
        )

    def biggest_sources_sentence(self, n: int = 3) -> str:
        cats = self.by_category()
        total = cats["kg_co2e"].sum()
        if total <= 0:
            return ""
        items = [
            f"{category_label(r.category, self.lang).lower()} ({fmt_number(100 * r.kg_co2e / total, self.lang, 0)} %)"
            for r in cats.head(n).itertuples()
        ]
        joined = (
            ", ".join(items[:-1]) + (" ja " if self.lang == "fi" else " and ") + items[-1]
            if len(items) > 1
            else items[0]
        )
        return t("biggest", self.lang, items=joined)

    def by_category(self) -> pd.DataFrame:
        em = self.emissions
        keep = (em["scope"] != 2) | (em["basis"] == "market")
        cats = em[keep].groupby(["scope", "category"], as_index=False)["kg_co2e"].sum()
        return cats.sort_values("kg_co2e", ascending=False).reset_index(drop=True)

    def intensity(self) -> None:
        L = self.lang
        s = self.summary
        rows = []
        for key, col in (("per_fte", "t_per_fte"), ("per_m2", "kg_per_m2"), ("per_meur", "t_per_meur")):
            v = s.get(col)
            rows.append(
                {
                    t("intensity", L): t(key, L),
                    "": fmt_number(v, L, 2) if v is not None and v == v else t("not_given", L),
                }
            )
        _show(_h(2, t("intensity", L)) + _table(pd.DataFrame(rows)))

    def breakdown(self) -> None:
        L = self.lang
        cats = self.by_category()
        labels = [category_label(c, L) for c in cats["category"]]
        fig = charts.category_bars(labels, list(cats["kg_co2e"]), L)
        fig2 = charts.scope_bar(cats.groupby("scope")["kg_co2e"].sum().to_dict(), L)
        total = cats["kg_co2e"].sum()
        table = pd.DataFrame(
            {
                t("col_scope", L): cats["scope"],
                t("col_category", L): [category_label(c, L) for c in cats["category"]],
                t("tco2e", L): [_t_co2e(v, L) for v in cats["kg_co2e"]],
                t("col_share", L): [
                    f"{fmt_number(100 * v / total, L, 1)} %" if total else "–" for v in cats["kg_co2e"]
                ],
            }
        )
        _show(_h(2, t("breakdown", L)), _png(fig), _table(table), _h(3, t("by_scope", L)), _png(fig2))

    def trend(self) -> None:
        L = self.lang
        hist = partner_history(self.ws, self.slug, self.year)
        if len(hist) < 2:
            _show(_h(2, t("trend", L)) + f"<p>{esc(t('no_history', L))}</p>")
            return
        hist = hist.sort_values("year").reset_index(drop=True)
        base_year = self.org.get("base_year") or int(hist["year"].min())
        base = hist.loc[hist["year"] == base_year, "total_market"]
        base_v = float(base.iloc[0]) if len(base) else None
        fig, ax = _figure(7.5, 3.2)
        ax.plot(
            hist["year"], hist["total_market"] / 1000.0, marker="o", color="#2f7d5b", label=t("market", L)
        )
        ax.plot(
            hist["year"],
            hist["total_location"] / 1000.0,
            marker=".",
            ls="--",
            color="#888",
            label=t("location", L),
        )
        if base_v is not None:
            ax.axvline(base_year, color="#a00", lw=0.8)
            ax.annotate(
                t("base_year", L),
                (base_year, base_v / 1000.0),
                textcoords="offset points",
                xytext=(5, 8),
                color="#a00",
            )
        ax.set_xticks(list(hist["year"]))
        ax.set_ylabel("t CO2e")
        ax.set_ylim(bottom=0)
        charts.number_axis(ax, "y", L)
        ax.legend(frameon=False)
        rows = []
        prev = None
        for r in hist.itertuples():
            rows.append(
                {
                    t("col_year", L): int(r.year),
                    t("col_total", L): _t_co2e(r.total_market, L),
                    t("vs_base", L): (
                        f"{fmt_number(100 * (r.total_market / base_v - 1), L, 1)} %" if base_v else "–"
                    ),
                    t("vs_prev", L): (
                        f"{fmt_number(100 * (r.total_market / prev - 1), L, 1)} %" if prev else "–"
                    ),
                    t("col_factor_set", L): r.factor_set,
                }
            )
            prev = r.total_market
        _show(_h(2, t("trend", L)), _png(fig), _table(pd.DataFrame(rows)))

    def comparison(self) -> None:
        L = self.lang
        section = tol_section(self.org.get("sector") or "") or ""
        stats = self.stats or {}
        out = [_h(2, t("comparison", L))]
        rows = []
        group_note = None
        for key, col in (("per_fte", "t_per_fte"), ("per_m2", "kg_per_m2"), ("per_meur", "t_per_meur")):
            mine = self.summary.get(col)
            q = stats.get("sections", {}).get(section, {}).get(col)
            note = None
            if q:
                note = t("cmp_group_section", L, section=f"{section} {tol_label(section, L)}", n=q["n"])
            else:
                q = stats.get("overall", {}).get(col)
                if q:
                    note = t("cmp_group_all", L, n=q["n"], min=MIN_GROUP)
            if not q or mine is None or mine != mine:
                continue
            group_note = group_note or note
            rows.append(
                {
                    t("intensity", L): t(key, L),
                    t("you", L): fmt_number(mine, L, 2),
                    t("median", L): fmt_number(q["median"], L, 2),
                    t("q1q3", L): f"{fmt_number(q['q1'], L, 2)} – {fmt_number(q['q3'], L, 2)}",
                    "": _relative(mine, q["median"], L),
                }
            )
        if not rows:
            out.append(f"<p>{esc(t('cmp_none', L, min=MIN_GROUP))}</p>")
            _show("".join(out))
            return
        out.append(f"<p>{esc(group_note)}</p>")
        out.append(_table(pd.DataFrame(rows)))
        _show("".join(out))

    def restatement(self) -> None:
        """Restated figures / Oikaistut luvut: earlier years under the old and the new factor set."""
        show_restatement(self)

    def data_quality(self) -> None:
        L = self.lang
        em = self.emissions
        share = 100 * float(self.summary.get("share_estimated") or 0)
        unverified = em[em["confidence"] == "unverified"]
        parts = [f"<p>{esc(t('q_estimated', L, share=fmt_number(share, L, 0)))}</p>"]
        if len(unverified):
            labels = sorted({f"{a}" for a in unverified["label"]})
            parts.append(
                f"<p class='pl-flag'>{esc(t('q_unverified', L, n=len(unverified), items=', '.join(labels)))}</p>"
            )
        else:
            parts.append(f"<p>{esc(t('q_unverified_none', L))}</p>")
        own = int(em["own_factor_used"].astype(str).isin(["True", "true", "1"]).sum())
        parts.append(f"<p>{esc(t('q_own', L, n=own))}</p>")
        _show(_h(2, t("quality", L)) + "".join(parts))

    def explain(self) -> None:
        """Every emission line's arithmetic, by scope, category and row (the same words as `calc --explain`)."""
        L = self.lang
        rows = []
        for r in ordered(self.emissions).to_dict(orient="records"):
            p = explain_parts(r, L)
            calc = " · ".join(x for x in (p.calculation, p.biogenic, *p.notes) if x)
            rows.append(
                {
                    t("col_activity", L): p.label
                    + (f" ({r['site']})" if isinstance(r.get("site"), str) and r["site"] else ""),
                    t("col_scope", L): p.scope,
                    t("col_calc", L): calc,
                    t("col_result", L): fmt_number(r["kg_co2e"], L, 1),
                    t("col_source", L): p.source,
                    t("col_conf", L): p.confidence,
                }
            )
        _show(_h(2, t("explain", L)) + _table(pd.DataFrame(rows)))

    def sources(self) -> None:
        L = self.lang
        _show(_h(2, t("sources", L)) + f"<p>{esc(t('method', L))}</p>")


def _sector_name(code, lang: str) -> str:
    """A TOL code with its section's name: "C Teollisuus (16101)"."""
    code = "" if code is None or (isinstance(code, float) and code != code) else str(code)
    section = tol_section(code)
    if not section:
        return code or t("not_given", lang)
    name = f"{section} {tol_label(section, lang)}"
    return name if code == section else f"{name} ({code})"


def _tonnes_or_withheld(kg: float | None, lang: str, unit: str = " t CO2e") -> str:
    return withheld_text(lang) if kg is None else _t_co2e(kg, lang) + unit


def _scope_table_html(f: NetworkFigures, L: str) -> str:
    """Scopes adding up to the market-based total, then the location-based figures."""
    if f.scopes.withheld:
        return f"<p>{esc(withheld_text(L))}</p>"
    i = 0 if L == "fi" else 1
    col, val = t("col_scope", L), t("tco2e", L)
    rows = [{col: r.label, val: _t_co2e(r.kg, L)} for r in labelled(f.scopes, "scope", L).itertuples()]
    rows.append({col: TOTAL_LABELS["total_market"][i], val: _tonnes_or_withheld(f.total_market, L, "")})
    rows.append({col: TOTAL_LABELS["scope2_location"][i], val: _tonnes_or_withheld(f.scope2_location, L, "")})
    rows.append({col: TOTAL_LABELS["total_location"][i], val: _tonnes_or_withheld(f.total_location, L, "")})
    return _table(pd.DataFrame(rows))


def _group_table_html(table, kind: str, L: str) -> str:
    """A sector or category table with a total row; the rows add up to it (public: merged small groups)."""
    if table.withheld:
        return f"<p>{esc(withheld_text(L))}</p>"
    rows = labelled(table, kind, L)
    first = t("col_sector" if kind == "sector" else "col_category", L)
    out = pd.DataFrame({first: rows["label"]})
    if kind == "category":
        out.insert(0, t("col_scope", L), rows["scope"])
    out[t("col_n", L)] = rows["partners"].astype(str)
    out[t("tco2e", L)] = [_t_co2e(v, L) for v in rows["kg"]]
    out[t("col_share_pct", L)] = [fmt_number(v, L, 1) for v in rows["share"]]
    total = {c: "" for c in out.columns}
    total.update({first: t("col_total_row", L), t("tco2e", L): _t_co2e(table.total_kg, L)})
    total[t("col_share_pct", L)] = fmt_number(100.0, L, 1) if table.total_kg else ""
    return _table(pd.concat([out, pd.DataFrame([total])], ignore_index=True))


class NetworkReport:
    """The network's report for one year; `audience='public'` names no partner and merges groups under 3."""

    def __init__(self, workspace, year: int, lang: str = "fi", audience: str = "coordinator"):
        self.ws = Workspace.at(workspace)
        self.year = int(year)
        self.lang = lang
        self.public = audience == "public"
        require_network(self.ws, self.year, lang)  # else: which years exist, what to run
        d = self.ws.processed_dir(self.year)
        self.partners = (
            pd.read_csv(
                d / "partners.csv",
                dtype={"sector": str, "section": str},
                keep_default_na=False,
                na_values=[""],
            )
            if (d / "partners.csv").stat().st_size > 1
            else pd.DataFrame()
        )
        self.emissions = pd.read_csv(d / "emissions.csv", keep_default_na=False, na_values=[""])
        self.status = read_json(
            d / "run_status.json", {"failed": [], "missing": [], "registered": len(self.partners)}
        )

    @classmethod
    def load(cls, workspace, year, lang="fi", audience="coordinator") -> NetworkReport:
        return cls(workspace, year, lang, audience)

    def commitments(self) -> Block:
        """Commitments across the network: targets by status and the committed pathway (names only to the coordinator)."""
        return network_section(self.ws.root, self.year, self.lang, "public" if self.public else "coordinator")

    def actions(self) -> Block:
        """The largest reduction potentials summed over partners, by action (public: suppression rule)."""
        from paastolaskuri.reporting.actions_section import network_actions

        return network_actions(self.ws.root, self.year, self.lang, "public" if self.public else "coordinator")

    def header(self) -> None:
        sets = ", ".join(
            sorted(set(self.partners.get("factor_set", pd.Series(dtype=str)).dropna().astype(str)))
        )
        _show(
            STYLE + f"<h1>{esc(t('network_title', self.lang, year=self.year))}</h1>"
            f"<p class='pl-sub'>{esc(sets)} · Päästölaskuri {esc(__version__)}</p>"
            + scope2_basis_line(self.ws.root, [s for s in sets.split(", ") if s], self.lang)
        )

    def figures(self) -> NetworkFigures:
        """This report's figures, disclosed for its audience (the public rule: `suppression`)."""
        if getattr(self, "_figs", None) is None:
            self._figs = network_figures(self.partners, self.emissions, self.public)
        return self._figs

    def overview(self) -> None:
        """Partners reporting, the totals and the scope table (public: disclosed by `suppression`)."""
        L = self.lang
        n = len(self.partners)
        reg = self.status.get("registered", n)
        f = self.figures()
        loc = _tonnes_or_withheld(f.total_location, L)
        big = (
            f"<div class='pl-big'>{esc(_tonnes_or_withheld(f.total_market, L))}</div>"
            f"<div class='pl-sub'>{esc(t('market', L))}; {esc(t('location', L))}: {esc(loc)}</div>"
        )
        if f.biogenic_co2 is None:  # fewer than 3 contributors: it would be one partner's
            biogenic = t("biogenic_withheld", L, v=withheld_text(L))
        else:
            biogenic = t("biogenic", L, v=_t_co2e(f.biogenic_co2, L))
        _show(
            self._glance()
            + _h(2, t("overview", L))
            + f"<p>{esc(t('reporting', L, n=n, reg=reg))}</p>"
            + big
            + _scope_table_html(f, L)
            + f"<p>{esc(biogenic)}</p>"
        )

    def _glance(self) -> str:
        """At a glance: reporting, total, change, biggest category and sector, data quality (public: disclosed)."""
        previous = None
        for year in sorted((y for y in self.ws.processed_years() if y < self.year), reverse=True):
            f = self.ws.processed_dir(year) / "partners.csv"
            if f.is_file() and f.stat().st_size > 1:
                previous = (year, pd.read_csv(f))
                break
        items = network_glance(
            self.partners, self.emissions, self.figures(), self.status, self.lang, previous
        )
        return (
            f"<div class='pl-glance'><strong>{esc(t('glance', self.lang))}</strong><ul>"
            + "".join(f"<li>{esc(i)}</li>" for i in items)
            + "</ul></div>"
        )

    def trend(self) -> None:
        """The network's totals per year (public: a year or scope under 3 partners is withheld)."""
        L = self.lang
        frames = {}
        for year in self.ws.processed_years():
            if year > self.year:
                continue
            f = self.ws.processed_dir(year) / "partners.csv"
            if not f.is_file() or f.stat().st_size <= 1:
                continue
            frames[year] = pd.read_csv(f)
        if len(frames) < 2:
            _show(_h(2, t("net_trend", L)) + f"<p>{esc(t('no_history_network', L))}</p>")
            return
        # public: a year or a scope under 3 partners is withheld (stacked scopes only when all may show)
        df, stackable = trend_rows(frames, self.public)
        fig, ax = _figure(7.5, 3.2)
        bottom = pd.Series(0.0, index=df.index)
        stacks = (
            (("scope1", "#1b4965"), ("scope2_market", "#5fa8d3"), ("scope3", "#9cc9e8"))
            if stackable
            else (("total_market", "#5fa8d3"),)
        )
        for key, color in stacks:
            ax.bar(
                df["year"].astype(str),
                df[key].fillna(0.0) / 1000.0,
                bottom=bottom,
                color=color,
                label=t("headline", L) if key == "total_market" else key[:6].replace("scope", "Scope "),
            )
            bottom += df[key].fillna(0.0) / 1000.0
        ax.set_ylabel("t CO2e")
        charts.number_axis(ax, "y", L)
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
        table = pd.DataFrame(
            {
                t("col_year", L): df["year"],
                t("col_n", L): df["n"],
                t("col_total", L): [
                    _tonnes_or_withheld(None if v != v else v, L, "") for v in df["total_market"]
                ],
            }
        )
        _show(_h(2, t("net_trend", L)), _png(fig), _table(table))

    def by_sector(self) -> None:
        """Totals by TOL section adding up to the total (public: small sectors merged)."""
        L = self.lang
        if self.partners.empty:
            return
        _show(_h(2, t("by_sector", L)) + _group_table_html(self.figures().sectors, "sector", L))

    def by_category(self) -> None:
        """Chart and table by category adding up to the total (public: small categories merged)."""
        L = self.lang
        if self.emissions.empty:
            return
        cats = self.figures().categories
        rows = labelled(cats, "category", L)
        fig = charts.category_bars(list(rows["label"]), list(rows["kg"]), L)
        _show(_h(2, t("breakdown", L)), _png(fig), _group_table_html(cats, "category", L))

    def distribution(self) -> None:
        """Coordinator: every partner a named point; public: boxes that draw no single partner's value."""
        L = self.lang
        keys = (("per_fte", "t_per_fte"), ("per_m2", "kg_per_m2"), ("per_meur", "t_per_meur"))
        metrics = [(t(key, L), col) for key, col in keys]
        panels = charts.frame_panels(self.partners, metrics, with_names=not self.public)
        panels = [p for p in panels if enough(len(p.values))]
        if not panels:
            _show(_h(2, t("distribution", L)) + f"<p>{esc(t('cmp_none', L, min=MIN_GROUP))}</p>")
            return
        if self.public:
            fig = charts.intensity_boxes(panels, L)
        else:
            fig = charts.intensity_strip(panels, L, t("median", L))
        _show(_h(2, t("distribution", L)), _png(fig))

    def partner_table(self) -> None:
        if self.public or self.partners.empty:
            return
        L = self.lang
        p = self.partners.sort_values("kg_total_market", ascending=False)
        table = pd.DataFrame(
            {
                t("col_partner", L): p["name"],
                t("col_sector", L): [_sector_name(s, L) for s in p["sector"]],
                t("col_total", L): [_t_co2e(v, L) for v in p["kg_total_market"]],
                t("per_fte", L): [fmt_number(v, L, 2) for v in p["t_per_fte"]],
                t("per_m2", L): [fmt_number(v, L, 1) for v in p["kg_per_m2"]],
            }
        )
        _show(_h(2, t("partners", L)) + _table(table))

    def failures(self) -> None:
        L = self.lang
        failed, missing = self.status.get("failed", []), self.status.get("missing", [])
        out = _h(2, t("failed", L))
        if not failed and not missing:
            _show(out + f"<p>{esc(t('failed_none', L))}</p>")
            return
        if self.public:
            _show(out + f"<p>{esc(t('failed_public', L, failed=len(failed), missing=len(missing)))}</p>")
            return
        rows = [
            {
                t("col_partner", L): f["partner"],
                t("col_status", L): t("failed_status", L),
                t("col_messages", L): " | ".join(f.get("messages", [])[:5]),
            }
            for f in failed
        ]
        rows += [
            {t("col_partner", L): m, t("col_status", L): t("missing", L), t("col_messages", L): ""}
            for m in missing
        ]
        _show(out + _table(pd.DataFrame(rows)))
