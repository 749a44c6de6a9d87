"""The golden-file helper: a difference fails with a readable diff, ``--update-golden`` rewrites
the file and lists it, and nothing is written while the file agrees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import GOLDEN_UPDATED, ROOT, Golden, json_diff, text_diff


def test_equal_texts_pass_and_leave_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("one\ntwo\n", encoding="utf-8")
    before = path.stat().st_mtime_ns
    Golden(update=False, root=tmp_path).check("out.txt", "one\ntwo\n")
    Golden(update=True, root=tmp_path).check("out.txt", "one\ntwo\n")
    assert path.stat().st_mtime_ns == before


def test_a_difference_fails_with_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("one\ntwo\nthree\n", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception) as failed:
        Golden(update=False, root=tmp_path).check("out.txt", "one\n2\nthree\n")
    message = str(failed.value)
    assert str(path) in message and "--update-golden" in message
    assert "--- golden\n+++ actual\n" in message
    assert "\n-two\n+2\n" in message
    assert path.read_text(encoding="utf-8") == "one\ntwo\nthree\n"


def test_a_missing_golden_file_fails_unless_updating(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match="no golden file yet"):
        Golden(update=False, root=tmp_path).check("new/out.txt", "text\n")
    assert not (tmp_path / "new").exists()
    Golden(update=True, root=tmp_path).check("new/out.txt", "text\n")
    assert (tmp_path / "new" / "out.txt").read_bytes() == b"text\n"


def test_updating_rewrites_the_file_byte_for_byte_and_names_it(tmp_path: Path,
                                                                 request: pytest.FixtureRequest
                                                                 ) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old\n", encoding="utf-8")
    before = list(request.node.user_properties)
    Golden(update=True, root=tmp_path, node=request.node).check("out.txt", "né\r\nnew")
    assert path.read_bytes() == "né\r\nnew".encode("utf-8")
    assert request.node.user_properties == [*before, (GOLDEN_UPDATED, str(path))]
    request.node.user_properties[:] = before


def test_json_is_compared_by_value_and_written_as_the_golden_files_are(tmp_path: Path) -> None:
    path = tmp_path / "record.json"
    path.write_text('{"b": [1, 2], "a": "é"}', encoding="utf-8")
    Golden(update=False, root=tmp_path).check_json("record.json", {"a": "é", "b": [1, 2]})
    with pytest.raises(pytest.fail.Exception, match='(?s)-    2\n\\+    3'):
        Golden(update=False, root=tmp_path).check_json("record.json", {"a": "é", "b": [1, 3]})
    Golden(update=True, root=tmp_path).check_json("record.json", {"a": "é", "b": [1, 3]})
    assert path.read_text(encoding="utf-8") == '{\n  "a": "é",\n  "b": [\n    1,\n    3\n  ]\n}\n'


def test_nothing_outside_the_golden_folder_is_written(tmp_path: Path) -> None:
    """Hand-labelled truth (tests/gold, tests/unseen) is never a golden file."""
    (tmp_path / "golden").mkdir()
    (tmp_path / "gold.yaml").write_text("labels\n", encoding="utf-8")
    with pytest.raises(ValueError, match="nowhere else"):
        Golden(update=True, root=tmp_path / "golden").check("../gold.yaml", "rewritten\n")
    assert (tmp_path / "gold.yaml").read_text(encoding="utf-8") == "labels\n"


def test_the_differs() -> None:
    assert text_diff("a\n", "a\n") is None
    assert text_diff("a", "b") == "--- golden\n+++ actual\n@@ -1 +1 @@\n-a\n+b\n"
    assert json_diff('{"x": 1}', '{ "x" : 1 }') is None
    assert "not JSON" in (json_diff("{", "{}") or "")


def test_a_custom_differ_decides_what_is_the_same(tmp_path: Path) -> None:
    (tmp_path / "words.txt").write_text("B a\n", encoding="utf-8")

    def same_words(expected: str, actual: str) -> str | None:
        return None if sorted(expected.lower().split()) == sorted(actual.lower().split()) \
            else f"words {expected.split()} != {actual.split()}"

    Golden(update=False, root=tmp_path).check("words.txt", "a b", same_words)
    with pytest.raises(pytest.fail.Exception, match="words"):
        Golden(update=False, root=tmp_path).check("words.txt", "a c", same_words)


def test_the_repository_golden_files_are_what_the_helper_writes() -> None:
    """An update that changes nothing rewrites no byte: the files are in the helper's form."""
    record = (ROOT / "tests" / "golden" / "stay-tuned-nantes.json").read_text(encoding="utf-8")
    assert json.dumps(json.loads(record), indent=2, ensure_ascii=False) + "\n" == record


def test_the_option_through_pytest(pytester: pytest.Pytester,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """``--update-golden`` end to end, through the ``golden`` fixture of tests/conftest.py: a
    failing comparison, then an update that passes and is listed, then a passing comparison."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")  # nor xdist, nor hypothesis
    for name in ("conftest", "servers"):
        pytester.makepyfile(**{name: (ROOT / "tests" / f"{name}.py").read_text(encoding="utf-8")})
    pytester.makepyfile(test_out="""
        def test_out(golden):
            golden.check("out.txt", "new\\n")
    """)
    path = pytester.mkdir("golden") / "out.txt"
    path.write_text("old\n", encoding="utf-8")

    failed = pytester.runpytest("-p", "no:cacheprovider")
    failed.assert_outcomes(failed=1)
    failed.stdout.fnmatch_lines(["*out.txt is not what the code writes*", "-old", "+new"])
    assert path.read_text(encoding="utf-8") == "old\n"

    updated = pytester.runpytest("-p", "no:cacheprovider", "--update-golden")
    updated.assert_outcomes(passed=1)
    updated.stdout.fnmatch_lines(["*golden files updated*", f"{path}"])
    assert path.read_text(encoding="utf-8") == "new\n"

    again = pytester.runpytest("-p", "no:cacheprovider")
    again.assert_outcomes(passed=1)
    assert "golden files updated" not in again.stdout.str()
