"""The reading commands' answers as text: counts, tactics in use, validation findings, the
catalogue of named queries, transferable practices, similar cases and recommendations, each
in the output formats :data:`FORMATS` lists for it. The command line prints what these
return; a notebook or another tool can too."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "FORMATS",
    "to_json",
    "record_text",
    "stats_text",
    "tactic_usage_text",
    "candidates_text",
    "findings_text",
    "queries_text",
    "queries_json",
    "practices_text",
    "patterns_text",
    "similar_text",
    "recommendations_text",
]

#: The output formats of each answer, the default first.
FORMATS: dict[str, tuple[str, ...]] = {
    "parse": ("json", "table"),
    "stats": ("table", "json"),
    "tactics": ("table", "json"),
    "validate": ("table", "json"),
    "queries": ("table", "json"),
    "patterns": ("table", "json", "md"),
    "similar": ("table", "json", "md"),
    "recommend": ("table", "json", "md"),
}


def to_json(value: Any) -> str:
    """Indented JSON, non-ASCII as it is."""
    return json.dumps(value, indent=2, ensure_ascii=False)


def _lines(lines: Sequence[str]) -> str:
    return "".join(line + "\n" for line in lines)


def stats_text(counts: Mapping[str, int]) -> str:
    width = max(len(k) for k in counts)
    return _lines([f"{key:<{width}}  {value:>8}" for key, value in counts.items()])


def tactic_usage_text(rows: Sequence[Mapping[str, Any]]) -> str:
    id_width = max(len(str(r["id"])) for r in rows)
    label_width = max(len(str(r["label"])) for r in rows)
    lines = [f"{'tactic':<{id_width}}  {'label':<{label_width}}  cases  cities  family"]
    lines += [f"{row['id']!s:<{id_width}}  {row['label']!s:<{label_width}}  "
              f"{row['cases']:>5}  {row['cities']:>6}  {row['family']}" for row in rows]
    return _lines(lines)


def candidates_text(groups: Sequence[Mapping[str, Any]]) -> str:
    lines: list[str] = []
    for group in groups:
        lines.append(f"{group['cases']} case(s): {', '.join(group['terms'])}")
        lines += [f"  {item['document']}: {item['text']}" for item in group["sentences"]]
    lines.append(f"{len(groups)} group(s) of sentences no tactic was tagged from")
    return _lines(lines)


def findings_text(findings: Sequence[Any]) -> str:
    violations = sum(1 for f in findings if f.severity == "violation")
    warnings = sum(1 for f in findings if f.severity == "warning")
    return _lines([str(f) for f in findings]
                  + [f"{violations} violation(s), {warnings} warning(s)"])


def queries_json(queries: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"name": q.name, "title": q.title, "description": q.description,
             "parameters": [{"name": p.name, "kind": p.kind, "required": p.required,
                             "default": p.default, "description": p.description}
                            for p in q.parameters]}
            for q in queries]


def queries_text(queries: Sequence[Any]) -> str:
    lines: list[str] = []
    for query in queries:
        lines.append(f"{query.name}  -  {query.title}")
        lines.append(f"    {query.description}")
        for p in query.parameters:
            need = "required" if p.required else (f"default {p.default}" if p.default
                                                  else "optional")
            lines.append(f"    --param {p.name}=...  ({p.kind}, {need}) {p.description}")
        lines.append("")
    return _lines(lines)


def _list_item(value: Any) -> str:
    if isinstance(value, dict) and "code" in value:
        return f"{value['code']} {value['label']} (as written: {value['as_written']})"
    if isinstance(value, dict) and "evidence" in value:
        return f"{value['id']} ({value['confidence']:.2f}): {value['evidence']}"
    return str(value)


def record_text(data: Mapping[str, Any]) -> str:
    """What ``casegraph parse --format table`` shows of one document: a field per line."""
    width = max(len(k) for k in data)
    lines = []
    for key, value in data.items():
        if isinstance(value, list):
            items = [_list_item(v) for v in value]
            shown = ("\n" + " " * (width + 2)).join(items) if items else "-"
        else:
            shown = "-" if value is None else str(value).replace("\n\n", "\n").replace(
                "\n", "\n" + " " * (width + 2))
        lines.append(f"{key:<{width}}  {shown}")
    return _lines(lines)


# --- practices, similar cases, recommendations -----------------------------------------------------


def _quote(text: str) -> str:
    return " ".join(text.split())


def _practice_lines(explanation: str, practice: Any, md: bool) -> list[str]:
    bullet = "- " if md else "   "
    lines = [f"{bullet}why: {explanation}"]
    for use in practice.uses:
        evidence = f'"{_quote(use.evidence)}"' if use.evidence else "(no sentence)"
        lines.append(f"{bullet}evidence, {use.city} ({use.country}, {use.outcome}): {evidence}")
    for lesson in practice.lessons:
        lines.append(f'{bullet}lesson, {lesson.city}: "{_quote(lesson.text)}"')
    return lines


def wrapped(line: str, width: int | None = None) -> str:
    """A line wrapped to the terminal (or ``width``), words never cut: a ranked heading's
    following lines indented 3, an indented line's (``   why: ...``) 5 more than it."""
    import textwrap

    from ..query.results import terminal_width

    indent = len(line) - len(line.lstrip(" "))
    return textwrap.fill(line, width=width or terminal_width(),
                         subsequent_indent=" " * (indent + 5 if indent else 3),
                         break_long_words=False, break_on_hyphens=False)


def practices_text(rows: Sequence[tuple[str, str, Any]], fmt: str, title: str,
                   empty: str) -> str:
    """A ranked list of practices in ``table`` or ``md``. rows: (the item's heading, its
    explanation, the practice behind it); ``empty`` is said when there are none. The table
    form opens with ``title`` (the question asked) and wraps every line to the terminal."""
    out: list[str] = []
    out.append(f"# {title}\n" if fmt == "md" else f"{wrapped(title + ':')}\n")
    if not rows:
        out.append(empty)
        return _lines(out)
    for rank, (heading, explanation, practice) in enumerate(rows, 1):
        if fmt == "md":
            out.append(f"## {rank}. {heading}\n")
            out.append("\n".join(_practice_lines(explanation, practice, True)) + "\n")
        else:
            out.append(wrapped(f"{rank}. {heading}"))
            out.extend(wrapped(line) for line in _practice_lines(explanation, practice, False))
            out.append("")
    return _lines(out)


def patterns_text(found: Sequence[Any], fmt: str, *, challenge: str | None,
                  min_cities: int) -> str:
    """``casegraph patterns``: practices ranked by how well they transfer."""
    if fmt == "json":
        return to_json([p.to_json() for p in found]) + "\n"
    scope = f" against {challenge}" if challenge else ""
    return practices_text(
        [(f"{p.label} [{p.challenge}]  score {p.score:g}", p.explanation, p) for p in found],
        fmt, f"Transferable practices{scope}: tactics used in {min_cities} or more cities, "
             "the best transferable first",
        f"no practice{scope} was used in {min_cities} or more cities; try --min-cities 1")


def similar_text(target: Any, found: Sequence[Any], fmt: str) -> str:
    """``casegraph similar``: the cases most like a city's cases or one case, and why."""
    if fmt == "json":
        return to_json({"target": {"kind": target.kind, "name": target.name},
                        "similar": [s.to_json() for s in found]}) + "\n"
    asked = (f"Cases similar to {target.name} ({target.kind}): shared challenges, shared "
             "tactics and alike challenge texts, the most similar first")
    lines = [f"# {asked}\n" if fmt == "md" else f"{wrapped(asked + ':')}\n"]
    for rank, item in enumerate(found, 1):
        head = f"{rank}. {item.city} ({item.country}): {item.title}  score {item.score:.2f}"
        lines.append(f"## {head}\n\n{item.explanation}\n" if fmt == "md"
                     else f"{wrapped(head)}\n{wrapped('   why: ' + item.explanation)}")
    return _lines(lines)


def recommendations_text(found: Sequence[Any], fmt: str, *, city: str, in_graph: bool,
                         challenge: str | None) -> str:
    """``casegraph recommend``: practices from other cities for one city."""
    if fmt == "json":
        return to_json([r.to_json() for r in found]) + "\n"
    where = "in the graph" if in_graph else "not in the graph"
    scope = f" against {challenge}" if challenge else ""
    return practices_text(
        [(f"{r.practice.label} [{r.practice.challenge}"
          + (f" ~ {r.for_challenge}" if r.match else "") + f"]  score {r.score:.2f}"
          + ("  (already used)" if r.already_used else ""), r.explanation, r.practice)
         for r in found], fmt,
        f"Practices for {city} ({where}){scope}, from the cases of other cities, the best "
        "for it first",
        f"no other city documented a practice{scope}")
