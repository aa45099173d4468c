"""The extraction stage on real files as staff receive them (tests/data/files, from
shared/files-real: public documents): each format told by its bytes, lines in reading order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.reading import extract
from generator.reading.convert import process_bytes
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


@pytest.mark.skipif(not (REAL / "02_tb_11_TB-UBND_2025.pdf").is_file(), reason="shared/files-real not here")
def test_a_pdf_keeps_its_paragraphs_apart_and_a_subject_ends_where_the_page_leaves_space():
    d = to_dispatch((REAL / "02_tb_11_TB-UBND_2025.pdf").read_bytes(), "tb.pdf")
    assert "trong thời gian đến\n\nNgày 03/01/2025" in d.raw_text
    assert "tại cuộc họp nghe\nbáo cáo" in d.raw_text  # the lines of one paragraph stay together
    assert process_bytes((REAL / "02_tb_11_TB-UBND_2025.pdf").read_bytes(), "tb.pdf").subject.endswith(
        "nhiệm vụ trọng tâm trong thời gian đến")


@pytest.mark.skipif(not (REAL / "08_qd_505_QD-BHXH_2020.docx").is_file(), reason="shared/files-real not here")
@pytest.mark.parametrize("name, subject", [
    ("08_qd_505_QD-BHXH_2020.docx", "Sửa đổi, bổ sung một số điều Quy trình thu bảo hiểm xã hội"),  # one long paragraph
    ("10_qd_34_QD-TTg_2025_vbpl.html", "Về quỹ Hỗ trợ việc làm ngoài nước"),  # paragraphs "a) …" apart by blank lines
])
def test_a_subject_of_a_word_file_or_web_page_is_its_paragraph(name, subject):
    got = process_bytes((REAL / name).read_bytes(), name).subject
    assert got.startswith(subject) and "Căn cứ" not in got
    assert name.endswith(".docx") and len(got) > 250 or got == subject
