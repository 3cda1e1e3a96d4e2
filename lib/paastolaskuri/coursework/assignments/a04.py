"""Assignment 04: from footprint to action (ranked actions, two by hand, the pathway to a commitment)."""

from __future__ import annotations

from paastolaskuri.coursework.assignments.cells import (
    DISPLAY_ONLY,
    check_cell,
    code,
    md,
    pick,
    solution,
    written,
)
from paastolaskuri.coursework.assignments.common import intro

NAME = "04_actions"


def _actions(t, lang: str) -> list[dict]:
    return [
        md(
            t(
                "## 1. Vaikuttavimmat toimet\n\n`paastolaskuri actions` laskee luettelon vähennystoimet kumppanin "
                "omilla riveillä (arvioita; jokainen oletus lähteineen). Sama Pythonissa: "
                "`paastolaskuri.actions.analyse`.",
                "## 1. The most effective actions\n\n`paastolaskuri actions` computes the catalogue's reduction "
                "actions on the partner's own lines (estimates; every assumption sourced). The same in Python: "
                "`paastolaskuri.actions.analyse`.",
            )
        ),
        code(
            "from paastolaskuri.actions import analyse\n\n"
            "fp = compute_footprint(case.case)\n"
            "analysis = analyse(fp.submission.lines, fp.factor_set)\n"
            "# the figures are yours to read and sort: the exercises ask for them\n"
            "list(analysis.results.columns)"
        ),
        md(
            t(
                "### Tehtävä 4.1\nMikä toimi vähentää eniten (markkinaperusteinen, kg vältetty)? Anna sen tunnus.",
                "### Exercise 4.1\nWhich action avoids the most (market-based, kg avoided)? Give its ID.",
            )
        ),
        solution("a04-top", "top_action = None"),
        check_cell("t04-top", "04.top_action", "top_action", 1),
        md(
            t(
                "## 2. Kaksi toimea käsin\n\n### Tehtävä 4.2\n*Alkuperätakuullinen sähkö* (`green_electricity`, "
                "osuus 1): alkuperätakuilla ostetun sähkön markkinaperusteinen päästö on 0. Paljonko se välttää "
                "(kg CO2e, markkinaperusteinen)? Laske omista riveistäsi, älä lue tulosta taulukosta.",
                "## 2. Two actions by hand\n\n### Exercise 4.2\n*Electricity with guarantees of origin* "
                "(`green_electricity`, share 1): electricity bought with guarantees of origin is 0 market-based. How "
                "much does it avoid (kg CO2e, market-based)? Compute it from your own lines, not from the table.",
            )
        ),
        code(
            "# the kg are not shown: they are 4.2's answer (and 1.6's)\n"
            'fp.emissions[fp.emissions["activity"] == "electricity"][["basis", "quantity", "unit"]]'
        ),
        solution("a04-green", "green_electricity_avoided_kg = None"),
        check_cell("t04-green", "04.green_electricity_avoided_kg", "green_electricity_avoided_kg", 2),
        md(
            t(
                "### Tehtävä 4.3\n*Etäkokoukset lentojen sijaan* (`remote_meetings`): 25 % lennoista jää lentämättä. "
                "Paljonko vältetään (kg CO2e)? Lennot eivät ole pohjassa eivätkä siksi `fp`:ssä: laske ne faktoista "
                "kuten tehtävissä 2.4–2.5 (kerroin `air.domestic`).",
                "### Exercise 4.3\n*Remote meetings instead of flights* (`remote_meetings`): 25 % of the flights are "
                "not flown. How much is avoided (kg CO2e)? The flights are not in the template, so not in `fp`: "
                "compute them from the facts as in exercises 2.4–2.5 (factor `air.domestic`).",
            )
        ),
        solution("a04-remote", "remote_meetings_avoided_kg = None"),
        check_cell("t04-remote", "04.remote_meetings_avoided_kg", "remote_meetings_avoided_kg", 2),
    ]


def _pathway(t) -> list[dict]:
    return [
        md(
            t(
                "## 3. Polku sitoumukseen\n\nKumppani sitoutuu vähentämään Scope 1+2+3 -päästöjään (markkinaperusteinen) "
                "`target_pct` % perusvuodesta (raportointivuosi) tavoitevuoteen `target_year` mennessä. Sitoumuksen "
                "polku on suora viiva perusvuoden arvosta tavoitearvoon.\n\n### Tehtävä 4.4\nTavoitearvo (t CO2e).",
                "## 3. The pathway to a commitment\n\nThe partner commits to cutting its Scope 1+2+3 emissions "
                "(market-based) by `target_pct` % from the base year (the reporting year) by `target_year`. The "
                "committed pathway is a straight line from the base-year value to the target value.\n\n"
                "### Exercise 4.4\nThe target value (t CO2e).",
            )
        ),
        code('base_t = fp.totals["total_market"] / 1000  # t CO2e, market-based\nbase_t'),
        solution("a04-target", "target_t = None"),
        check_cell("t04-target", "04.target_t", "target_t", 1),
        md(
            t(
                "### Tehtävä 4.5\nPolun arvo vuonna `check_year` (t CO2e). Vertaa sitten Päästölaskurin "
                "`committed_pathway`- ja `pathway_at`-funktioihin.",
                "### Exercise 4.5\nThe pathway's value in `check_year` (t CO2e). Then compare with the workbench's "
                "`committed_pathway` and `pathway_at`.",
            )
        ),
        solution("a04-pathway", "pathway_t = None"),
        check_cell("t04-pathway", "04.pathway_t", "pathway_t", 2),
        code(
            "import matplotlib.pyplot as plt\n\n"
            "from paastolaskuri.commitments.tracking import committed_pathway, pathway_at, reference_at\n"
            "from paastolaskuri.intake.commitment_schema import Target\n\n"
            "target = Target(\n"
            '    partner_id="case",\n'
            '    commitment_id="kurssi-1",\n'
            '    coverage="scope123",\n'
            '    metric="absolute",\n'
            '    base_year=int(facts["year"]),\n'
            '    target_year=int(facts["target_year"]),\n'
            '    reduction_pct=float(facts["target_pct"]),\n'
            ")\n"
            "points = committed_pathway(target, base_t)\n"
            "years = list(range(target.base_year, target.target_year + 1))\n"
            "plan_t = base_t - analysis.plan_avoided_kg / 1000\n"
            "fig, ax = plt.subplots(figsize=(7, 4))\n"
            'ax.plot(years, [pathway_at(points, y) for y in years], marker="o", label="sitoumus / commitment")\n'
            'ax.plot(years, [reference_at(base_t, target.base_year, y) for y in years], "--", label="1,5 °C")\n'
            'ax.axhline(plan_t, color="grey", linestyle=":", label="kaikki toimet / all actions")\n'
            'ax.set_ylabel("t CO2e")\nax.legend()\nplt.show()',
            tags=[DISPLAY_ONLY],
        ),
        md(
            t(
                "Pohdi: riittävätkö luettelon toimet sitoumukseen? Mitkä toimet ehdottaisit kumppanille ensin, "
                "ja miksi (vaikutus, kustannus €/t, oletusten luotettavuus)?",
                "Reflect: do the catalogue's actions suffice for the commitment? Which actions would you propose to "
                "the partner first, and why (impact, cost €/t, the assumptions' confidence)?",
            )
        ),
    ]


def cells(lang: str) -> list[dict]:
    """The notebook's cells in `lang`."""
    t = pick(lang)
    out = intro(
        lang,
        "04",
        ("Jalanjäljestä toimiin", "From footprint to action"),
        (
            "järjestät kumppanin vähennystoimet vaikutuksen mukaan, lasket kaksi toimea käsin ja piirrät polun "
            "sitoumukseen.",
            "rank the partner's reduction actions by impact, compute two actions by hand and draw the pathway "
            "to a commitment.",
        ),
        60,
    )
    return (
        out
        + _actions(t, lang)
        + _pathway(t)
        + written(
            "w04-proposal",
            2,
            t(
                "### Tehtävä 4.6 (kirjallinen, opettaja arvioi)\nMitä kahta toimea ehdotat kumppanille ensin, ja "
                "miksi (vaikutus, kustannus €/t, oletusten luotettavuus)? Riittävätkö ne sitoumuksen polulle? "
                "3–5 virkettä.",
                "### Exercise 4.6 (written, graded by your teacher)\nWhich two actions do you propose to the partner "
                "first, and why (impact, cost €/t, the assumptions' confidence)? Do they suffice for the commitment's "
                "pathway? 3–5 sentences.",
            ),
        )
    )
