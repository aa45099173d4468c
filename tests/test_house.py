"""The house rules of issues 16 and 27, checked on the code itself: stages import only from
their own stage or an earlier one, no module over 400 lines, no function over 60 lines, ruff
(pyproject.toml's [tool.ruff]) finds nothing."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
STAGES = ("language", "reading", "pages", "publishing", "search", "bundle")
"""In the order a build runs them."""
SHARED = {"", "model", "tables", "errors", "report", "progress", "cache", "slots", "parallel"}
"""The modules at the top that every stage may use: they import no stage."""
DRIVERS = {"pipeline", "cli", "__main__"}
"""The modules at the top that drive the stages."""
READING_SURFACE = {
    ("generator.reading.convert", "convert_all"): "the reading stage itself: raw files in, records out",
    ("generator.reading.convert", "Progress"): "the callback convert_all reports each file to",
    ("generator.reading.ingest", "find_sources"): "which files of a source folder are dispatches (build, bundle)",
    ("generator.reading.ingest", "to_dispatch"): "a non-text original's text again when the cache lost it",
    ("generator.reading.checks", "doubtful"): "which fields a record's warnings send to the review list",
    ("generator.reading.extract", "SUFFIXES"): "the raw-file kinds the reader takes, by suffix (catalog)",
}
"""What the other stages and the drivers may import from reading, with why; the rest of
reading (its rules, zones, grammar) is its own, so it can change without them."""
MODULES = sorted(PACKAGE.rglob("*.py"))


def _stage(module: str) -> int | None:
    """The stage index of a dotted module under generator, None for the shared ones."""
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else None


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names if node.module == "generator"]
        elif isinstance(node, ast.Import):
            names += [a.name for a in node.names if a.name.startswith("generator")]
    return names


@pytest.mark.parametrize("path", [p for p in MODULES if p.parent != PACKAGE], ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_a_stage_imports_no_later_stage(path):
    own = STAGES.index(path.parent.name)
    later = [m for m in _imports(path) if (_stage(m) or 0) > own]
    assert not later, later


def test_every_top_module_is_shared_or_a_driver():
    top = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert top == (SHARED | DRIVERS) - {""}


@pytest.mark.parametrize("name", sorted(SHARED - {""}))
def test_a_shared_module_imports_no_stage(name):
    staged = [m for m in _imports(PACKAGE / f"{name}.py") if _stage(m) is not None]
    assert not staged, staged


def _imported_names(path: Path) -> list[tuple[str, str]]:
    """(module, name) of each name imported from generator, ("generator.x", "") for `import generator.x`."""
    pairs = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            pairs += [(node.module, a.name) for a in node.names]
        elif isinstance(node, ast.Import):
            pairs += [(a.name, "") for a in node.names if a.name.startswith("generator")]
    return pairs


@pytest.mark.parametrize("path", [p for p in MODULES if "reading" not in p.relative_to(PACKAGE).parts],
                         ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_only_readings_surface_is_imported_from_outside(path):
    inside = [(m, n) for m, n in _imported_names(path)
              if m.startswith("generator.reading") or (m, n) == ("generator", "reading")]
    assert not [pair for pair in inside if pair not in READING_SURFACE], inside


@pytest.mark.parametrize("module, name", sorted(READING_SURFACE))
def test_readings_surface_exists(module, name):
    assert hasattr(importlib.import_module(module), name)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_modules_and_functions_are_short(path):
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= 400
    long = [f"{node.name}: {node.end_lineno - node.lineno + 1} lines"
            for node in ast.walk(ast.parse(text)) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > 60]
    assert not long, long


@pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff is not installed (pip install '.[test]')")
def test_ruff_passes():
    checked = ("generator", "tests", "scripts", "benchmarks")
    done = subprocess.run([sys.executable, "-m", "ruff", "check", *checked], cwd=PACKAGE.parent,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


UNIT_MATCHING = {"match", "by_code", "is_unit_entry"}
"""The registry's own matching of names: the other stages ask it through addressees, lookup,
code_name and entry_names, so a unit name is folded and matched in one place."""


def _registry_calls(source: str) -> list[str]:
    """`registry().x` and `units.x` attribute uses, x in UNIT_MATCHING, in a module's source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in UNIT_MATCHING:
            receiver = node.value
            if (isinstance(receiver, ast.Call) and getattr(receiver.func, "id", "") == "registry") or (
                    isinstance(receiver, ast.Name) and receiver.id in {"units", "registry"}):
                found.append(f"line {node.lineno}: .{node.attr}")
    return found


@pytest.mark.parametrize("path", [p for p in MODULES if p != PACKAGE / "language" / "units.py"],
                         ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_only_the_unit_registry_matches_unit_names(path):
    assert not _registry_calls(path.read_text(encoding="utf-8"))


def test_the_unit_matching_check_sees_the_calls_it_forbids():
    source = "registry().match(e)\nunits.by_code(c)\nunits.is_unit_entry(e)\nre.match(p, t)\nSHARED.match(t)\n"
    assert _registry_calls(source) == ["line 1: .match", "line 2: .by_code", "line 3: .is_unit_entry"]


READER_STEPS = {("unwrap", "apply"), ("repair", "repair"), ("parse", "parse"), ("", "with_tasks")}
"""The reader's steps as reading/convert.py's STEPS names them: run elsewhere only through it."""


def _step_calls(source: str) -> list[str]:
    """Calls of a reader step by hand (`repair.repair(d)`, `with_tasks(d)`) in a module's source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            pair = ((getattr(func.value, "id", ""), func.attr) if isinstance(func, ast.Attribute)
                    else ("", getattr(func, "id", "")))
            found += [f"line {node.lineno}: {'.'.join(filter(None, pair))}"] if pair in READER_STEPS else []
    return found


@pytest.mark.parametrize("path", [p for p in MODULES + sorted((PACKAGE.parent / "benchmarks").glob("*.py"))
                                  + sorted((PACKAGE.parent / "scripts").glob("*.py"))
                                  if p != PACKAGE / "reading" / "convert.py"], ids=lambda p: p.name)
def test_the_reader_steps_run_in_the_one_declared_order(path):
    assert not _step_calls(path.read_text(encoding="utf-8"))


def test_the_reader_steps_check_sees_a_step_run_by_hand():
    assert sorted(_step_calls("d = parse.parse(repair.repair(d))\nd = with_tasks(d)\nre.compile(p)\n")) == [
        "line 1: parse.parse", "line 1: repair.repair", "line 2: with_tasks"]
