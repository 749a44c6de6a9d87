"""The report's two writers, side by side: the blocks of ``report.report_blocks`` spelt in HTML
and in Markdown.

What the report says is decided once, in ``casegraph.views.report``; each writer here only turns
blocks into its syntax and escapes text for it. HTML: one self-contained page with inline CSS
and the heatmap inline as a ``data:image/png`` URI, no script and no reference to anything
outside the file, every string escaped with ``html.escape(quote=True)``. Markdown: text
HTML-escaped (renderers pass entities through), the characters that make links, emphasis, code
or tables backslashed, and each string on one line that starts no block of its own; the heatmap
is linked as the PNG file next to the report, and the nav is left out.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterable
from typing import assert_never
from urllib.parse import quote

from .report import (
    Block,
    Figure,
    Heading,
    Item,
    ItemList,
    Nav,
    Paragraph,
    Run,
    Section,
    Table,
    Text,
    plot_heatmap,
)

__all__ = ["html_page", "markdown_page"]


# --- HTML ----------------------------------------------------------------------------------------

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;color:#222;max-width:62rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.3rem;border-top:1px solid #ddd;padding-top:1rem;margin-top:2rem}
h3{font-size:1.05rem;margin-bottom:.3rem}table{border-collapse:collapse;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}.why{color:#555;font-size:.9rem}
nav a{margin-right:.8rem}figure{margin:0;overflow-x:auto}img{max-width:none}
""".strip()

_HTML_TAGS = {"bold": "b", "italic": "i", "code": "code"}


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def html_page(title: str, blocks: Iterable[Block]) -> str:
    """The blocks as one self-contained HTML page titled ``title``."""
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>"]
    for block in blocks:
        out += _html_block(block)
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_text(text: Text) -> str:
    out = []
    for run in text:
        tag = _HTML_TAGS.get(run.emphasis)
        shown = f"<{tag}>{_e(run.text)}</{tag}>" if tag and run.text else _e(run.text)
        out.append(f'<a href="#{_e(run.link)}">{shown}</a>' if run.link and run.text else shown)
    return "".join(out)


def _html_item(item: Item) -> str:
    note = f'<br><span class="why">{_html_text(item.note)}</span>' if item.note else ""
    ident = f' id="{_e(item.anchor)}"' if item.anchor else ""
    return f"<li{ident}>{_html_text(item.text)}{note}</li>"


def _html_block(block: Block) -> list[str]:
    match block:
        case Heading(level=level, text=text, anchor=anchor):
            ident = "" if anchor is None else f' id="{_e(anchor)}"'
            return [f"<h{level}{ident}>{_e(text)}</h{level}>"]
        case Paragraph(text=text):
            return [f"<p>{_html_text(text)}</p>"]
        case ItemList(items=items, ordered=ordered):
            tag = "ol" if ordered else "ul"
            return [f"<{tag}>", *(_html_item(item) for item in items), f"</{tag}>"]
        case Table(header=header, rows=rows, numeric=numeric):
            cells = ("<td>{}</td>", '<td class="n">{}</td>')
            return ["<table>", "<tr>" + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr>",
                    *("<tr>" + "".join(cells[n in numeric].format(_e(cell))
                                       for n, cell in enumerate(row)) + "</tr>" for row in rows),
                    "</table>"]
        case Figure(matrix=matrix, alt=alt, caption=caption, labels=labels):
            png = base64.b64encode(plot_heatmap(matrix, labels=dict(labels))).decode("ascii")
            return [f'<figure><img alt="{_e(alt)}" src="data:image/png;base64,{png}">'
                    f"<figcaption>{_e(caption)}</figcaption></figure>"]
        case Nav(links=links):
            return ["<nav>" + "".join(f'<a href="#{_e(link.anchor)}">{_e(link.text)}</a>'
                                      for link in links) + "</nav>"]
        case Section(anchor=anchor, blocks=blocks):
            return [f'<section id="{_e(anchor)}">',
                    *(line for inner in blocks for line in _html_block(inner)), "</section>"]
        case _:
            assert_never(block)


# --- Markdown ------------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!])")

#: What would make a line of text start a block of its own: a list marker, a rule, a setext
#: underline or a fence.
_BLOCK_START = re.compile(r"^(?:([-+=~])|(\d+)([.)]))")

_MARKS = {"bold": "**", "italic": "*"}


def _md(text: str) -> str:
    """Text, safe in Markdown: HTML escaped (renderers pass entities through), the characters
    that make links, emphasis, code or tables backslashed; on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(re.sub(r"\s+", " ", text), quote=False))


def _md_code(text: str) -> str:
    """A code span around ``text``, raw: Markdown shows code spans as they are written."""
    text = re.sub(r"\s+", " ", text)
    fence = "`" * (max((len(ticks) for ticks in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_run(run: Run) -> str:
    if run.emphasis == "code":
        return _md_code(run.text) if run.text.strip() else _md(run.text)
    text = _md(run.text)
    core = text.strip(" ")
    mark = _MARKS.get(run.emphasis)
    if mark is None or not core:
        return text
    head, _, tail = text.partition(core)
    return f"{head}{mark}{core}{mark}{tail}"


def _md_line(text: Text) -> str:
    """Running text as the start of a line that stays in the block it is written in."""
    line = "".join(_md_run(run) for run in text).lstrip(" ")
    return _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", line, count=1)


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(_md(cell) for cell in cells) + " |"


def markdown_page(blocks: Iterable[Block], image: str | None) -> str:
    """The blocks as Markdown; ``image`` is the file name of the heatmap's PNG, linked where the
    figure stands (None: the figure is left out)."""
    out: list[str] = []
    for block in blocks:
        out += _md_block(block, image)
    return "\n".join(out).rstrip("\n") + "\n"


def _md_block(block: Block, image: str | None) -> list[str]:
    match block:
        case Heading(level=level, text=text):
            return ["#" * level + " " + _md(text), ""]
        case Paragraph(text=text):
            return [_md_line(text), ""]
        case ItemList(items=items, ordered=ordered):
            out = []
            for number, item in enumerate(items, 1):
                marker = f"{number}." if ordered else "-"
                line = f"{marker} {_md_line(item.text)}"
                if item.note:
                    line += "\\\n" + " " * (len(marker) + 1) + _md_line(item.note)
                out.append(line)
            return out + [""]
        case Table(header=header, rows=rows, numeric=numeric):
            rule = "|" + "|".join("---:" if n in numeric else "---"
                                  for n in range(len(header))) + "|"
            return [_md_row(header), rule, *(_md_row(row) for row in rows), ""]
        case Figure(alt=alt, caption=caption):
            if image is None:
                return []
            return [f"![{_md(alt)}]({quote(image)})", "", _md_line((Run(caption, "italic"),)), ""]
        case Nav():
            return []
        case Section(blocks=blocks):
            return [line for inner in blocks for line in _md_block(inner, image)]
        case _:
            assert_never(block)
