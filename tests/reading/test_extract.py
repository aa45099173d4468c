"""The extraction stage on real files as staff receive them (tests/data/files, from
shared/files-real: public documents): each format told by its bytes, lines in reading order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.reading import extract
from generator.reading.ingest import find_sources, to_dispatch

FILES = Path(__file__).resolve().parents[1] / "data" / "files"
REAL = Path(__file__).resolve().parents[3] / "shared" / "files-real"


def test_format_is_told_by_bytes_not_name(tmp_path):
    doc = (FILES / "09_nd_191_ND-CP_2013.doc").read_bytes()
    assert extract.sniff(doc).name == "doc"
    assert extract.sniff(b"%PDF-1.7\n").name == "pdf"
    assert extract.sniff(b"<!DOCTYPE html><html><body>x</body></html>").name == "html"
    assert extract.sniff("Số: 1/BHXH-VP <html>".encode()) is None  # markup inside a text file stays text
    (tmp_path / "a.DOC").write_bytes(doc)
    (tmp_path / "b.Pdf").write_bytes(b"%PDF-")
    (tmp_path / "c.xlsx").write_bytes(b"PK")
    assert [p.name for p in find_sources(tmp_path)] == ["a.DOC", "b.Pdf"]


@pytest.mark.skipif(not shutil.which("antiword"), reason="antiword not installed (scripts/install-tools.sh)")
def test_doc_header_cells_and_signature_table_in_order():
    d = to_dispatch((FILES / "09_nd_191_ND-CP_2013.doc").read_bytes(), "nd.doc")
    lines = d.raw_text.splitlines()
    assert d.source_format == "doc" and "?" not in "".join(lines[:10])
    assert lines.index("Số: 191/2013/NĐ-CP") < lines.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    noi_nhan, chinh_phu = lines.index("Nơi nhận:"), lines.index("TM. CHÍNH PHỦ")
    assert noi_nhan < lines.index("- Lưu: VT, KTTH (3b).") < chinh_phu < lines.index("Nguyễn Tấn Dũng")


def test_a_damaged_pdf_is_a_rejection_with_its_reason():
    with pytest.raises(InputError, match="PDF document"):
        to_dispatch(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "broken.pdf")


@pytest.mark.skipif(not (REAL / "01_cv_507_UBND-KGVX_2025.pdf").is_file(), reason="shared/files-real not here")
def test_numbers_stamped_in_signature_widgets_are_put_in_place():
    d = to_dispatch((REAL / "01_cv_507_UBND-KGVX_2025.pdf").read_bytes(), "cv.pdf")
    assert "Số: 507/UBND-KGVX" in d.raw_text and "ngày 24 tháng 01 năm 2025" in d.raw_text
    assert "TRUNG TÂM CÔNG" not in d.raw_text and any("TRUNG TÂM CÔNG" in n for n in d.unwrap_notes)
    assert not d.ocr_pages


@pytest.mark.skipif(not shutil.which("tesseract"), reason="tesseract not installed (scripts/install-tools.sh)")
def test_a_scan_is_read_by_ocr_and_its_handwritten_number_left_blank():
    d = to_dispatch((FILES / "07_cv_1067_BVPS_2023.pdf").read_bytes(), "scan.pdf")
    assert d.ocr_pages == (1,) and "OCR" in d.encoding
    assert "Bảo hiểm xã hội" in d.raw_text or "BHXH" in d.raw_text
    header = d.raw_text.split("Kính gửi")[0]
    assert not any(w.startswith("Số:") and any(c.isdigit() for c in w) for w in header.splitlines())
