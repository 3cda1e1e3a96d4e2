"""Climate commitments (ilmastositoumukset): targets and actions tracked against the footprints.

``store`` finds a partner's commitments (template or data/commitments.csv) and its computed years,
``tracking`` computes where each target stands (pure functions), ``evidence`` checks actions
against the lines, ``texts`` words it all in Finnish and English, ``command`` is the CLI.
The schema and the row validation live in :mod:`paastolaskuri.intake.commitment_schema` and
:mod:`paastolaskuri.intake.commitments`.
"""
