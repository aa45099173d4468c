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
from functools import lru_cache

from generator.language.casing import is_caps
from generator.language.syllable import is_syllable
from generator.language.folding import fold
from generator.reading.references import type_names
from generator.tables import load_table, per_project

_MOTTO_WORDS = frozenset("cong hoa xa hoi chu nghia viet nam doc lap tu do hanh phuc".split())
_MOTTO_MARKS = frozenset("cong hoa chu nghia doc lap hanh phuc".split())
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
    words: dict[str, str]
    misreadings: dict[str, str]
    openers: tuple[str, ...]


@per_project()
def _vocabulary() -> _Vocabulary:
    signing, issuers = load_table("signing"), load_table("issuers")
    heads = sorted([*signing["titles"], *signing["bodies"]], key=len, reverse=True)
    return _Vocabulary(
        re.compile(rf"^(?P<type>{'|'.join(re.escape(fold(t)) for t in type_names())})(?!\w)(?P<colon>\s*:)?"),
        re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(fold(t)) for t in heads)})(?!\w)"),
        re.compile(rf"^(?:{'|'.join(re.escape(fold(w)) for w in issuers['level_starts'])})(?!\w)"),
        {fold(w): w for w in issuers["words"]}, issuers["misreadings"],
        (*load_table("layout")["body_openers"], *_LABELS))


@lru_cache(maxsize=4096)
def is_motto(line: str) -> bool:
    """The national motto or its tagline (Quốc hiệu, Tiêu ngữ), whole or in part, OCR included."""
    words = re.findall(r"[a-z]+", fold(line))
    return len(words) >= 2 and set(words) <= _MOTTO_WORDS and bool(_MOTTO_MARKS & set(words))


def type_line(line: str) -> tuple[str, str] | None:
    """("Quyết định", rest of the line) for a line opening with a type name in capitals
    ("QUYẾT ĐỊNH", "NGHỊ ĐỊNH Quy định …"); None otherwise, and for "QUYẾT ĐỊNH:" (the body)."""
    m = _vocabulary().type_line.match(fold(line))
    if not m or m["colon"] or not is_caps(line[:m.end()]):
        return None
    name = next(t for t in type_names() if fold(t) == m["type"])
    return name, line[m.end():].strip()


def authority_start(text: str, issuer: str) -> int | None:
    """Where the authority line of a decision begins at the end of `text` ("… TỔNG GIÁM ĐỐC
    BẢO HIỂM XÃ HỘI VIỆT NAM"): a title or body followed by the issuer's name, or a prefix of
    it ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"), or nothing. None when `text` does not end so."""
    folded, issuer_f = fold(text), " ".join(fold(issuer).split())
    for m in _vocabulary().head.finditer(folded):
        rest = " ".join(folded[m.end():].split())
        head = " ".join(folded[m.start():].split())
        if not is_caps(text[m.start():]):
            continue
        if rest == "" and m.start() == 0 or rest and issuer_f.startswith(rest) or head == issuer_f:
            return m.start()
    return None


def issuer_levels(lines: list[str]) -> tuple[str, str]:
    """(parent, issuer) of the issuer cell: "BỘ TÀI CHÍNH / TỔNG CỤC THUẾ" has two levels,
    "ỦY BAN NHÂN DÂN / TỈNH NGHỆ AN" is one name wrapped."""
    lines = [fix_words(l) for k, l in enumerate(lines) if l.strip() and (k == 0 or reads_as_words(l))]
    if not lines:
        return "", ""
    for k in range(len(lines) - 1, 0, -1):
        if _vocabulary().level_start.match(fold(lines[k])):
            return " ".join(lines[:k]), " ".join(lines[k:])
    return "", " ".join(lines)


def reads_as_words(line: str) -> bool:
    """A line whose words are Vietnamese syllables or short abbreviations (80 % of them), not
    OCR junk from a stamp ("VĂN PHÔ COMPFAGBHXH-BT", "co THONG TN meat TỦ cH PHÙ")."""
    words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*|\S*\d\S*", line)
    good = [w for w in words if is_syllable(w.lower()) or w.isupper() and len(w) <= 5 and w.isalpha()]
    return bool(words) and len(good) >= 0.8 * len(words)


def fix_words(line: str) -> str:
    """Header words whose marks OCR lost ("TINH" → "TỈNH") or misread ("TỎNG" → "TỔNG"),
    spelled as site_config/issuers.yml has them; words in capitals only."""
    def fix(m: re.Match) -> str:
        word = m.group()
        if not word.isupper():
            return word
        if word in _vocabulary().misreadings:
            return _vocabulary().misreadings[word]
        return _vocabulary().words.get(fold(word), word) if word.isascii() else word
    return re.sub(r"\w+", fix, line)


def opens_body(line: str, openers: bool = True) -> bool:
    """A line whose shape opens the body: a numbered or lettered item, a heading, a bullet, an
    article, a long sentence, a label, and with `openers` a phrase bodies open with ("Thực
    hiện", "Căn cứ"…; without it only _LABELS: a subject may start "Triển khai")."""
    text = line.strip()
    starts = _vocabulary().openers if openers else _LABELS
    return bool(_OPENS_BODY.match(text)) or text.startswith(starts) or len(text) > 250 or text.endswith((":", "."))
