"""The project folder and its tables are read when a command runs, not when it is imported.

Real runs of the command (a subprocess, as a user types it) and of pipeline.run, with
copies of the project folder: one with broken tables, one whose doc_types.yml names a
type otherwise, one with a MkDocs hook that fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import PROJECT_ENV, tables
from generator.bundle.archive import make_bundle
from generator.pipeline import BuildConfig, run

from .conftest import SAMPLE_CORPUS

PROJECT_PARTS = ("mkdocs.yml", "site_config", "content", "overrides")
CALL_SEED = "003_68c73e9e65ad431c.txt"
"""A seed whose symbol's type code (4346/CĐ-BHXH) names its type: Công điện."""


def copy_project(to: Path) -> Path:
    """A copy of the checkout's project folder (no corpus) at `to`."""
    here = tables.find_project()
    to.mkdir(parents=True)
    for part in PROJECT_PARTS:
        (shutil.copytree if (here / part).is_dir() else shutil.copy)(here / part, to / part)
    return to


def broken_project(to: Path) -> Path:
    """A project whose layout.yml has a regular expression that does not compile and whose
    unwrap.yml is not a mapping."""
    copy_project(to)
    (to / "site_config" / "layout.yml").write_text("separator: '[unclosed'\n", encoding="utf-8")
    (to / "site_config" / "unwrap.yml").write_text("- not a mapping\n", encoding="utf-8")
    return to


def command(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`dispatch-archive ARGS` in a fresh interpreter, with no project named by the environment."""
    env = {k: v for k, v in os.environ.items() if k != PROJECT_ENV}
    return subprocess.run([sys.executable, "-c", "from generator.cli import main; main()", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_help_needs_no_tables_and_a_broken_table_is_one_message(tmp_path):
    project = broken_project(tmp_path / "project")
    for args in (["--help"], ["build", "--help"], ["verify", "--help"]):
        done = command("--project", str(project), *args, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "Usage:" in done.stdout
    done = command("--project", str(project), "build", "--source", str(SAMPLE_CORPUS),
                   "--site-dir", str(tmp_path / "site"), cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("Error: the data tables of")
    assert "site_config/layout.yml: separator: regular expression '[unclosed'" in done.stderr
    assert "site_config/layout.yml: block_starts: missing" in done.stderr
    assert "site_config/unwrap.yml: not a mapping" in done.stderr
    assert not (tmp_path / "site").exists()


def test_the_project_dir_from_the_current_directory_and_a_folder_that_is_none(tmp_path):
    project = broken_project(tmp_path / "project")
    done = command("build", "--source", str(SAMPLE_CORPUS), "--site-dir", str(tmp_path / "site"),
                   cwd=project)  # the project found as the current directory
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "Error: the data tables of" in done.stderr and "unwrap.yml: not a mapping" in done.stderr
    done = command("--project", str(tmp_path), "build", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip() == f"Error: no project folder (mkdocs.yml and site_config/) in {tmp_path}"


def test_verify_works_with_a_broken_table(sample_site, tmp_path):
    site_dir, _ = sample_site
    zip_path = tmp_path / "kho.zip"
    make_bundle(site_dir, SAMPLE_CORPUS, zip_path)
    project = broken_project(tmp_path / "project")
    done = command("--project", str(project), "verify", str(zip_path), cwd=project)
    assert done.returncode == 0, done.stderr
    assert f"{zip_path}: OK," in done.stdout


def _record(site_dir: Path) -> dict:
    (record,) = json.loads((site_dir / "catalog.json").read_text(encoding="utf-8"))
    return record


def test_two_projects_built_in_one_process_each_with_its_own_tables(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(SAMPLE_CORPUS / CALL_SEED, source / CALL_SEED)
    plain = copy_project(tmp_path / "plain")
    renamed = copy_project(tmp_path / "renamed")
    types = renamed / "site_config" / "doc_types.yml"
    types.write_text(types.read_text(encoding="utf-8").replace("CĐ: Công điện", "CĐ: Điện khẩn"), encoding="utf-8")

    def build(project: Path, out: str) -> dict:
        report = run(BuildConfig(source_dir=source, site_dir=tmp_path / out / "site", cache_dir=tmp_path / out / "cache",
                                 jobs=1, project=project))
        assert not report.rejected
        return _record(tmp_path / out / "site")

    first, second, again = build(plain, "a"), build(renamed, "b"), build(plain, "c")
    assert first["doc_type"] == again["doc_type"] == "Công điện"
    assert second["doc_type"] == "Điện khẩn"
    assert "Điện khẩn" in (tmp_path / "b" / "site" / second["url"]).read_text(encoding="utf-8")
    assert "Điện khẩn" not in (tmp_path / "c" / "site" / again["url"]).read_text(encoding="utf-8")


def test_a_failed_mkdocs_build_tells_the_plugins_as_mkdocs_does(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "hooks.py").write_text(
        "from pathlib import Path\n"
        "def on_pre_build(config):\n    raise RuntimeError('the hook failed')\n"
        "def on_build_error(error):\n    (Path(__file__).parent / 'build-error.txt').write_text(str(error))\n",
        encoding="utf-8")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nhooks:\n  - hooks.py\n")
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(SAMPLE_CORPUS / CALL_SEED, source / CALL_SEED)
    with pytest.raises(RuntimeError, match="the hook failed"):
        run(BuildConfig(source_dir=source, site_dir=tmp_path / "site", cache_dir=tmp_path / "cache", jobs=1,
                        project=project))
    assert (project / "build-error.txt").read_text(encoding="utf-8") == "the hook failed"


def test_no_module_reads_the_project_when_imported(tmp_path):
    script = ("import importlib, pkgutil, generator\n"
              "for m in pkgutil.walk_packages(generator.__path__, 'generator.'):\n"
              "    importlib.import_module(m.name)\n")
    env = {**os.environ, PROJECT_ENV: str(tmp_path / "none")}
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
