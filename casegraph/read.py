"""Read case-example documents (.txt, .md, .rst, .docx, .pdf) from disk into plain text."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import DocumentReadError
from .model import Document

TEXT_SUFFIXES = {".txt": "text/plain", ".text": "text/plain", ".md": "text/markdown",
                 ".markdown": "text/markdown", ".rst": "text/x-rst"}
DOCX_SUFFIXES = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
PDF_SUFFIXES = {".pdf": "application/pdf"}
SUPPORTED_SUFFIXES = {**TEXT_SUFFIXES, **DOCX_SUFFIXES, **PDF_SUFFIXES}

#: Case examples are a few pages long. Anything far larger is not one, and reading it would only
#: cost time and memory; photos make Word and PDF files larger than their text.
MAX_TEXT_BYTES = 4 * 1024 * 1024
MAX_BINARY_BYTES = 64 * 1024 * 1024
MAX_TEXT_CHARS = 2_000_000

#: Single-byte code pages the detector may confuse with the Windows-1252 that Word exports use.
_LATIN_LOOKALIKES = 0.05

SIDECAR_SUFFIX = ".casegraph.yaml"


def find_documents(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """Expand files and folders into the documents to read, sorted.

    A file named explicitly is always returned, so that an unsupported one is refused with a
    message. Inside a folder, only files of a supported type are taken; the others are returned
    as the second list, so the caller can say they were passed over. Hidden files and
    ``*.casegraph.yaml`` sidecars are never documents.
    """
    found: list[Path] = []
    passed_over: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if not child.is_file() or _is_hidden(child.relative_to(path)):
                    continue
                if child.name.endswith(SIDECAR_SUFFIX) or child.name.lower() == "readme.md":
                    continue
                if child.suffix.lower() in SUPPORTED_SUFFIXES:
                    found.append(child)
                else:
                    passed_over.append(child)
        else:
            found.append(path)
    unique = sorted(set(found), key=lambda p: str(p))
    return unique, sorted(set(passed_over), key=lambda p: str(p))


def _is_hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def read_document(path: str | Path, *, encoding: str | None = None) -> Document:
    """Read one document and return its text with LF line ends, NFC-normalised.

    ``encoding`` forces the encoding of a text file instead of detecting it.
    Raises :class:`DocumentReadError` naming the file and what is wrong with it.
    """
    path = Path(path)
    where = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "(none)"
        raise DocumentReadError(
            f"unsupported file type {shown!r}; casegraph reads "
            + ", ".join(sorted(SUPPORTED_SUFFIXES)),
            where=where,
        )
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DocumentReadError("no such file", where=where) from None
    except OSError as e:
        raise DocumentReadError(f"cannot open: {e.strerror or e}", where=where) from e
    if not path.is_file():
        raise DocumentReadError("not a regular file", where=where)
    limit = MAX_TEXT_BYTES if suffix in TEXT_SUFFIXES else MAX_BINARY_BYTES
    if size > limit:
        raise DocumentReadError(
            f"file is {_megabytes(size)}, larger than the {_megabytes(limit)} a case example "
            "can be; is it the right file?",
            where=where,
        )
    if size == 0:
        raise DocumentReadError("file is empty", where=where)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise DocumentReadError(f"cannot read: {e.strerror or e}", where=where) from e

    used_encoding: str | None = None
    running: tuple[str, ...] = ()
    if suffix in TEXT_SUFFIXES:
        text, used_encoding = decode_text(data, encoding=encoding, where=where)
    elif suffix in DOCX_SUFFIXES:
        text = _docx_text(path, where)
    else:
        text, running = _pdf_text(path, where)

    text = normalise_text(text)
    if not text.strip():
        raise DocumentReadError("no text in the document", where=where)
    if len(text) > MAX_TEXT_CHARS:
        raise DocumentReadError(
            f"document holds {len(text):,} characters of text, more than a case example can "
            f"({MAX_TEXT_CHARS:,})",
            where=where,
        )
    return Document(
        path=where,
        name=path.name,
        media_type=SUPPORTED_SUFFIXES[suffix],
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=used_encoding,
        running_lines=running,
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def decode_text(data: bytes, *, encoding: str | None = None, where: str = "<bytes>") -> tuple[str, str]:
    """Decode a text file's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else detected.

    Returns the text and the name of the encoding used.
    """
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise DocumentReadError(f"unknown encoding {encoding!r}", where=where) from None
        except UnicodeDecodeError as e:
            raise DocumentReadError(
                f"not valid {encoding} at byte {e.start}; leave out --encoding to detect it",
                where=where,
            ) from None
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(data[3:].decode("utf-8", errors="replace"), where), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(data.decode("utf-16", errors="replace"), where), "utf-16"
    try:
        return _checked(data.decode("utf-8"), where), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise DocumentReadError("binary content, not a text file", where=where)
    legacy = _windows_latin(data)
    if legacy is not None:
        return _checked(legacy[0], where), legacy[1]
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise DocumentReadError("binary content, not a text file", where=where)
    best = matches[0]
    chosen = best
    for match in matches:
        # Word's "plain text" export on Western European systems is Windows-1252; the detector
        # often ranks a neighbouring code page first on short texts.
        if match.encoding == "cp1252" and match.chaos <= best.chaos + _LATIN_LOOKALIKES:
            chosen = match
            break
    return _checked(str(chosen), where), chosen.encoding


#: The share of letters outside ASCII above which a text is not in a Latin-script language
#: read through Windows-1252 (a Greek or Cyrillic code page decoded as Latin is all accents).
_FOREIGN_LETTERS = 0.3


def _windows_latin(data: bytes) -> tuple[str, str] | None:
    """The text in Windows-1252 or Windows-1250, when the bytes are one of the two.

    Those are what Word saves plain text in on Western and Central European systems, and any
    single-byte detector confuses them with DOS and Mac code pages on a short text ("Zugló"
    read as "Zuglµ", curly quotes as "ōö"). Of the two, the one that puts fewer symbols inside
    words wins ("³" in "wspó³praca" is a misread "ł"); Windows-1252 on a tie.
    """
    decoded: list[tuple[int, int, str, str]] = []
    for rank, encoding in enumerate(("cp1252", "cp1250")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        letters = [ch for ch in text if ch.isalpha()]
        foreign = sum(not ch.isascii() for ch in letters)
        if letters and foreign / len(letters) > _FOREIGN_LETTERS:
            continue
        decoded.append((_symbols_in_words(text), rank, text, encoding))
    if not decoded:
        return None
    _, _, text, encoding = min(decoded)
    return text, encoding


def _symbols_in_words(text: str) -> int:
    """How many non-ASCII characters that are not letters stand between two letters."""
    count = 0
    for index in range(1, len(text) - 1):
        ch = text[index]
        if not ch.isascii() and not ch.isalpha() and ch not in "’‘-–—" and \
                text[index - 1].isalpha() and text[index + 1].isalpha():
            count += 1
    return count


#: The control characters (Unicode category Cc: U+0000-001F, U+007F-009F) that text files do
#: not hold; tab, line feed, vertical tab, form feed and carriage return aside.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _checked(text: str, where: str) -> str:
    """Refuse text that is mostly control characters: a binary file with a text suffix."""
    sample = text[:20000]
    if not sample:
        return text
    controls = len(_CONTROLS.findall(sample))
    replaced = sample.count("\ufffd")
    if (controls + replaced) / len(sample) > 0.01:
        raise DocumentReadError("binary content, not a text file", where=where)
    return text


def normalise_text(text: str) -> str:
    """LF line ends, NFC, no NUL or soft hyphens, non-breaking spaces as spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return (
        text.replace("\x00", "")
        .replace("\u00ad", "")
        .replace("\u00a0", " ")
        .replace("\u202f", " ")
        .replace("\ufeff", "")
        .replace("\x0c", "\n\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n\n")
    )


# --- Word ---------------------------------------------------------------------------------------


def _docx_text(path: Path, where: str) -> str:
    """Paragraphs, headings (as Markdown ``#``), list items (as ``-``) and tables, in body order."""
    import zipfile

    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as e:  # pragma: no cover - a broken install
        raise DocumentReadError(f"python-docx is not installed ({e})", where=where) from e
    if not zipfile.is_zipfile(path):
        raise DocumentReadError(
            "not a Word .docx file (it is not a zip package; truncated, or another format "
            "with a .docx name?)",
            where=where,
        )
    try:
        document = docx.Document(str(path))
        lines = list(_docx_blocks(document))
    except PackageNotFoundError as e:
        raise DocumentReadError(f"not a Word .docx file ({e})", where=where) from e
    except (zipfile.BadZipFile, EOFError) as e:
        raise DocumentReadError(f"damaged or truncated .docx file ({e})", where=where) from e
    except KeyError as e:
        raise DocumentReadError(
            f"not a Word .docx file: the package has no {e}", where=where
        ) from e
    except ValueError as e:
        raise DocumentReadError(f"not a Word .docx file ({e})", where=where) from e
    except Exception as e:  # noqa: BLE001 - python-docx and lxml raise many kinds on bad input
        raise DocumentReadError(
            f"damaged .docx file ({type(e).__name__}: {e})", where=where
        ) from e
    return "\n\n".join(lines)


def _docx_blocks(container: Any) -> Iterator[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            text = _docx_paragraph(block)
            if text:
                yield text
            for box in _text_boxes(block):
                for inner in box.iterchildren(_W + "p"):
                    text = _docx_paragraph(Paragraph(inner, block))
                    if text:
                        yield text
        elif isinstance(block, Table):
            yield from _docx_table(block)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _text_boxes(paragraph: Any) -> list[Any]:
    """The text boxes anchored in a paragraph, each once: Word stores a box twice, as a
    drawing and as a VML fallback for older readers, and only the first is read."""
    boxes = []
    for box in paragraph._p.iter(_W + "txbxContent"):
        if not any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
            boxes.append(box)
    return boxes


def _docx_paragraph(paragraph: Any) -> str:
    text = paragraph.text.replace("\t", " ").strip()
    if not text:
        return ""
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    lowered = style.lower()
    if lowered.startswith("heading"):
        level = "".join(ch for ch in style if ch.isdigit())
        return "#" * max(1, min(int(level or 1), 6)) + " " + text
    if lowered == "title":
        return "# " + text
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if numbered or lowered.startswith("list"):
        return "- " + text
    bold = _bold_lead(paragraph)
    if bold and bold == text and len(text) <= _MAX_HEADING:
        # A short paragraph set in bold throughout is how many authors make a heading.
        return "## " + text
    if bold and len(bold) <= _MAX_HEADING and text.startswith(bold):
        # A bold label with its answer after it on the same line.
        return f"**{bold}** {text[len(bold):].strip()}"
    return text


#: Characters a heading or a label can have; a longer bold passage is emphasis, not a heading.
_MAX_HEADING = 200


def _bold_lead(paragraph: Any) -> str:
    """The text of the bold runs a paragraph starts with (bold by the run or by its style)."""
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    lead = []
    for run in paragraph.runs:
        if not run.text.strip():
            lead.append(run.text)
            continue
        if run.bold or (run.bold is None and style_bold):
            lead.append(run.text)
            continue
        break
    return "".join(lead).replace("\t", " ").strip()


def _docx_table(table: Any) -> Iterator[str]:
    """A table's cells in reading order. In a two-column table of short questions and their
    answers (the form many offices fill in), each question becomes a heading."""
    seen: dict[int, Any] = {}
    for row in table.rows:
        cells = []
        for cell in row.cells:
            # A merged cell appears once per grid column it spans. The element is kept in the
            # dict so that its id cannot be reused by another one.
            key = id(cell._tc)
            if key in seen:
                continue
            seen[key] = cell._tc
            cells.append(cell)
        blocks = [list(_docx_blocks(cell)) for cell in cells]
        if len(blocks) == 2 and len(blocks[0]) == 1 and blocks[1] and \
                len(blocks[0][0]) <= _MAX_HEADING and not blocks[0][0].startswith("#"):
            yield "## " + blocks[0][0].lstrip("- ").strip("*").strip()
            yield from blocks[1]
            continue
        for found in blocks:
            yield from found


# --- PDF ----------------------------------------------------------------------------------------


def _pdf_text(path: Path, where: str) -> tuple[str, tuple[str, ...]]:
    """The PDF's text layer, laid out by pdfminer.six into paragraphs, without the running
    headers, footers and page numbers; and the running lines that were removed."""
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        raise DocumentReadError("not a PDF file (no %PDF header)", where=where)
    try:
        from pdfminer.high_level import extract_text
        from pdfminer.layout import LAParams
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFSyntaxError
        from pdfminer.psparser import PSException
    except ImportError as e:  # pragma: no cover - a broken install
        raise DocumentReadError(f"pdfminer.six is not installed ({e})", where=where) from e
    try:
        text = str(extract_text(str(path), laparams=LAParams(line_margin=0.6)))
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise DocumentReadError(
            "encrypted PDF: casegraph cannot read it without the password; save an "
            f"unprotected copy ({type(e).__name__})",
            where=where,
        ) from e
    except (PDFSyntaxError, PSException) as e:
        raise DocumentReadError(f"damaged PDF file ({e})", where=where) from e
    except Exception as e:  # noqa: BLE001 - pdfminer raises many kinds on bad input
        raise DocumentReadError(
            f"unreadable PDF file ({type(e).__name__}: {e})", where=where
        ) from e
    return strip_running_lines(text.split("\x0c"))


#: A page number as footers write it: "3", "- 3 -", "Page 3 of 4", "Seite 3 von 4", "3/4".
_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:(?:page|pag(?:e|ina)?|página|seite|strona|stránka|sivu|side|sida|oldal|"
    r"stran|σελίδα|p)\.?\s*)?\d{1,4}(?:\s*(?:of|/|de|di|von|z|av|van|из|από|/)\s*\d{1,4})?"
    r"[-–—\s]*$",
    re.IGNORECASE,
)
#: How many lines at the top and at the foot of a page may be running lines.
_RUNNING_DEPTH = 3


def strip_running_lines(pages: list[str]) -> tuple[str, tuple[str, ...]]:
    """Join a document's pages without the lines that run on every page: a header or footer
    that repeats (numbers aside) at the top or foot of two or more pages, and page numbers.

    Returns the text and the running lines removed, each once, in the order first seen.
    """
    split = [[line.strip() for line in page.split("\n")] for page in pages]
    split = [lines for lines in split if any(lines)]

    def edges(lines: list[str]) -> list[int]:
        filled = [i for i, line in enumerate(lines) if line]
        return filled[:_RUNNING_DEPTH] + filled[-_RUNNING_DEPTH:]

    def shape(line: str) -> str:
        return re.sub(r"\d+", "#", " ".join(line.lower().split()))

    seen: dict[str, int] = {}
    for lines in split:
        for shown in {shape(lines[i]) for i in edges(lines)}:
            seen[shown] = seen.get(shown, 0) + 1
    repeated = {s for s, count in seen.items() if count >= 2} if len(split) >= 2 else set()
    removed: dict[str, None] = {}
    out: list[str] = []
    for lines in split:
        drop = set()
        for i in edges(lines):
            if _PAGE_NUMBER.match(lines[i]):
                drop.add(i)
            elif shape(lines[i]) in repeated:
                drop.add(i)
                removed.setdefault(lines[i], None)
        out.append("\n".join(line for i, line in enumerate(lines) if i not in drop).strip())
    return "\n\n".join(page for page in out if page), tuple(removed)
