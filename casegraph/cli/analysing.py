"""The commands that look across cities: practices that transfer, similar cases, and
recommendations for one city."""

from __future__ import annotations

from typing import Any

import click

from .base import cli, echo_text
from .options import answer_formats, challenge_option, format_option, graph_options


def _city_iri(text: str, graph: Any, where: str) -> str | None:
    """The IRI of the city a user names, or None when the graph has no such city; a name that
    stands for more than one city is an error."""
    from ..errors import AmbiguousNameError, QueryParameterError
    from ..query.queries import resolve

    try:
        return str(resolve("city", text, graph, where=where))
    except AmbiguousNameError:
        raise
    except QueryParameterError:
        return None


@cli.command()
@graph_options()
@challenge_option("Only practices used against this challenge: IC2, UIA-4, or its name.")
@click.option("--min-cities", type=click.IntRange(min=1), default=2, show_default=True,
              help="Leave out practices used in fewer cities.")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="How many practices to list.")
@format_option(answer_formats("patterns"), default="table")
def patterns(source: Any, challenge: str | None, min_cities: int, top: int, fmt: str) -> None:
    """Rank practices (a tactic used against a challenge) by how well they transfer.

    A practice ranks higher when more cities and countries used it against the same challenge
    and when they solved it: score = cities + countries + per city 1 (completely solved),
    0.5 (partly), 0 (unknown) or -1 (not solved). Each comes with its cities, outcomes,
    evidence sentences and the lessons that mention it.

    \b
    Examples:
      casegraph patterns
      casegraph patterns --challenge IC2
      casegraph patterns --challenge "Involving local stakeholders" --min-cities 1 --format md
      casegraph patterns --format json | jq '.[0].explanation'
    """
    from ..analysis.analyse import rank_practices
    from ..analysis.graphs import read_graph_data
    from ..query.queries import challenge_code
    from ..views.answers import patterns_text

    code = challenge_code(challenge, where="--challenge")
    with source.open() as graph:
        data = read_graph_data(graph)
    found = rank_practices(data, code, min_cities)[:top]
    echo_text(patterns_text(found, fmt, challenge=code, min_cities=min_cities))


@cli.command()
@click.argument("case_or_city")
@graph_options()
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True,
              help="How many cases to list.")
@format_option(answer_formats("similar"), default="table")
def similar(case_or_city: str, source: Any, top: int, fmt: str) -> None:
    """List the cases most similar to a city's cases or to one case, and why.

    Similarity is the mean of three numbers between 0 and 1: shared challenges (Jaccard),
    shared tactics (Jaccard) and how alike the challenge texts are (TF-IDF cosine). A city's
    own cases are left out. CASE_OR_CITY is a city (Nantes, 'Mantova, IT'), a case's source
    file name or (part of) its title.

    \b
    Examples:
      casegraph similar Nantes
      casegraph similar stay-tuned-ghent.txt --top 3
      casegraph similar "Palazzo Te" --format json
    """
    from ..analysis.analyse import find_target
    from ..analysis.analyse import similar as find_similar
    from ..analysis.graphs import read_challenge_texts, read_graph_data
    from ..views.answers import similar_text

    with source.open() as graph:
        data, texts = read_graph_data(graph), read_challenge_texts(graph)
        city = _city_iri(case_or_city, graph, "CASE_OR_CITY")
    target = find_target(data, case_or_city, city=city)
    echo_text(similar_text(target, find_similar(data, target, top, texts), fmt))


@cli.command()
@graph_options()
@click.option("--city", required=True, metavar="NAME",
              help="The city asking: one in the graph (Nantes, 'Mantova, IT') or any other "
                   "(then --challenge is needed).")
@challenge_option("The challenge it faces: IC4, UIA-2, or its name (default: every "
                  "challenge the city's cases faced).")
@click.option("--description", default=None, metavar="TEXT",
              help="A few sentences on the city's challenge; for a city not in the graph, "
                   "practices from cases with a similar challenge text rank higher.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many practices to list.")
@click.option("--include-used", is_flag=True,
              help="Also list (marked) practices the city already uses against the challenge.")
@format_option(answer_formats("recommend"), default="table")
def recommend(source: Any, city: str, challenge: str | None, description: str | None,
              top: int, include_used: bool, fmt: str) -> None:
    """Recommend practices from other cities, with their evidence and lessons.

    Each practice's transferability score (see 'casegraph patterns', counting other cities
    only) is multiplied by 1 + relevance: how close the closest case behind it is to the city
    (case similarity for a city in the graph, TF-IDF similarity to --description for one that
    is not). Practices used against a challenge of the other scheme that the vocabulary maps
    to this one (IC1 ~ UIA-3) count x0.75 (close match) or x0.5 (related match). Each tactic
    is listed once.

    \b
    Examples:
      casegraph recommend --city Nantes
      casegraph recommend --city Ghent --challenge IC2 --format md
      casegraph recommend --city Tallinn --challenge IC4 \\
        --description "Our strategy for early school leaving stays on paper"
    """
    from ..analysis.analyse import find_target
    from ..analysis.analyse import recommend as find_recommendations
    from ..analysis.graphs import read_challenge_matches, read_challenge_texts, read_graph_data
    from ..query.queries import challenge_code
    from ..views.answers import recommendations_text

    code = challenge_code(challenge, where="--challenge")
    with source.open() as graph:
        data = read_graph_data(graph)
        texts, matches = read_challenge_texts(graph), read_challenge_matches(graph)
        iri = _city_iri(city, graph, "--city")
    target = find_target(data, city, city=iri) if iri is not None else None
    found = find_recommendations(data, city=target.name if target else city, challenge=code,
                                 description=description, target=target, texts=texts,
                                 matches=matches, include_used=include_used, top=top)
    echo_text(recommendations_text(found, fmt, city=target.name if target else city,
                                   in_graph=target is not None, challenge=code))
