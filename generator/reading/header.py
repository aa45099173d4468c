"""The header's grammar (Nghị định 30/2020, Phụ lục I): pieces the parse stage asks about.

Each function judges one logical line or one run of text, on folded text where OCR may
have lost the marks: the national motto and tagline, the type line ("QUYẾT ĐỊNH …"), the
authority line of a decision ("TỔNG GIÁM ĐỐC BẢO HIỂM XÃ HỘI VIỆT NAM"), the two levels of
an issuer, and whether a line opens the body. Vocabularies: site_config/doc_types.yml,
signing.yml (titles and bodies), issuers.yml (organisation words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.language import vocabulary
from generator.language.casing import is_caps
from generator.language.folding import fold
from generator.language.syllable import is_syllable
from generator.reading.references import type_names
from generator.tables import load_table, per_project

_OPENS_BODY = re.compile(
    r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*[.)]|[a-zđ]\)|[-–+•]|Điều\s+\d+|Chương\s+[IVXLC\d]+|Phần\s+[IVXLC\d]+)(?:\s|$)")
_LABELS = ("Căn cứ", "Kính gửi", "Nơi nhận")
"""Words that open the body whatever came before: a decision's grounds, the addressee, the list."""


@dataclass(frozen=True)
class _Vocabulary:
    """What the header reads from site_config/doc_types.yml, signing.yml, issuers.yml and layout.yml."""

    type_line: re.Pattern
    head: re.Pattern
    level_start: re.Pattern
    openers: tuple[str, ...]


@per_project()
def _vocabulary() -> _Vocabulary:
    signing, issuers = load_table("signing"), load_table("issuers")
    heads = sorted([*signing["titles"], *signing["bodies"]], key=len, reverse=True)
    return _Vocabulary(
        re.compile(rf"^(?P<type>{'|'.join(re.escape(fold(t)) for t in type_names())})(?!\w)(?P<colon>\s*:)?"),
        re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(fold(t)) for t in heads)})(?!\w)"),
        re.compile(rf"^(?:{'|'.join(re.escape(fold(w)) for w in issuers['level_starts'])})(?!\w)"),
        (*load_table("layout")["body_openers"], *_LABELS))


HEADINGS = ("motto", "tagline", "party")
"""The fixed headings of a header's right cell: Quốc hiệu, Tiêu ngữ, or the Party's heading."""


@per_project(maxsize=4096)
def is_motto(line: str) -> bool:
    """A line made of the national motto, its tagline or the Party's heading (ĐẢNG CỘNG SẢN
    VIỆT NAM), whole or run together, OCR's damage included (vocabulary.py)."""
    words = re.findall(r"[a-z]+", fold(line))
    if len(words) >= 2 and set(words) <= _heading_words()[0] and _heading_words()[1] & set(words):
        return True  # a part of one on its line ("CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM")
    found = vocabulary.find(HEADINGS, line)
    return bool(found) and not re.search(r"\w", _without(line, found))


@per_project(maxsize=1)
def _heading_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words of the headings, and those of them no issuer's name holds."""
    words = {w for p in vocabulary.phrases(HEADINGS) for w in p.words}
    return frozenset(words), frozenset(words - {"viet", "nam", "xa", "hoi", "dang", "tu", "do"})


def is_party(line: str) -> bool:
    """A line holding the Party's heading (ĐẢNG CỘNG SẢN VIỆT NAM)."""
    return any(hit.phrase.kind == "party" for hit in vocabulary.find(("party",), line))


def _without(text: str, found) -> str:
    """`text` less the spans `found` (vocabulary.Found)."""
    for hit in reversed(found):
        text = text[:hit.start] + " " + text[hit.end:]
    return text


def strip_headings(line: str) -> str:
    """`line` less any motto, tagline or Party heading run onto it ("BẢO HIỂM XÃ HỘI VIỆT NAM
    CONG HOA XA HOI CHU NGHIA VIET NAM" → "BẢO HIỂM XÃ HỘI VIỆT NAM")."""
    found = vocabulary.find(HEADINGS, line)
    return " ".join(_without(line, found).split()) if found else line


def type_line(line: str) -> tuple[str, str] | None:
    """("Quyết định", rest of the line) for a line opening with a type name in capitals
    ("QUYẾT ĐỊNH", "NGHỊ ĐỊNH Quy định …"); None otherwise, and for "QUYẾT ĐỊNH:" (the body)."""
    m = _vocabulary().type_line.match(fold(line))
    if m and not m["colon"] and is_caps(line[:m.end()]):
        name = next(t for t in type_names() if fold(t) == m["type"])
        return name, line[m.end():].strip()
    hit = vocabulary.find(("types",), line[:40])
    if m or not hit or hit[0].start or not is_caps(line[:hit[0].end]) or line[hit[0].end:].lstrip()[:1] == ":":
        return None  # a misread type name ("QUYET DINH", "THONG BAO") only as a line's start
    name = next(t for t in type_names() if t.upper() == hit[0].phrase.canonical)
    return name, line[hit[0].end:].strip()


def authority_start(text: str, issuer: str) -> int | None:
    """Where the authority line of a decision begins at the end of `text` ("… TỔNG GIÁM ĐỐC
    BẢO HIỂM XÃ HỘI VIỆT NAM"): a title or body followed by the issuer's name, or a prefix of
    it ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"), or nothing; with no issuer read, any agency's or
    place's name ("ỦY BAN NHÂN DÂN TỈNH TÂY NINH") or a collective body ("THỦ TƯỚNG CHÍNH
    PHỦ"). None when `text` does not end so."""
    folded, issuer_f = fold(text), " ".join(fold(issuer).split())
    for m in _vocabulary().head.finditer(folded):
        rest = " ".join(folded[m.end():].split())
        head = " ".join(folded[m.start():].split())
        if not is_caps(text[m.start():]):
            continue
        if rest == "" and m.start() == 0 or rest and issuer_f.startswith(rest) or head == issuer_f:
            return m.start()
        if not issuer_f and 0 < len(rest.split()) <= 6 and (_vocabulary().level_start.match(rest) or _names_a_place(rest)
                                                            or _vocabulary().head.fullmatch(rest)):
            return m.start()  # no issuer read (a header the converter dropped): a title, then a name or body
    return None


def _names_a_place(folded: str) -> bool:
    """`folded` opens with a place word and a name ("tinh tay ninh", "thanh pho ha noi")."""
    words = sorted((fold(w) for w in load_table("casing")["place_words"]), key=len, reverse=True)
    return any(folded.startswith(w + " ") for w in words)


def issuer_levels(lines: list[str]) -> tuple[str, str]:
    """(parent, issuer) of the issuer cell: "BỘ TÀI CHÍNH / TỔNG CỤC THUẾ" has two levels,
    "ỦY BAN NHÂN DÂN / TỈNH NGHỆ AN" is one name wrapped."""
    lines = _cell_lines(lines)
    if not lines:
        return "", ""
    for k in range(len(lines) - 1, 0, -1):
        if _vocabulary().level_start.match(fold(lines[k])):
            return " ".join(lines[:k]), " ".join(lines[k:])
    return _inner_levels(" ".join(lines))


def _cell_lines(lines: list[str]) -> list[str]:
    """The issuer cell's lines that read as words (the first always), issuer words restored."""
    return [fix_words(l) for k, l in enumerate(lines) if l.strip() and (k == 0 or reads_as_words(l))]


_DASH = re.compile(r"\s+[-–—]\s+")


def joint_issuers(lines: list[str], joint: bool = False) -> list[str]:
    """The names of the issuers of a joint document, from its issuer cell: two agencies'
    names on one line with a dash between ("BẢO HIỂM XÃ HỘI TỈNH NAM ĐỊNH - CỤC THUẾ TỈNH NAM
    ĐỊNH"), each opening with an agency's kind; under a `joint` symbol ("05/QCPH-BHXH-CT")
    also each line that opens with one ("… TỈNH THÁI BÌNH" / "LIÊN ĐOÀN LAO ĐỘNG …"), which
    otherwise would be a parent and its unit. [] when the cell names one issuer ("BỘ LAO
    ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI": no kind after the dash)."""
    names: list[str] = []
    for line in _cell_lines(lines):
        for k, piece in enumerate(_DASH.split(line)):
            kind = _vocabulary().level_start.match(fold(piece))
            if names and kind and (joint or k and _vocabulary().level_start.match(fold(names[-1]))):
                names.append(piece)
            elif names:
                names[-1] += (" - " if k else " ") + piece
            else:
                names.append(piece)
    return names if len(names) > 1 else []


def _inner_levels(text: str) -> tuple[str, str]:
    """(parent, issuer) of two levels run onto one line ("BỘ TÀI CHÍNH TỔNG CỤC HẢI QUAN"):
    cut before the last body's kind that has a name after it, when a kind and a name stand
    before it ("ĐẢNG ỦY BẢO HIỂM XÃ HỘI VIỆT NAM" and "VIỆN KHOA HỌC BẢO HIỂM XÃ HỘI" are one)."""
    folded = fold(text)
    for m in re.finditer(r"(?<=\s)\w", folded):
        start = _vocabulary().level_start.match(folded[m.start():])
        before = folded[:m.start()].strip()
        if start and folded[m.start() + start.end():].strip() and (head := _vocabulary().level_start.match(before)) \
                and before[head.end():].strip() and not before.endswith(("-", "–")):
            return text[:m.start()].strip(), text[m.start():].strip()
    return "", text


def reads_as_words(line: str, share: float = 0.8) -> bool:
    """A line whose words are Vietnamese syllables or short abbreviations (`share` of them),
    not OCR junk from a stamp ("VĂN PHÔ COMPFAGBHXH-BT", "co THONG TN meat TỦ cH PHÙ")."""
    words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*|\S*\d\S*", line)
    good = [w for w in words if all(map(_is_word, w.split("-")))]
    return bool(words) and len(good) >= share * len(words)


def _is_word(word: str) -> bool:
    """A Vietnamese syllable, or an abbreviation in capitals ("BHXH", "UBND")."""
    return is_syllable(word.lower()) or word.isupper() and len(word) <= 5 and word.isalpha()


ISSUER_PHRASES = ("issuer_words", "bodies", "types")
"""Fixed phrases an issuer's name may hold: its words, bodies, and a type's name ("BỘ KẾ HOẠCH VÀ ĐẦU TƯ")."""


def fix_words(line: str) -> str:
    """Issuer words whose marks OCR lost ("BAO HIEM XA HOI", "TINH" in a line without marks)
    or misread ("TỎNG"), spelled as site_config/issuers.yml has them (vocabulary.restore)."""
    return vocabulary.restore(line, ISSUER_PHRASES)


def opens_body_by_shape(line: str) -> bool:
    """A line whose shape alone opens the body, in capitals or not: a numbered or lettered
    item, a Roman heading, an article, a chapter, a label ("Căn cứ", "Kính gửi")."""
    text = line.strip()
    return bool(_OPENS_BODY.match(text)) and not text.startswith(("-", "–", "+")) or text.startswith(_LABELS)


_LABEL_INSIDE = re.compile(rf"(?<=[^\W\d_])\s+(?=(?:{'|'.join(_LABELS)})\b)")


def cut_at_label(line: str) -> list[str]:
    """A sentence-case line cut before a label that opens the body, run onto it by a
    converter ("… giáo dục nghề nghiệp Căn cứ Bộ luật Lao động …"): the labels are never
    capitalised inside a subject."""
    m = _LABEL_INSIDE.search(line)
    return [line[:m.start()], line[m.end():]] if m else [line]


def opens_body(line: str, openers: bool = True, longest: int = 250) -> bool:
    """A line whose shape opens the body: a numbered or lettered item, a heading, a bullet, an
    article, a sentence longer than `longest` characters, a label, and with `openers` a phrase
    bodies open with ("Thực hiện", "Căn cứ"…; without it only _LABELS: a subject may start
    "Triển khai")."""
    text = line.strip()
    starts = _vocabulary().openers if openers else _LABELS
    return bool(_OPENS_BODY.match(text)) or text.startswith(starts) or len(text) > longest or text.endswith((":", "."))


CHAIN = ("titles", "bodies")
HEADING_MAX = 80
"""A raw line longer than this does not open with the motto, its tagline or the Party's heading."""


def label_of(text: str) -> str:
    """The label `text` opens with before its colon ("Kính gửi", OCR's "Kinh gui:"), or ""."""
    found = vocabulary.label(text) if ":" in text[:12] or text[:2] == "Số" else None
    return found[0] if found else ""


def opens_own_line(line: str) -> bool:
    """A raw line that opens with a fixed phrase standing on its own line, whatever OCR did to
    it (vocabulary.py): the motto, its tagline, the Party's heading, a label before its colon
    ("Noi nhan:", "S6:"), a Party header's star, or a title in capitals ("PHO TONG GIAM DOC")."""
    if line == "*" or label_of(line):
        return True
    first = _first_word(line)
    if len(line) < HEADING_MAX and _may_open(HEADINGS, first) and vocabulary.opens(HEADINGS, line):
        return True
    return _may_open(CHAIN, first) and is_caps(line[:40]) and bool(vocabulary.opens(CHAIN, line))


def ends_chain(prev: str, line: str) -> bool:
    """A title line of a signature chain in capitals ("PHO TONG GIAM DOC") followed by a
    line that does not continue it (the name, "Đinh Văn Lượng"): the title ends there."""
    return len(prev) < 60 and line[:1].isupper() and _may_open(CHAIN, _first_word(prev)) \
        and is_caps(prev) and not is_caps(line[:20]) and bool(vocabulary.opens(CHAIN, prev))


_FIRST_WORD = re.compile(r"\W{0,2}([^\W_]*)")


def _first_word(line: str) -> str:
    return _FIRST_WORD.match(line)[1]


@per_project(maxsize=65536)
def _may_open(kinds: tuple[str, ...], word: str) -> bool:
    """True when a phrase of `kinds` may start with `word`, printed in the phrase's case
    ("CỘNG", "Độc"; not "Công" of "Công văn"): most words, no."""
    return bool(word) and any(word.isupper() or not p.canonical.split()[0].isupper() and word[0].isupper()
                              for p in vocabulary.candidates(kinds, word))
