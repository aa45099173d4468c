"""vocabulary: fixed phrases read through OCR damage, and valid spellings left alone."""

from __future__ import annotations

import pytest

from generator.language import vocabulary
from generator.reading import header, signature

CHAIN = ("titles", "bodies")
ISSUER = ("issuer_words", "bodies")


@pytest.mark.parametrize("printed, canonical", [
    ("PHO TONG GIAM BOC", "PHÓ TỔNG GIÁM ĐỐC"),     # marks lost, Đ read as B
    ("KT. TONG GIAM DOC", "KT. TỔNG GIÁM ĐỐC"),
    ("GIÁM ĐÓC", "GIÁM ĐỐC"),                        # a wrong mark
    ("TỎNG GIÁM ĐỐC", "TỔNG GIÁM ĐỐC"),
    ("FA TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"),            # F, a letter Vietnamese has not, for PH
    ("PHÓ CHỦ TỊCH", "PHÓ CHỦ TỊCH"),                # printed right: unchanged
])
def test_chain_titles_are_restored(printed, canonical):
    assert signature.fix_chain_words(printed) == canonical


@pytest.mark.parametrize("printed, restored", [
    ("BAO HIEM XA HOI TINH NGHE AN", "BẢO HIỂM XÃ HỘI TỈNH NGHE AN"),
    ("BẢO HIỂM XÃ HỘI TINH BÌNH DƯƠNG", "BẢO HIỂM XÃ HỘI TỈNH BÌNH DƯƠNG"),
    ("BAO HIEM XA HOI TP. HO CHI MINH", "BẢO HIỂM XÃ HỘI TP. HỒ CHÍ MINH"),
    ("BẢO HIẾM XÃ HỘI VIETNAM", "BẢO HIỂM XÃ HỘI VIỆT NAM"),
    ("TỔNG CỤC THUÊ", "TỔNG CỤC THUẾ"),
    ("ỦY BẠN NHÂN DÂN TĨNH QUẢNG NGÃI", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"),  # OCR of a scan (files-real 05)
    # valid spellings of names the vocabulary does not hold are never changed
    ("ỦY BAN NHÂN DÂN TỈNH THANH HÓA", "ỦY BAN NHÂN DÂN TỈNH THANH HÓA"),
    ("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH"),  # Tĩnh of Hà Tĩnh is no misread TỈNH
    ("TĨNH QUẢNG NGÃI", "TỈNH QUẢNG NGÃI"),  # the province on the issuer's second line
    ("UY BAN NHAN DAN TINH THANH HOA", "ỦY BAN NHÂN DÂN TỈNH THANH HOA"),
    ("CHI CỤC THUẾ", "CHI CỤC THUẾ"),
    ("BỘ GIAO THÔNG VẬN TẢI", "BỘ GIAO THÔNG VẬN TẢI"),
    # a word without marks in a line that kept them is spelled so: "KHU" is no "THƯ" (Thư công)
    ("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP", "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP"),
])
def test_issuer_words_restored_only_where_damaged(printed, restored):
    assert header.fix_words(printed) == restored


@pytest.mark.parametrize("line, label", [
    ("Kinh gui: Bộ Y tế", ("Kính gửi", "Bộ Y tế")),
    ("Site gửi: Các doanh nghiệp", ("Kính gửi", "Các doanh nghiệp")),
    ("Noi nhan:", ("Nơi nhận", "")),
    ("Not nhận:", ("Nơi nhận", "")),
    ("S6: 845/BHXH-CSXH", ("Số", "845/BHXH-CSXH")),
    ("sé: 318/QĐ-BHXH", ("Số", "318/QĐ-BHXH")),
    ("Số 47-TB/ĐU", ("Số", "47-TB/ĐU")),        # a Party symbol: no colon
    ("Kính trình: Ủy ban", None),
    ("Người ký: Nguyễn Văn A", None),
    ("Số hiệu: 12/QĐ", None),
    ("Lưu: VT, KT.", None),
])
def test_labels_read_through_ocr(line, label):
    assert vocabulary.label(line) == label


@pytest.mark.parametrize("line", [
    "CONG HOA XA HOI CHU NGHIA VIET NAM", "Doc lap - Tu do - Hanh phuc", "CỘNG HÒA XÃ HỘI",
    "ĐẢNG CỘNG SẢN VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
])
def test_headings_read_through_ocr(line):
    assert header.is_motto(line)


@pytest.mark.parametrize("line", ["BẢO HIỂM XÃ HỘI VIỆT NAM", "TỈNH HÀ TĨNH", "HỘI ĐỒNG NHÂN DÂN"])
def test_issuer_lines_are_no_heading(line):
    assert not header.is_motto(line)


@pytest.mark.parametrize("line, typed", [
    ("QUYET DINH", ("Quyết định", "")),
    ("THONG BAO", ("Thông báo", "")),
    ("QUY CHE", ("Quy chế", "")),
    ("QUYET DINH:", None),                     # the body's "QUYẾT ĐỊNH:", not the type line
    ("BẢO HIỂM XÃ HỘI", None),
])
def test_type_lines_read_through_ocr(line, typed):
    assert header.type_line(line) == typed


def test_a_marked_name_is_never_read_as_a_phrase_it_resembles():
    """"LÂM ĐỒNG" is one letter from "LAO ĐỘNG" but printed with its marks: a name."""
    assert header.fix_words("TỈNH ỦY LÂM ĐỒNG") == "TỈNH ỦY LÂM ĐỒNG"
