"""Builds that overlap or die: one build at a time per output, and what a dead one leaves is
put right by the next. Real `casegraph build` processes, real signals."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from casegraph.cli import cli
from casegraph.errors import StoreError
from casegraph.ingest.pipeline import PARALLEL_FROM
from casegraph.graph.store import open_output
from conftest import ROOT, SEED

#: Documents in the corpus that two builds overlap on: enough to outlast a second start.
SMALL = 40
#: A corpus large enough that a build runs on worker processes.
LARGE = PARALLEL_FROM + 40


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("corpora")
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(LARGE),
                    str(folder / "large")], check=True, capture_output=True)
    documents = sorted((folder / "large").rglob("*.txt"))
    assert len(documents) == LARGE
    (folder / "small").mkdir()
    for document in documents[:SMALL]:
        shutil.copy(document, folder / "small" / document.name)
    return {"small": folder / "small", "large": folder / "large"}


def _command(corpus: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "casegraph", "build", str(corpus), "--out", str(out), *extra]


def _start(corpus: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(_command(corpus, out, *extra), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _staging(out: Path, pid: int) -> Path:
    return out.parent / f".{out.name}.staging-{pid}"


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def _until(condition: Callable[[], bool], process: subprocess.Popen[str] | None = None,
           timeout: float = 120) -> None:
    """Wait for ``condition``; fail if ``process`` ends first or time runs out."""
    deadline = time.monotonic() + timeout
    while not condition():
        if process is not None and process.poll() is not None:
            pytest.fail(f"the build ended first: {process.communicate()}")
        if time.monotonic() > deadline:
            pytest.fail("timed out")
        time.sleep(0.02)


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a process that still runs (a zombie does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", ""])
    process.wait()
    return process.pid


def _manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture()
def workers() -> Iterator[list[int]]:
    """Worker PIDs a test found; any still running at the end are killed (a worker's command
    line is its build's)."""
    found: list[int] = []
    yield found
    for pid in found:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if _alive(pid) and b"casegraph" in command:
            os.kill(pid, signal.SIGKILL)


def _several_processors() -> bool:
    return len(os.sched_getaffinity(0)) >= 2


# --- one build at a time -------------------------------------------------------------------------


@pytest.mark.slow
def test_a_second_build_into_the_same_output_stops_at_once(corpora: dict[str, Path],
                                                            tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _start(corpora["small"], out)
    _until(lambda: _staging(out, first.pid).exists(), first)
    second = subprocess.run(_command(corpora["small"], out), capture_output=True, text=True,
                            timeout=120)
    assert first.poll() is None, "the second build waited for the first"
    assert second.returncode == 1
    assert second.stderr.count("\n") == 1
    assert second.stderr.startswith(f"Error: {out}: another build (PID {first.pid}, started ")
    assert "--wait" in second.stderr
    with pytest.raises(StoreError, match=f"PID {first.pid}"):
        with open_output(out):
            pass
    _, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stderr
    assert stderr.splitlines()[-1].startswith(f"built {SMALL} case(s)")
    assert len(_manifest(out)["documents"]) == SMALL
    assert _leftovers(out) == []


@pytest.mark.slow
def test_wait_builds_after_the_other_build(corpora: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _start(corpora["small"], out)
    _until(lambda: _staging(out, first.pid).exists(), first)
    second = _start(corpora["small"], out, "--wait")
    overlapped = False
    while first.poll() is None or second.poll() is None:
        overlapped |= _staging(out, first.pid).exists() and _staging(out, second.pid).exists()
        time.sleep(0.02)
    (_, first_err), (_, second_err) = first.communicate(), second.communicate()
    assert (first.returncode, second.returncode) == (0, 0), (first_err, second_err)
    assert not overlapped
    assert second_err.splitlines()[0].startswith(
        f"{out}: waiting for another build (PID {first.pid}, started ")
    for stderr in (first_err, second_err):
        assert stderr.splitlines()[-1].startswith(f"built {SMALL} case(s)")
    assert len(_manifest(out)["documents"]) == SMALL
    assert _leftovers(out) == []


def test_a_lock_file_left_by_a_dead_build_does_not_block(runner: CliRunner,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "out"
    (tmp_path / ".out.lock").write_text(json.dumps({"pid": _dead_pid(), "started": "then"}))
    result = runner.invoke(cli, ["build", str(SEED), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert _leftovers(out) == []


# --- what a stopped build leaves -----------------------------------------------------------------


def _kill_midway(corpora: dict[str, Path], out: Path, sig: signal.Signals,
                 workers: list[int]) -> subprocess.Popen[bytes]:
    """A build of the large corpus into ``out``, sent ``sig`` once it is writing; its
    workers go into ``workers``. Its output goes to a file: workers that outlived it would
    keep a pipe open."""
    with (out.parent / "build.log").open("wb") as log:
        build = subprocess.Popen(_command(corpora["large"], out), stdout=log, stderr=log)
    _until(lambda: _staging(out, build.pid).exists() or build.poll() is not None)
    assert build.poll() is None, (out.parent / "build.log").read_text()
    workers += _children(build.pid)
    if _several_processors():
        assert workers, "the large corpus was built without workers"
    os.kill(build.pid, sig)
    build.wait(timeout=300)
    return build


@pytest.mark.slow
def test_a_killed_build_is_cleaned_up_by_the_next(corpora: dict[str, Path], tmp_path: Path,
                                                  workers: list[int]) -> None:
    out = tmp_path / "out"
    killed = _kill_midway(corpora, out, signal.SIGKILL, workers)
    assert killed.returncode == -signal.SIGKILL
    staging = _staging(out, killed.pid)
    assert staging.is_dir()
    _until(lambda: not any(_alive(pid) for pid in workers), timeout=10)

    result = subprocess.run(_command(SEED, out), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{out}: removed {staging.name} (")
    assert lines[0].endswith(", left by a build that stopped before cleaning up")
    assert lines[-1].startswith("built 1 case(s)")
    assert _leftovers(out) == []


@pytest.mark.slow
def test_sigterm_stops_a_build_cleanly(corpora: dict[str, Path], tmp_path: Path,
                                       runner: CliRunner, workers: list[int]) -> None:
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(SEED), "--out", str(out)]).exit_code == 0
    before = _manifest(out)
    stopped = _kill_midway(corpora, out, signal.SIGTERM, workers)
    assert stopped.returncode == 1
    assert _leftovers(out) == []
    assert _manifest(out) == before
    _until(lambda: not any(_alive(pid) for pid in workers), timeout=10)


def test_a_build_stopped_between_its_renames_is_undone(runner: CliRunner, tmp_path: Path,
                                                       seed_text: str) -> None:
    """Killed between moving the old output aside and the new one in: no output, the old
    one in .out.old-PID and the new one in .out.staging-PID."""
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(SEED), "--out", str(out)]).exit_code == 0
    before = _manifest(out)
    dead = _dead_pid()
    shutil.copytree(out, tmp_path / f".out.staging-{dead}")
    os.rename(out, tmp_path / f".out.old-{dead}")
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "good.txt").write_text(seed_text, encoding="utf-8")
    (batch / "empty.txt").write_bytes(b"")

    result = runner.invoke(cli, ["build", str(batch), "--out", str(out), "--strict"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (f"{out}: restored the previous output from .out.old-{dead}, left by a "
                        "build stopped while replacing it")
    assert lines[1].startswith(f"{out}: removed .out.staging-{dead} (")
    assert lines[-1] == f"--strict: 1 document(s) rejected, nothing written; {out} is unchanged"
    assert _manifest(out) == before
    assert _leftovers(out) == []


def test_an_output_retired_but_not_removed_is_removed(runner: CliRunner,
                                                      tmp_path: Path) -> None:
    """Killed after its commit, before removing the output it replaced."""
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(SEED), "--out", str(out)]).exit_code == 0
    dead = _dead_pid()
    shutil.copytree(out, tmp_path / f".out.old-{dead}")
    result = runner.invoke(cli, ["build", str(SEED), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0].startswith(f"{out}: removed .out.old-{dead} (")
    assert _leftovers(out) == []
