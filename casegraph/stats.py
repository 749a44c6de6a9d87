"""Count what a built graph holds."""

from __future__ import annotations

from pathlib import Path

from .store import load_query, open_store, select

__all__ = ["STATS_KEYS", "graph_stats", "tactic_usage"]

#: The keys of ``casegraph stats --format json``, in order.
STATS_KEYS = ("cases", "cities", "countries", "networks", "challenges", "tactics", "lessons",
              "triples")


def graph_stats(out: str | Path) -> dict[str, int]:
    """Counts of cases, cities, countries, networks, challenges, tactics, lessons and triples."""
    with open_store(out) as store:
        row = select(store, load_query("stats"))[0]
        triples = len(store)
    counts = {key: int(row.get(key) or 0) for key in STATS_KEYS if key != "triples"}
    counts["triples"] = triples
    return {key: counts[key] for key in STATS_KEYS}


def tactic_usage(out: str | Path) -> list[dict[str, object]]:
    """Every tactic with its family and the number of cases and cities that use it."""
    with open_store(out) as store:
        rows = select(store, load_query("tactics"))
    return [{"id": r["id"], "label": r["label"], "family": r["family"],
             "cases": int(r["cases"] or 0), "cities": int(r["cities"] or 0)} for r in rows]
