"""The kinds of fault of issue 26, each on a small document written for its kind: glued
header lines, footnote digits, blank dates, subject boundaries, Party documents."""

from __future__ import annotations

import pytest

from generator.reading.convert import process_bytes

HEAD = ("BẢO HIỂM XÃ HỘI VIỆT NAM\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n---------------\n")
FOOT = ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. TỔNG GIÁM ĐỐC\nPHÓ TỔNG GIÁM ĐỐC\nTrần Văn Bình\n")


def read(text: str):
    return process_bytes(text.encode(), "case.txt")


@pytest.mark.parametrize("line, subject", [
    ("Hà Nội, ngày 31 tháng 7 năm 2024 QUYẾT ĐỊNH VỀ CƠ CHẾ HỖ TRỢ NGƯỜI LAO ĐỘNG Căn cứ Luật Việc làm;",
     "Cơ chế hỗ trợ người lao động"),
    ("Hà Nội, ngày 31 tháng 7 năm 2024 QUYẾT ĐỊNH Về việc phê duyệt danh mục dự án TỔNG GIÁM ĐỐC "
     "BẢO HIỂM XÃ HỘI VIỆT NAM Căn cứ Luật Bảo hiểm xã hội;", "Phê duyệt danh mục dự án"),
    ("Hà Nội, ngày 31 tháng 7 năm 2024 THÔNG BÁO Kết luận của Tổng Giám đốc tại cuộc họp giao ban "
     "Ngày 09/7/2024, tại trụ sở, Tổng Giám đốc đã chủ trì cuộc họp.", "Kết luận của Tổng Giám đốc tại cuộc họp giao ban"),
])
def test_date_type_subject_and_body_on_one_line(line, subject):
    d = read(HEAD + "Số: 12/QĐ-BHXH\n" + line + "\nĐiều 1. Thực hiện.\n" + FOOT)
    assert (d.date, d.subject) == ("2024-07-31", subject)


@pytest.mark.parametrize("year_line, date", [("năm 20264", "2026-01-09"), ("năm 2026", "2026-01-09")])
def test_a_footnote_digit_glued_to_the_year(year_line, date):
    d = read(HEAD + f"Số: 418/BHXH-KT\nV/v thu phí\nCần Thơ, ngày 09 tháng 01 {year_line}\n"
             "Kính gửi: Sở Tài chính.\nĐề nghị thực hiện.\n" + FOOT)
    assert (d.date, d.place) == (date, "Cần Thơ")


def test_a_blank_date_glued_to_the_type_line_keeps_place_and_subject():
    d = read(HEAD + "Số: 1450/QĐ-BHXH\nHà Nội, ngày      tháng      năm 2025 QUYẾT ĐỊNH\n"
             "Ban hành Quy định về chữ ký số\nTỔNG GIÁM ĐỐC BẢO HIỂM XÃ HỘI VIỆT NAM\nCăn cứ Luật;\n" + FOOT)
    assert (d.date, d.place, d.subject) == ("", "Hà Nội", "Ban hành Quy định về chữ ký số")


@pytest.mark.parametrize("heading", ["I. MỤC ĐÍCH, YÊU CẦU", "Chương I", "Căn cứ Luật Tổ chức chính quyền địa phương;"])
def test_a_subject_ends_before_the_first_heading(heading):
    d = read(HEAD + "Số: 5408/KH-BHXH\nHà Nội, ngày 15 tháng 7 năm 2024\nKẾ HOẠCH\n"
             "KIỂM TRA VIỆC CHẤP HÀNH PHÁP LUẬT\n" + heading + "\n1. Đánh giá việc chấp hành.\n" + FOOT)
    assert d.subject == "Kiểm tra việc chấp hành pháp luật"


def test_a_year_alone_ends_a_subject_in_capitals():
    d = read(HEAD + "Số: 162/TB-BHXH\nHà Nội, ngày 27 tháng 12 năm 2024\nTHÔNG BÁO\n"
             "TỔ CHỨC HỘI NGHỊ TỔNG KẾT CÔNG TÁC NĂM\n2024\nBảo hiểm xã hội thông báo như sau:\n" + FOOT)
    assert d.subject == "Tổ chức hội nghị tổng kết công tác năm 2024"


def test_a_party_document():
    d = read("ĐẢNG CỘNG SẢN VIỆT NAM\n---------------\nTỈNH ỦY LÂM ĐỒNG\n*\nSố 19-NQ/TU\n"
             "Đà Lạt, ngày 14 tháng 11 năm 2023\nNGHỊ QUYẾT\nVỀ PHÁT TRIỂN DU LỊCH NÔNG NGHIỆP\n"
             "I. TÌNH HÌNH\nThời gian qua, du lịch phát triển.\nNơi nhận:\n- Ban Bí thư;\n- Lưu: VPTU.\n"
             "T/M TỈNH ỦY\nBÍ THƯ\nHà Văn Kiên\n")
    assert (d.symbol, d.issuer, d.doc_type, d.date) == ("19-NQ/TU", "Tỉnh ủy Lâm Đồng", "Nghị quyết", "2023-11-14")
    assert d.subject == "Về phát triển du lịch nông nghiệp"  # a Party document keeps its "Về"
    assert (d.signer.authority, d.signer.position, d.signer.name) == ("TM.", "Bí thư", "Hà Văn Kiên")


@pytest.mark.parametrize("line, pieces", [
    ("- Lưu: VT, ĐMDN (2b). Trung Anh BỘ TRƯỞNG, CHỦ NHIỆM Mai Tiến Dũng",
     ["- Lưu: VT, ĐMDN (2b). Trung Anh", "BỘ TRƯỞNG, CHỦ NHIỆM", "Mai Tiến Dũng"]),
    ("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Hữu Tháp CHƯƠNG TRÌNH HÀNH ĐỘNG",
     ["TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Nguyễn Hữu Tháp", "CHƯƠNG TRÌNH HÀNH ĐỘNG"]),
    ("- Bộ Y tế (để b/c);", ["- Bộ Y tế (để b/c);"]),
    ("Giám đốc Sở Tài chính Nguyễn Văn An chủ trì.", ["Giám đốc Sở Tài chính Nguyễn Văn An chủ trì."]),
])
def test_a_signature_run_into_another_line(line, pieces):
    from generator.reading.signature import unglue
    assert unglue(line) == pieces


@pytest.mark.parametrize("lines, levels", [
    (["BỘ TÀI CHÍNH TỔNG CỤC HẢI QUAN"], ("BỘ TÀI CHÍNH", "TỔNG CỤC HẢI QUAN")),
    (["ĐẢNG ỦY BẢO HIỂM XÃ HỘI VIỆT NAM"], ("", "ĐẢNG ỦY BẢO HIỂM XÃ HỘI VIỆT NAM")),
    (["VIỆN KHOA HỌC BẢO HIỂM XÃ HỘI"], ("", "VIỆN KHOA HỌC BẢO HIỂM XÃ HỘI")),
    (["BẢO HIỂM XÃ HỘI TỈNH NAM ĐỊNH - CỤC THUẾ TỈNH NAM ĐỊNH"], ("", "BẢO HIỂM XÃ HỘI TỈNH NAM ĐỊNH - CỤC THUẾ TỈNH NAM ĐỊNH")),
])
def test_two_issuer_levels_on_one_line(lines, levels):
    from generator.reading.header import issuer_levels
    assert issuer_levels(lines) == levels


@pytest.mark.parametrize("tail", [
    "KT. TỔNG GIÁM ĐỐC\nPHÓ TỔNG GIÁM ĐỐC\n[daky]\nTrần Văn Bình\n",
    "KT. TỔNG GIÁM ĐỐC\nPHÓ TỔNG GIÁM ĐỐC\n(Đã ký)\nTrần Văn Bình\n",
    "KT. TỔNG GIÁM ĐỐC\nPHÓ TỔNG GIÁM ĐỐC\nDanh Văn Bình\n",   # a surname that is also a unit word
])
def test_placeholders_and_surnames_under_a_chain(tail):
    d = read(HEAD + "Số: 12/BHXH-VP\nV/v thu nợ\nHà Nội, ngày 11 tháng 3 năm 2024\nKính gửi: Bộ Y tế.\n"
             "Đề nghị thực hiện.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n" + tail)
    assert (d.signer.authority, d.signer.position, d.signer.name.split()[-2:]) == ("KT.", "Phó Tổng Giám đốc", ["Văn", "Bình"])


def test_a_name_printed_after_the_list():
    d = read(HEAD + "Số: 12/BHXH-VP\nV/v thu nợ\nHà Nội, ngày 11 tháng 3 năm 2024\nKính gửi: Bộ Y tế.\n"
             "Đề nghị thực hiện./.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nVũ Thị Thanh Xuân\n")
    assert (d.signer.position, d.signer.name) == ("Phó Giám đốc", "Vũ Thị Thanh Xuân")
    assert [a.name for a in d.distribution] == ["Như trên"]


MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
LETTER = "Số: 1040/LĐTBXH-NCC\nV/v hướng dẫn chế độ\nHà Nội, ngày 09 tháng 04 năm 2012\nKính gửi: Sở Y tế.\nĐề nghị thực hiện.\n"


@pytest.mark.parametrize("printed", ["BỘ LAO ĐỘNG-THƯƠNG BINH VÀ XÃ HỘI", "BỘ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI",
                                     "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"])
def test_an_agency_name_has_one_spelling_whatever_dash_the_source_typed(printed):
    assert read(f"{printed}\n-------\n{MOTTO}{LETTER}{FOOT}").issuer == "Bộ Lao động - Thương binh và Xã hội"


@pytest.mark.parametrize("printed", ["TỔNG LIENDOANLAODONG vi;ETNAM", "BẢO HIỂM XÃ HỘI COMPFAGBHXH"])
def test_an_issuer_with_a_word_that_is_no_word_stays_empty_with_a_warning(printed):
    d = read(f"{printed}\n-------\n{MOTTO}{LETTER}{FOOT}")
    assert d.issuer == "" and any("issuer not published" in w for w in d.warnings)


def test_an_issuer_holding_a_type_name_that_lost_its_marks_gets_them_back():
    d = read(f"BỘ KE HOACH VÀ ĐẦU TƯ\n-------\n{MOTTO}{LETTER}{FOOT}")
    assert d.issuer == "Bộ Kế hoạch và Đầu tư"


@pytest.mark.parametrize("authority, subject", [
    ("ỦY BAN NHÂN DÂN TỈNH TÂY NINH", "Phê duyệt kế hoạch sử dụng đất năm 2022 huyện Châu Thành"),
    ("TỔNG GIÁM ĐỐC BẢO HIỂM XÃ HỘI VIỆT NAM", "Phê duyệt kế hoạch sử dụng đất năm 2022 huyện Châu Thành"),
])
def test_a_converter_dropped_the_header_the_authority_line_still_ends_the_subject(authority, subject):
    d = read(f"QUYẾT ĐỊNH\nPHÊ DUYỆT KẾ HOẠCH SỬ DỤNG ĐẤT NĂM 2022 HUYỆN CHÂU THÀNH\n{authority}\n"
             "Căn cứ Luật Đất đai;\nQUYẾT ĐỊNH:\nĐiều 1. Phê duyệt kế hoạch của huyện Châu Thành.\n" + FOOT)
    assert (d.doc_type, d.subject, d.symbol, d.date, d.issuer) == ("Quyết định", subject, "", "", "")


def test_a_file_that_opens_at_its_type_line_keeps_its_sentence_case_subject():
    d = read("NGHỊ QUYẾT\nThông qua Đề án phát triển chợ nông thôn\nHỘI ĐỒNG NHÂN DÂN TỈNH YÊN BÁI\n"
             "KHÓA XIX, KỲ HỌP THỨ MƯỜI BẢY\nCăn cứ Luật Tổ chức chính quyền địa phương;\n" + FOOT)
    assert (d.doc_type, d.subject, d.symbol, d.issuer) == ("Nghị quyết", "Thông qua Đề án phát triển chợ nông thôn", "", "")


def test_a_table_rule_glued_after_the_kinh_gui_list_is_no_recipient():
    """corpus-real 16 (pipe tables) with its date line and the next ones run together: the
    table's "|---|---|" row is no Kính gửi entry."""
    from pathlib import Path

    from tests.support.transforms import apply
    text = (Path(__file__).parents[1] / "data" / "real" / "16_cv_1921_LDTBXH-NCC_2013.txt").read_text(encoding="utf-8")
    glued = apply("date, type and next line glued", text, 1).text
    assert glued != text
    assert read(glued).recipients == ("Sở Lao động - Thương binh và Xã hội các tỉnh, thành phố trực thuộc Trung ương",
                                      "Các Trung tâm điều dưỡng người có công")
