"""End to end with originals as staff receive them: a PDF, a Word file and a saved web page
built, bundled and verified; an original altered inside the zip is reported."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.bundle import archive as bundle
from generator.cli import main

from ..conftest import build_corpus

FILES = Path(__file__).resolve().parents[1] / "data" / "files"
ORIGINALS = {"07_cv_1067_BVPS_2023.pdf": "tesseract", "09_nd_191_ND-CP_2013.doc": "antiword",
             "saved-page-with-script.html": ""}


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """The originals whose tools are installed, built with real MkDocs and bundled: (zip, names)."""
    root = tmp_path_factory.mktemp("originals")
    (root / "in").mkdir()
    names = [n for n, tool in ORIGINALS.items() if not tool or shutil.which(tool)]
    for name in names:
        shutil.copy(FILES / name, root / "in")
    site_dir, report = build_corpus(root / "in", root)
    assert sorted(p["file"] for p in report.pages) == sorted(names), report.rejected
    zip_path = root / "kho.zip"
    result = CliRunner().invoke(main, ["bundle", "--site-dir", str(site_dir), "--source", str(root / "in"),
                                       "-o", str(zip_path)])
    assert result.exit_code == 0, result.output
    return zip_path, names


def test_the_bundle_holds_every_original_byte_for_byte_and_verifies(bundled):
    zip_path, names = bundled
    with zipfile.ZipFile(zip_path) as zf:
        for name in names:
            assert zf.read(bundle.BUNDLE_ROOT + bundle.RAW_DIR + name) == (FILES / name).read_bytes()
        served = [n for n in zf.namelist() if n.endswith((".pdf", ".doc", ".goc.html.txt"))]
    assert len([n for n in served if n.startswith(bundle.BUNDLE_ROOT + "site/")]) == len(names)  # each beside its page
    result = CliRunner().invoke(main, ["verify", str(zip_path)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("where", ["goc/", "site/"])
def test_an_original_altered_inside_the_zip_is_reported(bundled, tmp_path, where):
    zip_path, names = bundled
    with zipfile.ZipFile(zip_path) as zin:
        target = next(i.filename for i in zin.infolist()
                      if i.filename.removeprefix(bundle.BUNDLE_ROOT).startswith(where)
                      and i.filename.endswith((".pdf", ".goc.html.txt")))
        altered = tmp_path / "altered.zip"
        with zipfile.ZipFile(altered, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info)
                if info.filename == target:
                    data = data[:200] + bytes([data[200] ^ 0x01]) + data[201:]
                zout.writestr(info, data)
    result = CliRunner().invoke(main, ["verify", str(altered)])
    assert result.exit_code != 0
    assert target.removeprefix(bundle.BUNDLE_ROOT) in result.output
