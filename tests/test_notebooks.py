"""The tutorial notebooks: their stored form, and a top-to-bottom run through nbclient with the java-gpu kernel.

The run checks that no cell errs, that every %gpu cell shows a display_data whose text/html is a <table> (with
text/plain and application/json beside it), that on a machine without a usable GPU the tables say CPU, and that
the [1.0, 2.0] round trip printed where the data lived.
"""
from __future__ import annotations

import atexit
import re
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
import harness  # noqa: E402

NOTEBOOK_DIR = harness.REPO / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
NAMES = [p.name for p in NOTEBOOKS]
CELL_TIMEOUT = 300  # seconds; the slowest cell on a 2-core CPU-only machine should need a few
GPU_LINE = re.compile(r"^\s*(?:[^%\n]*=\s*)?%gpu\b", re.MULTILINE)


def _read(path: Path):
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else (value or "")


def _stdout(cell) -> str:
    return "".join(_text(o.get("text")) for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")


def _cell(book, cell_id: str):
    for cell in book.cells:
        if cell.get("id") == cell_id:
            return cell
    raise AssertionError(f"no cell with id {cell_id!r}")


def _is_gpu_line_magic_cell(cell) -> bool:
    return cell.cell_type == "code" and bool(GPU_LINE.search(cell.source))


# ------------------------------------------------------------------------------------------ stored form

def test_there_are_three_notebooks():
    assert NAMES == ["01-how-java-reaches-the-gpu.ipynb", "02-matmul-transfer-vs-compute.ipynb",
                     "03-bandwidth.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_stored_form(path):
    book = _read(path)
    nbformat.validate(book)
    assert (book.nbformat, book.nbformat_minor) == (4, 5)
    assert book.metadata["kernelspec"] == {"name": "java-gpu", "display_name": "Java (GPU)", "language": "java"}
    ids = [c.get("id") for c in book.cells]
    assert all(ids) and len(set(ids)) == len(ids), "every cell needs a unique id"
    for cell in book.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"cell {cell.id} has stored output"
    assert any(c.cell_type == "markdown" and "CPU" in c.source for c in book.cells), \
        "each notebook explains what a CPU-only machine shows"


# ------------------------------------------------------------------------------------------ execution

@pytest.fixture(scope="module")
def _kernel():
    """The java-gpu kernelspec: the session's (from conftest) if already visible, else a private install
    into a temporary prefix (install.py --prefix TMP --no-build) with JUPYTER_PATH pointing at it."""
    try:
        env = harness.KernelEnvironment()
    except FileNotFoundError as missing:
        pytest.fail(f"cannot install the java-gpu kernelspec: {missing}")
    yield env
    env.close()


_executed: dict[str, object] = {}


@pytest.fixture
def executed(_kernel):
    """Runs a notebook once per test session (cached) and returns the executed copy."""
    from nbclient import NotebookClient

    def run(name: str):
        if name not in _executed:
            book = _read(NOTEBOOK_DIR / name)
            client = NotebookClient(book, kernel_name=harness.KERNEL_NAME, timeout=CELL_TIMEOUT,
                                    startup_timeout=180, allow_errors=True,
                                    resources={"metadata": {"path": str(NOTEBOOK_DIR)}})
            try:
                client.execute()
                _executed[name] = book
            except Exception as failure:  # remembered, so a dead kernel is started once per notebook
                _executed[name] = failure
                atexit.unregister(client._cleanup_kernel)  # nbclient 0.7 leaves it registered on a failed start
        result = _executed[name]
        if isinstance(result, Exception):
            pytest.fail(f"{name} could not be executed: {type(result).__name__}: {result}", pytrace=False)
        return result

    return run


def _errors(book) -> list[str]:
    found = []
    for cell in book.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"cell {cell.get('id')}: {out.get('ename')}: {out.get('evalue')}\n"
                             + "\n".join(out.get("traceback", []))[-2000:])
    return found


def _gpu_usable(executed) -> bool:
    """What the kernel itself says, from notebook 01's availability cell."""
    out = _stdout(_cell(executed("01-how-java-reaches-the-gpu.ipynb"), "availability"))
    assert "CUDA is usable" in out or "No usable CUDA" in out, f"availability cell printed: {out!r}"
    return "CUDA is usable" in out


@pytest.mark.parametrize("name", NAMES)
def test_runs_without_errors(executed, name):
    book = executed(name)
    errors = _errors(book)
    assert not errors, "\n\n".join(errors)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert cell.execution_count is not None, f"cell {cell.id} did not run"


@pytest.mark.parametrize("name", NAMES)
def test_gpu_cells_show_tables(executed, name):
    book = executed(name)
    gpu_cells = [c for c in book.cells if _is_gpu_line_magic_cell(c)]
    assert gpu_cells, f"{name} has no %gpu cell"
    cpu_only = not _gpu_usable(executed)
    for cell in gpu_cells:
        tables = [o for o in cell.outputs
                  if o.get("output_type") == "display_data" and "<table" in _text(o["data"].get("text/html"))]
        assert tables, (f"cell {cell.id} ({cell.source.strip()!r}) produced no display_data with an HTML table; "
                        f"outputs: {[(o.get('output_type'), list(o.get('data', {}))) for o in cell.outputs]}")
        for out in tables:
            assert "text/plain" in out["data"] and "application/json" in out["data"], \
                f"cell {cell.id}: a table needs text/plain and application/json too, has {list(out['data'])}"
        if cpu_only and re.search(r"%gpu\s+(matmul|bandwidth)", cell.source):
            html = "".join(_text(o["data"]["text/html"]) for o in tables)
            assert "CPU" in html, f"cell {cell.id}: without a usable GPU its tables must be labelled CPU"


def test_round_trip_prints_the_device(executed):
    book = executed("01-how-java-reaches-the-gpu.ipynb")
    out = _stdout(_cell(book, "roundtrip"))
    where = re.search(r"x now lives on: (\S+)", out)
    assert where, f"the round-trip cell did not print the device: {out!r}"
    assert "[1.0, 2.0]" in out, f"the data did not come back unchanged: {out!r}"
    if _gpu_usable(executed):
        assert where.group(1).startswith("cuda:"), out
    else:
        assert where.group(1) == "cpu", out
        assert "Falling back to the CPU" in out, "the CPU fallback must say that it fell back"


def test_forcing_cuda_explains_itself(executed):
    out = _stdout(_cell(executed("01-how-java-reaches-the-gpu.ipynb"), "force-cuda"))
    if _gpu_usable(executed):
        assert "cuda works" in out, out
    else:
        assert re.search(r"Asking for cuda failed: \S", out), f"no reason given: {out!r}"


def test_result_object_is_usable(executed):
    out = _stdout(_cell(executed("02-matmul-transfer-vs-compute.ipynb"), "result-use"))
    assert re.search(r"ran on \S+", out) and "verified: true" in out, out
    assert re.search(r"\d+% of the time is transfer", out) and "GFLOP/s" in out, out
