"""Read case-example documents (.txt, .md, .rst, .docx, .pdf) from disk into plain text."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DocumentReadError
from ..files import printable
from ..model import Document

#: Case examples are a few pages long. Anything far larger is not one, and reading it would only
#: cost time and memory; photos make Word and PDF files larger than their text.
MAX_TEXT_BYTES = 4 * 1024 * 1024
MAX_BINARY_BYTES = 64 * 1024 * 1024
MAX_TEXT_CHARS = 2_000_000


@dataclass(frozen=True)
class Reader:
    """How one kind of file becomes text: the suffixes it reads (each with its media type),
    the largest file it takes, and ``read(path, data, where, encoding)``, which gives the
    text, the encoding it was decoded from (text files only) and the running header and
    footer lines it took out (PDF only)."""

    suffixes: Mapping[str, str]
    most_bytes: int
    read: Callable[[Path, bytes, str, str | None], tuple[str, str | None, tuple[str, ...]]]


def _read_text(path: Path, data: bytes, where: str,
               encoding: str | None) -> tuple[str, str | None, tuple[str, ...]]:
    text, used = decode_text(data, encoding=encoding, where=where)
    return text, used, ()


def _read_docx(path: Path, data: bytes, where: str,
               encoding: str | None) -> tuple[str, str | None, tuple[str, ...]]:
    return _docx_text(path, where), None, ()


def _read_pdf(path: Path, data: bytes, where: str,
              encoding: str | None) -> tuple[str, str | None, tuple[str, ...]]:
    text, running = _pdf_text(path, where)
    return text, None, running


#: The readers, by name. Reading another kind of file is one more entry.
READERS: dict[str, Reader] = {
    "text": Reader({".txt": "text/plain", ".text": "text/plain", ".md": "text/markdown",
                    ".markdown": "text/markdown", ".rst": "text/x-rst"},
                   MAX_TEXT_BYTES, _read_text),
    "docx": Reader({".docx": "application/vnd.openxmlformats-officedocument"
                             ".wordprocessingml.document"}, MAX_BINARY_BYTES, _read_docx),
    "pdf": Reader({".pdf": "application/pdf"}, MAX_BINARY_BYTES, _read_pdf),
}

#: Each suffix casegraph reads, with its reader.
READER_OF: dict[str, Reader] = {suffix: reader for reader in READERS.values()
                                for suffix in reader.suffixes}
TEXT_SUFFIXES = dict(READERS["text"].suffixes)
SUPPORTED_SUFFIXES = {suffix: reader.suffixes[suffix] for suffix, reader in READER_OF.items()}
#: A Word file inflates to little more than its own size, since its photos are compressed
#: already; one that inflates past the largest file casegraph reads is a zip bomb, which would
#: cost minutes and gigabytes to open. Its parts are counted for the same reason.
MAX_DOCX_INFLATED = MAX_BINARY_BYTES
MAX_DOCX_PARTS = 10_000
#: Elements in the XML of a Word file: a case example has some twenty thousand, most of them
#: its styles. Each costs memory once parsed, so a package of little else is refused unparsed.
MAX_DOCX_ELEMENTS = 500_000
#: Paragraphs a Word file may hold, those of its tables and text boxes included: a case example
#: has about a hundred, a long report a few thousand.
MAX_DOCX_PARAGRAPHS = 10_000

#: Single-byte code pages the detector may confuse with the Windows-1252 that Word exports use.
_LATIN_LOOKALIKES = 0.05

SIDECAR_SUFFIX = ".casegraph.yaml"


def find_documents(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """Expand files and folders into the documents to read, sorted.

    A file named explicitly is always returned, so that an unsupported one is refused with a
    message. Inside a folder, only files of a supported type are taken; the others are returned
    as the second list, so the caller can say they were passed over. Hidden files and
    ``*.casegraph.yaml`` sidecars are never documents. A folder that cannot be listed (no
    permission, or deeper than the system's limit on a path's length) is returned as a document
    too: reading it refuses it with the reason, and the search goes on without it.
    """
    found: list[Path] = []
    passed_over: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not _is_folder(path):
            found.append(path)
            continue
        for child, listed in _walk(path):
            if not listed:
                found.append(child)
            elif child.name.endswith(SIDECAR_SUFFIX) or child.name.lower() == "readme.md":
                continue
            elif child.suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(child)
            else:
                passed_over.append(child)
    unique = sorted(set(found), key=lambda p: str(p))
    return unique, sorted(set(passed_over), key=lambda p: str(p))


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a path too long to look at is not walked; reading it says why
        return False


def _walk(root: Path) -> Iterator[tuple[Path, bool]]:
    """The files under a folder that are not hidden, each with True, and what under it could
    not be looked at (a folder it cannot list), with False. Links to folders are not followed,
    so that a link pointing back up cannot make the walk endless."""
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            yield folder, False
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = folder / entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(child)
                elif entry.is_file():
                    yield child, True
            except OSError:
                yield child, False


def read_document(path: str | Path, *, encoding: str | None = None) -> Document:
    """Read one document and return its text with LF line ends, NFC-normalised.

    ``encoding`` forces the encoding of a text file instead of detecting it.
    Raises :class:`DocumentReadError` naming the file and what is wrong with it.
    """
    path = Path(path)
    where = printable(path)
    suffix = path.suffix.lower()
    unopenable = _unopenable(path)
    if unopenable:
        raise DocumentReadError(unopenable, where=where)
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
    reader = READER_OF[suffix]
    limit = reader.most_bytes
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

    text, used_encoding, running = reader.read(path, data, where, encoding)

    text = normalise_text(text)
    if not text.strip():
        raise DocumentReadError("no text in the document", where=where)
    _check_characters(len(text), where)
    return Document(
        path=where,
        name=printable(path.name),
        media_type=SUPPORTED_SUFFIXES[suffix],
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=used_encoding,
        running_lines=running,
    )


def _unopenable(path: Path) -> str | None:
    """Why a path given as a document cannot be opened at all, whatever its type: it is too
    long for the system, may not be looked at, or is a folder (one the search could not list).
    A missing file is left to the checks that name its type first."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as e:
        return f"cannot open: {e.strerror or e}"
    if not stat.S_ISDIR(mode):
        return None
    try:
        with os.scandir(path):
            pass
    except OSError as e:
        return f"cannot read the folder: {e.strerror or e}"
    return "a folder, not a document"


def _check_characters(count: int, where: str) -> None:
    if count > MAX_TEXT_CHARS:
        raise DocumentReadError(
            f"document holds {count:,} characters of text, more than a case example can "
            f"({MAX_TEXT_CHARS:,})",
            where=where,
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


#: Halves of UTF-16 pairs, which a PDF font's map from glyphs to text can give one at a time.
_SURROGATES = re.compile("[\ud800-\udfff]")


def normalise_text(text: str) -> str:
    """LF line ends, NFC, no NUL or soft hyphens, non-breaking spaces as spaces; a pair of
    UTF-16 halves joined and a half alone as U+FFFD, since no text can be stored with one."""
    if _SURROGATES.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
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
        _check_package(path, where)
        document = docx.Document(str(path))
        _check_length(document.element.body, where)
        lines = list(_docx_blocks(document, _Styles()))
    except DocumentReadError:
        raise
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


#: Bytes of a package member read at a time while its inflated size is counted.
_INFLATE_CHUNK = 1024 * 1024


def _check_package(path: Path, where: str) -> None:
    """Refuse a Word package that inflates past :data:`MAX_DOCX_INFLATED`, or holds more than
    :data:`MAX_DOCX_ELEMENTS` XML elements, before any of it is parsed: by the sizes its
    directory gives, and then by what its parts inflate to as they are read, since a directory
    can lie."""
    import zipfile

    with zipfile.ZipFile(path) as package:
        parts = package.infolist()
        if len(parts) > MAX_DOCX_PARTS:
            raise DocumentReadError(
                f"the package has {len(parts):,} parts, more than the {MAX_DOCX_PARTS:,} a "
                "Word file can have", where=where)
        claimed = sum(part.file_size for part in parts)
        if claimed > MAX_DOCX_INFLATED:
            raise DocumentReadError(_inflated(_megabytes(claimed)), where=where)
        inflated = elements = 0
        for part in parts:
            markup = part.filename.endswith((".xml", ".rels"))
            with package.open(part) as stream:
                while chunk := stream.read(_INFLATE_CHUNK):
                    inflated += len(chunk)
                    if inflated > MAX_DOCX_INFLATED:
                        raise DocumentReadError(
                            _inflated(f"more than its directory says ({_megabytes(claimed)})"),
                            where=where)
                    elements += _element_starts(chunk) if markup else 0
                    if elements > MAX_DOCX_ELEMENTS:
                        raise DocumentReadError(
                            f"the package holds more than {MAX_DOCX_ELEMENTS:,} XML elements, "
                            "more than a Word case example can (a zip bomb?)", where=where)


def _element_starts(markup: bytes) -> int:
    """About how many XML elements start in ``markup``: its ``<`` that open no end tag,
    declaration or comment. Counting bytes costs nothing beside parsing them."""
    return (markup.count(b"<") - markup.count(b"</") - markup.count(b"<?")
            - markup.count(b"<!"))


def _inflated(size: str) -> str:
    return (f"the package inflates to {size}, more than the {_megabytes(MAX_DOCX_INFLATED)} "
            "a Word case example can (a zip bomb?)")


def _check_length(body: Any, where: str) -> None:
    """Refuse a document too long to be a case example before its paragraphs are read, which
    costs far more than counting them."""
    paragraphs = sum(1 for _ in body.iter(_W + "p"))
    if paragraphs > MAX_DOCX_PARAGRAPHS:
        raise DocumentReadError(
            f"the document has {paragraphs:,} paragraphs, more than the "
            f"{MAX_DOCX_PARAGRAPHS:,} a case example can have", where=where)
    _check_characters(sum(len(text.text or "") for text in body.iter(_W + "t")), where)


class _Styles:
    """The name and boldness of each paragraph style, looked up once per document: python-docx
    resolves a paragraph's style by walking every style the document defines, which made a
    long document cost milliseconds a paragraph."""

    def __init__(self) -> None:
        self._known: dict[str | None, tuple[str, bool]] = {}

    def of(self, paragraph: Any) -> tuple[str, bool]:
        key = paragraph._p.style
        if key not in self._known:
            style = paragraph.style
            self._known[key] = ((style.name if style is not None else "") or "",
                                bool(style is not None and style.font.bold))
        return self._known[key]


def _docx_blocks(container: Any, styles: _Styles) -> Iterator[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            text = _docx_paragraph(block, styles)
            if text:
                yield text
            for box in _text_boxes(block):
                for inner in box.iterchildren(_W + "p"):
                    text = _docx_paragraph(Paragraph(inner, block), styles)
                    if text:
                        yield text
        elif isinstance(block, Table):
            yield from _docx_table(block, styles)


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


def _docx_paragraph(paragraph: Any, styles: _Styles) -> str:
    text = paragraph.text.replace("\t", " ").strip()
    if not text:
        return ""
    style, style_bold = styles.of(paragraph)
    lowered = style.lower()
    if lowered.startswith("heading"):
        level = "".join(ch for ch in style if ch.isdigit())
        return "#" * max(1, min(int(level or 1), 6)) + " " + text
    if lowered == "title":
        return "# " + text
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if numbered or lowered.startswith("list"):
        return "- " + text
    bold = _bold_lead(paragraph, style_bold)
    if bold and bold == text and len(text) <= _MAX_HEADING:
        # A short paragraph set in bold throughout is how many authors make a heading.
        return "## " + text
    if bold and len(bold) <= _MAX_HEADING and text.startswith(bold):
        # A bold label with its answer after it on the same line.
        return f"**{bold}** {text[len(bold):].strip()}"
    return text


#: Characters a heading or a label can have; a longer bold passage is emphasis, not a heading.
_MAX_HEADING = 200


def _bold_lead(paragraph: Any, style_bold: bool) -> str:
    """The text of the bold runs a paragraph starts with (bold by the run or by its style)."""
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


def _docx_table(table: Any, styles: _Styles) -> Iterator[str]:
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
        blocks = [list(_docx_blocks(cell, styles)) for cell in cells]
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
        with _quiet_pdfminer():
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


@contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    """pdfminer.six logs what it works around in a damaged PDF ("Invalid MediaBox in /Page")
    and, with no handler set up, Python prints that on stderr without the file's name. What it
    worked around is not the reader's concern, and what it could not shows as the document's
    error; its messages go nowhere while it reads."""
    logger = logging.getLogger("pdfminer")
    sink = logging.NullHandler()
    propagate = logger.propagate
    logger.addHandler(sink)
    logger.propagate = False
    try:
        yield
    finally:
        logger.propagate = propagate
        logger.removeHandler(sink)


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
