"""One partner's report: `PartnerReport`, one method per section, each returning a `Block`.

A partner's report reads only that partner's processed files (with its own place in its peer
groups, `peer_position.json`) and the network's aggregates (`network_stats.json`: group sizes, and
rounded quartiles of groups of 10 or more, as `disclosure.peers` allows; never another partner's rows). Every text from a template is
HTML-escaped. In a notebook each section is the last expression of its cell, so Jupyter shows it;
in a test ``report.headline().html`` and ``report.breakdown().tables[0]`` are read directly.
"""

from __future__ import annotations

import pandas as pd

from paastolaskuri import __version__
from paastolaskuri.accounting.calculation import totals_by_category
from paastolaskuri.core.workspace import Workspace, partner_slug
from paastolaskuri.disclosure import peers, rules
from paastolaskuri.intake.template_layout import tol_section
from paastolaskuri.reporting import charts, partner_parts
from paastolaskuri.reporting.actions_section import partner_actions
from paastolaskuri.reporting.blocks import Block, esc, heading, paragraph
from paastolaskuri.reporting.change_section import partner_boundary, partner_change, partner_uncertainty
from paastolaskuri.reporting.commitments_section import partner_commitments
from paastolaskuri.reporting.energy_section import energy_section
from paastolaskuri.reporting.glance import residual_mix_sentence
from paastolaskuri.reporting.html import STYLE, big_figure, compose, glance_box, tonnes
from paastolaskuri.reporting.partner_results import stored_partner_change
from paastolaskuri.reporting.presentation import category_label, fmt_number
from paastolaskuri.reporting.processed import ENERGY_JSON, partner_history, read_json, read_partner
from paastolaskuri.reporting.report_inputs import require_partner
from paastolaskuri.reporting.report_texts import t
from paastolaskuri.reporting.restatement_section import partner_restatement, scope2_basis_line


class PartnerReport:
    """One partner's report for one year, from its processed files and the network's aggregates.

    ``PartnerReport.load(workspace, year, partner_id, lang)``; then one call per section, in the
    order of `SECTIONS` (the report notebook's order), each returning a `Block` that Jupyter
    displays. ``by_category()`` gives the numbers behind the breakdown as a DataFrame.
    """

    # the sections in the report notebook's order (tests/unit/reporting/test_partner_sections.py
    # checks the notebook calls exactly these)
    SECTIONS = (
        "header",
        "headline",
        "intensity",
        "breakdown",
        "energy",
        "trend",
        "change",
        "uncertainty",
        "comparison",
        "commitments",
        "actions",
        "restatement",
        "data_quality",
        "boundary",
        "explain",
        "sources",
    )

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
        self.stats = read_json(self.ws.processed_dir(self.year) / "network_stats.json", {}) or {}
        own_dir = self.ws.partner_processed_dir(self.year, self.slug)
        self.positions = read_json(own_dir / peers.PEER_POSITION_JSON, {}) or {}

    @classmethod
    def load(cls, workspace, year, partner_id, lang="fi") -> PartnerReport:
        """The report of `partner_id` in `year` from `workspace` ("" = the default one), in `lang`.

        Parameters
        ----------
        workspace
            The workspace folder, or "" / None for the default one.
        year
            The reporting year (its processed data must exist: ``paastolaskuri run --year YEAR``).
        partner_id
            The partner's ID as in its template.
        lang
            ``"fi"`` or ``"en"``.

        Returns
        -------
        PartnerReport
            The report; call one method per section.

        Raises
        ------
        ReportInputMissing
            When the year or the partner has no processed data (the message names what exists and
            the command to run).

        Examples
        --------
        >>> report = PartnerReport.load("demo", 2024, "demo-saha", lang="en")
        >>> report.partner_id
        'demo-saha'
        """
        return cls(workspace, year, str(partner_id), lang)

    @property
    def partner_id(self) -> str:
        """The partner's ID as given in its template (its file-name slug when the template had none)."""
        return str(self.org.get("partner_id") or self.slug)

    @property
    def section(self) -> str:
        """The partner's TOL section letter ("" when no sector was given)."""
        return tol_section(self.org.get("sector") or "") or ""

    # --- numbers -----------------------------------------------------------------------------
    def by_category(self) -> pd.DataFrame:
        """Kg CO2e by scope and category (Scope 2 market-based), largest first: scope, category, kg_co2e."""
        cats = totals_by_category(self.emissions, "market")
        return cats.sort_values("kg_co2e", ascending=False, kind="stable").reset_index(drop=True)

    def biggest_sources_sentence(self, n: int = 3) -> str:
        """The sentence naming the `n` largest categories and their shares ("" when there are none)."""
        return partner_parts.biggest_sources(self.by_category(), self.lang, n)

    # --- sections ----------------------------------------------------------------------------
    def header(self) -> Block:
        """The partner's name, the year, its sector, factor set, GWP set and the Scope 2 basis.

        Returns
        -------
        Block
            The partner's name and the year, sector, factor set and GWP set; Jupyter displays
            it, ``.html`` is its HTML.

        Examples
        --------
        >>> report = PartnerReport.load("demo", 2024, "demo-saha", lang="en")
        >>> section = report.header()
        >>> "<h1>" in section.html
        True
        """
        L = self.lang
        sector = partner_parts.sector_text(self.org.get("sector"), self.section, L)
        meta = t("meta", L, sector=sector, factor_set=self.factor_set, gwp=self.gwp, version=__version__)
        return compose(
            STYLE,
            f"<h1>{esc(self.org.get('name'))}</h1>",
            heading(2, t("partner_title", L, year=self.year)),
            paragraph(meta, "pl-sub"),
            scope2_basis_line(self.ws.root, self.factor_set, L),
        )

    def headline(self) -> Block:
        """At a glance, the market-based total (location-based under it), the scopes, biogenic CO2 apart.

        Returns
        -------
        Block
            The at-a-glance box, the market-based total and the scopes; Jupyter displays it,
            ``.html`` is its HTML, ``.tables[0]`` the scope table.

        Examples
        --------
        >>> report = PartnerReport.load("demo", 2024, "demo-saha", lang="en")
        >>> section = report.headline()
        >>> "t CO2e" in section.html
        True
        """
        L, tot = self.lang, self.totals
        sub = f"{t('market', L)}; {t('location', L)}: {tonnes(tot['total_location'], L)} t CO2e"
        residual = residual_mix_sentence(self.totals, self.emissions, L)
        return compose(
            glance_box(t("glance", L), self.glance_items()),
            heading(2, t("headline", L)),
            big_figure(f"{tonnes(tot['total_market'], L)} t CO2e", sub),
            partner_parts.scope_rows(tot, L),
            paragraph(t("biogenic", L, v=tonnes(tot["biogenic_co2"], L))),
            paragraph(self.biggest_sources_sentence()),
            paragraph(residual, "pl-residual") if residual else None,
        )

    def glance_items(self) -> list[str]:
        """How big, from where, better or worse than last year and than similar partners, how sure."""
        L = self.lang
        items = [t("g_size", L, v=tonnes(self.totals["total_market"], L))]
        cats = self.by_category()
        total = cats["kg_co2e"].sum()
        if total > 0:
            top = cats.iloc[0]
            share = fmt_number(100 * top.kg_co2e / total, L, 0)
            items.append(t("g_source", L, cat=category_label(top.category, L).lower(), share=share))
        history = partner_history(self.ws, self.slug, self.year)
        items.append(partner_parts.trend_item(history, self.year, self.totals["total_market"], L))
        peer = partner_parts.peer_item(self.summary, self.org, self.section, self.stats, self.positions, L)
        if peer:
            items.append(peer)
        estimated = fmt_number(100 * float(self.summary.get("share_estimated") or 0), L, 0)
        unverified = int((self.emissions["confidence"] == "unverified").sum())
        items.append(t("g_sure", L, est=estimated, unv=unverified))
        return items

    def intensity(self) -> Block:
        """Emissions per employee (FTE), per m² and per M€ revenue, where the partner gave them.

        Returns
        -------
        Block
            The intensity table; Jupyter displays it, ``.html`` is its HTML, ``.tables[0]`` the table.

        Examples
        --------
        >>> report = PartnerReport.load("demo", 2024, "demo-saha", lang="en")
        >>> section = report.intensity()
        >>> len(section.tables) == 1
        True
        """
        L = self.lang
        return compose(heading(2, t("intensity", L)), partner_parts.intensity_rows(self.summary, L))

    def breakdown(self) -> Block:
        """Emissions by category (chart and table with shares) and by scope (one stacked bar).

        Returns
        -------
        Block
            The category chart and table and the scope bar; Jupyter displays it, ``.html`` is
            its HTML, ``.tables[0]`` the categories with shares, ``.figures`` the two charts.

        Examples
        --------
        >>> report = PartnerReport.load("demo", 2024, "demo-saha", lang="en")
        >>> section = report.breakdown()
        >>> len(section.figures) == 2
        True
        """
        L = self.lang
        cats = self.by_category()
        labels = [category_label(c, L) for c in cats["category"]]
        bars = charts.category_bars(labels, list(cats["kg_co2e"]), L)
        scopes = charts.scope_bar(cats.groupby("scope")["kg_co2e"].sum().to_dict(), L)
        return compose(
            heading(2, t("breakdown", L)),
            bars,
            partner_parts.category_rows(cats, L),
            heading(3, t("by_scope", L)),
            scopes,
            alt=t("breakdown", L),
        )

    def energy(self) -> Block:
        """The energy balance: MWh by carrier, renewable and not (processed energy.json), a chart and a table."""
        own_dir = self.ws.partner_processed_dir(self.year, self.slug)
        return energy_section(read_json(own_dir / ENERGY_JSON), self.lang)

    def trend(self) -> Block:
        """The partner's own totals over every computed year, the base year marked, changes in %.

        Returns
        -------
        Block
            The trend chart and table, or a sentence when there is one year only; Jupyter
            displays it, ``.html`` is its HTML, ``.tables`` the years.

        Examples
        --------
        >>> report = PartnerReport.load("demo", 2024, "demo-saha", lang="en")
        >>> section = report.trend()
        >>> section.html.startswith("<")
        True
        """
        L = self.lang
        hist = partner_history(self.ws, self.slug, self.year)
        if len(hist) < 2:
            return compose(heading(2, t("trend", L)), paragraph(t("no_history", L)))
        hist = hist.sort_values("year").reset_index(drop=True)
        base_year = self.org.get("base_year") or int(hist["year"].min())
        base = hist.loc[hist["year"] == base_year, "total_market"]
        base_kg = float(base.iloc[0]) if len(base) else None
        return compose(
            heading(2, t("trend", L)),
            partner_parts.trend_figure(hist, base_year, base_kg, L),
            partner_parts.trend_rows(hist, base_kg, L),
            alt=t("trend", L),
        )

    def comparison(self) -> Block:
        """Each intensity and the partner's own place in its peer group (sector, else network).

        Median and quartiles only of a group of 10 or more, rounded (`disclosure.peers`).

        Returns
        -------
        Block
            The comparison table and the group's note, or why there is no group; Jupyter
            displays it, ``.html`` is its HTML, ``.tables`` the intensities.

        Examples
        --------
        >>> report = PartnerReport.load("demo", 2024, "demo-saha", lang="en")
        >>> section = report.comparison()
        >>> section.html.startswith("<")
        True
        """
        L = self.lang
        rows, group = partner_parts.comparison_rows(self.summary, self.section, self.stats, self.positions, L)
        if group is None:
            return compose(
                heading(2, t("comparison", L)), paragraph(t("cmp_none", L, min=rules.MIN_CONTRIBUTORS))
            )
        notes = partner_parts.comparison_notes(rows, L)
        return compose(
            heading(2, t("comparison", L)),
            paragraph(partner_parts.group_note(group, L)),
            rows,
            *(paragraph(note) for note in notes),
        )

    def commitments(self) -> Block:
        """Ilmastositoumukset / Commitments: each target tracked (table, chart, sentence), actions with evidence.

        Returns
        -------
        Block
            Each target and action of the partner, or a sentence when it has none; Jupyter
            displays it, ``.html`` is its HTML.

        Examples
        --------
        >>> report = PartnerReport.load("demo", 2024, "demo-saha", lang="en")
        >>> section = report.commitments()
        >>> section.html.startswith("<")
        True
        """
        return partner_commitments(self.ws.root, self.partner_id, self.year, self.lang)

    def actions(self) -> Block:
        """Vaikuttavimmat toimet / Most effective actions: ranked table, MACC, plan and commitment, sources.

        Returns
        -------
        Block
            The ranked actions, the marginal abatement cost curve and their sources; Jupyter
            displays it, ``.html`` is its HTML, ``.tables`` the ranked actions.

        Examples
        --------
        >>> report = PartnerReport.load("demo", 2024, "demo-saha", lang="en")
        >>> section = report.actions()
        >>> section.html.startswith("<")
        True
        """
        return partner_actions(self.ws.root, self.partner_id, self.year, self.lang)

    def restatement(self) -> Block:
        """Restated figures / Oikaistut luvut: earlier years under the old and the new factor set.

        Returns
        -------
        Block
            Earlier years under their own and today's factor set, or nothing when none changed;
            Jupyter displays it, ``.html`` is its HTML.

        Examples
        --------
        >>> report = PartnerReport.load("demo", 2024, "demo-saha", lang="en")
        >>> section = report.restatement()
        >>> isinstance(section.html, str)
        True
        """
        return partner_restatement(self.ws.root, self.partner_id, self.year, self.lang)

    def change(self) -> Block:
        """Why the footprint changed since last year: activity and factor effects (waterfall, table, uncertainty)."""
        stored = stored_partner_change(self.ws, self.year, self.slug)  # the run's, else computed here
        return partner_change(self.ws, self.year, self.slug, self.emissions, self.lang, stored)

    def uncertainty(self) -> Block:
        """The totals with their 95 % intervals and the lines that add most to the uncertainty."""
        return partner_uncertainty(self.ws, self.totals, self.emissions, self.lang)

    def boundary(self) -> Block:
        """The Scope 3 boundary (included, excluded with reason, not relevant); a usually-material gap flagged."""
        return partner_boundary(self.ws, self.year, self.slug, self.section, self.lang)

    def data_quality(self) -> Block:
        """Share of estimated lines, the lines on unverified factors (flagged), own factors used.

        Returns
        -------
        Block
            The quality paragraphs; Jupyter displays it, ``.html`` is its HTML.

        Examples
        --------
        >>> report = PartnerReport.load("demo", 2024, "demo-saha", lang="en")
        >>> section = report.data_quality()
        >>> section.html.startswith("<")
        True
        """
        L = self.lang
        return compose(
            heading(2, t("quality", L)), partner_parts.quality_paragraphs(self.summary, self.emissions, L)
        )

    def explain(self) -> Block:
        """Every emission line's arithmetic, by scope, category and row (the same words as `calc --explain`).

        Returns
        -------
        Block
            Every line's calculation; Jupyter displays it, ``.html`` is its HTML, ``.tables[0]`` the lines.

        Examples
        --------
        >>> report = PartnerReport.load("demo", 2024, "demo-saha", lang="en")
        >>> section = report.explain()
        >>> section.html.startswith("<")
        True
        """
        L = self.lang
        return compose(heading(2, t("explain", L)), partner_parts.explain_rows(self.emissions, L))

    def sources(self) -> Block:
        """The method in brief: GHG Protocol, both Scope 2 bases, biogenic CO2 apart.

        Returns
        -------
        Block
            The method paragraph; Jupyter displays it, ``.html`` is its HTML.

        Examples
        --------
        >>> report = PartnerReport.load("demo", 2024, "demo-saha", lang="en")
        >>> section = report.sources()
        >>> section.html.startswith("<")
        True
        """
        L = self.lang
        return compose(heading(2, t("sources", L)), paragraph(t("method", L)))
