"""The unit registry: every spelling of a unit gives one canonical name; sentences name assignees."""

from __future__ import annotations

import unicodedata

import pytest

from generator.language.units import registry
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
