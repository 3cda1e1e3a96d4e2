"""Päästölaskuri: greenhouse-gas footprints for a climate-partner network.

Module map (the data flow reads from the folder names; imports only run downwards):

=========================  =====================================================================
``intake/``                files in, validated lines out: ``file_safety``, ``reader`` (xlsx and
                           CSV; one row in ``activity_line``, the organisation sheet in
                           ``organisation``, one cell's value in ``cells``), ``validation``,
                           ``annotate``, ``template``, ``template_layout``, ``next_year``
``accounting/``            ``catalogue`` (the activity schema), ``factors`` (factor sets, GWP),
                           ``units``, ``coefficients`` (kg per input unit per basis),
                           ``calculation`` (the engine: line x basis -> kg CO2e)
``footprint``              one file -> validated lines -> emissions: the one module that joins
                           intake and accounting
``disclosure/``            the one layer every figure passes before it leaves the coordinator:
                           ``rules`` (thresholds, p %-rule, rounding), ``tables`` (primary and
                           secondary suppression), ``audit`` (interval audit, HiGHS), ``ledger``
                           (what a year's public output printed), ``peers`` (peer comparison)
``reporting/``             ``processed`` (tables under data/processed), ``partner_report`` and
                           ``network_report`` (one method per report section, each returning a
                           displayable ``blocks.Block``; pieces in ``partner_parts`` and
                           ``network_parts``), ``charts``, ``html`` (style sheet, tables),
                           ``presentation`` (labels, explain texts), ``excel_summary``,
                           ``method_docs``
``run/``                   ``runner`` (the yearly run, step by step), ``options``
                           (``RunOptions``), ``plan`` (fingerprints: what reruns and why),
                           ``year_data`` (processed data), ``network``, ``manifest``, ``lock``,
                           ``pool`` and ``render`` (a ``RenderJob``: one notebook through
                           papermill to ipynb + HTML)
core                       ``workspace``, ``outputs`` (atomic writes), ``i18n`` (the one message
                           catalogue: ``locale/{fi,en}/LC_MESSAGES/paastolaskuri.po``),
                           ``messages`` (located input problems), ``numformat`` (numbers
                           through Babel), ``errors``, ``cli``, ``demo``, ``report`` (the
                           notebooks' import path)
=========================  =====================================================================
"""

__version__ = "0.1.0"
