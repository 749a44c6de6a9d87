"""Reading documents: encodings, line ends, Word and PDF text, and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from casegraph.errors import DocumentReadError
from casegraph.ingest.read import decode_text, find_documents, read_document

SAMPLE = "Nantes – “Growing up well” in Göteborg and Łódź\nsecond line\n"


@pytest.mark.parametrize(
    ("encoding", "newline", "expected"),
    [
        ("utf-8", "\n", "utf-8"),
        ("utf-8-sig", "\n", "utf-8-sig"),
        ("utf-8", "\r\n", "utf-8"),
        ("utf-16", "\r\n", "utf-16"),
    ],
)
def test_unicode_text_files(tmp_path: Path, encoding: str, newline: str, expected: str) -> None:
    path = tmp_path / "case.txt"
    path.write_bytes(SAMPLE.replace("\n", newline).encode(encoding))
    document = read_document(path)
    assert document.text == SAMPLE
    assert document.encoding == expected


def test_windows_1252_with_crlf(tmp_path: Path, seed_text: str) -> None:
    text = seed_text.replace("'", "’") + "\nCafé – déjà vu “quoted”\n"
    path = tmp_path / "word-export.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    document = read_document(path)
    assert document.encoding == "cp1252"
    assert document.text == text
    assert "\r" not in document.text


def test_forced_encoding(tmp_path: Path) -> None:
    path = tmp_path / "polish.txt"
    path.write_bytes("Łódź i Kraków – zażółć gęślą jaźń\n".encode("cp1250"))
    assert read_document(path, encoding="cp1250").text.startswith("Łódź")
    with pytest.raises(DocumentReadError, match="unknown encoding"):
        read_document(path, encoding="no-such-encoding")


def test_markdown_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "case.md"
    path.write_text("# Title\n\n**Budget:** none\n", encoding="utf-8")
    document = read_document(path)
    assert document.media_type == "text/markdown"
    assert document.text.startswith("# Title")


def test_docx_paragraphs_headings_lists_tables(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("The CHALLENGE with this implementation", level=2)
    document.add_paragraph("A plain paragraph.")
    document.add_paragraph("first item", style="List Bullet")
    document.add_paragraph("second item", style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Budget"
    table.cell(0, 1).text = "EUR 20,000"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "one merged cell"
    document.add_paragraph("After the table.")
    path = tmp_path / "case.docx"
    document.save(str(path))

    text = read_document(path).text
    assert text.split("\n\n") == [
        "## The CHALLENGE with this implementation",
        "A plain paragraph.",
        "- first item",
        "- second item",
        "## Budget",
        "EUR 20,000",
        "one merged cell",
        "After the table.",
    ]


def test_pdf_text_layer_keeps_paragraphs(seed_pdf: Path) -> None:
    text = read_document(seed_pdf).text
    assert "Case Example Title and City:" in text
    assert "\n\nIC4 – Moving from Strategy to Operational Action Plan" in text


def test_unknown_suffix_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "case.rtf"
    path.write_text("{\\rtf1 hello}", encoding="ascii")
    with pytest.raises(DocumentReadError) as info:
        read_document(path)
    assert str(info.value) == (
        f"{path}: unsupported file type '.rtf'; casegraph reads .docx, .markdown, .md, .pdf, "
        ".rst, .text, .txt"
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "file is empty"),
        ("garbage.txt", bytes(range(256)) * 40, "binary content, not a text file"),
        ("not-word.docx", b"just some text, not a zip package", "not a Word .docx file"),
        ("text.pdf", b"This is plain text with a .pdf name.\n", "not a PDF file"),
    ],
)
def test_bad_inputs_are_named(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentReadError, match=message) as info:
        read_document(path)
    assert str(info.value).startswith(f"{path}: ")


def test_truncated_docx(tmp_path: Path, seed_docx: Path) -> None:
    path = tmp_path / "truncated.docx"
    data = seed_docx.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DocumentReadError, match=r"\.docx"):
        read_document(path)


def test_zip_that_is_not_word(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(DocumentReadError, match="not a Word .docx file"):
        read_document(path)


def test_encrypted_pdf(tmp_path: Path, seed_pdf: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(seed_pdf))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(DocumentReadError, match="encrypted PDF"):
        read_document(path)


def test_huge_text_file_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"The CHALLENGE with this implementation\n" * (50 * 1024 * 1024 // 39 + 1))
    assert path.stat().st_size >= 50 * 1024 * 1024
    with pytest.raises(DocumentReadError, match=r"file is 50\.\d MB, larger than"):
        read_document(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentReadError, match="no such file"):
        read_document(tmp_path / "nowhere.txt")


def test_decode_prefers_utf8() -> None:
    text, encoding = decode_text("plain ascii and é".encode())
    assert (text, encoding) == ("plain ascii and é", "utf-8")


def test_find_documents_walks_folders_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    for name in ("b/z.md", "a.txt", "b/c.docx", "photo.jpg", ".hidden.txt",
                 "a.casegraph.yaml", "README.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found, passed_over = find_documents([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.txt", "b/c.docx", "b/z.md"]
    assert [p.name for p in passed_over] == ["photo.jpg"]


def test_docx_text_boxes_are_read_once(tmp_path: Path) -> None:
    """Text set in Word text boxes, which Word stores twice (a drawing and a VML fallback)."""
    import docx
    from docx.oxml import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    box = ('<w:txbxContent xmlns:w="{w}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
           '</w:txbxContent>')
    run = parse_xml(
        f'<w:r xmlns:w="{w}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>'
        + box.format(w=w, text="The challenge was the rent.") +
        '</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>'
        + box.format(w=w, text="The challenge was the rent.") +
        '</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    document = docx.Document()
    document.add_paragraph("Shared desks")
    document.add_paragraph()._p.append(run)
    path = tmp_path / "boxes.docx"
    document.save(str(path))
    text = read_document(path).text
    assert text.count("The challenge was the rent.") == 1
    assert text.index("Shared desks") < text.index("The challenge was the rent.")
