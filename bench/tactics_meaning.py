"""Would reading tactics by meaning lift recall? An experiment, not part of casegraph's tagger.

    python bench/tactics_meaning.py

Each tactic is described by its label and definition and by each of its labels (the SKOS
preferred, hidden and other-language labels); every sentence of a case's action, summary, how
overcome, difference and lessons is embedded with multilingual-e5-small (casegraph.meaning's
encoder), and a sentence adds the tactic it is nearest to when the similarity reaches a
threshold. Printed: the tagger's own precision and recall on the unseen and bundled tactic gold
(tests/gold/tactics*.yaml), then the same with the meaning matches added at each threshold; the
paraphrase set (tests/gold/tactic-paraphrases.yaml) read by meaning alone; and, for the named
tactics the tagger misses, where the right concept ranks for its best sentence.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import extraction as bench  # noqa: E402

from casegraph import meaning  # noqa: E402
from casegraph.tactics import sentences, tactics  # noqa: E402

SECTIONS = ("how_overcome", "action", "summary", "difference", "lessons")
THRESHOLDS = (0.84, 0.85, 0.86, 0.87, 0.88, 0.89)


def concept_matrix() -> tuple[list[str], np.ndarray]:
    """Per tactic, the best similarity is taken over its descriptions: one column each."""
    keys, texts = [], []
    for key, item in tactics().items():
        for text in (f"{item.label}: {item.definition}", *(label for _, label in item.labels)):
            keys.append(key)
            texts.append(text)
    return keys, meaning._embed(texts)


def by_tactic(scores: np.ndarray, keys: list[str], order: list[str]) -> np.ndarray:
    columns = np.array(keys)
    return np.stack([scores[:, columns == key].max(axis=1) for key in order], axis=1)


def main() -> int:
    if not meaning.available():
        print("the encoder does not load on this machine", file=sys.stderr)
        return 1
    order = list(tactics())
    keys, matrix = concept_matrix()
    gold = bench.tactic_gold()
    docs = []
    for name, entry in sorted(gold.items()):
        folder = bench.UNSEEN if entry["set"] == "unseen" else bench.BUNDLED
        record, _ = bench.parse(folder / name)
        if record is None:
            continue
        found = [s for key in SECTIONS for s in sentences(
            "\n".join(getattr(record, key)) if key == "lessons" else getattr(record, key) or "")]
        near = by_tactic(meaning._embed(found) @ matrix.T, keys, order) if found else \
            np.zeros((0, len(order)))
        docs.append((entry, {t.id for t in record.tactics}, near))

    def score(threshold: float | None) -> dict[str, tuple[float, float]]:
        counts: dict[str, list[int]] = {}
        for entry, tagged, near in docs:
            got = set(tagged)
            if threshold is not None:
                for row in near:
                    best = int(np.argmax(row))
                    if row[best] >= threshold:
                        got.add(order[best])
            wanted = set(entry["ids"])
            tp, fp, fn = counts.setdefault(entry["set"], [0, 0, 0])
            counts[entry["set"]] = [tp + len(got & wanted), fp + len(got - wanted),
                                    fn + len(wanted - got)]
        return {label: (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)
                for label, (tp, fp, fn) in counts.items()}

    print("## documents: precision / recall")
    for threshold in (None, *THRESHOLDS):
        figures = "  ".join(f"{label} {p:.2f}/{r:.2f}" for label, (p, r) in
                            sorted(score(threshold).items()))
        print(f"  {'tagger alone' if threshold is None else f'+ meaning >= {threshold}':18} "
              f"{figures}")

    print("## paraphrases read by meaning alone (nearest concept right, at 0.85)")
    paraphrases = yaml.safe_load(bench.PARAPHRASES.read_text(encoding="utf-8"))
    rows = [(lang, key, text) for key, entry in paraphrases.items() if key in order
            for lang, texts in entry.items()
            for text in (texts if isinstance(texts, list) else [texts])]
    near = by_tactic(meaning._embed([t for _, _, t in rows]) @ matrix.T, keys, order)
    tally: dict[str, list[int]] = {}
    for (lang, key, _), row in zip(rows, near):
        own = row[order.index(key)]
        hit = own >= 0.85 and (lang == "not" or int(np.argmax(row)) == order.index(key))
        counts = tally.setdefault(lang, [0, 0])
        counts[0] += hit
        counts[1] += 1
    print("  " + "  ".join(f"{lang} {a}/{b}" for lang, (a, b) in tally.items())
          + "  (for 'not': near misses at or above 0.85)")

    print("## missed named tactics: rank of the right concept for its best sentence")
    for label in ("unseen", "bundled"):
        ranks = []
        for entry, tagged, near in docs:
            if entry["set"] != label or not len(near):
                continue
            for key in set(entry["ids"]) - tagged:
                if key in order:
                    column = order.index(key)
                    row = near[int(np.argmax(near[:, column]))]
                    ranks.append(int((row > row[column]).sum()))
        print(f"  {label}: {len(ranks)} missed; first for {sum(r == 0 for r in ranks)}, "
              f"in the first three for {sum(r < 3 for r in ranks)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
