"""What casegraph makes once is kept between runs, and the cache is only ever a shortcut."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from casegraph.cache import cache_dir, cached


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


class _Maker:
    def __init__(self, value: object) -> None:
        self.value, self.calls = value, 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def test_a_value_is_made_once_and_read_back(folder: Path) -> None:
    make = _Maker({"nantes": (1, 2.5)})
    assert cached("index", ["v1"], make) == {"nantes": (1, 2.5)}
    assert cached("index", ["v1"], make) == {"nantes": (1, 2.5)}
    assert make.calls == 1
    assert cache_dir() == folder and len(list(folder.glob("index-*.pickle"))) == 1


def test_a_change_in_what_it_is_made_from_makes_it_again_and_drops_the_old(folder: Path) -> None:
    cached("index", ["v1"], _Maker(1))
    again = _Maker(2)
    assert cached("index", ["v2"], again) == 2 and again.calls == 1
    assert len(list(folder.glob("index-*.pickle"))) == 1
    cached("other", ["v1"], _Maker(3))
    assert len(list(folder.glob("*.pickle"))) == 2  # another name is not an older version


def test_a_damaged_file_is_made_again(folder: Path) -> None:
    cached("index", ["v1"], _Maker(1))
    for path in folder.glob("index-*.pickle"):
        path.write_bytes(path.read_bytes()[:3])
    again = _Maker(1)
    assert cached("index", ["v1"], again) == 1 and again.calls == 1
    assert cached("index", ["v1"], _Maker(9)) == 1  # rewritten whole


def test_a_folder_that_cannot_be_written_costs_only_the_time(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CASEGRAPH_CACHE_DIR", str(blocked / "cache"))
    make = _Maker(5)
    assert cached("index", ["v1"], make) == 5 and cached("index", ["v1"], make) == 5
    assert make.calls == 2 and blocked.read_text(encoding="utf-8") == "not a folder"
    assert not list(tmp_path.glob("**/.index-*"))


_LOOKUPS = """
from casegraph.places import find_place, find_city, in_europe, resolve_country
print(find_place("City of Lisbon (Lisboa)", None), find_place("Comune di Milano", "IT"),
      find_city("Mantova (Mantua)", "IT"), find_place("Budapest XIV. kerület – Zugló", None),
      in_europe("FR"), in_europe("US"), resolve_country("Magyarország"))
"""


@pytest.mark.slow
def test_the_gazetteer_read_from_the_cache_answers_as_the_one_just_made(folder: Path) -> None:
    """In fresh processes: the first makes the gazetteer and keeps it, the second reads it."""
    made, read = (subprocess.run([sys.executable, "-c", _LOOKUPS], capture_output=True,
                                 text=True, check=True).stdout for _ in range(2))
    assert len(list(folder.glob("gazetteer-*.pickle"))) == 1
    assert made == read and "Lisbon" in made and "True False HU" in made
