"""Starting the CLI stays cheap: building the parser imports neither pandas nor openpyxl.

Every command (and a `run` where nothing changed, which should answer in well under a second) pays
for what the parser imports; the benchmark `run (c)` measures the time, this test guards the cause.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = (
    "import sys\n"
    "from paastolaskuri.cli_parser import build_parser\n"
    "build_parser('fi').parse_args(['run', '--year', '2024'])\n"
    "print(sorted(m for m in ('pandas', 'openpyxl', 'matplotlib') if m in sys.modules))\n"
)


def test_building_the_parser_imports_no_heavy_library():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_probe_would_see_a_heavy_import():
    probe = PROBE.replace("build_parser('fi')", "__import__('pandas') and build_parser('fi')")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['pandas']"
