"""Count what a built graph holds, and which tactics its cases use."""

from __future__ import annotations

from .sparql import Backend, load_query

__all__ = ["STATS_KEYS", "graph_stats", "tactic_usage", "tactic_candidates"]

#: The keys of ``casegraph stats --format json``, in order.
STATS_KEYS = ("cases", "cities", "countries", "networks", "challenges", "tactics", "lessons",
              "triples")


def graph_stats(graph: Backend) -> dict[str, int]:
    """Counts of cases, cities, countries, networks, challenges, tactics, lessons and triples
    (the statements of every named graph)."""
    row = graph.query(load_query("stats")).values()[0]
    row.update(graph.query(load_query("quads")).values()[0])
    return {key: int(row.get(key) or 0) for key in STATS_KEYS}


def tactic_usage(graph: Backend) -> list[dict[str, object]]:
    """Every tactic with its family and the number of cases and cities that use it."""
    rows = graph.query(load_query("tactics")).values()
    return [{"id": r["id"], "label": r["label"], "family": r["family"],
             "cases": int(r["cases"] or 0), "cities": int(r["cities"] or 0)} for r in rows]


#: How alike two sentences must be (cosine of their TF-IDF vectors) to be put in one group.
CANDIDATE_SIMILARITY = 0.25
#: A sentence shorter than this many words rarely describes a practice.
_CANDIDATE_WORDS = 6


#: The commonest words of the programmes' other languages, which say nothing of a practice.
_OTHER_STOP_WORDS = frozenset(
    "les des une pour par avec sur dans est ont ete qui que aux del los las una por para con "
    "que fue han sus der die das und mit fur von den dem ein eine ist wurde wurden della delle "
    "degli per con che sono stato stata dos das uma com para que foi foram pelo pela".split())


def tactic_candidates(graph: Backend,
                      similarity: float = CANDIDATE_SIMILARITY) -> list[dict[str, object]]:
    """Sentences of "how was it overcome" that no tactic was tagged from, grouped across cases
    by how alike they are (TF-IDF cosine): where a curator may find a practice the vocabulary
    lacks. Groups with more cases come first; each lists its sentences with their documents."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    from ..outcomes import outcome_of
    from ..tactics import sentences

    texts = graph.query(load_query("tactic-candidates")).values()
    used = graph.query(load_query("viz-tactics")).values()
    evidence = {(str(r["case"]), str(r["evidence"])) for r in used if r.get("evidence")}
    found: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for row in texts:
        case = str(row["case"])
        for sentence in sentences(str(row["howOvercome"])):
            if (case, sentence) in seen or (case, sentence) in evidence or \
                    len(sentence.split()) < _CANDIDATE_WORDS or outcome_of(sentence) is not None:
                continue
            seen.add((case, sentence))
            found.append({"text": sentence, "case": case, "document": str(row.get("file") or ""),
                          "city": str(row.get("cityName") or "")})
    if not found:
        return []
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    vectors = TfidfVectorizer(strip_accents="unicode", sublinear_tf=True,
                              stop_words=sorted(ENGLISH_STOP_WORDS | _OTHER_STOP_WORDS),
                              token_pattern=r"(?u)\b[^\W\d_]{3,}\b").fit(
        [f["text"] for f in found])
    matrix = vectors.transform([f["text"] for f in found])
    alike = cosine_similarity(matrix)
    words = vectors.get_feature_names_out()
    groups: list[list[int]] = []
    placed: set[int] = set()
    for i in range(len(found)):
        if i in placed:
            continue
        members = [i] + [j for j in range(i + 1, len(found))
                         if j not in placed and alike[i, j] >= similarity
                         and found[j]["case"] != found[i]["case"]]
        placed.update(members)
        groups.append(members)
    out_groups = []
    for members in groups:
        weights = matrix[members].sum(axis=0).A1
        top = [str(words[k]) for k in weights.argsort()[::-1][:4] if weights[k] > 0]
        out_groups.append({
            "cases": len({found[m]["case"] for m in members}),
            "terms": top,
            "sentences": [found[m] for m in members],
        })
    out_groups.sort(key=lambda g: (-int(g["cases"]),  # type: ignore[call-overload]
                                   str(g["sentences"][0]["text"])))  # type: ignore[index]
    return out_groups
