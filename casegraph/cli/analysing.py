"""The commands that look across cities: practices that transfer, similar cases, and
recommendations for one city."""

from __future__ import annotations

from typing import Any

import click

from .base import cli, echo_text, working
from .options import answer_formats, challenge_option, format_option, graph_options


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
    from ..analysis.ask import patterns as ask
    from ..views.answers import patterns_text

    with source.open() as graph, working(
            "patterns: reading the cases and ranking their practices"):
        found = ask(graph, challenge, min_cities=min_cities, top=top)
    echo_text(patterns_text(found.practices, fmt, challenge=found.challenge,
                            min_cities=min_cities))


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
    from ..analysis.ask import similar as ask
    from ..views.answers import similar_text

    with source.open() as graph, working(
            "similar: reading the cases and comparing them"):
        found = ask(graph, case_or_city, top=top)
    echo_text(similar_text(found.target, found.cases, fmt))


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
    from ..analysis.ask import recommend as ask
    from ..views.answers import recommendations_text

    with source.open() as graph, working(
            "recommend: reading the cases and ranking practices"):
        found = ask(graph, city, challenge, description=description, top=top,
                    include_used=include_used)
    echo_text(recommendations_text(found.practices, fmt, city=found.city,
                                   in_graph=found.target is not None,
                                   challenge=found.challenge))
