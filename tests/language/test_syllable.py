"""The syllable grammar accepts Vietnamese syllables and rejects scraper fragments."""

import pytest

from generator.language.syllable import is_syllable, is_well_cased, split_tone


@pytest.mark.parametrize("word", [
    "trong", "đổi", "lương", "còn", "người", "được", "quyết", "quyền", "khuya", "gì", "gìn",
    "giữa", "hoá", "hóa", "thuở", "nguyễn", "khoẻ", "hoặc", "ngoài", "nghiêm", "kiến", "yêu",
    "ưu", "ý", "huỳnh", "khuỷu", "BẢO", "HIỂM", "Việt", "thắng", "tỉnh", "ích", "Ủy",
])
def test_accepts_syllables(word):
    assert is_syllable(word)


@pytest.mark.parametrize("fragment", [
    "tr", "ng", "đ", "nh", "ơng", "BHXH", "BHX", "VT", "kan", "ciến", "ngiên", "ghan",
    "thưc",   # stop coda c with ngang tone
    "tôt",    # stop coda t with ngang tone
    "bàc",    # stop coda c with huyền tone
    "chứcthực", "Giámđốc", "xãhội", "ưươ", "gii", "2021",
])
def test_rejects_fragments_and_fusions(fragment):
    assert not is_syllable(fragment)


def test_two_tone_marks_are_not_one_syllable():
    assert split_tone("đềán") is None
    assert not is_syllable("đềán")


def test_split_tone_names_the_tone():
    assert split_tone("thưởng") == ("thương", "hỏi")
    assert split_tone("cấp") == ("câp", "sắc")


def test_case():
    assert is_well_cased("Trong") and is_well_cased("TRONG") and is_well_cased("trong")
    assert not is_well_cased("nhỮng")
