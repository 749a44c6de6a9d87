"""Check a generated corpus against casegraph's own parser and tactic tagger.

    python bench/check.py 10000 /tmp/cg-bench/10k --seed 0 --sample 200

Regenerates the corpus in memory (same N and seed), checks that the files on disk are the same
bytes, then parses an evenly spread sample with casegraph and compares what it reads with what
the generator wrote: network, title, city, country, challenge codes, years, outcome, and the
tactics (recall of the intended ones, and any the generator did not intend).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--show", type=int, default=5, help="mismatches to print per field")
    args = parser.parse_args(argv)

    from casegraph.ingest.extract import parse_case
    from casegraph.graph.rdf import case_key
    from casegraph.ingest.read import read_document

    step = max(1, args.n // args.sample)
    wanted = set(range(0, args.n, step))
    keys: Counter[tuple[str, str, str]] = Counter()
    sample = []
    for index, (relative, text, expected) in enumerate(generate(args.n, args.seed)):
        if index in wanted:
            sample.append((relative, text, expected))
    mismatches: Counter[str] = Counter()
    shown: Counter[str] = Counter()
    intended = found_intended = extra = 0
    missed: Counter[str] = Counter()
    unintended: Counter[str] = Counter()
    layouts: Counter[str] = Counter()
    rejected = 0
    for relative, text, expected in sample:
        path = args.outdir / relative
        if path.read_bytes() != text.encode("utf-8"):
            mismatches["bytes"] += 1
        try:
            record = parse_case(read_document(path))
        except Exception as e:  # noqa: BLE001 - a rejection is what we count
            rejected += 1
            print(f"REJECTED {path}: {e}")
            continue
        keys[case_key(record)] += 1
        layouts[expected.layout] += 1
        got = {
            "network": record.network, "title": record.title, "city": record.city,
            "country": record.country, "codes": tuple(c.code for c in record.challenge_codes),
            "outcome": record.outcome, "start_year": record.start_year,
            "end_year": record.end_year,
        }
        for name, value in got.items():
            if value != getattr(expected, name):
                mismatches[name] += 1
                if shown[name] < args.show:
                    shown[name] += 1
                    print(f"{name}: {path}: wrote {getattr(expected, name)!r}, read {value!r}")
        tagged = {t.id for t in record.tactics}
        intended += len(expected.tactics)
        found_intended += len(tagged & set(expected.tactics))
        missed.update(set(expected.tactics) - tagged)
        unintended.update(tagged - set(expected.tactics))
        extra += len(tagged - set(expected.tactics))
        for t in record.tactics:
            if t.id not in expected.tactics and shown["tactic"] < args.show:
                shown["tactic"] += 1
                print(f"unintended tactic {t.id} in {path}: {t.evidence!r}")

    parsed = len(sample) - rejected
    print(f"sample: {len(sample)} of {args.n} documents; parsed {parsed}, rejected {rejected}")
    print(f"layouts: {dict(sorted(layouts.items()))}")
    for name in ("bytes", "network", "title", "city", "country", "codes", "outcome",
                 "start_year", "end_year"):
        print(f"  {name:<10} {parsed - mismatches[name]}/{parsed} as written")
    print(f"  duplicate case keys in the sample: {sum(c - 1 for c in keys.values() if c > 1)}")
    recall = found_intended / intended if intended else 0.0
    precision = found_intended / (found_intended + extra) if found_intended + extra else 0.0
    print(f"tactics: {found_intended}/{intended} intended found (recall {recall:.3f}); "
          f"{extra} unintended (precision {precision:.3f})")
    if missed:
        print(f"  missed: {dict(missed.most_common(10))}")
    if unintended:
        print(f"  unintended: {dict(unintended.most_common(10))}")
    return 1 if rejected or any(mismatches.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
