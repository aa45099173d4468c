"""Word files: DOCX through python-docx, DOC (Word 97-2003) through antiword.

DOCX: the body's paragraphs and tables in document order, each table cell by cell, a blank
line after each cell (python-docx's `Document.paragraphs` skips tables, where a dispatch's
header and its Nơi nhận | signature sit); a line break inside a paragraph (<w:br/>) is a
line. 25-45 ms a file.

DOC: antiword (Debian's package, a separate program) with its UTF-8 mapping (without it
every Vietnamese letter is "?"), paragraphs unwrapped (-w 0). It draws a table as rows of
"|"-separated cells padded to columns: a table of two columns (header; Nơi nhận | signature)
is given column by column, others row by row, one cell a line; a "|" left inside a line
where antiword did not see the table splits its cells. 10-30 ms a file.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from io import BytesIO

from generator.errors import InputError
from generator.reading.extract import Extracted, joined, missing

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _cells_in_order(element, parent, out: list[str]) -> None:
    """The paragraphs under a body or cell element, in order, tables cell by cell."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in element.iterchildren():
        if child.tag == f"{_W}p":
            out.append(Paragraph(child, parent).text)
        elif child.tag == f"{_W}tbl":
            for row in Table(child, parent).rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:  # a merged cell is listed once per column it spans
                        seen.add(id(cell._tc))
                        _cells_in_order(cell._tc, cell, out)
                        out.append("")
        elif child.tag == f"{_W}sdt":  # a content control: its content is the document's
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                _cells_in_order(content, parent, out)


def extract_docx(data: bytes, source: str) -> Extracted:
    """The text of a .docx file's body."""
    try:
        import docx
    except ImportError:
        raise missing(source, "docx", "a Word document (.docx)") from None
    try:
        document = docx.Document(BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise InputError(source, f"a Word document (.docx) that python-docx cannot open: {exc}") from None
    lines: list[str] = []
    _cells_in_order(document.element.body, document, lines)
    return Extracted(joined(lines), "DOCX")


def extract_doc(data: bytes, source: str) -> Extracted:
    """The text of a Word 97-2003 .doc file, through antiword."""
    program = shutil.which("antiword")
    if program is None:
        raise missing(source, "antiword", "a Word 97-2003 document (.doc)")
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    try:
        done = subprocess.run([program, "-m", "UTF-8.txt", "-w", "0", "-"], input=data, capture_output=True,
                              timeout=60, env=env)
    except (OSError, subprocess.SubprocessError) as exc:
        raise InputError(source, f"a Word 97-2003 document (.doc) antiword could not read: {exc}") from None
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(source, f"a Word 97-2003 document (.doc) antiword cannot read: {why[-1] if why else done.returncode}")
    return Extracted(joined(antiword_lines(done.stdout.decode("utf-8", "replace"))), "DOC (antiword)")


def _table_cells(rows: list[list[str]]) -> list[str]:
    """The cells of one table antiword drew: column by column for two columns, else row by row."""
    width = max(len(row) for row in rows)
    if width == 2:
        columns = [[row[k].strip() for row in rows if k < len(row) and row[k].strip()] for k in range(2)]
        return [line for column in columns for line in [*column, ""]]
    return [cell.strip() for row in rows for cell in [*row, ""] if cell.strip() or cell == ""]


def antiword_lines(text: str) -> list[str]:
    """antiword's text as the reader's lines: tables cell by cell, indentation taken off."""
    out: list[str] = []
    table: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|") and line.rstrip().endswith("|") and line.count("|") >= 3:
            table.append(line.rstrip()[1:-1].split("|"))
            continue
        if table:
            out += _table_cells(table)
            table = []
        if " |" in line or "| " in line:  # cells of a table antiword did not recognise
            out += [cell.strip() for cell in re.split(r"\s*\|\s*", line) if cell.strip()] + [""]
        else:
            out.append(line.strip())
    return out
