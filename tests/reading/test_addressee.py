"""Where the addressee after "Kính gửi:" ends and the body begins (generator/reading/addressee.py),
on the layouts the scraper and OCR give: a label, one addressee without punctuation, then
the body's first sentence, whatever word it opens with."""

import random
from pathlib import Path

import pytest

from generator.reading.convert import process_bytes
from generator.reading.repair import repair_text
from tests.support.damage import damage, load_paragraphs

ROOT = Path(__file__).resolve().parents[2]
HEAD = "Số: 12/BHXH-VP\nV/v thực hiện chế độ ốm đau\nHà Nội, ngày 01 tháng 01 năm 2020\n"


@pytest.mark.parametrize("addressee, body", [
    ("Công ty TNHH ABC", "Kiểm tra việc giải quyết chế độ ốm đau, thai sản tại đơn vị."),
    ("Bệnh viện Bạch Mai", "Ủy ban nhân dân tỉnh giao Sở Y tế chủ trì xây dựng kế hoạch."),
    ("Công ty Cổ phần Dịch vụ Bưu chính Viettel", "Việc chi trả lương hưu qua bưu điện phải bảo đảm an toàn."),
    ("Ủy ban nhân dân các tỉnh, thành phố", "Ban Quản lý Thu chủ trì xây dựng kịch bản thu năm 2024."),
])
@pytest.mark.parametrize("on_label_line", [True, False])
def test_an_unpunctuated_addressee_ends_where_a_sentence_opens(addressee, body, on_label_line):
    label = f"Kính gửi: {addressee}" if on_label_line else f"Kính gửi:\n{addressee}"
    words = body.split()  # the body's first line wraps before its full stop, as scraped lines do
    wrapped = " ".join(words[:6]) + "\n" + " ".join(words[6:])
    d = process_bytes(f"{HEAD}{label}\n{wrapped}\nNơi nhận:\n- Như trên.".encode(), "t.txt")
    assert d.recipients == (addressee,)
    assert d.body_text.startswith(body[:30])


@pytest.mark.parametrize("raw, addressee", [
    ("Kính gửi: Công ty Cổ phần Dịch vụ Bưu chính\nViettel\nPhối hợp với cơ quan thuế để khai thác dữ liệu.",
     "Công ty Cổ phần Dịch vụ Bưu chính Viettel"),  # a foreign name's word opens no sentence
    ("Kính gửi: Công ty Cổ phần\nDịch vụ Bưu chính Viettel\nPhối hợp với cơ quan thuế để khai thác dữ liệu.",
     "Công ty Cổ phần Dịch vụ Bưu chính Viettel"),  # words in capitals go on with the name
    ("Kính gửi: Tổng Liên đoàn Lao động\nViệt Nam\nTriển khai sử dụng thẻ căn cước công dân.",
     "Tổng Liên đoàn Lao động Việt Nam"),  # a name's tail, then the body on the next line
    ("Kính gửi: Đồng chí Chủ tịch\nỦy ban nhân dân tỉnh Thái Nguyên\nTheo đề nghị của Sở.",
     "Đồng chí Chủ tịch Ủy ban nhân dân tỉnh Thái Nguyên"),  # a title: its body follows
    ("Kính gửi: Sở Lao động\n- Thương binh và Xã hội các tỉnh\nCông khai thủ tục hành chính tại bộ phận một cửa.",
     "Sở Lao động - Thương binh và Xã hội các tỉnh"),  # a dash that goes on with the name
])
def test_a_wrapped_addressee_stays_whole(raw, addressee):
    lines = repair_text(f"Hà Nội, ngày 01 tháng 01 năm 2020\n{raw}")
    assert lines[1] == f"Kính gửi: {addressee}"
    assert len(lines) == 3


def test_a_label_broken_into_single_letters_still_opens_its_own_line():
    raw = ("Hà Nội, ngày 17\n  tháng 04 năm 2023\nK\ní\nnh g\nử\ni:\n- Sở Y tế các tỉnh;\n- Bộ Tài chính.\n"
           "Theo báo cáo của các tỉnh.")
    assert repair_text(raw)[1:4] == ["Kính gửi:", "- Sở Y tế các tỉnh;", "- Bộ Tài chính."]


def test_a_list_item_after_a_colon_is_no_addressee():  # seed 002: only a label opens an addressee
    raw = ("Các đơn vị có trách nhiệm triển khai thực hiện tốt một số nội dung sau:\n"
           "- Tổ chức quán triệt thực hiện nghiêm\n"
           "các Nghị quyết của Đảng, Chỉ thị của Thủ tướng Chính phủ, các văn bản của BHXH\n"
           "Việt Nam về công tác thi đua, khen thưởng; chỉ đạo xây dựng kế hoạch.")
    assert len(repair_text(raw)) == 2


def test_two_abbreviations_broken_at_a_line_end_stay_two_words():
    lines = repair_text("Kính gửi:\n- Công ty TNHH\nABC;\n- Bộ Tài chính.\nCơ quan BH\nXH từ chối giải quyết hồ sơ.")
    assert "- Công ty TNHH ABC;" in lines and any(line.startswith("Cơ quan BHXH từ") for line in lines)


def test_damaged_dispatches_put_no_recipient_or_body_word_in_the_wrong_field():
    """Part (c) of scripts/measure_repair.py on 40 of its dispatches, damaged as the scraper
    damages: every recipient and body word stays in its field."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("measure_repair", ROOT / "scripts" / "measure_repair.py")
    measure = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(measure)
    paragraphs = load_paragraphs(ROOT / "tests" / "data" / "clean_paragraphs.txt")
    starts = measure.openings(paragraphs)
    for i in range(40):
        blocks, _, recipients, _, body = measure.synthetic_dispatch(random.Random(i), paragraphs, starts)
        assert measure.misplaced(damage(blocks, 1_000_000 + i).text, recipients, "", body)[0] == 0, i
