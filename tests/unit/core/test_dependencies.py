"""One dependency list: pyproject.toml; environment.yml and requirements.lock must agree with it."""

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_packages() -> set[str]:
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    names = list(data["project"]["dependencies"])
    for extra in data["project"].get("optional-dependencies", {}).values():
        names += extra
    return {_norm(re.split(r"[<>=!~\[; ]", n, maxsplit=1)[0]) for n in names}


def environment_packages() -> set[str]:
    names = set()
    text = (REPO / "environment.yml").read_text(encoding="utf-8")
    deps = text.split("dependencies:", 1)[1]
    for line in deps.splitlines():
        m = re.match(r"^\s*-\s+([A-Za-z0-9_.\-]+)\s*(?:[<>=].*)?$", line)
        if m and m.group(1) not in ("pip", "python"):
            names.add(_norm(m.group(1)))
    return names


def lock_versions() -> dict[str, str]:
    pins = {}
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[_norm(name)] = version
    return pins


def test_environment_yml_names_the_same_packages_as_pyproject():
    assert environment_packages() == pyproject_packages()


def test_lock_pins_every_dependency_exactly():
    pins = lock_versions()
    missing = pyproject_packages() - set(pins)
    assert not missing, f"requirements.lock lacks {sorted(missing)}: run make lock"
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.+\-]+", line.strip()), line


def test_defusedxml_is_used_by_openpyxl():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_license_metadata_is_the_current_spdx_form_with_a_pinned_build_backend():
    """Issue 8 defect 6: `license = {text = ...}` with an unpinned setuptools warned on every install."""
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["license"] == "MIT"  # an SPDX expression, not a table
    (backend,) = data["build-system"]["requires"]
    assert re.fullmatch(r"setuptools>=(\d+),<(\d+)", backend), backend
    low, high = map(int, re.findall(r"\d+", backend))
    assert low >= 77 > 0 and high > low  # 77 introduced SPDX strings; an upper bound keeps majors out
