"""The unit registry: every spelling of a unit gives one canonical name; sentences name assignees."""

from __future__ import annotations

import unicodedata

import pytest

from generator.language.folding import fold
from generator.language.units import registry
from generator.model import Addressee, DispatchMeta
from generator.tables import load_table

PROVINCES = "Bảo hiểm xã hội các tỉnh, thành phố trực thuộc Trung ương"
SUBORDINATES = "Các đơn vị trực thuộc Bảo hiểm xã hội Việt Nam"


@pytest.mark.parametrize("spelling", [
    "BHXH các tỉnh, TP",
    "BHXH các tỉnh, thành phố trực thuộc TW",
    "BHXH tỉnh, thành phố trực thuộc Trung ương",
    "Bảo hiểm xã hội các tỉnh, thành phố trực thuộc Trung ương",
    "Giám đốc BHXH các tỉnh, thành phố trực thuộc Trung ương",
    "Giám đốc Bảo hiểm xã hội các tỉnh, thành phố trực thuộc Trung ương",
    "BẢO HIỂM XÃ HỘI CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG",
    "bao hiem xa hoi cac tinh, thanh pho truc thuoc trung uong",
    "BHXH các tỉnh,thành phố trực thuộc TƯ;",
])
def test_every_spelling_of_the_provinces_is_one_unit(spelling):
    for form in (spelling, unicodedata.normalize("NFD", spelling)):
        assert [u.name for u in registry().match(form)] == [PROVINCES], form


@pytest.mark.parametrize("spelling", [
    "Các đơn vị trực thuộc BHXH Việt Nam",
    "Thủ trưởng các đơn vị trực thuộc BHXH Việt Nam",
    "Các đơn vị trực thuộc BHXHVN",
    "Các đơn vị trực thuộc BHXH VN",
    "các đơn vị trực thuộc",
])
def test_subordinate_units_with_or_without_title(spelling):
    assert [u.name for u in registry().match(spelling)] == [SUBORDINATES]


def test_abbreviations_expand_word_by_word():
    units = registry()
    assert units.find("Các Phó TGĐ").name == "Các Phó Tổng Giám đốc Bảo hiểm xã hội Việt Nam"
    assert units.find("VP HĐQL") == units.find("Văn phòng Hội đồng quản lý Bảo hiểm xã hội Việt Nam")
    assert units.find("Ban TĐKT TW").name == "Ban Thi đua - Khen thưởng Trung ương"


def test_an_entry_listing_several_units_gives_each_of_them():
    names = [u.short for u in registry().match("Đảng ủy CQ, Công đoàn CQ, VP HĐQL")]
    assert names == ["Đảng ủy cơ quan", "Công đoàn cơ quan", "VP HĐQL"]


def test_an_entry_with_an_unknown_part_is_unmatched_whole():
    assert registry().match("VP HĐQL, Sở Y tế Hà Nội") == ()
    assert registry().match("Các Bộ: Tài chính, Nội vụ") == ()
    assert not registry().is_unit_entry("Như trên")


def test_units_of_one_kind_listed_after_it_are_each_matched():
    # seed 003 (4346/CĐ-BHXH): "- Các Bộ: Tài chính, Lao động - TBXH, Y tế (để b/c);"
    names = [u.name for u in registry().match("Các Bộ: Tài chính, Lao động - TBXH, Y tế")]
    assert names == ["Bộ Tài chính", "Bộ Lao động - Thương binh và Xã hội", "Bộ Y tế"]
    assert [u.name for u in registry().match("Các Bộ: Y tế")] == ["Bộ Y tế"]


def test_registry_table_has_no_spelling_shared_by_two_units_and_unique_slugs():
    units = registry()
    for entry in load_table("units")["units"]:
        for spelling in (entry["name"], *entry.get("aliases", ())):
            assert units.find(spelling).name == entry["name"], spelling
    slugs = [u.slug for u in units.units]
    assert len(slugs) == len(set(slugs))


@pytest.mark.parametrize("sentence, expected", [
    ("Tổng Giám đốc BHXH Việt Nam yêu cầu Giám đốc BHXH các tỉnh, thành phố trực thuộc Trung ương "
     "triển khai thực hiện", [PROVINCES]),
    ("Các đơn vị trực thuộc, BHXH các tỉnh căn cứ theo chức năng, nhiệm vụ; kịp thời báo cáo về "
     "Văn phòng BHXH Việt Nam", [SUBORDINATES, PROVINCES]),
    ("Thủ trưởng các đơn vị trực thuộc, Giám đốc BHXH các tỉnh rà soát đối với công chức",
     [SUBORDINATES, PROVINCES]),
    ("Phối hợp, hướng dẫn BHXH các tỉnh, các cơ quan có thẩm quyền thực hiện tốt", []),
    ("Theo dõi, đôn đốc việc thực hiện nhiệm vụ của các đơn vị trực thuộc, BHXH các tỉnh", []),
])
def test_assignees_are_the_units_named_as_subject(sentence, expected):
    assert [u.name for u in registry().assignees(sentence)] == expected


OFFICE = "Văn phòng Bảo hiểm xã hội Việt Nam"
EMULATION = "Ban Thi đua - Khen thưởng Bảo hiểm xã hội Việt Nam"


@pytest.mark.parametrize("typed, name", [
    ("vp", OFFICE), ("VP", OFFICE), ("Văn phòng", OFFICE), ("van phong", OFFICE), (" VĂN PHÒNG ", OFFICE),
    ("Van phong Bao hiem xa hoi Viet Nam", OFFICE),
    ("TĐKT", EMULATION), ("TDKT", EMULATION), ("tđkt", EMULATION), ("Ban Thi đua - Khen thưởng", EMULATION),
    ("ban thi dua khen thuong", EMULATION), ("Ban Thi dua - Khen thuong Bao hiem xa hoi Viet Nam", EMULATION),
    ("bt", "Ban Quản lý Thu - Sổ, Thẻ"), ("TST", "Ban Quản lý Thu - Sổ, Thẻ"),
])
def test_a_typed_unit_is_found_by_any_spelling_of_name_short_name_or_code(typed, name):
    assert registry().lookup(typed).name == name
    assert registry().lookup(unicodedata.normalize("NFD", typed)).name == name


def test_every_registered_spelling_looks_up_its_own_unit_and_nonsense_none():
    units = registry()
    for entry in load_table("units")["units"]:
        codes = entry.get("code", [])
        spellings = (entry["name"], *entry.get("aliases", ()), entry.get("short", entry["name"]),
                     *([codes] if isinstance(codes, str) else codes))
        for spelling in spellings:
            for form in (spelling, fold(spelling), spelling.upper(), spelling.lower()):
                assert units.lookup(form).name == entry["name"], form
    assert units.lookup("Sở Y tế Hà Nội") is None and units.lookup("XYZ") is None and units.lookup("") is None


def test_code_name_is_the_registered_name_or_empty():
    assert registry().code_name("VP") == OFFICE and registry().code_name("TĐKT") == EMULATION
    assert registry().code_name("KTTH") == "" and registry().code_name("") == ""


def test_addressees_match_kinh_gui_and_noi_nhan_once_each_with_purposes_and_unmatched():
    d = DispatchMeta(source="x.txt", sha256="0" * 64,
                     recipients=("BHXH các tỉnh, TP", "Sở Y tế Hà Nội", "VP HĐQL, Công đoàn CQ"),
                     distribution=(Addressee("Như trên"), Addressee("Tổng Giám đốc", "để báo cáo"),
                                   Addressee("BHXH tỉnh", "để thực hiện"), Addressee("Sở Nội vụ"),
                                   Addressee("TGĐ", "để biết")))
    sent = registry().addressees(d)
    assert [u.short for u in sent.recipients] == ["BHXH các tỉnh", "VP HĐQL", "Công đoàn cơ quan"]
    assert {u.short: why for u, why in sent.distribution.items()} == {"Tổng Giám đốc": "để biết"}
    assert sent.unmatched == (("Sở Y tế Hà Nội", "Kính gửi"), ("Sở Nội vụ", "Nơi nhận"))
    assert [(entry, u.short) for entry, u in sent.links] == [
        ("BHXH các tỉnh, TP", "BHXH các tỉnh"), ("Tổng Giám đốc", "Tổng Giám đốc"), ("BHXH tỉnh", "BHXH các tỉnh"),
        ("TGĐ", "Tổng Giám đốc")]
