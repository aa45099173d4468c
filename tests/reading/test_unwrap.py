"""unwrap: each rule alone on the wrapping real sources put around a dispatch, then the reader
on the kinds of layout the rules exist for (a header ruled with "———", blank hand-filled
fields, OCR's merged columns), and the build report's list of pages that need a person."""

from __future__ import annotations

import shutil

import pytest

from generator.reading import cells, unwrap
from generator.reading.convert import process_bytes
from generator.report import Report

HEADER = ["BẢO HIỂM XÃ HỘI VIỆT NAM", "-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
          "Độc lập - Tự do - Hạnh phúc", "---------------"]
TAIL = ["Kính gửi: Bảo hiểm xã hội các tỉnh, thành phố trực thuộc Trung ương.",
        "1. Rà soát số đơn vị nợ đóng.", "Nơi nhận:", "- Như trên;", "- Lưu: VT, BT.",
        "KT. TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC", "Trần Văn Bình"]


def rule(fn, lines):
    found = unwrap.Found()
    return fn(list(lines), found), found


def read(lines):
    return process_bytes("\n".join(lines).encode("utf-8"), "case.txt")


def test_front_matter_of_a_collecting_tool_is_taken_out_and_its_title_kept():
    out, found = rule(unwrap.front_matter, ["---", 'title: "CV 860"', "category: x", "---", "BẢO HIỂM"])
    assert out == ["BẢO HIỂM"] and found.provenance["collector_title"] == "CV 860"


def test_source_line_becomes_provenance():
    out, found = rule(unwrap.source_line, ["*Source: https://example.org/cv-1.aspx*", "# Tiêu đề"])
    assert out == ["# Tiêu đề"] and found.provenance["source_url"] == "https://example.org/cv-1.aspx"


def test_pipe_table_rows_become_cells_and_emphasis_goes():
    lines = ["| **BỘ Y TẾ** | CỘNG HÒA |", "|---|---|", "| Số: 1/BYT-BH | *Hà Nội, ngày 1 tháng 1 năm 2020* |"]
    out, _ = rule(unwrap.markdown, lines)
    assert [l for l in out if l] == ["BỘ Y TẾ", "CỘNG HÒA", "Số: 1/BYT-BH", "Hà Nội, ngày 1 tháng 1 năm 2020"]


def test_gazette_running_heads_and_page_numbers_go_but_numbers_in_text_stay():
    lines = ["CÔNG BÁO/Số 286/Ngày 27-05-2026", "89", "Điều 1. Ban hành", "12", "khoản"]
    out, _ = rule(unwrap.gazette, lines)
    assert out == ["Điều 1. Ban hành", "12", "khoản"]


def test_e_signature_stamp_is_provenance_not_text():
    lines = ["Ký bởi: Tổng cục Thuế", "Thời gian ký: 10.11.2023 15:36", "BỘ TÀI CHÍNH"]
    out, found = rule(unwrap.e_signature, lines)
    assert out == ["BỘ TÀI CHÍNH"]
    assert found.provenance == {"e_signed_by": "Tổng cục Thuế", "e_signed_at": "10.11.2023 15:36"}


def test_crawler_title_and_its_copies_before_each_article_go():
    lines = ["Quyết định 1/QĐ-BHXH năm 2020 về mẫu thẻ do BHXH ban hành. BẢO HIỂM XÃ HỘI VIỆT NAM",
             "Quyết định 1/QĐ-BHXH năm 2020 về mẫu thẻ do BHXH ban hành. Điều 1. Ban hành mẫu."]
    out, found = rule(unwrap.crawler_title, lines)
    assert out == ["BẢO HIỂM XÃ HỘI VIỆT NAM", "Điều 1. Ban hành mẫu."]
    assert found.provenance["crawler_title"].startswith("Quyết định 1/QĐ-BHXH")


def test_portal_page_around_the_document_goes():
    lines = ["Số hiệu:", "1/BYT", "Đã biết", "BỘ Y TẾ", "-------", "CỘNG HÒA XÃ HỘI", "Độc lập - Tự do - Hạnh phúc",
             "Nguyễn Văn A", "Văn bản này chưa cập nhật nội dung Tiếng Anh", "Kính gửi: Quý Thành viên,"]
    out, _ = rule(unwrap.document_window, lines)
    assert out == lines[3:8]


def test_look_alike_letters_and_ocr_dashes():
    out, _ = rule(unwrap.lookalikes, ["Ðà Nẵng, ngày 3Ø", "~ Bộ Y tế;", "Số: 5/СĐ-ВХН"])
    assert out == ["Đà Nẵng, ngày 30", "- Bộ Y tế;", "Số: 5/CĐ-BXH"]


def test_words_split_by_stray_spaces_are_rejoined_only_where_pieces_are_no_syllables():
    out, _ = rule(unwrap.spaced_words, ["- Nh ư tr ê n; C ổng thông tin", "Điểm a khoản 1 và Phụ lục A"])
    assert out == ["- Như trên; Cổng thông tin", "Điểm a khoản 1 và Phụ lục A"]


def test_header_cells_on_one_line_are_split_into_components():
    line = "Số: 627/BYT-BH V/v hướng dẫn Hà Nội, ngày 27 tháng 01 năm 2021 Kính gửi: Bộ Y tế"
    assert cells.split_components(line) == [
        "Số: 627/BYT-BH", "V/v hướng dẫn", "Hà Nội, ngày 27 tháng 01 năm 2021", "Kính gửi: Bộ Y tế"]


def test_header_ruled_with_em_dashes_reads_like_one_ruled_with_hyphens():
    plain = read([*HEADER, "Số: 12/BHXH-BT", "V/v thu nợ", "Hà Nội, ngày 05 tháng 3 năm 2024", *TAIL])
    ruled = read([l.replace("-------", "———————").replace("---------------", "———————————")
                  for l in [*HEADER, "Số: 12/BHXH-BT", "V/v thu nợ", "Hà Nội, ngày 05 tháng 3 năm 2024", *TAIL]])
    assert (ruled.symbol, ruled.date, ruled.subject) == (plain.symbol, plain.date, plain.subject) == (
        "12/BHXH-BT", "2024-03-05", "Thu nợ")


def test_blank_hand_filled_number_and_day_are_blank_not_missing():
    d = read([*HEADER, "Số:      /BHXH-BT", "V/v thu nợ", "Hà Nội, ngày      tháng 02 năm 2020", *TAIL])
    assert (d.symbol, d.number, d.date, d.issuer_code, d.drafting_unit, d.doc_type) == ("", "", "", "BHXH", "BT", "Công văn")
    assert any("left blank" in w for w in d.warnings) and "no symbol found" not in d.warnings


def test_ocr_merged_columns_give_the_signature_its_chain():
    lines = [*HEADER, "Số: 12/BHXH-BT", "V/v thu nợ", "Hà Nội, ngày 05 tháng 3 năm 2024", *TAIL[:2],
             "Noi nhận: KT. TONG GIAM DOC", "- Như trên; PHÓ TỎNG GIÁM ĐÓC", "- Lưu: VT, BT.", "Trần Văn Bình"]
    d = read(lines)
    assert (d.signer.authority, d.signer.acting_for, d.signer.position, d.signer.name) == (
        "KT.", "Tổng Giám đốc", "Phó Tổng Giám đốc", "Trần Văn Bình")
    assert [a.name for a in d.distribution] == ["Như trên"]


def test_report_lists_pages_that_need_a_person_first():
    report = Report()
    report.review("a.txt", "van-ban/khong-so/a.html", ["number", "date"])
    text = report.to_json()
    assert text.index('"needs_review"') < text.index('"files_read"')
    assert "1 pages need a person" in report.summary() and "a.txt: no number, no date" in report.summary()


def test_every_broken_table_is_reported_at_once(tmp_path):
    from generator import tables

    shutil.copytree(tables.find_project() / "site_config", tmp_path / "site_config")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "site_config" / "layout.yml").write_text("separator: '[unclosed'\n", encoding="utf-8")
    (tmp_path / "site_config" / "unwrap.yml").write_text("- not a mapping\n", encoding="utf-8")
    with tables.using(tmp_path), pytest.raises(tables.ConfigError) as raised:
        tables.check_tables()
    message = str(raised.value)
    assert "layout.yml: separator: regular expression '[unclosed'" in message
    assert "layout.yml: block_starts: missing" in message and "unwrap.yml: not a mapping" in message
