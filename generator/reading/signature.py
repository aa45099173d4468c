"""Signature blocks: thẩm quyền ký, chức vụ and họ tên (Nghị định 30/2020, Phụ lục I).

`find_blocks(lines, start)` finds the blocks in a dispatch's logical lines: a personal name
under a chain of authority and position lines, on several lines or run onto one
("KT. TỔNG GIÁM ĐỐC PHÓ TỔNG GIÁM ĐỐC Trần Văn Bình"). `read_signer(block)` reads one
block into a `Signer`: the outermost authority (TM. over KT., TL. over KT.), the office it
acts for, the signer's own position (the title line above the name) and the name.
Vocabularies (authority prefixes, titles, collective bodies, unit words) are
site_config/signing.yml; titles are matched on folded text, so OCR that lost the marks
("TONG GIÁM DOC") still reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.language import vocabulary
from generator.language.casing import is_caps, name_case
from generator.language.folding import fold
from generator.model import Signer
from generator.tables import load_table, per_project


@dataclass(frozen=True)
class _Signing:
    """The signing table (site_config/signing.yml) as the signature block reads it."""

    spellings: dict[str, str]
    authority: re.Pattern
    title: re.Pattern
    body: re.Pattern
    unit_words: frozenset[str]
    authority_spellings: dict[str, str]


@per_project()
def _signing() -> _Signing:
    table = load_table("signing")
    spellings = {**{a: a for a in table["authorities"]}, **table["authority_spellings"]}
    authorities = "|".join(re.escape(a.rstrip(".")) for a in sorted(spellings, key=len, reverse=True))
    titles = "|".join(re.escape(fold(t)) for t in sorted(table["titles"], key=len, reverse=True))
    bodies = "|".join(re.escape(fold(b)) for b in sorted(table["bodies"], key=len, reverse=True))
    return _Signing(
        spellings, re.compile(rf"(?:^|(?<=\s))(?P<auth>{authorities})\s*\.?(?=\s|$)"),
        re.compile(rf"(?<!\w)(?:pho\s+)?(?:{titles})(?!\w)"), re.compile(rf"^(?:{bodies})(?!\w)"),
        frozenset(table["unit_words"]), table["authority_spellings"])


_STAMP = re.compile(r"^[(\[]?\s*(?:đã ký|daky|ký tên.*|đã ký và đóng dấu|\(?ký,? ghi rõ họ tên\)?)\s*[)\]]?$", re.I)
_LIST_MARKER = re.compile(r"^(?:[IVXLC]+\.|\d+[.)]|[a-zđ]\))\s")
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_]*$")
_MAX_CHAIN = 6
_JUNK = re.compile(r"[\[\]|~§]+")
"""Marks a stamp or a scan leaves beside a name ("PHÓ THỦ TƯỚNG [Phạm Thị Thanh Trà")."""


@dataclass(frozen=True)
class Block:
    """One signature block: `lines[top:end]` of the dispatch, the name on the last line."""

    top: int
    end: int
    lines: tuple[str, ...]


def is_name(line: str, under_chain: bool = False) -> bool:
    """A personal name: two to six capitalised words ("Chu Mạnh Sinh", "Y Thanh Hà Niê Kđăm"),
    not a unit ("Ban Thu"); right under a chain's title any surname ("Danh Hoàng Sơn")."""
    if len(line) > 60:
        return False
    words = line.strip().rstrip(".").split()
    return 2 <= len(words) <= 6 and (under_chain or words[0] not in _signing().unit_words) \
        and all(map(_is_name_word, words))


def _is_name_word(word: str) -> bool:
    """"Mạnh", "Y", "Kđăm": a capital, then lower-case letters."""
    return bool(_NAME_WORD.match(word)) and word[0].isupper() and (word[1:].islower() or len(word) == 1)


def split_name(line: str) -> tuple[str, str] | None:
    """("KT. TỔNG GIÁM ĐỐC PHÓ TỔNG GIÁM ĐỐC", "Trần Văn Bình") for a chain and a name on one
    line; None when the line does not end in a name after capitals."""
    if len(line) > 200:
        return None
    last = line.rsplit(None, 2)
    if len(last) < 3 or not all(map(_is_name_word, last[1:])):
        return None  # no name ends the line: most lines, told cheaply
    words = line.split()
    for k in range(max(1, len(words) - 6), len(words) - 1):
        head, tail = " ".join(words[:k]), " ".join(words[k:])
        if is_name(tail) and is_caps(head) and is_chain_line(head):
            return head, tail
    return None


def is_chain_line(line: str) -> bool:
    """A line of an authority chain: an authority prefix, a title or a collective body, in capitals."""
    text = line.strip()
    if not text or _LIST_MARKER.match(text) or len(text) > 120:
        return False
    folded = fold(text)
    return bool(_signing().authority.match(_normal_authority(text))) or is_caps(text) and bool(
        _signing().title.search(folded) or _signing().body.match(folded))


def _is_caps_piece(line: str) -> bool:
    """A short line in capitals: the wrapped end of a chain line ("TM. ỦY BAN NHÂN" / "DÂN")."""
    return len(line) <= 40 and is_caps(line) and not _LIST_MARKER.match(line)


def _normal_authority(text: str) -> str:
    """"K/T BỘ TRƯỞNG" → "KT. BỘ TRƯỞNG"."""
    for spelling, authority in _signing().authority_spellings.items():
        if text.startswith(spelling):
            return authority + text[len(spelling):]
    return text


_PLACEHOLDER = re.compile(r"[\[(]\s*(?:đã\s*ký|da\s*ky|daky|ký)[^\])]{0,24}[\])]", re.I)
"""What a copy prints where the signature was: "[daky]", "(Đã ký)", "(đã ký và đóng dấu)"."""
_AUTHORITY_TOKEN = re.compile(r"^(?:TM|KT|TL|TUQ|Q)\.|^[TK]/[MTL]$")


def unglue(line: str) -> list[str]:
    """A line with a signature run into it, cut into what came before, the chain, the name
    and what follows ("- Lưu: VT. Trung Anh BỘ TRƯỞNG, CHỦ NHIỆM Mai Tiến Dũng", "TM. ỦY BAN
    NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Hữu Tháp CHƯƠNG TRÌNH …"); [line] when it has
    none: a chain opens with an authority prefix or a title in capitals, and a name follows."""
    line = _PLACEHOLDER.sub(" ", line) if _PLACEHOLDER.search(line) else line
    words = line.split()
    if len(words) < 4:
        return [line]
    for a in sorted({*range(min(60, len(words))), *range(max(0, len(words) - 30), len(words))}):
        word = words[a]
        if not (_AUTHORITY_TOKEN.match(word) or word.isupper() and len(word) > 1 and (a == 0 or not words[a - 1].isupper())):
            continue
        b = a
        while b < len(words) and (words[b].isupper() or not any(c.isalpha() for c in words[b])):
            b += 1
        c = b
        while c < len(words) and c - b < 4 and _is_name_word(words[c].rstrip(".,")):
            c += 1
        chain, name = " ".join(words[a:b]), " ".join(words[b:c]).rstrip(".,")
        if b - a >= 2 and is_name(name) and (c == len(words) or words[c].isupper()) and is_chain_line(fix_chain_words(chain)):
            return [piece for piece in (" ".join(words[:a]), chain, name, " ".join(words[c:])) if piece]
    return [line]


def find_blocks(lines: list[str], start: int) -> list[Block]:
    """The signature blocks from line `start` on: the first one, and those right after it
    (a joint document is signed by several)."""
    blocks: list[Block] = []
    k = start
    while k < len(lines):
        block = _block_ending_at(lines, k, blocks[-1].end if blocks else start)
        if block and (not blocks or block.top - blocks[-1].end <= 2):
            blocks.append(block)
            k = block.end
            continue
        if blocks and k - blocks[-1].end > _MAX_CHAIN + 2:
            break  # no other block right after the last one (its name is a few lines down)
        k += 1
    return blocks


def _block_ending_at(lines: list[str], k: int, start: int) -> Block | None:
    """The block whose name is line k (alone or after its chain on that line), or None."""
    line = lines[k]
    if _JUNK.search(line):
        line = _JUNK.sub(" ", line).strip()
    split = split_name(line)
    under_chain = k > start and is_chain_line(lines[k - 1])
    if not split and not is_name(line, under_chain):
        return None
    top = k
    while top > start and _STAMP.match(lines[top - 1]):
        top -= 1
    chain_end = top
    while top > start and k - top < _MAX_CHAIN and is_chain_line(lines[top - 1]) or (
            top > start + 1 and _is_caps_piece(lines[top - 1]) and is_chain_line(lines[top - 2])):
        top -= 1
    chain = list(lines[top:chain_end])
    if split:  # the title and the name on one line, the chain above it ("KT. THỦ TƯỚNG" / "PHÓ THỦ TƯỚNG [Phạm …")
        return Block(top, k + 1, (*chain, *split))
    if not chain:
        return None
    return Block(top, k + 1, (*chain, line.strip().rstrip(".")))


_ENTRY_START = re.compile(r"\s*(?:[-–—~•§]\s|$)")


def unmerge(label_rest: str, following: list[str]) -> tuple[str, list[str], list[str]] | None:
    """Two columns that OCR ran onto the same lines: the Nơi nhận list on the left, the
    signature on the right ("Nơi nhận: KT. TONG GIÁM DOC" / "- Như trên; PHO TONG GIÁM BOC").

    Takes the label line's text after "Nơi nhận:" and the lines after it; returns the label
    rest and those lines with the right column taken out, and the right column's chain
    lines; None when the label line has no chain beside it."""
    text = label_rest.lstrip(" .·~")
    cut = next((m.start() for m in _ENTRY_START.finditer(text) if m.start() > 0), len(text))
    chain = text[:cut].strip()
    if not chain or not is_caps(chain) or not is_chain_line(fix_chain_words(chain)):
        return None
    chain_lines, lines = [chain], list(following)
    for k, line in enumerate(lines[:8]):
        entry, tail = _trailing_caps(line)
        if tail and is_chain_line(fix_chain_words(tail)):
            chain_lines.append(tail)
            lines[k] = entry
    return text[cut:].strip(), lines, chain_lines


def _trailing_caps(line: str) -> tuple[str, str]:
    """("- Như trên;", "PHÓ TỔNG GIÁM ĐỐC") for an entry with two or more words in capitals
    after its punctuation; (line, "") otherwise."""
    for m in re.finditer(r"[;,.)]\s+", line):
        tail = line[m.end():].strip("\"'“” ")
        if len(tail.split()) >= 2 and not any(c.islower() for c in tail):
            return line[:m.end()].rstrip(), tail
    return line, ""


CHAIN_PHRASES = ("titles", "bodies")


def fix_chain_words(line: str) -> str:
    """A signature chain's titles and bodies whose marks OCR lost or misread ("TONG GIAM
    BOC", "GIÁM ĐÓC", "HÓ-GIÁM"), spelled as site_config/signing.yml has them
    (vocabulary.restore)."""
    return vocabulary.restore(re.sub(r"(?<=[^\W\d_])-(?=[^\W\d_])", " ", line).strip("\"'“” "), CHAIN_PHRASES)


def read_signer(block: Block) -> Signer:
    """The Signer of a block: the outermost authority and the office it acts for, the title
    line above the name, the name."""
    *chain, name = block.lines
    chunks = _chunks([fix_chain_words(_JUNK.sub(" ", line)) for line in chain])
    if not chunks:
        return Signer(name=name)
    outer_auth, outer_lines = chunks[0]
    last_auth, last_lines = chunks[-1]
    acting, position = _office_and_position(last_lines, bool(last_auth))
    if len(chunks) > 1:
        acting = " ".join(outer_lines)
    return Signer(outer_auth, name_case(acting), name_case(position), name)


def _chunks(chain: list[str]) -> list[tuple[str, list[str]]]:
    """The chain cut at each authority prefix: [(authority or "", its lines)]."""
    chunks: list[tuple[str, list[str]]] = []
    for line in chain:
        text = _normal_authority(line.strip())
        pieces = list(_signing().authority.finditer(text))
        lead = text[:pieces[0].start()] if pieces else text
        if lead.strip():  # text before any prefix continues the chunk above, or opens one
            if chunks:
                chunks[-1][1].append(lead.strip())
            else:
                chunks.append(("", [lead.strip()]))
        for m, end in zip(pieces, [p.start() for p in pieces[1:]] + [len(text)]):
            chunks.append((_signing().spellings.get(m["auth"] + ".", m["auth"] + "."), [text[m.end():end].strip()]))
    return [(a, [l for l in ls if l]) for a, ls in chunks]


def _office_and_position(lines: list[str], has_authority: bool) -> tuple[str, str]:
    """(office acted for, own position) of the last chunk of a chain."""
    if len(lines) > 1:
        return (" ".join(lines[:-1]), lines[-1]) if has_authority else ("", lines[-1])
    text = lines[0] if lines else ""
    cuts = _title_starts(text)
    if len(cuts) < 2:
        body = _signing().body.match(fold(text))
        if has_authority and body and body.end() < len(text):
            return text[:body.end()].strip(), text[body.end():].strip()
        return ("", text) if not has_authority or not cuts else (text, "")
    return text[:cuts[-1]].strip(" ,"), text[cuts[-1]:].strip()


def _title_starts(text: str) -> list[int]:
    """Where each title opens in `text`; one after "," or "VÀ" belongs to the office before it."""
    folded = fold(text)
    starts = []
    for m in _signing().title.finditer(folded):
        before = folded[:m.start()].rstrip()
        if starts and (before.endswith(",") or before.endswith(" va")):
            continue
        starts.append(m.start())
    return starts
