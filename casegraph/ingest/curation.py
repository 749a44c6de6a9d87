"""Curators' corrections: a ``<document>.casegraph.yaml`` sidecar read and applied to a record."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import CurationError
from ..model import CaseRecord, ChallengeCode, Outcome, TacticAssignment
from .read import SIDECAR_SUFFIX
from ..tactics import tactic, tactics
from ..taxonomy import challenge, challenges

__all__ = ["Curation", "sidecar_path", "read_curation", "apply_curation"]

_OUTCOMES = ("completely", "partly", "not")
_KEYS = ("tactics", "outcome", "challenge_codes", "note")
CURATOR_EVIDENCE = "assigned by a curator"


@dataclass(frozen=True)
class Curation:
    """What a curator says of one document: tactics to add or remove, the outcome, codes."""

    path: str
    add_tactics: tuple[tuple[str, str], ...] = ()
    remove_tactics: tuple[str, ...] = ()
    outcome: Outcome | None = None
    challenge_codes: tuple[str, ...] = ()


def sidecar_path(document: str | Path) -> Path:
    """``reports/lyon.docx`` -> ``reports/lyon.casegraph.yaml``."""
    path = Path(document)
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def read_curation(path: str | Path) -> Curation:
    """Read and check a sidecar; errors name the file and line."""
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise CurationError(f"cannot read the curation file: {e}", where=str(path)) from e
    try:
        root = yaml.compose(text)
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark is not None else 1
        raise CurationError(f"not valid YAML: {e.problem}", where=f"{path}:{line}") from e
    except yaml.YAMLError as e:
        raise CurationError(f"not valid YAML: {e}", where=str(path)) from e
    if root is None:
        return Curation(str(path))
    mapping = _mapping(root, path, "the file")
    add: list[tuple[str, str]] = []
    remove: list[str] = []
    outcome: Outcome | None = None
    codes: list[str] = []
    for key_node, value in mapping:
        key = key_node.value
        if key not in _KEYS:
            raise _error(path, key_node, f"unknown key {key!r}; a curation file has "
                                         + ", ".join(_KEYS))
        if key == "tactics":
            for sub_key, sub_value in _mapping(value, path, "'tactics'"):
                if sub_key.value == "add":
                    add.extend(_tactic_items(sub_value, path, with_evidence=True))
                elif sub_key.value == "remove":
                    remove.extend(i for i, _ in _tactic_items(sub_value, path,
                                                              with_evidence=False))
                else:
                    raise _error(path, sub_key, f"unknown key {sub_key.value!r} under "
                                                "'tactics'; use 'add' and 'remove'")
        elif key == "outcome":
            word = str(_scalar(value, path, "outcome")).strip().lower()
            word = word.removesuffix(" solved").replace("not at all", "not")
            if word not in _OUTCOMES:
                raise _error(path, value, f"outcome {value.value!r} is not one of "
                                          + ", ".join(_OUTCOMES))
            outcome = word  # type: ignore[assignment]
        elif key == "challenge_codes":
            for item in _sequence(value, path, "challenge_codes"):
                written = str(_scalar(item, path, "a challenge code"))
                found = challenge(written)
                if found is None:
                    raise _error(path, item, f"unknown challenge code {written!r}; known: "
                                             + ", ".join(challenges()))
                codes.append(found.code)
    return Curation(str(path), tuple(add), tuple(remove), outcome, tuple(codes))


def _error(path: Path, node: Any, message: str) -> CurationError:
    return CurationError(message, where=f"{path}:{node.start_mark.line + 1}")


def _mapping(node: Any, path: Path, what: str) -> list[tuple[Any, Any]]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        raise _error(path, node, f"{what} must be a mapping of keys to values")
    return list(node.value)


def _sequence(node: Any, path: Path, what: str) -> list[Any]:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return [node]
    if not isinstance(node, yaml.SequenceNode):
        raise _error(path, node, f"'{what}' must be a list")
    return list(node.value)


def _scalar(node: Any, path: Path, what: str) -> str:
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        raise _error(path, node, f"{what} must be a single value")
    return str(node.value)


def _tactic_items(node: Any, path: Path, *, with_evidence: bool) -> list[tuple[str, str]]:
    import yaml

    items: list[tuple[str, str]] = []
    for item in _sequence(node, path, "tactics"):
        evidence = ""
        if isinstance(item, yaml.MappingNode) and with_evidence:
            fields = {k.value: v for k, v in item.value}
            if "id" not in fields:
                raise _error(path, item, "a tactic to add needs an 'id'")
            unknown = set(fields) - {"id", "evidence"}
            if unknown:
                raise _error(path, item, f"unknown key {sorted(unknown)[0]!r} in a tactic; "
                                         "use 'id' and 'evidence'")
            name = _scalar(fields["id"], path, "a tactic id")
            evidence = _scalar(fields["evidence"], path, "evidence") if "evidence" in fields \
                else ""
            where = fields["id"]
        else:
            name = _scalar(item, path, "a tactic id")
            where = item
        found = tactic(name)
        if found is None:
            raise _error(path, where, f"unknown tactic {name!r}; 'casegraph tactics' lists "
                                      f"the {len(tactics())} known ones")
        items.append((found.id, evidence))
    return items


def apply_curation(record: CaseRecord, curation: Curation) -> CaseRecord:
    """The record as the curator corrected it: curated facts win over extracted ones."""
    assignments = {a.id: a for a in record.tactics if a.id not in curation.remove_tactics}
    for tactic_id, evidence in curation.add_tactics:
        current = assignments.get(tactic_id)
        if current is not None and not evidence:
            assignments[tactic_id] = replace(current, curated=True, confidence=1.0)
            continue
        item = tactics()[tactic_id]
        assignments[tactic_id] = TacticAssignment(
            id=tactic_id, label=item.label, evidence=evidence or CURATOR_EVIDENCE,
            section="curation", pattern="", confidence=1.0, curated=True)
    codes = list(record.challenge_codes)
    for code in curation.challenge_codes:
        if all(c.code != code for c in codes):
            codes.append(ChallengeCode(code, challenges()[code].label, CURATOR_EVIDENCE,
                                       "assigned"))
    changes: dict[str, Any] = {
        "tactics": tuple(assignments[k] for k in sorted(assignments)),
        "challenge_codes": tuple(codes),
    }
    if curation.outcome is not None:
        changes["outcome"] = curation.outcome
        changes["outcome_source"] = "assigned"
    return replace(record, **changes)
