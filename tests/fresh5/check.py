#!/usr/bin/env python3
"""Check tests/fresh5/gold.yaml against the documents, without the tool.

- gold.yaml loads and has the 17 fields for each of the 8 documents;
- field values have the right shape (codes, outcome, years, prepared);
- every gold text (title, summary, action, challenge, how_overcome, difference), every
  lesson, every author and the budget occurs in its document's text. Only whitespace and
  PDF end-of-line hyphenation may differ. In .docx files, struck-through runs count as
  deleted text (the Sofia draft marks its deletions that way) and are not part of the text.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import docx
import yaml
from docx.table import Table
from docx.text.paragraph import Paragraph
from pdfminer.high_level import extract_text

HERE = Path(__file__).resolve().parent
CORPUS = Path("/work/shared/corpus")

FIELDS = ["network", "title", "city", "country", "summary", "action", "challenge",
          "challenge_codes", "how_overcome", "outcome", "difference", "lessons",
          "start_year", "end_year", "prepared", "authors", "budget"]
TEXT_FIELDS = ["title", "summary", "action", "challenge", "how_overcome", "difference"]
ENCODINGS = {
    "debrecen4u-WIT-README.txt": "cp1250",
    "bmincome-thread-export.txt": "utf-16",
}
CODE_RE = re.compile(r"^(IC[1-5]|UIA-[1-7])$")


# ---------------------------------------------------------------- text extraction

def _block_text(container, out: list[str]) -> None:
    for item in container.iter_inner_content():
        if isinstance(item, Paragraph):
            out.append("".join(r.text for r in item.runs if not r.font.strike))
        elif isinstance(item, Table):
            for row in item.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    _block_text(cell, out)  # recurses into nested tables


def docx_text(path: Path) -> str:
    out: list[str] = []
    _block_text(docx.Document(str(path)), out)
    return "\n".join(out)


def doc_variants(path: Path) -> list[str]:
    """Texts a gold string may be found in (before whitespace is removed)."""
    suf = path.suffix
    if suf == ".docx":
        return [docx_text(path)]
    if suf == ".pdf":
        t = extract_text(str(path))
        return [t, re.sub(r"(?<=\w)-[ \t]*\n\s*(?=\w)", "", t)]  # as printed / hyphenation joined
    if suf in (".txt", ".md", ".rst"):
        raw = path.read_bytes()
        enc = ENCODINGS.get(path.name, "utf-8")
        return [raw.decode(enc)]
    raise ValueError(f"unexpected file type {path}")


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


# ---------------------------------------------------------------- checks

def main() -> int:
    gold = yaml.safe_load((HERE / "gold.yaml").read_text(encoding="utf-8"))
    problems: list[str] = []
    ok_count = 0
    if not isinstance(gold, dict) or len(gold) != 8:
        problems.append(f"gold.yaml should have 8 documents, has {len(gold or {})}")
    docs_on_disk = sorted(p.name for p in HERE.iterdir()
                          if p.suffix in (".docx", ".pdf", ".md", ".txt", ".rst")
                          and p.name != "README.md")
    if sorted(gold) != docs_on_disk:
        problems.append(f"gold keys {sorted(gold)} != documents {docs_on_disk}")
    sheets = set()
    for name, entry in gold.items():
        path = HERE / name
        if not path.exists():
            problems.append(f"{name}: file missing")
            continue
        for key in ("form", "fact_sheet", "fields"):
            if key not in entry:
                problems.append(f"{name}: no '{key}'")
        sheet = entry.get("fact_sheet")
        sheets.add(sheet)
        if not ((CORPUS / "facts" / sheet).exists() or (CORPUS / "facts-more" / sheet).exists()):
            problems.append(f"{name}: fact sheet {sheet} not found")
        f = entry.get("fields", {})
        if list(f) != FIELDS:
            missing = [k for k in FIELDS if k not in f]
            extra = [k for k in f if k not in FIELDS]
            problems.append(f"{name}: fields wrong (missing {missing}, extra {extra}, or order)")
            continue
        # shapes
        if not (isinstance(f["country"], str) and re.fullmatch(r"[A-Z]{2}", f["country"])):
            problems.append(f"{name}: country {f['country']!r}")
        if not isinstance(f["challenge_codes"], list) or not all(
                isinstance(c, str) and CODE_RE.match(c) for c in f["challenge_codes"]):
            problems.append(f"{name}: challenge_codes {f['challenge_codes']!r}")
        if f["outcome"] not in ("completely", "partly", "not", None):
            problems.append(f"{name}: outcome {f['outcome']!r}")
        for k in ("start_year", "end_year"):
            if f[k] is not None and not isinstance(f[k], int):
                problems.append(f"{name}: {k} {f[k]!r}")
        if f["prepared"] is not None and not (isinstance(f["prepared"], str)
                                              and re.fullmatch(r"\d{4}-\d{2}", f["prepared"])):
            problems.append(f"{name}: prepared {f['prepared']!r}")
        if not isinstance(f["lessons"], list) or not isinstance(f["authors"], list):
            problems.append(f"{name}: lessons/authors must be lists")
            continue
        # occurrence
        variants = [squash(v) for v in doc_variants(path)]

        def occurs(s: str) -> bool:
            q = squash(s)
            return any(q in v for v in variants)

        checks = [(k, f[k]) for k in TEXT_FIELDS if f[k] is not None]
        checks += [(f"lessons[{i}]", s) for i, s in enumerate(f["lessons"])]
        checks += [(f"authors[{i}]", s) for i, s in enumerate(f["authors"])]
        if f["budget"] is not None:
            checks.append(("budget", f["budget"]))
        for label, s in checks:
            if not isinstance(s, str) or not s.strip():
                problems.append(f"{name}: {label} is not a non-empty string")
            elif not occurs(s):
                problems.append(f"{name}: {label} not found in document text: {s[:60]!r}...")
            else:
                ok_count += 1
        print(f"{name}: {len(checks)} strings checked")
    if len(sheets) != len(gold):
        problems.append("two documents share a fact sheet")
    for p in problems:
        print("PROBLEM:", p)
    print(f"{len(gold)} documents, {ok_count} strings found, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
