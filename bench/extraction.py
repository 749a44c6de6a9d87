"""Score casegraph's field extraction against the hand-labelled gold, field by field.

    python bench/extraction.py                  # unseen set and bundled corpus
    python bench/extraction.py --show 3         # also the first wrong values of each field
    python bench/extraction.py --json out.json  # the scores as JSON as well

The fresh sets (tests/fresh/ and tests/fresh2/ to tests/fresh5/) are batches of documents nobody here had read when
each was scored first. The unseen set (tests/unseen/, gold in tests/unseen/gold.yaml) was written from fact sheets and
labelled before the parser was changed for it; the bundled corpus (data/cases/) is labelled in
tests/gold/fields.yaml. How a field is judged right is in tests/gold/FIELDS.md: texts by word
similarity of at least 0.95 (case and punctuation aside), lists item by item, the rest exactly.
Tactics are scored against tests/gold/tactics*.yaml (rules in tests/gold/TACTICS.md): precision
and recall of the tactic ids the tagger gives, over all the tactics a reader names and over those
the vocabulary has a concept for. The last two lines printed are the unseen and the bundled field
scores.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
UNSEEN = ROOT / "tests" / "unseen"
FRESH = ROOT / "tests" / "fresh"
FRESH2 = ROOT / "tests" / "fresh2"
FRESH3 = ROOT / "tests" / "fresh3"
FRESH4 = ROOT / "tests" / "fresh4"
FRESH5 = ROOT / "tests" / "fresh5"
TACTIC_GOLD = sorted((ROOT / "tests" / "gold").glob("tactics*.yaml"))
BUNDLED = ROOT / "data" / "cases"
BUNDLED_GOLD = ROOT / "tests" / "gold" / "fields.yaml"

FIELDS = ("network", "title", "city", "country", "summary", "action", "challenge",
          "challenge_codes", "how_overcome", "outcome", "difference", "lessons", "start_year",
          "end_year", "prepared", "authors", "budget")
TEXT_FIELDS = {"title", "summary", "action", "challenge", "how_overcome", "difference",
               "budget"}
TEXT_RATIO = 0.95


def _words(text: str) -> list[str]:
    from casegraph.taxonomy import fold

    return fold(text).split()


def text_matches(got: str | None, want: str | None) -> bool:
    """Whether two texts say the same words (similarity of their word sequences >= 0.95)."""
    if not want or not got:
        return not want and not got
    a, b = _words(got), _words(want)
    if a == b:
        return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= TEXT_RATIO


def field_matches(name: str, got: Any, want: Any) -> bool:
    """Whether the extracted value of one field is right, by the rules of FIELDS.md."""
    from casegraph.taxonomy import fold

    if name in TEXT_FIELDS:
        return text_matches(got, want)
    if name == "lessons":
        got, want = list(got or []), list(want or [])
        return len(got) == len(want) and all(text_matches(g, w) for g, w in zip(got, want))
    if name == "challenge_codes":
        codes = [c["code"] if isinstance(c, dict) else c for c in got or []]
        return sorted(codes) == sorted(want or [])
    if name == "authors":
        return sorted(fold(a) for a in got or []) == sorted(fold(a) for a in want or [])
    if name in ("network", "city"):
        return fold(got or "") == fold(want or "")
    if name == "prepared":
        return (got or None) == (str(want) if want else None)
    return got == want


@dataclass
class Score:
    """Right and total per field, and the wrong values seen."""

    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    wrong: dict[str, list[tuple[str, Any, Any]]] = field(
        default_factory=lambda: {f: [] for f in FIELDS})
    rejected: list[str] = field(default_factory=list)

    @property
    def all_right(self) -> int:
        return sum(self.right.values())

    @property
    def all_total(self) -> int:
        return sum(self.total.values())

    def share(self) -> float:
        return self.all_right / self.all_total if self.all_total else 0.0


_RECORDS: dict[Path, Any] = {}


def parse(path: Path) -> tuple[Any, str]:
    """The record of one document (parsed once per run), or None and why not."""
    from casegraph.ingest.pipeline import parse_documents

    if path not in _RECORDS:
        records, rejected, _ = parse_documents([path])
        _RECORDS[path] = (records[0] if records else None,
                          rejected[0].reason if rejected else "?")
    return _RECORDS[path]


def score(folder: Path, gold: dict[str, Any]) -> Score:
    """Parse every labelled document of a folder and compare its record with the gold."""
    result = Score()
    for name in sorted(gold):
        wanted = gold[name]["fields"]
        parsed, why = parse(folder / name)
        record = parsed.to_json() if parsed is not None else None
        if record is None:
            result.rejected.append(f"{name}: {why}")
        for key in FIELDS:
            result.total[key] += 1
            got = record.get(key) if record else None
            if record is not None and field_matches(key, got, wanted.get(key)):
                result.right[key] += 1
            else:
                result.wrong[key].append((name, got, wanted.get(key)))
    return result


@dataclass
class TacticScore:
    """Tactics found against tactics named, over a set of documents."""

    documents: int = 0
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    known_false_negative: int = 0
    """Named tactics the vocabulary has a concept for, and the tagger missed."""
    unknown: int = 0
    """Named tactics the vocabulary has no concept for (``new:`` in the gold)."""
    wrong: list[tuple[str, list[str], list[str]]] = field(default_factory=list)

    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 0.0

    def recall(self) -> float:
        named = self.true_positive + self.false_negative
        return self.true_positive / named if named else 0.0

    def known_recall(self) -> float:
        named = self.true_positive + self.known_false_negative
        return self.true_positive / named if named else 0.0


def tactic_gold() -> dict[str, dict[str, Any]]:
    """Every labelled document's set, folder and tactic ids, from tests/gold/tactics*.yaml. A
    labeller's ``new:x`` counts as the concept ``x`` once the vocabulary has it."""
    from casegraph.tactics import tactics

    known = tactics()

    def concept(label: str) -> str:
        return label[4:] if label.startswith("new:") and label[4:] in known else label

    out: dict[str, dict[str, Any]] = {}
    for path in TACTIC_GOLD:
        for name, entry in load_gold(path).items():
            if isinstance(entry, list):  # the first bundled labels: a list of ids
                out[name] = {"set": "bundled", "ids": [concept(str(i)) for i in entry]}
            else:
                out[name] = {"set": entry.get("set", "bundled"),
                             "ids": [concept(str(t["id"])) for t in entry.get("tactics") or []]}
    return out


def score_tactics(label: str, gold: dict[str, dict[str, Any]]) -> TacticScore:
    folder = UNSEEN if label == "unseen" else FRESH if label == "fresh" else BUNDLED
    result = TacticScore()
    for name, entry in sorted(gold.items()):
        if entry["set"] != label:
            continue
        record, _ = parse(folder / name)
        found = {t.id for t in record.tactics} if record is not None else set()
        wanted = set(entry["ids"])
        result.documents += 1
        result.true_positive += len(found & wanted)
        result.false_positive += len(found - wanted)
        missed = wanted - found
        result.false_negative += len(missed)
        result.unknown += sum(1 for i in missed if i.startswith("new:"))
        result.known_false_negative += sum(1 for i in missed if not i.startswith("new:"))
        if found != wanted:
            result.wrong.append((name, sorted(missed), sorted(found - wanted)))
    return result


def tactic_report(label: str, result: TacticScore, show: int) -> Iterable[str]:
    yield (f"## {label} tactics: {result.documents} documents, "
           f"{result.true_positive + result.false_negative} named "
           f"({result.unknown} without a concept)")
    yield (f"  precision {result.precision():.2f}  recall {result.recall():.2f}  "
           f"recall of concepts the vocabulary has {result.known_recall():.2f}  "
           f"({result.true_positive} tp, {result.false_positive} fp, "
           f"{result.false_negative} fn)")
    for name, missed, extra in result.wrong[:show]:
        yield f"      {name}: missed {', '.join(missed) or '-'}; extra {', '.join(extra) or '-'}"


PARAPHRASES = ROOT / "tests" / "gold" / "tactic-paraphrases.yaml"


def score_paraphrases() -> dict[str, tuple[int, int]]:
    """Per language, how many of the concepts' paraphrases the tagger recognises (found,
    total); under "not", how many near-miss sentences it wrongly tags with the concept."""
    from casegraph.tactics import find_tactics

    out: dict[str, list[int]] = {}
    for concept, entry in sorted(load_gold(PARAPHRASES).items()):
        for language, sentences in entry.items():
            for sentence in [sentences] if isinstance(sentences, str) else sentences:
                hit = concept in find_tactics(str(sentence),
                                              "en" if language == "not" else str(language))
                counts = out.setdefault(str(language), [0, 0])
                counts[0] += int(hit)
                counts[1] += 1
    return {language: (found, total) for language, (found, total) in out.items()}


def load_gold(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): v for k, v in data.items()}


def _short(value: Any, width: int = 110) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"


def report(label: str, result: Score, show: int) -> Iterable[str]:
    documents = len(result.wrong["network"]) + result.right["network"]
    yield f"## {label}: {documents} documents"
    if result.rejected:
        for line in result.rejected:
            yield f"  rejected: {line}"
    for key in FIELDS:
        total = result.total[key]
        yield f"  {key:<16} {result.right[key]:>3}/{total:<3} {result.right[key] / total:6.1%}"
        for name, got, want in result.wrong[key][:show]:
            yield f"      {name}: got {_short(got)}"
            yield f"      {' ' * len(name)}  want {_short(want)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, metavar="N",
                        help="print the first N wrong values of each field")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE",
                        help="also write the scores as JSON")
    args = parser.parse_args(argv)

    sets = []
    if (FRESH5 / "gold.yaml").is_file():
        sets.append(("fresh5", FRESH5, load_gold(FRESH5 / "gold.yaml")))
    if (FRESH4 / "gold.yaml").is_file():
        sets.append(("fresh4", FRESH4, load_gold(FRESH4 / "gold.yaml")))
    if (FRESH3 / "gold.yaml").is_file():
        sets.append(("fresh3", FRESH3, load_gold(FRESH3 / "gold.yaml")))
    if (FRESH2 / "gold.yaml").is_file():
        sets.append(("fresh2", FRESH2, load_gold(FRESH2 / "gold.yaml")))
    if (FRESH / "gold.yaml").is_file():
        sets.append(("fresh", FRESH, load_gold(FRESH / "gold.yaml")))
    if (UNSEEN / "gold.yaml").is_file():
        sets.append(("unseen", UNSEEN, load_gold(UNSEEN / "gold.yaml")))
    if BUNDLED_GOLD.is_file():
        sets.append(("bundled", BUNDLED, load_gold(BUNDLED_GOLD)))
    results = {label: score(folder, gold) for label, folder, gold in sets}
    for label, result in results.items():
        for line in report(label, result, args.show):
            print(line)
        print()
    tactics = tactic_gold()
    tactic_results = {label: score_tactics(label, tactics)
                      for label in ("fresh", "unseen", "bundled")
                      if any(e["set"] == label for e in tactics.values())}
    for label, tactic_result in tactic_results.items():
        for line in tactic_report(label, tactic_result, args.show):
            print(line)
        print()
    if PARAPHRASES.is_file():
        paraphrases = score_paraphrases()
        print("## tactic paraphrases (tests/gold/tactic-paraphrases.yaml): recognised / written")
        print("  " + "  ".join(f"{language} {found}/{total}" for language, (found, total)
                               in paraphrases.items() if language != "not"))
        found, total = paraphrases.get("not", (0, 0))
        print(f"  near misses wrongly tagged: {found}/{total}")
        print()
    if args.json is not None:
        args.json.write_text(json.dumps({
            **{label: {"right": r.right, "total": r.total, "rejected": r.rejected}
               for label, r in results.items()},
            **{f"{label} tactics": {"precision": t.precision(), "recall": t.recall(),
                                    "known_recall": t.known_recall(),
                                    "tp": t.true_positive, "fp": t.false_positive,
                                    "fn": t.false_negative}
               for label, t in tactic_results.items()}}, indent=2) + "\n", encoding="utf-8")
    for label, tactic_result in tactic_results.items():
        print(f"{label} tactics: precision {tactic_result.precision():.2f}, recall "
              f"{tactic_result.recall():.2f}")
    for label, result in results.items():
        print(f"{label} fields: {result.all_right}/{result.all_total} right "
              f"({result.share():.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
