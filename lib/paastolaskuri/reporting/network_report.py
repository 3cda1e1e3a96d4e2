"""The network's report: `NetworkReport`, one method per section, each returning a `Block`.

``audience="public"`` names no partner and shows only what `disclosure` lets through
(`network_tables.public_figures`: threshold, dominance, secondary suppression, rounding, the
interval audit and the year's publication ledger); the coordinator's report names every partner.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from paastolaskuri import __version__
from paastolaskuri.core.i18n import plural
from paastolaskuri.core.workspace import AUDIENCES, Workspace
from paastolaskuri.disclosure import rules
from paastolaskuri.disclosure.ledger import ledger_path, write_publication
from paastolaskuri.disclosure.tables import withheld_text
from paastolaskuri.reporting import charts, network_parts
from paastolaskuri.reporting.actions_section import network_actions
from paastolaskuri.reporting.blocks import Block, heading, paragraph
from paastolaskuri.reporting.change_section import network_change, network_coverage, network_uncertainty
from paastolaskuri.reporting.commitments_section import network_section
from paastolaskuri.reporting.glance import network_glance
from paastolaskuri.reporting.html import STYLE, big_figure, compose, glance_box, tonnes, tonnes_or_withheld
from paastolaskuri.reporting.network_tables import (
    SCOPE_KEYS,
    NetworkFigures,
    labelled,
    network_figures,
    public_trend,
    trend_rows,
)
from paastolaskuri.reporting.processed import read_json
from paastolaskuri.reporting.report_inputs import require_network
from paastolaskuri.reporting.report_texts import t
from paastolaskuri.reporting.restatement_section import scope2_basis_line
from paastolaskuri.reporting.vsme_export import processed_b3
from paastolaskuri.reporting.year_figures import public_year_figures, read_emissions, read_partners


def published_only(
    partners: pd.DataFrame, emissions: pd.DataFrame, figures: NetworkFigures
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The partners (and their emission lines) that a public output's figures are over.

    Partners held back from a republication (`public_figures`) must not reach any other public
    figure either (a count, a share, an action's avoided tonnes), or that figure's difference
    between two publications would give them away. None published: no partner.
    """
    shown = set(figures.publication.partners) if figures.publication is not None else set()
    keep = partners["partner_id"].astype(str).isin(shown) if "partner_id" in partners else []
    lines = emissions[emissions["partner_id"].astype(str).isin(shown)] if len(emissions) else emissions
    return partners[keep], lines


def record_publication(ws: Workspace, year: int) -> Path | None:
    """Write the year's publication ledger from the figures its public outputs print; the path, or None.

    Called once the public outputs of `year` are written, so that the next public output of that year
    is audited together with what this one printed (`disclosure.ledger`).
    """
    published = public_year_figures(ws, year).publication
    if published is None:
        return None
    return write_publication(ledger_path(ws.root, year), published)


class NetworkReport:
    """The network's report for one year; `audience='public'` names no partner and merges groups under 3.

    ``NetworkReport.load(workspace, year, lang, audience)``; then one call per section
    (``header()``, ``overview()``, ``trend()``, ``by_sector()``, ``by_category()``,
    ``commitments()``, ``actions()``, ``distribution()``, ``partner_table()``, ``failures()``),
    each returning a `Block` that Jupyter displays. ``figures()`` gives the disclosed numbers.
    """

    def __init__(self, workspace, year: int, lang: str = "fi", audience: str = "coordinator"):
        if audience not in AUDIENCES:
            raise ValueError(f"unknown audience {audience!r}: one of {', '.join(AUDIENCES)}")
        self.ws = Workspace.at(workspace)
        self.year = int(year)
        self.lang = lang
        self.audience = audience
        self.public = audience == "public"
        require_network(self.ws, self.year, lang)  # else: which years exist, what to run
        d = self.ws.processed_dir(self.year)
        self.partners = read_partners(d / "partners.csv")
        self.emissions = read_emissions(d / "emissions.csv")
        self.status = read_json(
            d / "run_status.json", {"failed": [], "missing": [], "registered": len(self.partners)}
        )
        self._figs: NetworkFigures | None = None

    @classmethod
    def load(cls, workspace, year, lang="fi", audience="coordinator") -> NetworkReport:
        """The network's report for `year` from `workspace` ("" = the default one), in `lang`, for `audience`.

        Parameters
        ----------
        workspace
            The workspace folder, or "" / None for the default one.
        year
            The reporting year (its processed data must exist: ``paastolaskuri run --year YEAR``).
        lang
            ``"fi"`` or ``"en"``.
        audience
            ``"coordinator"`` (names partners) or ``"public"`` (only what ``disclosure`` lets through).

        Returns
        -------
        NetworkReport
            The report; call one method per section.

        Raises
        ------
        ReportInputMissing
            When the year has no processed network data.

        Examples
        --------
        >>> report = NetworkReport.load("demo", 2024, lang="en", audience="public")
        >>> report.public
        True
        """
        return cls(workspace, year, lang, audience)

    def figures(self) -> NetworkFigures:
        """The report's own figures, disclosed for its audience (public: `public_year_figures`)."""
        if self._figs is None:
            self._figs = (
                public_year_figures(self.ws, self.year)
                if self.public
                else network_figures(self.partners, self.emissions, False)
            )
        return self._figs

    def _reporting(self) -> str:
        """How many partners reported (public: those in this publication, a count of 1 or 2 not given)."""
        L = self.lang
        n = self.figures().partners if self.public else len(self.partners)
        reg = self.status.get("registered", n)
        line = t("reporting", L, n=n, reg=reg)
        if self.public and not rules.count_shown(n):
            line = t("reporting_few", L, min=rules.MIN_CONTRIBUTORS, reg=reg)
        if self.figures().held_back:
            line += " " + plural("report.held_back", self.figures().held_back, L)
        return line

    def header(self) -> Block:
        """The title, the factor sets the partners' figures rest on, the Scope 2 basis.

        Returns
        -------
        Block
            The title, the factor sets and the Scope 2 basis; Jupyter displays it, ``.html`` is its HTML.

        Examples
        --------
        >>> report = NetworkReport.load("demo", 2024, lang="en", audience="public")
        >>> section = report.header()
        >>> "<h1>" in section.html
        True
        """
        sets = sorted(set(self.partners.get("factor_set", pd.Series(dtype=str)).dropna().astype(str)))
        return compose(
            STYLE,
            heading(1, t("network_title", self.lang, year=self.year)),
            paragraph(f"{', '.join(sets)} · Päästölaskuri {__version__}", "pl-sub"),
            scope2_basis_line(self.ws.root, [s for s in sets if s], self.lang),
        )

    def overview(self) -> Block:
        """At a glance, partners reporting, the totals and the scope table (public: disclosed by `suppression`).

        Returns
        -------
        Block
            The at-a-glance box, the totals and the scope table; Jupyter displays it, ``.html``
            is its HTML, ``.tables`` the scope table.

        Examples
        --------
        >>> report = NetworkReport.load("demo", 2024, lang="en", audience="public")
        >>> section = report.overview()
        >>> "t CO2e" in section.html
        True
        """
        L = self.lang
        f = self.figures()
        sub = f"{t('market', L)}; {t('location', L)}: {tonnes_or_withheld(f.total_location, L, public=f.public)}"
        if f.biogenic_co2 is None:  # fewer than 3 contributors: it would be one partner's
            biogenic = t("biogenic_withheld", L, v=withheld_text(L))
        else:
            biogenic = t("biogenic", L, v=tonnes(f.biogenic_co2, L, f.public))
        return compose(
            glance_box(t("glance", L), self.glance_items()),
            heading(2, t("overview", L)),
            paragraph(self._reporting()),
            big_figure(tonnes_or_withheld(f.total_market, L, public=f.public), sub),
            paragraph(withheld_text(L)) if f.scopes.withheld else network_parts.scope_rows(f, L),
            paragraph(biogenic),
        )

    def glance_items(self) -> list[str]:
        """At a glance: reporting, total, change, biggest category and sector, data quality (public: disclosed)."""
        previous = None
        for year in sorted((y for y in self.ws.processed_years() if y < self.year), reverse=True):
            f = self.ws.processed_dir(year) / "partners.csv"
            if f.is_file() and f.stat().st_size > 1:
                previous = (year, pd.read_csv(f))
                break
        earlier = public_year_figures(self.ws, previous[0]) if self.public and previous else None
        figures = self.figures()
        partners, emissions = self.partners, self.emissions
        if self.public:  # the data-quality counts over the published partners only (none held back)
            partners, emissions = published_only(partners, emissions, figures)
        return network_glance(partners, emissions, figures, self.status, self.lang, previous, earlier)

    def _yearly_partners(self) -> dict[int, pd.DataFrame]:
        frames = {}
        for year in self.ws.processed_years():
            f = self.ws.processed_dir(year) / "partners.csv"
            if year <= self.year and f.is_file() and f.stat().st_size > 1:
                frames[year] = pd.read_csv(f)
        return frames

    def trend(self) -> Block:
        """The network's totals per year (public: a year or scope under 3 partners is withheld).

        Returns
        -------
        Block
            The yearly totals chart and table, or a sentence for a first year; Jupyter displays
            it, ``.html`` is its HTML, ``.tables`` the years.

        Examples
        --------
        >>> report = NetworkReport.load("demo", 2024, lang="en", audience="public")
        >>> section = report.trend()
        >>> section.html.startswith("<")
        True
        """
        L = self.lang
        frames = self._yearly_partners()
        if len(frames) < 2:
            return compose(heading(2, t("net_trend", L)), paragraph(t("no_history_network", L)))
        if self.public:  # each year exactly as that year's own public output prints it
            df = public_trend({y: public_year_figures(self.ws, y) for y in frames})
            stackable = bool(df[list(SCOPE_KEYS)].notna().all().all())
        else:
            df, stackable = trend_rows(frames, False)
        return compose(
            heading(2, t("net_trend", L)),
            network_parts.trend_figure(df, stackable, L),
            network_parts.trend_table(df, L, self.public),
            alt=t("net_trend", L),
        )

    def _group_table(self, table, kind: str) -> str | pd.DataFrame:
        return (
            paragraph(withheld_text(self.lang))
            if table.withheld
            else network_parts.group_rows(table, kind, self.lang, self.public)
        )

    def by_sector(self) -> Block:
        """Totals by TOL section adding up to the total (public: small sectors merged).

        Returns
        -------
        Block
            The sector table; Jupyter displays it, ``.html`` is its HTML, ``.tables[0]`` the sectors.

        Examples
        --------
        >>> report = NetworkReport.load("demo", 2024, lang="en", audience="public")
        >>> section = report.by_sector()
        >>> section.html.startswith("<")
        True
        """
        if self.partners.empty:
            return Block("")
        return compose(
            heading(2, t("by_sector", self.lang)), self._group_table(self.figures().sectors, "sector")
        )

    def by_category(self) -> Block:
        """Chart and table by category adding up to the total (public: small categories merged).

        Returns
        -------
        Block
            The category chart and table; Jupyter displays it, ``.html`` is its HTML,
            ``.tables[0]`` the categories.

        Examples
        --------
        >>> report = NetworkReport.load("demo", 2024, lang="en", audience="public")
        >>> section = report.by_category()
        >>> section.html.startswith("<")
        True
        """
        L = self.lang
        if self.emissions.empty:
            return Block("")
        cats = self.figures().categories
        rows = labelled(cats, "category", L)
        return compose(
            heading(2, t("breakdown", L)),
            charts.category_bars(list(rows["label"]), list(rows["kg"]), L),
            self._group_table(cats, "category"),
            alt=t("breakdown", L),
        )

    def commitments(self) -> Block:
        """Commitments across the network: targets by status and the committed pathway (names only to the coordinator).

        Returns
        -------
        Block
            The network's targets by status and the committed pathway; Jupyter displays it,
            ``.html`` is its HTML.

        Examples
        --------
        >>> report = NetworkReport.load("demo", 2024, lang="en", audience="public")
        >>> section = report.commitments()
        >>> section.html.startswith("<")
        True
        """
        return network_section(self.ws.root, self.year, self.lang, self.audience)

    def actions(self) -> Block:
        """The largest reduction potentials summed over partners, by action (public: suppression rule).

        Returns
        -------
        Block
            The summed reduction potentials by action; Jupyter displays it, ``.html`` is its
            HTML, ``.tables`` the actions.

        Examples
        --------
        >>> report = NetworkReport.load("demo", 2024, lang="en", audience="public")
        >>> section = report.actions()
        >>> section.html.startswith("<")
        True
        """
        return network_actions(self.ws.root, self.year, self.lang, self.audience)

    def distribution(self) -> Block:
        """Coordinator: every partner a named point; public: boxes that draw no single partner's value.

        Returns
        -------
        Block
            The intensity charts (named points or boxes), or why there are none; Jupyter
            displays it, ``.html`` is its HTML, ``.figures`` the charts.

        Examples
        --------
        >>> report = NetworkReport.load("demo", 2024, lang="en", audience="public")
        >>> section = report.distribution()
        >>> section.html.startswith("<")
        True
        """
        L = self.lang
        metrics = network_parts.intensity_metrics(L)
        shown = self.partners
        if self.public:  # the partners of this publication only (late ones may be held back)
            published = self.figures().publication
            ids = set(published.partners) if published else set()
            shown = shown[shown["partner_id"].astype(str).isin(ids)] if len(shown) else shown
        panels = charts.frame_panels(shown, metrics, with_names=not self.public)
        # public: a box's edges and whiskers are order statistics, individual values in a small group
        enough = rules.order_statistics_allowed if self.public else rules.passes_threshold
        least = rules.MIN_FOR_ORDER_STATISTICS if self.public else rules.MIN_CONTRIBUTORS
        panels = [p for p in panels if enough(len(p.values))]
        if not panels:
            return compose(heading(2, t("distribution", L)), paragraph(t("cmp_none", L, min=least)))
        if self.public:
            fig = charts.intensity_boxes(panels, L)
        else:
            fig = charts.intensity_strip(panels, L, t("median", L))
        return compose(heading(2, t("distribution", L)), fig, alt=t("distribution", L))

    def partner_table(self) -> Block:
        """Coordinator only: every partner with sector, total and intensities (public: nothing).

        Returns
        -------
        Block
            The partner table (coordinator), or an empty block (public); Jupyter displays it,
            ``.html`` is its HTML, ``.tables`` the partners.

        Examples
        --------
        >>> report = NetworkReport.load("demo", 2024, lang="en", audience="public")
        >>> section = report.partner_table()
        >>> section.html == ""
        True
        """
        if self.public or self.partners.empty:
            return Block("")
        L = self.lang
        return compose(heading(2, t("partners", L)), network_parts.partner_rows(self.partners, L))

    def vsme_b3(self) -> Block:
        """How many partners have a complete EFRAG VSME B3 (a count: shown only under `rules.count_shown`).

        The public report counts over the partners its figures are over, and withholds the count when
        it or the partners without a complete B3 would be a count `count_shown` forbids (a count of 1).
        """
        L = self.lang
        partners = (
            published_only(self.partners, self.emissions, self.figures())[0] if self.public else self.partners
        )
        ids = [str(p) for p in partners["partner_id"]] if len(partners) else []
        complete = sum(processed_b3(self.ws.root, self.year, pid, L).complete for pid in ids)
        shown = not self.public or (rules.count_shown(complete) and rules.count_shown(len(ids) - complete))
        count = str(complete) if shown else withheld_text(L)
        return compose(heading(2, t("vsme_heading", L)), paragraph(t("vsme_complete", L, count=count)))

    def _published_partners(self, year: int) -> set[str] | None:
        """Public: the partners of `year`'s publication (none published: an empty set); coordinator: None (all)."""
        if not self.public:
            return None
        if not (self.ws.processed_dir(year) / "partners.csv").is_file():
            return set()
        published = public_year_figures(self.ws, year).publication
        return set(published.partners) if published is not None else set()

    def change(self) -> Block:
        """Why the network's total changed since last year: activity, factors, partners joining or leaving."""
        if not self.public:
            return network_change(self.ws, self.year, self.lang)
        keep, keep_old = self._published_partners(self.year), self._published_partners(self.year - 1)
        # public: the totals both years' public reports print (a scope printed only merged is not split)
        keys = self._public_totals(self.year)
        if (self.ws.processed_dir(self.year - 1) / "partners.csv").is_file():
            keys = tuple(k for k in keys if k in self._public_totals(self.year - 1))
        return network_change(self.ws, self.year, self.lang, keep, True, keep_old, keys)

    def _public_totals(self, year: int) -> tuple[str, ...]:
        """The totals (total_location, total_market) that `year`'s public report prints."""
        figures = public_year_figures(self.ws, year)
        return tuple(k for k in ("total_location", "total_market") if getattr(figures, k) is not None)

    def uncertainty(self) -> Block:
        """The network's totals with 95 % intervals, factors shared across partners."""
        if not self.public:
            return network_uncertainty(self.ws, self.year, self.lang)
        keep = self._published_partners(self.year)
        return network_uncertainty(self.ws, self.year, self.lang, keep, True, self._public_totals(self.year))

    def coverage(self) -> Block:
        """How many partners include, exclude or do not state each Scope 3 category."""
        slugs = [str(s) for s in self.partners.get("slug", pd.Series(dtype=str))]
        keep = self._published_partners(self.year)
        if keep is not None:
            ids = self.partners.get("partner_id", pd.Series(dtype=str)).astype(str)
            slugs = [s for s, pid in zip(slugs, ids, strict=True) if pid in keep]
        return network_coverage(self.ws, self.year, slugs, self.lang, self.public)

    def failures(self) -> Block:
        """Who did not report and whose data failed the checks (public: only how many).

        Returns
        -------
        Block
            Who did not report and who failed the checks (public: how many); Jupyter displays
            it, ``.html`` is its HTML.

        Examples
        --------
        >>> report = NetworkReport.load("demo", 2024, lang="en", audience="public")
        >>> section = report.failures()
        >>> section.html.startswith("<")
        True
        """
        L = self.lang
        failed, missing = self.status.get("failed", []), self.status.get("missing", [])
        if not failed and not missing:
            body: str | pd.DataFrame = paragraph(t("failed_none", L))
        elif self.public:
            body = paragraph(t("failed_public", L, failed=len(failed), missing=len(missing)))
        else:
            body = network_parts.failure_rows(failed, missing, L)
        return compose(heading(2, t("failed", L)), body)
