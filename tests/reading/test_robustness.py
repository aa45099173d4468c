"""The robustness matrix (scripts/robustness.py) and its transformations (tests/support/transforms.py)
run on real documents. The acceptance thresholds of issue 26 are printed by the script,
not asserted here: the reader does not meet them today (docs/reader.md)."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from pathlib import Path

import pytest

from generator.pages.catalog import record
from generator.reading.convert import process_bytes
from tests.support import transforms

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "tests" / "data" / "real"
DOCS = ("09_cv_11299_VPCP-KGVX_2025.txt", "11_qd_2813_QD-UBND-DongNai_2025.txt")


def _script():
    spec = importlib.util.spec_from_file_location("robustness", ROOT / "scripts" / "robustness.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _read_folder(folder: Path):
    """The reader in process, as the CLI build would publish each record."""
    records, rejected = [], []
    for path in sorted(folder.glob("*.txt")):
        d = process_bytes(path.read_bytes(), path.name)
        if d is None:
            rejected.append(path.name)
        else:
            records.append({**record(d, d.tasks), "source_file": path.name})
    return records, rejected


def _corpus():
    truth = json.loads((REAL / "truth.json").read_text(encoding="utf-8"))
    return ({f"real__{n}": (REAL / n).read_text(encoding="utf-8") for n in DOCS},
            {f"real__{n}": truth[n] for n in DOCS})


def test_the_matrix_runs_every_transformation_on_real_documents():
    robustness = _script()
    texts, truth = _corpus()
    result = robustness.matrix(texts, truth, _read_folder)
    assert list(result) == list(transforms.TRANSFORMS)
    for name, outcome in result.items():
        assert outcome.documents >= 1, name
        assert outcome.base == outcome.kept + outcome.emptied + outcome.wronged > 0, name
        assert len(outcome.misses) == outcome.emptied + outcome.wronged
        assert all(isinstance(ok, bool) for ok in robustness.met(outcome))


@pytest.mark.parametrize("name", list(transforms.TRANSFORMS))
def test_each_transformation_is_reproducible_and_changes_a_real_document(name):
    text = (REAL / DOCS[1]).read_text(encoding="utf-8")
    once, again = transforms.apply(name, text, 7), transforms.apply(name, text, 7)
    assert once == again and once.text != text


def test_fixed_phrases_lose_their_marks_and_names_keep_theirs():
    text = (REAL / DOCS[1]).read_text(encoding="utf-8")
    out = " ".join(transforms.strip_fixed_marks(text, random.Random(1), {}).text.split())
    assert "CONG HOA XA HOI CHU NGHIA VIET NAM" in out and "QUYET DINH" in out
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" not in out
    assert "Đồng Nai" in out


def test_a_dropped_header_empties_the_header_fields_and_starts_at_the_type_line():
    text = (REAL / DOCS[1]).read_text(encoding="utf-8")
    out = transforms.drop_header(text, random.Random(1), {})
    assert out.text.lstrip("*").startswith("QUYẾT ĐỊNH")
    assert out.emptied == {"symbol", "date", "issuer"}
    letter = transforms.drop_header((REAL / DOCS[0]).read_text(encoding="utf-8"), random.Random(1), {})
    assert "subject" in letter.emptied and "Kính gửi" in letter.text.split("\n")[0]
