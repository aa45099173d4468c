"""checks: a field that does not parse as its own grammar is emptied, warned of and listed
for review, never published wrong."""

from __future__ import annotations

import datetime

import pytest

from generator.model import Signer
from generator.reading import checks


@pytest.mark.parametrize("value, ok", [
    ("2317/BHXH-QLT", True), ("11/2024/TT-BLĐTBXH", True), ("47-TB/ĐU", True),
    ("05/QCPH-BHXH-CT", True), ("252/KH-BCĐQG1237", True), ("12/QĐ-TTg", True),
    ("5Ý2†/BHXH-CSXH", False), ("5495/3HXIH-HCTH", False), ("BHXH-CSXH", False), ("12/", False),
])
def test_symbol_grammar(value, ok):
    assert (checks.symbol(value) == "") is ok


@pytest.mark.parametrize("value, ok", [
    ("Bảo hiểm xã hội Việt Nam", True), ("Bộ Kế hoạch và Đầu tư", True), ("Tổng cục Thuế", True),
    ("Ban Chỉ đạo quốc gia về tìm kiếm, quy tập hài cốt liệt sĩ", True),
    ("Bảo hiểm xã hội VIETNAMCONG hòa xã hội chủ nghĩa Việt Nam", False),
    ("Văn bản quy phạm pháp luật Thủ tướng Chính phủ Thủ tướng Chính phủ", False),
    ("Thủ tướng Chính phủ Thủ tướng Chính phủ", False),
    ("Đảng ủy Bảo hiểm xã hội Việt Nam * số 47-TB/đu", False),
    ("Tờ trình", False), ("Đảng cộng sản Việt Nam", False),
    ("Số: #BVPS", False),  # the label of a number handwritten and dropped by OCR (files-real 07)
])
def test_issuer_grammar(value, ok):
    assert (checks.issuer(value) == "") is ok


@pytest.mark.parametrize("value, published", [
    ("Ong Giám đốc", "Giám đốc"), ("— phó Tổng cục trưởng", "phó Tổng cục trưởng"),
    ("Phó Tổng Giám đốc", "Phó Tổng Giám đốc"), ("Cục trưởng Cục Quản lý công sản", "Cục trưởng Cục Quản lý công sản"),
    ("Bộ trưởng, Chủ nhiệm", "Bộ trưởng, Chủ nhiệm"), ("Thứ trưởng", "Thứ trưởng"),
    ("Bảo hiếm xã hội Việt Nam", ""), ("Bảo hiểm xã hội Việt Nam", ""), ("Nguyễn Văn A", ""),
])
def test_position_grammar(value, published):
    assert checks.position(value)[0] == published


def test_date_range():
    today = datetime.date(2026, 12, 1)
    assert checks.date("2024-08-19", today) == ""
    assert checks.date("1980-11-10", today) == ""
    assert checks.date("1900-01-01", today) and checks.date("2090-01-01", today)


def test_subject_grammar():
    assert checks.subject("Về phát triển du lịch nông nghiệp") == ""
    assert checks.subject("V/v đôn đốc thu nợ")
    assert checks.subject("Về việc giao chỉ tiêu")
    assert checks.subject("Đôn đốc thu nợ CONG HOA XA HOI CHU NGHIA VIET NAM")


def test_check_empties_warns_and_names_the_fields_for_review():
    signer = Signer("KT.", "Tổng Giám đốc", "Bảo hiểm xã hội Việt Nam", "Trần Văn Bình")
    fields = {"symbol": "5Ý2†/BHXH-CSXH", "issuer": "Thủ tướng Chính phủ Thủ tướng Chính phủ",
              "issuer_parent": "", "subject": "Đôn đốc thu nợ", "signers": (signer,), "signer": signer}
    checked, warnings = checks.check(fields)
    assert "symbol" not in checked and "issuer" not in checked and checked["subject"] == "Đôn đốc thu nợ"
    assert checked["signer"].position == "" and checked["signer"].name == "Trần Văn Bình"
    assert checks.doubtful(tuple(warnings)) == ["issuer", "signer position", "symbol"]


def test_a_damaged_symbol_is_not_published(tmp_path):
    from generator.reading.convert import process_bytes
    text = ("BẢO HIỂM XÃ HỘI VIỆT NAM\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 5Ý2†/BHXH-CSXH\nV/v chi trả lương hưu\nHà Nội, ngày 11 tháng 3 năm 2024\n"
            "Kính gửi: Bảo hiểm xã hội các tỉnh.\nBảo hiểm xã hội Việt Nam đề nghị thực hiện.\n")
    d = process_bytes(text.encode(), "x.txt")
    assert d.symbol == "" and d.issuer == "Bảo hiểm xã hội Việt Nam" and d.date == "2024-03-11"
    assert any(w.startswith("symbol not published") for w in d.warnings)
