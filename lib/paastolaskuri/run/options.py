"""How a yearly run is run: the options `paastolaskuri run` passes to `run_year`, as one value."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from paastolaskuri.accounting.factors import DEFAULT_GWP


@dataclass(frozen=True)
class RunOptions:
    """The options of one year's run (each field's default is the library's; the CLI sets its own).

    Frozen, so a step of the run cannot change what the next step sees; ``only`` is kept as a tuple.
    """

    lang: str = "fi"
    """Language of the reports, the messages and the decisions: "fi" or "en"."""

    gwp: str = DEFAULT_GWP
    """GWP100 set the footprints are computed with: "AR5" or "AR6" (upper case, as in the factor sets)."""

    jobs: int = 1
    """How many report notebooks are rendered at the same time (worker processes)."""

    force: bool = False
    """Reread every template and rerun every selected report even when its inputs did not change."""

    only: tuple[str, ...] = ()
    """Partner IDs or slugs whose reports may run (`--partner`); empty: every partner."""

    dry_run: bool = False
    """Only decide what would run and why: nothing is written and no notebook is executed."""

    audience: str = "coordinator"
    """Audience of the network report: "coordinator" (partner names shown) or "public" (hidden)."""

    timeout: int = 600
    """Seconds a report notebook may take to execute before it counts as failed."""

    progress: bool = True
    """Show a progress bar on standard error while reports render."""

    def __post_init__(self) -> None:
        # a list given by a caller becomes a tuple: the options stay immutable and hashable
        object.__setattr__(self, "only", tuple(self.only or ()))

    @classmethod
    def from_args(cls, args: argparse.Namespace, *, terminal: bool) -> RunOptions:
        """The options of parsed `paastolaskuri run` arguments; a progress bar only when on a `terminal`."""
        return cls(
            lang=args.lang,
            gwp=args.gwp.upper(),
            jobs=args.jobs,
            force=args.force,
            only=tuple(args.partner or ()),
            dry_run=args.dry_run,
            audience=args.audience,
            timeout=args.timeout,
            progress=not args.no_progress and terminal,
        )


DEFAULT_OPTIONS = RunOptions()
"""The library's defaults (`run_year`'s default options): Finnish, AR5, one worker, a progress bar."""
