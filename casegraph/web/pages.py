"""The pages ``casegraph serve`` writes itself: the front page, the query editor, the list of
cases and a page per case with its evidence and its source document. Every string from the
documents is escaped; the pages load nothing but the server's own files."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ..analysis.graphs import UNKNOWN_OUTCOME, Case, GraphData, node_id
from ..query.queries import NamedQuery
from ..views.explorer import script_json
from ..vocab import ID

__all__ = ["Site", "case_path", "front_page", "editor_page", "cases_page", "case_page",
           "STYLE"]

#: The stylesheet of the server's own pages, served as /static/casegraph.css.
STYLE = """
body{font:15px/1.5 system-ui,sans-serif;color:#222;max-width:64rem;margin:1.5rem auto;padding:0 1rem}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:1.6rem}
header nav a,footer a{margin-right:1rem}header{border-bottom:1px solid #ddd;padding-bottom:.4rem}
blockquote{margin:.2rem 0 .6rem 1rem;padding-left:.6rem;border-left:3px solid #d4a017;color:#333}
.muted{color:#666;font-size:.9rem}code{background:#f4f4f4;padding:0 .2rem}
table{border-collapse:collapse}th,td{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;
vertical-align:top}td.n{text-align:right}
body.editor{max-width:none;margin:0;padding:0;display:flex;flex-direction:column;height:100vh}
body.editor header{padding:.5rem 1rem}.editor main{display:flex;flex:1;min-height:0}
#examples{width:18rem;overflow-y:auto;border-right:1px solid #ddd;padding:.5rem;flex:none}
#examples button{display:block;width:100%;text-align:left;margin:.2rem 0;padding:.3rem;
background:#f7f7f7;border:1px solid #ddd;border-radius:3px;cursor:pointer;font:inherit}
#examples button:hover,#examples button:focus{background:#eef3fb}
#examples small{display:block;color:#555;font-size:.8rem}
#yasgui{flex:1;overflow:auto;min-width:0}
""".strip()


#: The parts of a case example, as the pages name them.
_SECTIONS = {"how_overcome": "how the challenge was overcome",
             "difference": "what difference it made", "lessons": "the lessons",
             "action": "the action", "challenge": "the challenge", "summary": "the summary"}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class Site:
    """What the pages link to: the endpoint's path, and the documents the build read, by
    case IRI (path and sha256, as the manifest lists them)."""

    endpoint: str = "/sparql"
    documents: Mapping[str, Mapping[str, Any]] | None = None


#: Where casegraph's case IRIs start; the server's page of a case is /cases/ and the rest.
CASES = str(ID) + "case/"


def case_path(case: Case) -> str:
    """The path of a case's page: /cases/ and the case IRI's tail."""
    return "/cases/" + quote(case.iri.rsplit("/case/", 1)[-1], safe="/")


def _page(title: str, body: Iterable[str], *, body_class: str = "") -> str:
    attrs = f' class="{_e(body_class)}"' if body_class else ""
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        '<link rel="stylesheet" href="/static/casegraph.css">', "</head>", f"<body{attrs}>",
        "<header><nav>"
        '<a href="/">casegraph</a><a href="/editor">Query editor</a>'
        '<a href="/explorer">Explorer</a><a href="/report">Report</a>'
        '<a href="/cases">Cases</a><a href="/sparql">SPARQL endpoint</a>'
        "</nav></header>", *body, "</body>", "</html>"]) + "\n"


def front_page(data: GraphData, site: Site, limits: Mapping[str, str]) -> str:
    cities = len({c.city for c in data.cases if c.city})
    rules = "".join(f"<li>{_e(k)}: {_e(v)}</li>" for k, v in limits.items())
    return _page("casegraph", [
        "<main>", "<h1>casegraph</h1>",
        f"<p>{len(data.cases):,} case examples from {cities:,} cities, served read-only from "
        "this build.</p>",
        "<ul>",
        '<li><a href="/editor">Query editor</a>: SPARQL with the named queries as '
        "examples.</li>",
        '<li><a href="/explorer">Explorer</a>: the graph to search, filter, map and '
        "compare.</li>",
        '<li><a href="/report">Report</a>: one section per challenge, with the practices '
        "that transfer.</li>",
        '<li><a href="/cases">Cases</a>: a page per case with its evidence and its source '
        "document.</li>",
        f'<li>SPARQL 1.1 endpoint: <code>{_e(site.endpoint)}</code> (GET and POST; JSON, XML, '
        "CSV and TSV results; CONSTRUCT and DESCRIBE as Turtle, JSON-LD, N-Triples or "
        "RDF/XML).</li>",
        "</ul>",
        f'<p class="muted">Limits per query:</p><ul class="muted">{rules}</ul>',
        "</main>"])


def editor_page(examples: Iterable[tuple[NamedQuery, str]], site: Site) -> str:
    """The query editor: YASGUI on the endpoint, and the named queries as examples, each
    with its parameters bound to an example value (``examples``: query, text to run)."""
    listed = [{"name": q.name, "title": q.title or q.name, "description": q.description,
               "text": text} for q, text in examples]
    buttons = "".join(
        f'<button type="button" data-query="{_e(item["name"])}">{_e(item["title"])}'
        f'<small>{_e(item["name"])}</small></button>' for item in listed)
    return _page("casegraph: query editor", [
        '<link rel="stylesheet" href="/static/yasgui.min.css">',
        "<main>",
        '<aside id="examples"><h2>Examples</h2>'
        '<p class="muted">The named queries of <code>casegraph query</code>. Click one to '
        f"open it in a tab and run it.</p>{buttons}</aside>",
        '<div id="yasgui"></div>', "</main>",
        f'<script type="application/json" id="casegraph-editor">'
        f'{script_json({"endpoint": site.endpoint, "examples": listed, "cases": CASES})}'
        "</script>",
        '<script src="/static/yasgui.min.js"></script>',
        '<script src="/static/editor.js"></script>'], body_class="editor")


def cases_page(data: GraphData) -> str:
    rows = []
    for case in sorted(data.cases, key=lambda c: (c.city_name.casefold(), c.title.casefold(),
                                                  c.iri)):
        codes = ", ".join(c.code for c in case.challenges if c.code) or "–"
        rows.append(f'<tr><td><a href="{_e(case_path(case))}">{_e(case.title)}</a></td>'
                    f"<td>{_e(case.city_name)}</td><td>{_e(case.country_name)}</td>"
                    f"<td>{_e(case.network_name)}</td><td>{_e(codes)}</td></tr>")
    return _page("casegraph: cases", [
        "<main>", f"<h1>Cases ({len(data.cases):,})</h1>",
        "<table><tr><th>Case</th><th>City</th><th>Country</th><th>Network</th>"
        "<th>Challenges</th></tr>", *rows, "</table>", "</main>"])


def case_page(case: Case, site: Site) -> str:
    """A case: where, which network, the challenges it faced with their outcomes and how
    they were overcome, the tactics with the sentences that show them, the lessons, and the
    source document it was read from."""
    body = ["<main>", f"<h1>{_e(case.title)}</h1>",
            f'<p class="muted">{_e(", ".join(p for p in (case.city_name, case.country_name) if p))}'
            f'{" · " + _e(case.network_name) if case.network_name else ""}'
            f' · <code>{_e(case.iri)}</code></p>']
    if case.summary:
        body.append(f"<p>{_e(case.summary)}</p>")
    body.append("<h2>Challenges</h2><ul>")
    for faced in case.challenges:
        head = f"{faced.code} – {faced.label}" if faced.code else faced.label or faced.as_written
        outcome = ("outcome not stated" if faced.outcome == UNKNOWN_OUTCOME
                   else "outcome: " + faced.outcome.replace("-", " "))
        written = faced.as_written and faced.as_written.casefold() not in head.casefold()
        body.append(f"<li><strong>{_e(head)}</strong> ({_e(outcome)})"
                    + (f'<br><span class="muted">As written: {_e(faced.as_written)}</span>'
                       if written else "")
                    + (f"<blockquote>{_e(faced.how_overcome)}</blockquote>"
                       if faced.how_overcome else "") + "</li>")
    body.append("</ul>")
    body.append(f"<h2>Tactics and their evidence ({len(case.tactics)})</h2><ul>")
    for used in case.tactics:
        against = f" against {used.challenge}" if used.challenge else ""
        where = (f" · from {_SECTIONS.get(used.section, used.section.replace('_', ' '))}"
                 if used.section else "")
        body.append(f"<li><strong>{_e(used.label)}</strong>{_e(against)}"
                    f'<span class="muted">{_e(where)}</span>'
                    f"<blockquote>{_e(used.evidence)}</blockquote></li>")
    if not case.tactics:
        body.append("<li>No tactic recognised in this document.</li>")
    body.append("</ul>")
    if case.lessons:
        body.append("<h2>Lessons</h2><ol>")
        body += [f"<li>{_e(lesson.text)}</li>" for lesson in case.lessons]
        body.append("</ol>")
    body.append("<h2>Source document</h2>")
    document = (site.documents or {}).get(case.iri)
    if document is not None:
        body.append(f'<p><a href="/documents/{_e(document["sha256"])}">'
                    f"{_e(case.source or document.get('source', ''))}</a> "
                    f'<span class="muted">sha256 {_e(document["sha256"])}</span></p>')
    else:
        body.append(f"<p>{_e(case.source)}</p>")
    explorer = "/explorer#select=" + quote(node_id(case.iri), safe="/")
    body.append(f'<p><a href="{_e(explorer)}">Show in the explorer</a> · '
                f'<a href="{_e(case_path(case))}.ttl">This case as RDF (Turtle)</a></p>')
    body.append("</main>")
    return _page(f"casegraph: {case.title}", body)
