"""Executing one report notebook with papermill and exporting it to HTML, in a worker process.

Runs in a process pool (never threads: papermill changes the working directory process-wide), on the
worker's warm kernel (run/warm_engine.py) unless the job names papermill's own engine.
Every output goes to a temporary name first and is renamed into place only when complete.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

# nbformat imports jsonschema, which imports the optional rfc3987_syntax when it is installed (jupyter-events
# pulls it in through jsonschema[format-nongpl]). It compiles ~40 lark grammars at import: 1-2.5 s in every
# process that imports nbformat (each pool worker and the run's own process). Nothing here validates the IRI
# formats it serves, so keep it out (jsonschema treats it as not installed).
# None in sys.modules is the import system's documented way to block a module; typeshed allows modules only
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

from paastolaskuri.core.outputs import atomic_path  # noqa: E402 (after the sys.modules entry above)

KERNEL_START_ERRORS = (
    "Kernel didn't respond",
    "Kernel died before replying",
    "Address already in use",
    "kernel_info",
    "Kernel not ready",
    "ZMQError",
)
_EXPORTER = None


@dataclass(frozen=True)
class RenderJob:
    """One report notebook to execute and export to HTML: what the pool sends to a worker process.

    Plain values only, so that it pickles into the worker; the outputs are written atomically.
    """

    key: str
    """Whose report: the partner's slug, or "network" (the pool records a partner's result under it)."""

    notebook: Path
    """The report notebook executed (notebooks/partner_report.ipynb or network_report.ipynb)."""

    parameters: dict
    """The parameters papermill injects: exactly those the notebook declares (run/parameters.py)."""

    ipynb: Path
    """Where the executed notebook is written."""

    html: Path
    """Where its HTML export is written."""

    log: Path
    """Where the kernel's output and any failure's traceback are written."""

    timeout: int | None
    """Seconds the notebook may take to execute (None: no limit)."""

    cwd: Path
    """The working directory of the kernel: the workspace."""

    title: str
    """The HTML page's title."""

    engine: str = "warm"
    """The papermill engine: "warm" (run/warm_engine.py: one kernel per worker process, a fresh namespace
    per notebook) or "nbclient" (papermill's own: a new kernel for every notebook)."""

    prepare: tuple[str, int, str] | None = None
    """(workspace, year, partner_id) of a partner report: the partner's results computed once and stored
    (reporting/partner_results.py) before its notebook runs, so the notebook and the Excel summary read
    them; None for the network report."""


def _html_exporter():
    global _EXPORTER
    if _EXPORTER is None:
        _EXPORTER = _report_exporter_class()(
            template_name="lab",
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            exclude_markdown=True,
        )
    return _EXPORTER


_OUTPUT_DIV = re.compile(r'(<div class="[^"]*\bjp-OutputArea-output\b[^"]*"[^>]*)>')


def focusable_outputs(html: str) -> str:
    """Every output area made keyboard-focusable (tabindex="0"), as nbconvert's own HTML export does."""
    return _OUTPUT_DIV.sub(r'\1 tabindex="0">', html)


def _report_exporter_class():
    """The HTMLExporter of nbconvert without its BeautifulSoup pass over the finished page.

    That pass parses and re-serialises the whole page (half a megabyte of styles and inline charts:
    about 45 ms, three quarters of an export) to give images without alt text a placeholder and to make
    input and output areas focusable. A report has no input areas and every chart carries its own alt
    text (`reporting.blocks.figure_html`); the outputs are made focusable by `focusable_outputs`.
    """
    # Jupyter's libraries load only when a notebook is rendered
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportHTMLExporter(HTMLExporter):
        """The report pages' exporter (see `_report_exporter_class`)."""

        def from_notebook_node(self, nb, resources=None, **kw):
            """HTMLExporter.from_notebook_node (nbconvert 7) up to the template, then focusable outputs."""
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            highlight_code = self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
            )
            resources = self._init_resources(resources)
            filter_data_type = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            )
            self.register_filter("highlight_code", highlight_code)
            self.register_filter("filter_data_type", filter_data_type)
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return focusable_outputs(html), resources

    return ReportHTMLExporter


def _strip_volatile(nb, final_ipynb: Path) -> None:
    """Remove execution times and temporary paths so that two runs give identical files."""
    pm = nb.metadata.get("papermill", {})
    for key in ("start_time", "end_time", "duration", "environment_variables"):
        pm.pop(key, None)
    pm["output_path"] = final_ipynb.name
    pm["input_path"] = Path(pm.get("input_path", "")).name
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
        cpm = cell.metadata.get("papermill")
        if cpm:
            for key in ("start_time", "end_time", "duration"):
                cpm.pop(key, None)


@contextlib.contextmanager
def _environment_default(key: str, value: str):
    """`key` set to `value` in os.environ unless already set, as it was again afterwards.

    A kernel started meanwhile inherits it; the calling process (a pool worker, or a test process that
    later starts notebooks of its own) is left as it was.
    """
    before = os.environ.get(key)
    os.environ.setdefault(key, value)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(key, None)


def run_job(job: RenderJob) -> dict:
    """What the pool runs for one report: its partner's results computed and stored, then the notebook.

    The seconds returned include the computing, so the manifest still says what the report cost.
    """
    started = time.perf_counter()
    if job.prepare is not None:
        prepare_partner(job.prepare)
    res = render_notebook(job)
    res["seconds"] = round(time.perf_counter() - started, 3)
    return res


def prepare_partner(prepare: tuple[str, int, str]) -> float:
    """Store one partner's results; the seconds it took. A failure only means its sections compute them.

    The pool runs it on its own, before the network report, when that report reads what it stores
    (run/pool.py); otherwise `run_job` runs it just before the partner's notebook.
    """
    started = time.perf_counter()
    # imported in the worker when a partner report runs: the run's own process need not load the actions
    from paastolaskuri.reporting.partner_results import write_partner_results

    with contextlib.suppress(Exception):  # the notebook computes (and shows any error) on its own
        write_partner_results(*prepare)
    return round(time.perf_counter() - started, 3)


def warm_up(cwd: str) -> None:
    """Ready this worker to render while the run's own process still calculates the templates.

    Loads what rendering and storing need (papermill, nbconvert's exporter, the actions and reporting
    code) and starts the worker's kernel in `cwd` (the workspace, where a kernel started for a report
    would start), with the environment a report's kernel gets. A failure is left to the first report,
    which starts its kernel as before.
    """
    with contextlib.suppress(Exception), _environment_default("MPLBACKEND", "Agg"), contextlib.chdir(cwd):
        # imported in the worker: what its first report would otherwise load
        import papermill  # noqa: F401 (loaded now, used by render_notebook)

        # the reporting code prepare_partner runs, and the engine (imported where a notebook is rendered)
        from paastolaskuri.reporting import partner_results  # noqa: F401 (loaded now, used by prepare_partner)
        from paastolaskuri.run import warm_engine

        warm_engine.register()
        _html_exporter()
        warm_engine.prestart_kernel("python3", WARM_UP_TIMEOUT)


WARM_UP_TIMEOUT = 60
"""Seconds a worker's kernel may take to start ahead of its first report (papermill's own default)."""


def render_notebook(job: RenderJob) -> dict:
    """Execute `job.notebook` with `job.parameters`; write ipynb and HTML atomically; return a result dict.

    Kernels started here draw with matplotlib's non-GUI backend (Agg): the report sections embed their
    figures themselves.
    """
    with _environment_default("MPLBACKEND", "Agg"):
        return _render_notebook(job)


def _render_notebook(job: RenderJob) -> dict:
    # Jupyter's libraries load only when a notebook is rendered
    import nbformat
    import papermill

    # imported when the step runs: a run where nothing changed starts without pandas or reporting
    from paastolaskuri.run import warm_engine

    warm_engine.register()  # known without the installed entry point too (an editable install made before it)
    started = time.perf_counter()
    final_ipynb, final_html, log_path = Path(job.ipynb), Path(job.html), Path(job.log)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    attempts = 0
    error = None
    with atomic_path(log_path) as tmp_log, open(tmp_log, "w", encoding="utf-8") as log, _stderr_to(log):
        while attempts < 2:
            attempts += 1
            try:
                with atomic_path(final_ipynb) as tmp_ipynb:
                    nb = papermill.execute_notebook(
                        str(job.notebook),
                        str(tmp_ipynb),
                        parameters=job.parameters,
                        engine_name=job.engine,
                        kernel_name="python3",
                        language="python",
                        progress_bar=False,
                        log_output=False,
                        stdout_file=log,
                        stderr_file=log,
                        execution_timeout=job.timeout,
                        cwd=str(job.cwd),
                        report_mode=False,
                        # written once below, not at every cell's start and end (~60 validated writes)
                        request_save_on_cell_execute=False,
                    )
                    _strip_volatile(nb, final_ipynb)
                    nbformat.write(nb, str(tmp_ipynb))
                    body, _ = _html_exporter().from_notebook_node(
                        nb, resources={"metadata": {"name": job.title}}
                    )
                    body = strip_remote_scripts(body)
                    with atomic_path(final_html) as tmp_html:
                        tmp_html.write_text(body, encoding="utf-8")
                error = None
                break
            except Exception as exc:
                text = f"{type(exc).__name__}: {exc}"
                log.write(f"\n--- attempt {attempts} failed ---\n{traceback.format_exc()}\n")
                error = _short_error(exc)
                if not any(marker in text for marker in KERNEL_START_ERRORS):
                    break
    return {
        "key": job.key,
        "ok": error is None,
        "error": error,
        "seconds": round(time.perf_counter() - started, 3),
        "attempts": attempts,
    }


_REMOTE_SCRIPT = re.compile(r"<script[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>", re.I)


def strip_remote_scripts(html: str) -> str:
    """Drop CDN script tags (require.js, MathJax, mermaid), which reports without code or formulas do not need.

    Reports then open offline and tell no third party that they were opened.
    """
    return _REMOTE_SCRIPT.sub("", html)


def _short_error(exc: Exception) -> str:
    ename = getattr(exc, "ename", None)
    evalue = getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"[:500]
    return f"{type(exc).__name__}: {exc}"[:500]


@contextlib.contextmanager
def _stderr_to(log):
    """The kernel inherits our stderr: send its chatter to the partner's log, not the terminal."""
    sys.stderr.flush()
    saved = os.dup(2)
    os.dup2(log.fileno(), 2)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
