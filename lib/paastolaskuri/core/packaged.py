"""What the package ships besides code, found through :mod:`importlib.resources` (issue 24).

The shipped factor sets (``shipped/factors``) and the report and course notebooks
(``shipped/notebooks``) are package data: inside a wheel they are files of the installed package;
in the repository the two names are links to ``data/factors/`` and ``notebooks/``, where people
edit them. A workspace's own ``data/factors/`` still comes first (:func:`accounting.factors.factor_dirs`).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGE = "paastolaskuri"
SHIPPED = "shipped"


def packaged(*parts: str) -> Path:
    """A folder or file shipped with the package, as a filesystem path (``packaged("factors", "gwp.csv")``).

    Parameters
    ----------
    *parts
        The path below the package's ``shipped/`` folder: ``"factors"`` or ``"notebooks"`` first.

    Returns
    -------
    Path
        Where the installed package holds it (the package is always installed as files, never
        zipped: papermill and the factor-set loader need real paths).

    Examples
    --------
    >>> packaged("notebooks", "partner_report.ipynb").name
    'partner_report.ipynb'
    """
    return Path(str(resources.files(PACKAGE).joinpath(SHIPPED, *parts)))
