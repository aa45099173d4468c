"""Repair of scraped line breaks, on literal excerpts of the seed files and on simulated damage."""

import random
import unicodedata
from pathlib import Path

import pytest

from generator.model import Dispatch
from generator.reading.repair import decide_breaks, repair, repair_text
from generator.tables import load_table
from tests.support.damage import damage, load_paragraphs

ROOT = Path(__file__).resolve().parents[2]
SEED_FILES = sorted((ROOT / "corpus").glob("*.txt"))
CHROME = set(load_table("chrome")["lines"])


def seed(name_prefix: str) -> str:
    path = next(p for p in SEED_FILES if p.name.startswith(name_prefix))
    return path.read_text(encoding="utf-8")


def squeeze(text: str) -> str:
    return "".join(text.split())


# --- damage kind 1: words broken inside a syllable -------------------------------

def test_lone_accented_vowel_joins():  # 002
    raw = ("thực hiện thắng lợi các nhiệm vụ chính trị được giao, tiếp tục đ\nổ\n"
           "i mới phong trào thi đua yêu nước và công tác khen thưởng của Ngành, Tổng")
    assert "tiếp tục đổi mới phong trào" in repair_text(raw)[0]


def test_syllable_broken_over_three_lines():  # 002
    raw = ("quản lý chặt chẽ người hưởng lư\nơn\ng hưu, trợ cấp BHXH hàng\n"
           "tháng, trợ cấp thất nghiệp; thực hiện các giải pháp tuyên truyền vận động, khuyến")
    assert repair_text(raw)[0].startswith(
        "quản lý chặt chẽ người hưởng lương hưu, trợ cấp BHXH hàng tháng, trợ cấp thất nghiệp;")


def test_abbreviations_and_words_split_letter_by_letter():  # 004
    raw = ("gia B\nH\nX\nH\n, B\nH\nYT\ncòn hạn chế, số người tham gia BHX\nH\nc\nò\n"
           "n rất thấp so với tiềm năng; tình trạng")
    assert repair_text(raw) == [
        "gia BHXH, BHYT còn hạn chế, số người tham gia BHXH còn rất thấp so với tiềm năng; tình trạng"]


def test_symbol_and_number_split():  # 004
    raw = ("Trung ương khóa XII, Nghị quyết số 68/2013/\nQH1\n"
           "3 của Quốc hội, Nghị quyết số 102/NQ-CP của Chính phủ")
    assert "Nghị quyết số 68/2013/QH13 của Quốc hội" in repair_text(raw)[0]


def test_header_fields_with_split_symbol_and_year():  # 004
    raw = ("Số:\n3036\n/BHXH\n-BT\nV/v\nt\nham mưu cấp ủy, chính quyền lãnh đạo,\n"
           "  chỉ đạo tăng cường thực hiện chính sách BHXH, BHYT\n"
           "Hà Nội, ngày\n24\ntháng\n9\nnăm 20\n20\nKính gửi:")
    assert repair_text(raw) == [
        "Số: 3036/BHXH-BT",
        "V/v tham mưu cấp ủy, chính quyền lãnh đạo, chỉ đạo tăng cường thực hiện chính sách BHXH, BHYT",
        "Hà Nội, ngày 24 tháng 9 năm 2020",
        "Kính gửi:",
    ]


def test_date_cell_and_title():  # 002
    raw = ("Số: 01/BHXH-TĐKT\nHà\n  Nội, ngày\n04\ntháng\n01\nnăm 202\n1\n"
           "PHÁT ĐỘNG PHONG TRÀO THI ĐUA NGÀNH BẢO HIỂM XÃ HỘI VIỆT NAM NĂM 2021")
    assert repair_text(raw) == [
        "Số: 01/BHXH-TĐKT",
        "Hà Nội, ngày 04 tháng 01 năm 2021",
        "PHÁT ĐỘNG PHONG TRÀO THI ĐUA NGÀNH BẢO HIỂM XÃ HỘI VIỆT NAM NĂM 2021",
    ]


def test_closing_quote_and_period_join():  # 002
    raw = ("cương, nỗ lực thi đua hoàn thành xuất sắc nhiệm vụ được giao năm 2021\n”\n.\n"
           "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích")
    lines = repair_text(raw)
    assert lines[0].endswith("được giao năm 2021”.")
    assert lines[1:] == ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"]


def test_filing_mark_split_letter_by_letter():  # 004
    raw = ("- Như tr\nê\nn;\n- Tổng Giám đốc;\n- Lưu: V\nT\n, B\nT.\nTỔNG GIÁM ĐỐC\nNguyễn\n  Thế Mạnh")
    assert repair_text(raw) == [
        "- Như trên;", "- Tổng Giám đốc;", "- Lưu: VT, BT.", "TỔNG GIÁM ĐỐC", "Nguyễn Thế Mạnh"]


# --- damage kind 2: source wraps and indented header cells -------------------------

def test_wrap_inside_paragraph_is_a_space():  # 000
    raw = ("Để kịp thời triển khai, tổ chức\n"
           "thực hiện tốt các nhiệm vụ công tác năm 2021 ngay sau Tết Nguyên đán Tân Sửu")
    assert repair_text(raw) == [
        "Để kịp thời triển khai, tổ chức thực hiện tốt các nhiệm vụ công tác năm 2021 "
        "ngay sau Tết Nguyên đán Tân Sửu"]


def test_indented_cells_continue_the_cell():  # 001
    raw = ("BẢO HIỂM XÃ HỘI\n  VIỆT NAM\n-------\nCỘNG HÒA XÃ HỘI\n  CHỦ NGHĨA VIỆT NAM\n"
           "Độc lập - Tự do - Hạnh phúc\n---------------")
    assert repair_text(raw) == [
        "BẢO HIỂM XÃ HỘI VIỆT NAM", "-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "---------------"]


def test_inline_quote_stays_in_its_paragraph():  # 001
    raw = ("Thìn theo phương châm\n“lấy người dân, doanh nghiệp làm chủ thể, trung tâm phục\n"
           "vụ”,\nđẩy mạnh giao dịch điện tử, tập trung huy động mọi nguồn lực sẵn có, đẩy")
    assert repair_text(raw) == [
        "Thìn theo phương châm “lấy người dân, doanh nghiệp làm chủ thể, trung tâm phục vụ”, "
        "đẩy mạnh giao dịch điện tử, tập trung huy động mọi nguồn lực sẵn có, đẩy"]


# --- damage kind 3: lost structure ------------------------------------------------

def test_marker_alone_on_its_line():  # 002
    raw = ("phong trào thi đua, tập trung vào một số nội dung cụ thể sau đây:\n1.\nChủ động\n"
           "tham gia nghiên cứu, đề xuất sửa đổi, bổ sung hoàn thiện các văn bản quy phạm")
    lines = repair_text(raw)
    assert lines[1].startswith("1. Chủ động tham gia nghiên cứu, đề xuất")


def test_dash_alone_on_its_line():  # 002
    raw = "Nơi nhận:\n-\nNhư trên;\n- Ban TĐKT TW (để b/c);\n- Tổng Giám đốc;"
    assert repair_text(raw) == ["Nơi nhận:", "- Như trên;", "- Ban TĐKT TW (để b/c);", "- Tổng Giám đốc;"]


def test_roman_heading_wrapped_then_item():  # 002
    raw = "III. TỔ CHỨC THỰC\nHIỆN\n1.\nThường\ntrực Hội đồng Thi đua - Khen thưởng BHXH Việt Nam chủ động tham mưu, giúp Ban"
    lines = repair_text(raw)
    assert lines[0] == "III. TỔ CHỨC THỰC HIỆN"
    assert lines[1].startswith("1. Thường trực Hội đồng Thi đua - Khen thưởng")


def test_lettered_items_and_their_wraps():  # 001
    raw = ("trong đó tập trung các nhiệm vụ sau:\na) Giải quyết, thanh toán đầy đủ, kịp thời, cải\n"
           "cách nhất quyền lợi người tham gia và người thụ hưởng BHXH; chế độ bảo hiểm thất\n"
           "nghiệp; chế độ ốm đau, thai sản,...\nb) Phân công cán bộ tiếp nhận và xử lý hồ sơ trực")
    lines = repair_text(raw)
    assert len(lines) == 3
    assert lines[1].startswith("a) Giải quyết, thanh toán đầy đủ, kịp thời, cải cách nhất")
    assert lines[1].endswith("thai sản,...")
    assert lines[2].startswith("b) Phân công")


def test_hyphen_at_line_start_is_not_a_bullet():  # 001
    raw = ("Chính phủ về nhiệm vụ, giải pháp chủ yếu thực hiện Kế hoạch phát triển kinh tế\n"
           "- xã hội và dự toán ngân sách nhà nước năm 2024; Quyết định số 24/QĐ-BHXH ngày")
    assert len(repair_text(raw)) == 1


def test_paragraph_starts_after_sentence_end_and_short_line():  # 000
    raw = ("cách ly theo đúng hướng dẫn\ncủa cơ sở y tế và chính quyền địa phương.\n"
           "Trường hợp công chức, viên\nchức, người lao động trong thời gian nghỉ Tết")
    lines = repair_text(raw)
    assert [line[:16] for line in lines] == ["cách ly theo đún", "Trường hợp công "]


# --- damage kind 4 and whole documents ----------------------------------------------

@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_seed_round_trip_and_chrome(path):
    raw = path.read_text(encoding="utf-8")
    lines = repair_text(raw)
    assert not any(line.startswith("Tải Văn bản") for line in lines)
    assert all(line == unicodedata.normalize("NFC", line) and line == line.strip() for line in lines)
    kept = [line for line in unicodedata.normalize("NFC", raw).splitlines() if line.strip() not in CHROME]
    assert squeeze("".join(lines)) == squeeze("".join(kept))


def test_author_spelling_is_kept():
    lines = repair_text(seed("001"))
    assert any("hoá chất" in line for line in lines)
    assert any("văn hóa dân cư" in line for line in lines)


def test_repair_fills_lines():
    raw = seed("003")
    d = repair(Dispatch(source="003.txt", sha256="x", raw_text=raw))
    assert d.lines == tuple(repair_text(raw)) and d.raw_text == raw


def test_nfd_input_gives_nfc_output():
    raw = unicodedata.normalize("NFD", "Tổng Giám đốc BHXH Việt Nam yêu cầu Thủ\ntrưởng các đơn vị")
    assert repair_text(raw) == [unicodedata.normalize("NFC", "Tổng Giám đốc BHXH Việt Nam yêu cầu Thủ trưởng các đơn vị")]


# --- simulated damage --------------------------------------------------------------

PARAGRAPHS = load_paragraphs(ROOT / "tests" / "data" / "clean_paragraphs.txt")


def damaged_documents(seeds):
    for s in seeds:
        order = PARAGRAPHS[:]
        random.Random(s).shuffle(order)
        for start in range(0, len(order), 12):
            yield damage(order[start:start + 12], s * 1000 + start)


def test_simulated_damage_accuracy():
    total = errors = 0
    for damaged in damaged_documents(range(10)):
        _, decisions = decide_breaks(damaged.text)
        assert len(decisions) == len(damaged.decisions)
        total += len(decisions)
        errors += sum(a != b for a, b in zip(decisions, damaged.decisions))
    assert total > 3000
    assert 1 - errors / total >= 0.999, (errors, total)


def test_simulated_damage_round_trip():
    for damaged in damaged_documents(range(2)):
        assert squeeze("".join(repair_text(damaged.text))) == squeeze(damaged.text)


def test_simulator_breaks_inside_words_and_abbreviations():
    damaged = damage(["Số tiền thu BHXH năm 2023 tăng 7,2% so với năm 2022."] * 40, 7, split_rate=0.5)
    lines = damaged.text.splitlines()
    joins = [(a, b) for (a, b), d in zip(zip(lines, lines[1:]), damaged.decisions) if d == "join"]
    assert joins and {"join", "newline"} <= set(damaged.decisions)
    assert any("BHX" in a or b.startswith(("HXH", "XH", "H")) for a, b in joins)


@pytest.mark.parametrize("place", ["Thành\n  phố Hồ Chí Minh", "TP. Hồ Chí\n  Minh", "Hà\n  Nội"])
def test_place_line_of_several_words_starts_its_own_line(place):
    lines = repair_text(f"Số: 01/QĐ-BHXH\n{place}, ngày 01 tháng 01 năm 2000\nKính gửi: Các đơn vị.")
    assert lines[0] == "Số: 01/QĐ-BHXH"
    assert lines[1].endswith(", ngày 01 tháng 01 năm 2000")


def test_a_sentence_with_a_date_is_not_taken_for_a_place_line():
    lines = repair_text("Các đơn vị gửi báo cáo về Ban Thu trước\nngày 15 tháng 3 năm 2021 để tổng hợp.")
    assert len(lines) == 1


@pytest.mark.parametrize("opening", ["Căn cứ Công văn số 12/BHXH-VP", "Nh\nằ\nm triển khai Công văn số 12/BHXH-VP",
                                     "Tiếp\ntheo Công văn số 12/BHXH-VP"])
def test_an_addressee_on_the_label_line_ends_where_the_body_opens(opening):
    raw = f"Hà Nội, ngày 01 tháng 01 năm 2020\nKính gửi: Bộ Y tế\n{opening} ngày 02/01/2020, đề nghị các đơn vị thực hiện."
    lines = repair_text(raw)
    assert lines[1] == "Kính gửi: Bộ Y tế"
    assert lines[2].startswith(opening.replace("\n", "").replace("Tiếptheo", "Tiếp theo")[:12])


def test_an_addressee_wrapped_onto_the_next_line_stays_one_line():
    lines = repair_text("Kính gửi: Sở Lao động - Thương binh và Xã hội\nThành phố Hồ Chí Minh\nTheo đề nghị của Sở.")
    assert lines[:2] == ["Kính gửi: Sở Lao động - Thương binh và Xã hội Thành phố Hồ Chí Minh", "Theo đề nghị của Sở."]
