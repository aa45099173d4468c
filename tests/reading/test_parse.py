"""parse: the five seeds read by a person, generated broken headers, edge cases.

Seeds run through the real pipeline pieces (repair.repair_text, then parse).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import InputError
from generator.language.casing import name_case, sentence_case
from generator.model import Addressee, Dispatch, Reference, Signer
from generator.reading.parse import parse
from generator.reading.repair import repair_text

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

def run(text: str, source: str = "test.txt") -> Dispatch:
    return parse(Dispatch(source=source, sha256="0" * 64, raw_text=text, lines=tuple(repair_text(text))))


def seed(prefix: str) -> Dispatch:
    path = next(CORPUS.glob(f"{prefix}_*.txt"))
    return run(path.read_text(encoding="utf-8"), path.name)


BHXH = "Bảo hiểm xã hội Việt Nam"
TGD = "Tổng Giám đốc"

# Values read by a person from each seed.
EXPECTED = {
    "000": dict(
        issuer=BHXH, issuer_parent="", symbol="381/BHXH-VP", number="381", type_code="",
        issuer_code="BHXH", drafting_unit="VP", doc_type="Công văn", place="Hà Nội",
        date="2021-02-17", urgency="", secrecy="",
        subject="Tập trung triển khai các nhiệm vụ công tác sau Tết Nguyên đán Tân Sửu",
        recipients=("Các đơn vị trực thuộc BHXH Việt Nam",
                    "BHXH các tỉnh, thành phố trực thuộc Trung ương"),
        distribution=(
            Addressee("Như trên"),
            Addressee(TGD, "để báo cáo"),
            Addressee("Các Phó TGĐ", "để báo cáo"),
            Addressee("Đảng ủy CQ, Công đoàn CQ, VP HĐQL"),
        ),
        filing="VT, VP",
        signer=Signer("TL.", TGD, "Chánh Văn phòng", "Chu Mạnh Sinh"),
        references=(
            Reference("287/BHXH-VP", "Công văn", "2021-02-01"),
            Reference("298/BHXH-VP", "Công văn", "2021-02-03"),
        ),
        warnings=(),
    ),
    "001": dict(
        issuer=BHXH, issuer_parent="", symbol="288/BHXH-VP", number="288", type_code="",
        issuer_code="BHXH", drafting_unit="VP", doc_type="Công văn", place="Hà Nội",
        date="2024-01-31", urgency="", secrecy="",
        subject="Phục vụ Nhân dân, người lao động, người sử dụng lao động trong dịp "
                "Tết Nguyên đán Giáp Thìn 2024",
        recipients=("Thủ trưởng các đơn vị trực thuộc BHXH Việt Nam",
                    "Giám đốc BHXH các tỉnh, thành phố trực thuộc Trung ương"),
        distribution=(
            Addressee("Thủ tướng Chính phủ", "để báo cáo"),
            Addressee("Phó TTg Lê Minh Khái", "để báo cáo"),
            Addressee("Chủ tịch Hội đồng quản lý BHXH", "để báo cáo"),
            Addressee("Văn phòng Chính phủ"),
            Addressee("Các Phó Tổng Giám đốc"),
            Addressee("Các đơn vị trực thuộc BHXHVN"),
            Addressee("BHXH các tỉnh, TP"),
            Addressee("BHXH các quận, huyện, thị xã"),
            Addressee("VP HĐQL, VP BCS Đảng, VPĐU"),
        ),
        filing="VT, VP",
        signer=Signer("", "", TGD, "Nguyễn Thế Mạnh"),
        references=(
            Reference("26-CT/TW", "Chỉ thị", "2023-11-23", "Ban Bí thư"),
            Reference("30/CT-TTg", "Chỉ thị", "2023-12-15", "Thủ tướng Chính phủ"),
            Reference("03/CĐ-TTg", "Công điện", "2024-01-14", "Thủ tướng Chính phủ"),
            Reference("11/CĐ-TTg", "Công điện", "2024-01-30", "Thủ tướng Chính phủ"),
            Reference("4520/BHXH-VP", "Công văn", "2023-12-28", "BHXH Việt Nam"),
            Reference("01/NQ-CP", "Nghị quyết", "2024-01-05", "Chính phủ"),
            Reference("24/QĐ-BHXH", "Quyết định", "2024-01-19", "Tổng Giám đốc BHXH Việt Nam"),
            Reference("235/BHXH-TST", "Công văn", "2024-01-26", "BHXH Việt Nam"),
        ),
        warnings=(),
    ),
    "002": dict(
        issuer=BHXH, issuer_parent="", symbol="01/BHXH-TĐKT", number="01", type_code="",
        issuer_code="BHXH", drafting_unit="TĐKT", doc_type="Công văn", place="Hà Nội",
        date="2021-01-04", urgency="", secrecy="",
        subject="Phát động phong trào thi đua ngành Bảo hiểm xã hội Việt Nam năm 2021",
        recipients=(),
        distribution=(
            Addressee("Như trên"),
            Addressee("Ban TĐKT TW", "để báo cáo"),
            Addressee(TGD),
            Addressee("Các Phó TGĐ"),
            Addressee("Các đơn vị trực thuộc BHXH Việt Nam"),
            Addressee("BHXH các tỉnh, thành phố trực thuộc TW"),
            Addressee("Văn phòng HĐQL"),
            Addressee("Văn phòng Đảng ủy"),
            Addressee("Công đoàn cơ quan"),
        ),
        filing="VT, TĐKT (2b)",
        signer=Signer("", "", TGD, "Nguyễn Thế Mạnh"),
        references=(
            Reference("02/NQ-CP", "Nghị quyết", "2019-01-01", "Chính phủ"),
            Reference("10/NQ-CP", "Nghị quyết", "2018-02-03", "Chính phủ"),
            Reference("18-NQ/TW", "Nghị quyết", "2017-10-25",
                      "Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII"),
            Reference("856/QĐ-TTg", "Quyết định", "2019-07-10", "Thủ tướng Chính phủ"),
        ),
        warnings=(),
    ),
    "003": dict(
        issuer=BHXH, issuer_parent="", symbol="4346/CĐ-BHXH", number="4346", type_code="CĐ",
        issuer_code="BHXH", drafting_unit="", doc_type="Công điện", place="Hà Nội",
        date="2021-12-28", urgency="", secrecy="",
        subject="Phát triển người tham gia và đôn đốc thu, nộp bảo hiểm xã hội, "
                "bảo hiểm y tế, bảo hiểm thất nghiệp",
        recipients=("Giám đốc Bảo hiểm xã hội các tỉnh, thành phố trực thuộc Trung ương",),
        distribution=(
            Addressee("Phó TTg Lê Minh Khái", "để báo cáo"),
            Addressee("Văn phòng Chính phủ", "để báo cáo"),
            Addressee("Các Bộ: Tài chính, Lao động - TBXH, Y tế", "để báo cáo"),
            Addressee(TGD, "để báo cáo"),
            Addressee("Các Phó Tổng Giám đốc"),
            Addressee("Các đơn vị trực thuộc BHXH VN"),
            Addressee("BHXH các tỉnh, thành phố trực thuộc TW"),
        ),
        filing="VT, BT (02b)",
        signer=Signer("KT.", TGD, "Phó Tổng Giám đốc", "Trần Đình Liệu"),
        references=(
            Reference("2800/KH-BHXH", "Kế hoạch", "2021-09-09"),
            Reference("3532/KH-BHXH", "Kế hoạch", "2021-11-03"),
            Reference("861/QĐ-TTg", "Quyết định", "2021-06-04", "Thủ tướng Chính phủ"),
        ),
        warnings=(),
    ),
    "004": dict(
        issuer=BHXH, issuer_parent="", symbol="3036/BHXH-BT", number="3036", type_code="",
        issuer_code="BHXH", drafting_unit="BT", doc_type="Công văn", place="Hà Nội",
        date="2020-09-24", urgency="", secrecy="",
        subject="Tham mưu cấp ủy, chính quyền lãnh đạo, chỉ đạo tăng cường thực hiện "
                "chính sách BHXH, BHYT",
        recipients=("Bảo hiểm xã hội các tỉnh, thành phố trực thuộc Trung ương",),
        distribution=(
            Addressee("Như trên"),
            Addressee(TGD),
            Addressee("Các Phó Tổng giám đốc"),
            Addressee("Các đơn vị trực thuộc BHXH Việt Nam"),
        ),
        filing="VT, BT",
        signer=Signer("", "", TGD, "Nguyễn Thế Mạnh"),
        references=(
            Reference("21-NQ/TW", "Nghị quyết", "", "Bộ Chính trị"),
            Reference("20-NQ/TW", "Nghị quyết", "", "Ban Chấp hành Trung ương khóa XII"),
            Reference("28-NQ/TW", "Nghị quyết", "", "Ban Chấp hành Trung ương khóa XII"),
            Reference("68/2013/QH13", "Nghị quyết", "", "Quốc hội"),
            Reference("102/NQ-CP", "Nghị quyết", "", "Chính phủ"),
        ),
        warnings=(),
    ),
}
@pytest.mark.parametrize("prefix, field, expected", [
    pytest.param(prefix, name, value, id=f"{prefix}-{name}")
    for prefix, fields in EXPECTED.items() for name, value in fields.items()
])
def test_seed_field(prefix, field, expected):
    assert getattr(seed(prefix), field) == expected


@pytest.mark.parametrize("prefix, first, last", [
    ("000", "Để kịp thời triển khai", "nghiêm túc triển khai thực hiện./."),
    ("001", "Thực hiện Chỉ thị số 26-CT/TW", "túc triển khai thực hiện./."),
    ("002", "Hòa chung trong không khí", "năm 2021./."),
    ("003", "Để hoàn thành chỉ", "BHXH Việt Nam./."),
    ("004", "Trong nh", "được hướng dẫn./."),
])
def test_seed_body_text(prefix, first, last):
    body = seed(prefix).body_text
    assert body.startswith(first) and body.endswith(last)
    for chrome in ("Kính gửi", "Nơi nhận", "Tải Văn bản", "Độc lập"):
        assert chrome not in body


# ---------------------------------------------------------------- generated headers

ISSUERS = [("", "BẢO HIỂM XÃ HỘI VIỆT NAM"), ("BỘ Y TẾ", "VỤ BẢO HIỂM Y TẾ")]
UNITS = ["VP", "BT", "TĐKT", "TST", "CSXH", "GĐB"]
TYPES = ["QĐ", "CĐ", "KH", "TB", "HD", "CTr", "QyĐ", "TTr"]
PLACES = ["Hà Nội", "Thành phố Hồ Chí Minh", "Đà Nẵng", "Huế"]


def _pad(n: int, month: bool = False) -> str:
    """Days below 10 and months 1 and 2 take a leading zero (Nghị định 30/2020)."""
    return f"{n:02d}" if n < 10 and (not month or n <= 2) else str(n)


@st.composite
def broken(draw, text: str) -> list[str]:
    """`text` cut into pieces at random points, each piece on its own line."""
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(text) - 1)), max_size=3)))
    cuts = [c for c in cuts if c < len(text)]
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]


@st.composite
def headers(draw):
    number = draw(st.integers(1, 9999))
    number_text = f"{number:02d}" if number < 10 else str(number)
    if draw(st.booleans()):
        code = f"BHXH-{draw(st.sampled_from(UNITS))}"
    else:
        code = f"{draw(st.sampled_from(TYPES))}-BHXH"
    symbol = f"{number_text}/{code}"
    # up to the end of next year: a later date is a misreading (checks.date) and stays empty
    day = draw(st.dates(datetime.date(1995, 1, 1), datetime.date(datetime.date.today().year + 1, 12, 31)))
    place = draw(st.sampled_from(PLACES))
    parent, issuer = draw(st.sampled_from(ISSUERS))

    lines = [parent] if parent else []
    words = issuer.split()
    cut = draw(st.integers(1, len(words)))
    lines += [" ".join(words[:cut])] + (["  " + " ".join(words[cut:])] if words[cut:] else [])
    lines += ["-------", "CỘNG HÒA XÃ HỘI", "  CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "-----"]
    symbol_pieces = draw(broken(symbol))
    if draw(st.booleans()):
        lines += ["Số:"] + [("  " if draw(st.booleans()) and i == 0 else "") + p for i, p in enumerate(symbol_pieces)]
    else:
        lines += ["Số: " + symbol_pieces[0], *symbol_pieces[1:]]
    if code.startswith("BHXH"):
        lines += ["V/v triển khai nhiệm vụ", "  công tác năm mới"]

    place_words = place.split()
    date_tokens = [
        " ".join(place_words[:1]),
        *(["  " + " ".join(place_words[1:]) + ", ngày"] if place_words[1:] else []),
    ]
    if not place_words[1:]:
        date_tokens[0] += ", ngày"
    for label, value in (("", _pad(day.day)), ("tháng", _pad(day.month, month=True)),
                         ("năm", str(day.year))):
        if label:
            date_tokens.append(label)
        date_tokens += draw(broken(value))
    date_lines = [date_tokens[0]]
    for token in date_tokens[1:]:
        if token.startswith("  ") or draw(st.booleans()):
            date_lines.append(token)
        else:
            date_lines[-1] += " " + token
    lines += date_lines
    lines += ["Kính gửi: Bảo hiểm xã hội các tỉnh, thành phố.",
              "Đề nghị các đơn vị thực hiện nghiêm túc./.",
              "Nơi nhận:", "- Như trên;", "- Lưu: VT, VP.", "TỔNG GIÁM ĐỐC", "Nguyễn Văn An"]
    return "\n".join(lines), symbol, number_text, place, day.isoformat()


@settings(max_examples=300, deadline=None)
@given(headers())
def test_broken_header_recovers_symbol_and_date(header):
    text, symbol, number, place, date = header
    d = run(text)
    assert (d.symbol, d.number, d.date, d.place) == (symbol, number, date, place)
    assert d.recipients == ("Bảo hiểm xã hội các tỉnh, thành phố",)
    assert d.signer == Signer("", "", TGD, "Nguyễn Văn An")


# ---------------------------------------------------------------- edge cases

@pytest.mark.parametrize("text", ["", "Tải Văn bản gốc\nTải Văn bản tiếng Việt", "----\n12/3\n./."])
def test_no_readable_text_is_rejected(text):
    with pytest.raises(InputError) as info:
        run(text, "bad.txt")
    assert info.value.source == "bad.txt"


def test_missing_symbol_and_date_give_warnings():
    d = run("Đề nghị các đơn vị thực hiện nghiêm túc chỉ đạo của Tổng Giám đốc./.")
    assert (d.symbol, d.date) == ("", "")
    assert "no symbol found" in d.warnings and "no date found" in d.warnings
    assert d.body_text == "Đề nghị các đơn vị thực hiện nghiêm túc chỉ đạo của Tổng Giám đốc./."


def test_marks_inline_recipient_and_other_authorities():
    d = run("BẢO HIỂM XÃ HỘI VIỆT NAM\nHỎA TỐC\nMẬT\nSố: 12/BHXH-CSXH\n"
            "V/v chi trả lương hưu\nHà Nội, ngày 5 tháng 3 năm 2022\n"
            "Kính gửi: Bảo hiểm xã hội Thành phố Hồ Chí Minh.\nĐề nghị thực hiện./.\n"
            "Nơi nhận:\n- Như trên;\n- Vụ Pháp chế (để t/h);\n- Lưu: VT, CSXH (3b).\n"
            "Q. TỔNG GIÁM ĐỐC\nNguyễn Văn Bình")
    assert (d.urgency, d.secrecy, d.date) == ("Hỏa tốc", "Mật", "2022-03-05")
    assert d.recipients == ("Bảo hiểm xã hội Thành phố Hồ Chí Minh",)
    assert d.distribution[1] == Addressee("Vụ Pháp chế", "để thực hiện")
    assert d.filing == "VT, CSXH (3b)"
    assert d.signer == Signer("Q.", TGD, "", "Nguyễn Văn Bình")


def test_issuer_with_parent():
    d = run("BỘ Y TẾ\nBẢO HIỂM XÃ HỘI TỈNH HÀ NAM\nSố: 7/BHXH-VP\nHà Nam, ngày 09 tháng 11 năm 2022\nNội dung./.")
    assert (d.issuer_parent, d.issuer, d.number) == ("Bộ Y tế", "Bảo hiểm xã hội tỉnh Hà Nam", "7")


def test_own_symbol_and_repeated_citations():
    d = run("Số: 5/BHXH-VP\nHà Nội, ngày 01 tháng 02 năm 2023\nThay thế Công văn số 5/BHXH-VP; "
            "theo Quyết định số 9/QĐ-BHXH và Quyết định số 9/QĐ-BHXH ngày 02/01/2023 "
            "của Tổng Giám đốc./.")
    assert d.references == (Reference("9/QĐ-BHXH", "Quyết định", "2023-01-02", "Tổng Giám đốc"),)


@pytest.mark.parametrize("raw, expected", [
    ("PHÁT ĐỘNG PHONG TRÀO THI ĐUA NĂM 2021 CỦA BHXH VIỆT NAM", "Phát động phong trào thi đua năm 2021 của BHXH Việt Nam"),
    ("ĐÓN TẾT NGUYÊN ĐÁN GIÁP THÌN", "Đón Tết Nguyên đán Giáp Thìn"),
    ("tăng cường phòng chống Covid-19", "Tăng cường phòng chống Covid-19"),
    # "BHYT" has a Y but is no syllable; "Y" alone is one ("y tế").
    ("VỀ VIỆC KIỂM SOÁT CHI PHÍ KHÁM BỆNH, CHỮA BỆNH BHYT TẠI CƠ SỞ Y TẾ",
     "Về việc kiểm soát chi phí khám bệnh, chữa bệnh BHYT tại cơ sở y tế"),
    ("HƯỚNG DẪN THU BHXH, BHYT, BHTN NĂM 2022", "Hướng dẫn thu BHXH, BHYT, BHTN năm 2022"),
])
def test_sentence_case(raw, expected):
    assert sentence_case(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("VỤ TRƯỞNG VỤ PHÁP CHẾ", "Vụ trưởng Vụ Pháp chế"),
    ("GIÁM ĐỐC TRUNG TÂM GIÁM ĐỊNH BHYT VÀ THANH TOÁN ĐA TUYẾN",
     "Giám đốc Trung tâm Giám định BHYT và Thanh toán đa tuyến"),
    ("TRƯỞNG BAN THỰC HIỆN CHÍNH SÁCH BHXH", "Trưởng Ban Thực hiện chính sách BHXH"),
    ("PHÓ TỔNG GIÁM ĐỐC", "Phó Tổng Giám đốc"),
])
def test_positions_name_registered_units_as_the_registry_writes_them(raw, expected):
    assert name_case(raw) == expected


def test_parse_fills_blocks_from_the_body():
    blocks = seed("003").blocks
    assert [b.marker for b in blocks if b.kind == "item"] == ["1.", "2.", "3.", "4.", "5."]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_one_block_per_body_paragraph(prefix):
    """pages.write writes the body from the blocks alone, so they must hold every paragraph."""
    d = seed(prefix)
    assert len(d.blocks) == len(d.body_text.split("\n\n"))
    for block, paragraph in zip(d.blocks, d.body_text.split("\n\n")):
        assert paragraph.endswith(block.text)
