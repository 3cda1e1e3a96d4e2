"""Päästölaskuri: greenhouse-gas footprints for a climate-partner network.

Module map, lowest layer first (the order of :data:`LAYERS`; imports only run downwards, and
``tests/unit/core/test_module_map.py`` checks this map against the folders):

=========================  =====================================================================
``core/``                  the modules every stage stands on: ``errors`` (exit codes),
                           ``workspace`` (paths), ``i18n`` (the one message catalogue:
                           ``locale/{fi,en}/LC_MESSAGES/paastolaskuri.po``), ``numformat``
                           (numbers through Babel), ``outputs`` (atomic writes, formula
                           neutralising), ``output_guard`` (what a command may overwrite),
                           ``confidence`` (confidence marks), ``packaged`` (the shipped factor
                           sets and notebooks, through importlib.resources: ``shipped/``)
``accounting/``            ``catalogue`` (the activity schema), ``factors`` (factor sets, GWP),
                           ``pins``, ``units``, ``money``, ``coefficients`` (kg per input unit
                           per basis), ``calculation`` (the engine: line x basis -> kg CO2e;
                           the Scope 2 masks and totals), ``metrics`` (intensities),
                           ``restatement`` (a year under another factor set), ``change``
                           (a year's change split: activity, factors, membership),
                           ``uncertainty`` (Monte Carlo intervals), ``energy`` (the energy
                           balance), ``desnz`` (a factor set from the UK flat file)
``messages``               located input problems (``Problem``), in the reader's language
``intake/``                files in, validated lines out: ``file_safety``, ``reader`` (xlsx and
                           CSV; one row in ``activity_line``, the organisation sheet in
                           ``organisation``, one cell's value in ``cells``), ``validation`` and
                           ``scope3_checks`` (against the factor set), ``annotate``, the template
                           (``template``, ``template_layout``, ``template_format``,
                           ``template_text``), ``next_year``, ``consent``, commitments on the
                           template and in data/commitments.csv (``commitment_schema``,
                           ``commitment_sheet``, ``commitments``, ``commitment_merge``), the
                           optional sheets ``price_sheet`` and ``boundary``
``footprint``              one file -> validated lines -> emissions (``compute_footprint``)
``commitments/``           targets and actions tracked over the years: ``sources``, ``store``,
                           ``tracking``, ``since_base`` (change since the base year split),
                           ``evidence``, ``restated``, ``texts``, ``command``
``actions/``               reduction actions and their effect: ``catalogue``, ``inputs``,
                           ``engine``, ``line_ops``, ``transforms``, ``costs``, ``analysis``,
                           ``command``
``disclosure/``            the one layer every figure passes before it leaves the coordinator:
                           ``rules`` (thresholds, p %-rule, rounding), ``tables`` (primary and
                           secondary suppression), ``audit`` (interval audit, HiGHS), ``ledger``
                           (what a year's public output printed), ``peers`` (peer comparison)
``reporting/``             ``processed`` and ``processed_schema`` (tables under data/processed),
                           ``partner_results`` (a partner's actions analysis, computed once),
                           ``partner_report`` and ``network_report`` (one method per report
                           section, each returning a displayable ``blocks.Block``; pieces in
                           ``partner_parts``, ``network_parts``, ``network_tables``,
                           ``network_audit``, ``year_figures``, ``glance``, ``report_inputs``,
                           ``report_texts``), sections of their own (``actions_section``,
                           ``commitments_section``, ``restatement_section`` with
                           ``restatement_data`` and ``restatement_command``,
                           ``change_section``, ``energy_section``), ``charts``, ``html``,
                           ``presentation``, the Excel files (``excel_layout``,
                           ``excel_summary``, ``excel_network``, ``excel_plans``), the EFRAG
                           VSME B3 figures and export (``vsme``, ``vsme_export``),
                           ``method_docs`` and ``money_docs``; the top-level ``report`` is the one
                           re-export of the two report classes (the notebooks' import path)
``research/``              the research export: ``package``, ``folder``, ``tables``,
                           ``aggregate``, ``bands``, ``noise`` (microdata noise),
                           ``joint_audit`` (research and public figures audited together),
                           ``microdata_audit`` (the noisy microdata against every public figure),
                           ``disclosure``, ``consent``, ``pseudonyms``, ``ledger``, ``schema``,
                           ``readme``, ``synthetic``, ``command``
``coursework/``            the course: ``case`` and ``case_data``, ``files`` and
                           ``student_files``, ``exercise``, ``key`` and ``key_actions`` (the
                           answer key), ``checks``, ``hints``, ``constants``, ``secret`` (the
                           course secret), ``build``, ``grade`` with ``sandbox`` (each
                           submission run apart) and ``sandbox_child`` (the child's own script),
                           ``command``, ``assignments/``
``run/``                   ``runner`` (the yearly run, step by step), ``command``, ``options``
                           (``RunOptions``), ``parameters``, ``plan`` (fingerprints: what
                           reruns and why), ``year_data`` (processed data), ``network``,
                           ``manifest``, ``lock``, ``exit_codes``, ``pool`` and ``render`` (a
                           ``RenderJob``: one notebook through papermill to ipynb + HTML),
                           ``warm_engine`` and ``warm_namespace`` (one kept kernel),
                           ``worker_preload`` (what the pool's workers start with)
``demo/``                  the fictional network: ``network`` and ``commitments``
``cli``                    top-level ``cli`` (the commands) and ``cli_parser`` (their options)
=========================  =====================================================================
"""

__version__ = "0.1.0"

# The layers, lowest first: a module imports only from its own group or a lower layer, and the groups of
# one layer not from each other (tests/unit/core/test_layers.py checks every import; `make lint` runs it).
# A group is a subpackage or a top-level module.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("accounting",),
    ("messages",),
    ("intake",),
    ("footprint",),
    ("commitments",),
    ("actions",),
    ("disclosure",),
    ("reporting",),
    ("research", "coursework"),
    ("run", "demo"),
    ("cli",),
)
# the top-level modules of a group that is not (yet) a folder of its own
GROUP_MODULES: dict[str, tuple[str, ...]] = {
    "reporting": ("report",),
    "cli": ("cli", "cli_parser"),
}
