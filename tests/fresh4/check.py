"""Check tests/fresh4/gold.yaml against the eight documents, without the tool.

    python tests/fresh4/check.py          # check
    python tests/fresh4/check.py --dump   # also print each document's extracted text

Checks: gold.yaml loads; it has one entry per document (8) and every entry has all 17
fields; field types are sane; and every gold text (summary, action, challenge,
how_overcome, difference), every lesson, every author and the budget occurs in the
document's own text. Text is taken from .docx with python-docx (every w:p of the body,
tables and content controls included), from .pdf with pdfminer.six extract_text, and from
.txt/.md decoded with the encoding the file was written in. Only whitespace differences
and, in PDFs, a word hyphenated at a line end are tolerated. Each paragraph of a gold text
must occur, and the paragraphs must occur in order.
"""

import re
import sys
from pathlib import Path

import docx
import yaml
from docx.oxml.ns import qn
from pdfminer.high_level import extract_text as pdf_text

HERE = Path(__file__).resolve().parent

FIELDS = ["network", "title", "city", "country", "summary", "action", "challenge",
          "challenge_codes", "how_overcome", "outcome", "difference", "lessons",
          "start_year", "end_year", "prepared", "authors", "budget"]
TEXTS = ["summary", "action", "challenge", "how_overcome", "difference"]
CODES = {f"IC{i}" for i in range(1, 6)} | {f"UIA-{i}" for i in range(1, 8)}

# the encoding each text file was written in, and what its first bytes must be
ENCODINGS = {
    "bridge-rotterdam-reply.txt": "cp1252",
    "bee-path-ljubljana-faq.md": "utf-8-sig",
    "ampelokipi-menemeni-paradeigma.txt": "utf-8",
}


def docx_text(path):
    body = docx.Document(str(path)).element.body
    paras = []
    for p in body.iter(qn("w:p")):
        parts = []
        for el in p.iter():
            if el.tag == qn("w:t"):
                parts.append(el.text or "")
            elif el.tag in (qn("w:tab"), qn("w:br")):
                parts.append(" ")
        paras.append("".join(parts))
    return "\n".join(paras)


def document_text(path):
    if path.suffix == ".docx":
        return docx_text(path)
    if path.suffix == ".pdf":
        return pdf_text(str(path))
    raw = path.read_bytes()
    enc = ENCODINGS[path.name]
    if enc == "utf-8-sig":
        assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: expected a UTF-8 BOM"
    if enc == "cp1252":
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            raise AssertionError(f"{path.name}: expected cp1252 bytes that are not valid UTF-8")
    return raw.decode(enc)


def pattern(needle, pdf):
    """Regex for needle: any run of whitespace matches any run of whitespace; in a PDF a
    line-end hyphen ('-' + newline) may also sit inside a word."""
    words = needle.split()
    if pdf:
        brk = r"(?:-?[ \t]*\n\s*)?"
        wp = [brk.join(re.escape(c) for c in w) for w in words]
    else:
        wp = [re.escape(w) for w in words]
    return re.compile(r"\s+".join(wp))


def find(needle, text, pdf, start=0):
    m = pattern(needle, pdf).search(text, start)
    return m.end() if m else -1


def main():
    dump = "--dump" in sys.argv
    gold = yaml.safe_load((HERE / "gold.yaml").read_text(encoding="utf-8"))
    errors = []
    docs = sorted(p for p in HERE.iterdir() if p.suffix in {".docx", ".pdf", ".txt", ".md"}
                  and p.name != "README.md")
    if len(gold) != 8:
        errors.append(f"gold.yaml has {len(gold)} entries, expected 8")
    if sorted(gold) != [p.name for p in docs]:
        errors.append(f"gold keys {sorted(gold)} != documents {[p.name for p in docs]}")
    checked = 0
    for name in sorted(gold):
        entry = gold[name]
        for k in ("form", "fact_sheet", "fields"):
            if k not in entry:
                errors.append(f"{name}: missing {k}")
        f = entry.get("fields") or {}
        missing = [k for k in FIELDS if k not in f]
        extra = [k for k in f if k not in FIELDS]
        if missing or extra:
            errors.append(f"{name}: missing fields {missing}, unknown fields {extra}")
            continue
        sheet = entry["fact_sheet"]
        if not any((Path("/work/shared/corpus") / d / sheet).exists() for d in ("facts", "facts-more")):
            errors.append(f"{name}: fact sheet {sheet} not found")
        # types
        if f["outcome"] not in ("completely", "partly", "not", None):
            errors.append(f"{name}: bad outcome {f['outcome']!r}")
        if not isinstance(f["challenge_codes"], list) or any(c not in CODES for c in f["challenge_codes"]):
            errors.append(f"{name}: bad challenge_codes {f['challenge_codes']!r}")
        for k in ("lessons", "authors"):
            if not isinstance(f[k], list):
                errors.append(f"{name}: {k} must be a list")
        for k in ("start_year", "end_year"):
            if f[k] is not None and not isinstance(f[k], int):
                errors.append(f"{name}: {k} must be an int or null")
        if f["prepared"] is not None and not re.fullmatch(r"\d{4}-\d{2}", str(f["prepared"])):
            errors.append(f"{name}: prepared must be YYYY-MM, got {f['prepared']!r}")
        if f["country"] is not None and not re.fullmatch(r"[A-Z]{2}", f["country"]):
            errors.append(f"{name}: country must be ISO alpha-2")
        # occurrence in the document text
        path = HERE / name
        if not path.exists():
            errors.append(f"{name}: document missing")
            continue
        text = document_text(path)
        if dump:
            print(f"===== {name}\n{text}\n")
        pdf = path.suffix == ".pdf"
        items = []
        for k in TEXTS:
            if f[k] is not None:
                items.append((k, [p for p in f[k].split("\n") if p.strip()]))
        for i, lesson in enumerate(f["lessons"]):
            items.append((f"lessons[{i}]", [lesson]))
        for i, a in enumerate(f["authors"]):
            items.append((f"authors[{i}]", [a]))
        for k in ("budget", "title"):
            if f[k] is not None:
                items.append((k, [f[k]]))
        for label, paras in items:
            pos = 0
            for para in paras:
                end = find(para, text, pdf, pos)
                if end < 0:
                    where = "after the previous paragraph" if pos and find(para, text, pdf) >= 0 else "anywhere"
                    errors.append(f"{name}: {label}: not found {where}: {para[:70]!r}")
                    break
                pos = end
                checked += 1
    for e in errors:
        print("FAIL", e)
    print(f"{len(gold)} documents, {checked} text passages checked, {len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
