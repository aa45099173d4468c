"""More kinds of issue 26, each on a small document written for its kind: OCR letters in a
signature chain, headings run onto the issuer's cell, joint documents, long subjects run
into the body."""

from __future__ import annotations

import pytest

from generator.reading.convert import process_bytes

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n"
BODY = "Kính gửi: Các doanh nghiệp.\nĐề nghị thực hiện./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"


def read(text: str):
    return process_bytes(text.encode(), "case.txt")


@pytest.mark.parametrize("position_line, position", [("FA TRƯỞNG BAN", "Phó Trưởng ban"),
                                                      ("PHO TRUONG BAN", "Phó Trưởng ban")])
def test_a_position_whose_letters_ocr_misread_is_read_as_its_title(position_line, position):
    d = read("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP\n-------\n" + MOTTO + "Số: 77/TB-BQL\n"
             "Bắc Ninh, ngày 08 tháng 4 năm 2024\nTHÔNG BÁO\nLịch tiếp doanh nghiệp\n" + BODY
             + f"KT. TRƯỞNG BAN\n{position_line}\nNguyễn Thị Hồng Nhung\n")
    assert (d.signer.acting_for, d.signer.position, d.signer.name) == ("Trưởng ban", position, "Nguyễn Thị Hồng Nhung")
    assert d.issuer == "Ban Quản lý các khu công nghiệp"  # "KHU" printed right stays, no "THƯ"


@pytest.mark.parametrize("cell", [
    "ỦY BAN NHÂN DÂN CONG HOA XA HOI CHU NGHIA VIET NAM\nTỈNH HÀ TĨNH Doc lap - Tu do - Hanh phuc\n",
    "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH HÀ TĨNH Độc lập - Tự do - Hạnh phúc\n",
])
def test_the_motto_run_beside_a_two_level_issuer_is_cut_off_whatever_its_marks(cell):
    d = read(cell + "Số: 1482/UBND-NL\nV/v tăng cường quản lý khai thác cát\nHà Tĩnh, ngày 07 tháng 10 năm 2023\n"
             + BODY + "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Quang Vĩnh\n")
    assert (d.issuer, d.symbol, d.date, d.doc_type) == ("Ủy ban nhân dân tỉnh Hà Tĩnh", "1482/UBND-NL", "2023-10-07", "Công văn")
    assert (d.subject, d.recipients) == ("Tăng cường quản lý khai thác cát", ("Các doanh nghiệp",))


JOINT_FOOT = "Nơi nhận:\n- Bảo hiểm xã hội Việt Nam;\n- Lưu: VT BHXH, VT CT.\n"


@pytest.mark.parametrize("blocks, second", [
    ("KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG\nTrần Quốc Hưng\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nMai Thị Thu Trang\n",
     ("KT.", "Giám đốc", "Phó Giám đốc", "Mai Thị Thu Trang")),
    ("TM. BAN THƯỜNG VỤ\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Thị Thu Hà\nGIÁM ĐỐC\nPhạm Văn Đông\n",
     ("", "", "Giám đốc", "Phạm Văn Đông")),
])
def test_a_joint_document_has_every_signature_block(blocks, second):
    d = read("BẢO HIỂM XÃ HỘI TỈNH NAM ĐỊNH - CỤC THUẾ TỈNH NAM ĐỊNH\n-------\n" + MOTTO + "Số: 05/QCPH-BHXH-CT\n"
             "Nam Định, ngày 18 tháng 01 năm 2024\nQUY CHẾ\nPhối hợp trao đổi thông tin\nĐiều 1. Phạm vi.\n"
             + JOINT_FOOT + blocks)
    assert len(d.signers) == 2
    s = d.signers[1]
    assert (s.authority, s.acting_for, s.position, s.name) == second


@pytest.mark.parametrize("cell, symbol, issuer", [
    ("BẢO HIỂM XÃ HỘI TỈNH NAM ĐỊNH - CỤC THUẾ TỈNH NAM ĐỊNH", "05/QCPH-BHXH-CT",
     "Bảo hiểm xã hội tỉnh Nam Định - Cục Thuế tỉnh Nam Định"),
    ("BẢO HIỂM XÃ HỘI TỈNH NAM ĐỊNH - CỤC THUẾ TỈNH NAM ĐỊNH", "05/QC-BHXH",     # a dash between two agencies
     "Bảo hiểm xã hội tỉnh Nam Định - Cục Thuế tỉnh Nam Định"),
    ("BẢO HIỂM XÃ HỘI TỈNH THÁI BÌNH\nLIÊN ĐOÀN LAO ĐỘNG TỈNH THÁI BÌNH", "14/QCPH-BHXH-LĐLĐ",
     "Bảo hiểm xã hội tỉnh Thái Bình - Liên đoàn Lao động tỉnh Thái Bình"),
    ("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM\nLIÊN ĐOÀN LAO ĐỘNG TỈNH THÁI BÌNH", "14/QC-LĐLĐ",  # no joint symbol: a unit
     "Liên đoàn Lao động tỉnh Thái Bình"),
])
def test_a_joint_document_names_every_issuer(cell, symbol, issuer):
    d = read(cell + "\n-------\n" + MOTTO + f"Số: {symbol}\nThái Bình, ngày 18 tháng 01 năm 2024\nQUY CHẾ\n"
             "Phối hợp trao đổi thông tin\nĐiều 1. Phạm vi.\n" + JOINT_FOOT + "GIÁM ĐỐC\nPhạm Văn Đông\n")
    assert (d.issuer, d.doc_type, d.type_code) == (issuer, "Quy chế", "QC")
    assert d.issuer_parent == ("Tổng Liên đoàn Lao động Việt Nam" if "TỔNG" in cell else "")


GAZETTE_SUBJECT = ("Sửa đổi, bổ sung một số điều của Thông tư số 19/2017/TT-BLĐTBXH\nngày 14 tháng 7 năm 2017 của Bộ "
                   "trưởng Bộ Lao động - Thương\nbinh và Xã hội quy định về danh mục nghề, công việc nặng nhọc,\n"
                   "độc hại, nguy hiểm áp dụng đối với người lao động làm việc\ntại các cơ sở giáo dục nghề nghiệp")


@pytest.mark.parametrize("after", ["Căn cứ Bộ luật Lao động ngày 20 tháng 11 năm 2019;\n", "Chương I\nQUY ĐỊNH CHUNG\n"])
def test_a_long_sentence_case_subject_ends_where_the_body_opens(after):
    d = read("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\nSố: 11/2024/TT-BLĐTBXH\n" + MOTTO + "Hà Nội, ngày 30 tháng 8 năm 2024\n"
             "THÔNG TƯ\n" + GAZETTE_SUBJECT + "\n" + after + "Điều 1. Sửa đổi khoản 2.\n" + JOINT_FOOT
             + "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nTrịnh Hồng Quân\n")
    assert d.subject == " ".join(GAZETTE_SUBJECT.split())


FOOT_TTG = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nTrần Hồng Hà\n"


@pytest.mark.parametrize("printed, subject", [
    ("PHÊ DUYỆT KE HOACH SỬ DỤNG ĐẤT NĂM 2022", "phê duyệt kế hoạch sử dụng đất năm 2022"),
    ("THỰC HIỆN QUYET DINH CỦA THU TUONG CHÍNH PHỦ", "thực hiện quyết định của thủ tướng chính phủ"),
    ("TĂNG CƯỜNG CÔNG TÁC TRONG NĂM 2024", "tăng cường công tác trong năm 2024"),   # TRONG is no TRƯỞNG
])
def test_type_names_and_titles_that_lost_their_marks_in_a_subject_get_them_back(printed, subject):
    d = read("ỦY BAN NHÂN DÂN\nTỈNH TÂY NINH\n" + MOTTO + "Số: 3745/QĐ-UBND\nTây Ninh, ngày 27 tháng 12 năm 2021\n"
             f"QUYẾT ĐỊNH\n{printed}\nCăn cứ Luật Đất đai;\nĐiều 1. Phê duyệt.\n" + FOOT_TTG)
    assert d.subject.lower() == subject


@pytest.mark.parametrize("head", [
    "QUYẾT ĐỊNH\nQUY ĐỊNH VỀ CHẾ ĐỘ ĐỐI VỚI THANH NIÊN XUNG PHONG\nTHỦ TƯỚNG CHÍNH PHỦ\n",
    "KẾ HOẠCH\nTHỰC\nHIỆN QUYẾT ĐỊNH SỐ 1899/QĐ-TTG NGÀY 04/9/2025 CỦA THỦ TƯỚNG\n",
])
def test_a_file_without_its_header_takes_no_date_from_a_citation(head):
    d = read(head + "Căn cứ Luật Tổ chức Chính phủ ngày 25 tháng 12 năm 2001;\nĐiều 1. Phạm vi.\n" + FOOT_TTG)
    assert (d.date, d.symbol, d.issuer) == ("", "", "")


def test_a_file_without_its_header_ends_its_subject_at_the_authority_line_or_the_body():
    d = read("QUYẾT ĐỊNH\nQUY ĐỊNH VỀ CHẾ ĐỘ ĐỐI VỚI THANH NIÊN XUNG PHONG\nTHỦ TƯỚNG CHÍNH PHỦ\nCăn cứ Luật;\n"
             "Điều 1. Phạm vi.\n" + FOOT_TTG)
    assert d.subject == "Quy định về chế độ đối với thanh niên xung phong"
    d = read("QUYẾT ĐỊNH VỀ CƠ CHẾ GIẢI QUYẾT VIỆC LÀM Căn cứ Luật Tổ chức Chính phủ;\nĐiều 1. Phạm vi.\n" + FOOT_TTG)
    assert (d.doc_type, d.subject) == ("Quyết định", "Cơ chế giải quyết việc làm")


def test_a_file_without_its_header_is_not_cut_at_its_appendix_motto():
    """The motto of an appendix is no portal page's document start: the file opens at its type line."""
    d = read("QUYẾT ĐỊNH\nBan hành Kế hoạch hành động\nTHỦ TƯỚNG CHÍNH PHỦ\nCăn cứ Luật;\nĐiều 1. Ban hành.\n"
             "KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nPhạm Thị Thanh Trà\nTHỦ TƯỚNG CHÍNH PHỦ\n" + MOTTO
             + "KẾ HOẠCH HÀNH ĐỘNG\nThực hiện Chỉ thị số 52-CT/TW\nI. MỤC TIÊU\n" + "Nâng cao chất lượng. " * 10 + "\n")
    assert (d.doc_type, d.subject, d.signer.name) == ("Quyết định", "Ban hành Kế hoạch hành động", "Phạm Thị Thanh Trà")
