"""The records that flow through the pipeline.

Reading works on a `Dispatch` per raw file: `ingest` creates it, and every reading step is
a function ``step(dispatch) -> dispatch`` that returns a copy made with `dataclasses.replace`,
so each can be tested alone and run in a worker process. Reading then splits it in two:
the `DispatchMeta` the build holds for every file, and the `Body` (blocks, text, tasks) it
stores in the parse cache, which later stages read back by SHA-256 (`Bodies`) one at a time.

Glossary: the record's fields and the parts of a document that Nghị định 30/2020/NĐ-CP
(công tác văn thư, Điều 8 and Phụ lục I) names; other code may use the Vietnamese term
(the search form's fields and URLs say kinh_gui, noi_nhan, the CLI accepts --kinh-gui and
--noi-nhan beside --recipients and --distribution; the reader's patterns say VV, KINH_GUI, NOI_NHAN).

=================  ==========================================  ==============================
field              Nghị định 30 term                           e.g.
=================  ==========================================  ==============================
issuer             tên cơ quan, tổ chức ban hành văn bản       Bảo hiểm xã hội tỉnh Nam Định
issuer_parent      tên cơ quan, tổ chức chủ quản trực tiếp     Bảo hiểm xã hội Việt Nam
symbol             số, ký hiệu của văn bản                     381/BHXH-VP
number             số (của văn bản)                            381
type_code          chữ viết tắt tên loại văn bản (ký hiệu)     QĐ
issuer_code        chữ viết tắt tên cơ quan ban hành (ký hiệu) BHXH
drafting_unit      chữ viết tắt tên đơn vị soạn thảo (ký hiệu) VP
place              địa danh                                    Hà Nội
date               thời gian (ngày, tháng, năm) ban hành       2021-02-05
doc_type           tên loại văn bản                            Công văn, Quyết định
subject            trích yếu nội dung (công văn: "V/v …")      V/v triển khai …
urgency            mức độ khẩn                                 Hỏa tốc, Thượng khẩn, Khẩn
secrecy            mức độ mật                                  Tuyệt mật, Tối mật, Mật
recipients         kính gửi (công văn)                         Bảo hiểm xã hội các tỉnh
distribution       nơi nhận                                    Như trên; (để b/c)
filing             lưu (văn thư, đơn vị soạn thảo)             VT, VP
signer, signers    chức vụ, họ tên và chữ ký của người có      (Signer below)
                   thẩm quyền
Signer.authority   thẩm quyền ký: quyền hạn của người ký       TM., KT., TL., TUQ., Q.
Signer.acting_for  chức vụ của người đứng đầu (ký thay cho)    Tổng Giám đốc
Signer.position    chức vụ của người ký                        Phó Tổng Giám đốc
Signer.name        họ tên người ký                             Nguyễn Văn A
blocks, body_text  nội dung văn bản (phần, chương, mục, điều,  I., 1., a), -
                   khoản, điểm)
appendix           phụ lục                                     PHỤ LỤC I
references         văn bản viện dẫn (căn cứ, theo …)           Công văn số 287/BHXH-VP
tasks              nhiệm vụ giao (not a part of the form)      trước ngày 31/10/2020
=================  ==========================================  ==============================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields


def by_fields(cls):
    """Pickle instances of the dataclass `cls` as a call with their field values: the parse
    cache loads each body three or four times a build, and this loads it twice as fast
    (0.08 ms against 0.15 ms a cache entry at 1,000 generated dispatches) as the setstate
    loop dataclasses give classes with __slots__."""
    names = tuple(f.name for f in fields(cls))

    def __reduce__(self):
        return cls, tuple(getattr(self, name) for name in names)

    cls.__reduce__ = __reduce__
    return cls


@by_fields
@dataclass(frozen=True, slots=True)
class Block:
    """One structural block of a dispatch body, as the author wrote it."""

    kind: str
    """"heading" (Roman section), "item" (numbered or lettered), "bullet" (dash), "paragraph",
    or "appendix" (the heading of what follows the signature)."""
    text: str
    """The block's text without its marker, NFC, on one line."""
    marker: str = ""
    """The marker as written in the source: "I.", "1.", "a)", "-", or "" for a paragraph."""
    level: int = 0
    """Nesting depth: 0 for headings and top paragraphs, 1 for "1.", 2 for "a)", 3 for "-"."""
    anchor: str = ""
    """Stable HTML id of the block on its page (e.g. "muc-2-a"), "" when it has none."""


@by_fields
@dataclass(frozen=True, slots=True)
class Addressee:
    """One entry of a "Nơi nhận" list."""

    name: str
    purpose: str = ""
    """Why the copy is sent, spelled out: "(để b/c)" becomes "để báo cáo"."""


@by_fields
@dataclass(frozen=True, slots=True)
class Signer:
    """The signature block: authority prefix, the office it acts for, position, name."""

    authority: str = ""
    """"TM.", "KT.", "TL.", "TUQ.", "Q." or "" when the head signs in person."""
    acting_for: str = ""
    """The office the authority acts for, e.g. "Tổng Giám đốc" under "TL."."""
    position: str = ""
    """The signer's own position, e.g. "Chánh Văn phòng"."""
    name: str = ""


@by_fields
@dataclass(frozen=True, slots=True)
class Reference:
    """A document cited in the text, e.g. "Công văn số 287/BHXH-VP ngày 01/02/2021"."""

    symbol: str
    doc_type: str = ""
    date: str = ""
    """ISO date when the citation gives one, else ""."""
    issuer: str = ""
    """The issuer when the citation states it ("của Thủ tướng Chính phủ"), else ""."""


@by_fields
@dataclass(frozen=True, slots=True)
class Relation:
    """What the dispatch says it does to a document it cites (reading/relations.py):
    "Quyết định này … thay thế Quyết định số 1313/QĐ-BHXH" is ("thay thế", that Reference)."""

    kind: str
    """One of site_config/relations.yml's types: thay thế, bãi bỏ, sửa đổi, hướng dẫn, căn cứ, dẫn chiếu."""
    target: Reference
    part: str = ""
    """The part it touches ("khoản 7 Điều 15"), "" for the whole document."""
    effective: str = ""
    """ISO date the relation takes effect when the text gives one, else ""."""


@by_fields
@dataclass(frozen=True, slots=True)
class Task:
    """A directive of the dispatch addressed to one or more units."""

    id: str
    text: str
    assignees: tuple[str, ...] = ()
    deadline: str = ""
    """ISO date, or "" when none is stated."""
    recurrence: str = ""
    """E.g. "daily 16:00" for "trước 16 giờ hằng ngày", else ""."""
    anchor: str = ""
    """Id of the block on the dispatch page that states the task."""


@by_fields
@dataclass(frozen=True, slots=True)
class Body:
    """What a dispatch says, as opposed to what it is: its blocks, text and tasks.

    The build holds a `DispatchMeta` per file and reads the body from the parse cache
    (cache.BodyStore) by SHA-256 when a page, a catalog line or a search entry is written."""

    blocks: tuple[Block, ...] = ()
    """The structured body (parse)."""
    body_text: str = ""
    """The repaired body as plain text, blocks separated by blank lines."""
    tasks: tuple[Task, ...] = ()


@by_fields
@dataclass(frozen=True, slots=True)
class DispatchMeta:
    """The record of one dispatch as the build holds it for every file: who, what, when,
    to whom (Nghị định 30's parts) and where it is published; about 2 KB.

    Fields are declared once here; the catalog record, its JSON Schema, the CSV columns and
    the page template read them by these names."""

    source: str
    """Path of the raw file relative to the source directory, with "/" separators."""
    sha256: str
    """SHA-256 of the raw file's bytes, hex: the key of its body in the parse cache."""
    encoding: str = "utf-8"
    """How the bytes became text: a text encoding ("utf-8", "tcvn3" …) or the extractor's
    account ("PDF (3 pages, 3 read by OCR)", "DOCX")."""
    source_format: str = "text"
    """What the raw file is, from its bytes: "text", "pdf", "docx", "doc" or "html"
    (reading.extract.EXTRACTORS); the original is served beside the page under its suffix."""
    ocr_pages: tuple[int, ...] = ()
    """Pages (from 1) whose text was read by OCR from a scan: staff check the original."""
    provenance: tuple[tuple[str, str], ...] = ()
    """(key, value) pairs unwrap kept: source URL, e-signature signer and time, crawler title."""
    unwrap_notes: tuple[str, ...] = ()
    """One line per kind of text unwrap took out, for the build report."""

    issuer: str = ""
    issuer_parent: str = ""
    symbol: str = ""
    number: str = ""
    type_code: str = ""
    issuer_code: str = ""
    drafting_unit: str = ""
    doc_type: str = ""
    place: str = ""
    date: str = ""
    """ISO "YYYY-MM-DD", or "" when the text gives none."""
    subject: str = ""
    urgency: str = ""
    secrecy: str = ""
    recipients: tuple[str, ...] = ()
    distribution: tuple[Addressee, ...] = ()
    filing: str = ""
    """The filing mark of the Nơi nhận list, e.g. "VT, VP"."""
    signer: Signer = field(default_factory=Signer)
    """The signer of the last signature block (the one that signs for the issuer)."""
    signers: tuple[Signer, ...] = ()
    """Every signature block, in order; more than one in a joint document."""
    appendix: str = ""
    """The title of what follows the signature (PHỤ LỤC, Mẫu, a Kế hoạch "kèm theo"), "" when
    nothing does; its text is the last part of the body."""
    references: tuple[Reference, ...] = ()
    relations: tuple[Relation, ...] = ()
    """What the text says it does to other documents (căn cứ, hướng dẫn, thay thế …)."""
    effective: str = ""
    """ISO date the dispatch says it takes effect ("có hiệu lực từ …", from signing: its date), else ""."""
    warnings: tuple[str, ...] = ()
    """Things the build report should mention, e.g. "no date found"."""

    id: str = ""
    """Stable key built from year, symbol and issuer (catalog.assign_ids)."""
    url: str = ""
    """Page path relative to the site root, e.g. "van-ban/2021/381-bhxh-vp.html" (catalog.assign_ids)."""

    @property
    def year(self) -> str:
        return self.date[:4]

    @property
    def title(self) -> str:
        """Symbol and subject, as page title and link text."""
        parts = [p for p in (self.symbol, self.subject) if p]
        return " — ".join(parts) or self.source


@by_fields
@dataclass(frozen=True, slots=True)
class Dispatch(DispatchMeta):
    """A dispatch while it is read: the record, the text the reading stages work on, and the body.

    Only the reading stage holds these (ingest → unwrap → repair → parse → tasks); it hands
    the build `meta()` and stores `body()` in the parse cache."""

    raw_text: str = ""
    """The decoded raw text, unchanged."""
    unwrapped: tuple[str, ...] = ()
    """The dispatch's own raw lines, without what a crawler or converter put around it (unwrap)."""
    lines: tuple[str, ...] = ()
    """The repaired logical lines: one per header field, paragraph or list item (repair)."""
    blocks: tuple[Block, ...] = ()
    body_text: str = ""
    tasks: tuple[Task, ...] = ()

    def meta(self) -> DispatchMeta:
        """The record the build holds (every field of DispatchMeta, no text or body)."""
        return DispatchMeta(**{f.name: getattr(self, f.name) for f in META_FIELDS})

    def body(self) -> Body:
        return Body(self.blocks, self.body_text, self.tasks)


META_FIELDS = fields(DispatchMeta)

Bodies = Callable[[DispatchMeta], Body]
"""Where a stage gets a dispatch's body: the parse cache's BodyStore in a build, `Dispatch.body`
for dispatches read without a cache (they hold their own)."""
