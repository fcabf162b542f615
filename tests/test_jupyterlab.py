"""JupyterLab 4's own front end (npm packages, built with esbuild in tests/jupyterlab/) against this kernel, in the
system Chromium driven by puppeteer-core:

- rendered: the tutorial notebooks are executed through nbclient (test_notebooks.py's cached run), then a static page
  renders every output with JupyterLab's OutputArea, rendermime registry and Vega 5 extension (run-rendered.mjs);
  screenshots in artifacts/jupyterlab/<notebook>.png.
- live: a JupyterLab NotebookPanel served by Debian's Notebook 6.4 server (our jlab_test_server extension) runs
  notebook 01 and a scratch notebook through JupyterLab's code: Run All, a progress bar updated in place, interrupt,
  restart, Tab completion and Shift-Tab inspection (run-live.mjs); screenshots artifacts/jupyterlab/live-*.png.

Needs node, `cd tests/jupyterlab && npm ci && npm run build`, chromium and jupyter-notebook. Without them the tests
skip, saying what to install; with CI set in the environment, they fail instead.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
import harness  # noqa: E402
from test_notebooks import NAMES, _kernel, executed  # noqa: E402,F401  (fixtures: one nbclient run per session)

JLAB = harness.REPO / "tests" / "jupyterlab"
ARTIFACTS = harness.REPO / "artifacts" / "jupyterlab"
NOTEBOOK01 = "01-how-java-reaches-the-gpu.ipynb"
VEGALITE_V5 = "application/vnd.vegalite.v5+json"
BUILD_HINT = "cd tests/jupyterlab && npm ci && npm run build"


def _missing() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed (Node 18+, e.g. apt-get install nodejs npm)"
    if not (JLAB / "node_modules" / "puppeteer-core").is_dir():
        return f"tests/jupyterlab/node_modules is missing: run `{BUILD_HINT}`"
    for name in ("rendered.js", "rendered.html", "live.js"):
        if not (JLAB / "build" / name).is_file():
            return f"tests/jupyterlab/build/{name} is missing: run `{BUILD_HINT}`"
    if harness.chromium_binary() is None:
        return "chromium is not installed (apt-get install chromium)"
    return None


def _require(extra: str | None = None) -> None:
    missing = _missing() or extra
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and the JupyterLab test cannot run: {missing}", pytrace=False)
        pytest.skip(missing)


def _node(script: str, config: dict, timeout: float) -> dict:
    """Runs a tests/jupyterlab script (which starts Chromium) and returns its JSON result. On a timeout the script
    gets SIGTERM first: puppeteer then kills the Chromium it launched (in a process group of its own) and exits."""
    proc = subprocess.Popen(["node", script, json.dumps(config)], cwd=JLAB, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            out, err = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
        pytest.fail(f"node {script} did not finish within {timeout:.0f} s\nstdout:\n{out[-3000:]}\nstderr:\n"
                    f"{err[-3000:]}", pytrace=False)
    lines = out.strip().splitlines()
    try:
        result = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        pytest.fail(f"node {script} exited with {proc.returncode} without a result\nstdout:\n{out[-3000:]}\n"
                    f"stderr:\n{err[-3000:]}", pytrace=False)
    if proc.returncode != 0 and "fatal" in result:
        pytest.fail(f"node {script} failed:\n{result['fatal']}\nstderr:\n{err[-3000:]}", pytrace=False)
    return result


def _browser_config(work: Path) -> dict:
    profile = work / "chromium-profile"
    profile.mkdir()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return {"chromium": harness.chromium_binary(), "flags": harness.CHROMIUM_FLAGS, "userDataDir": str(profile),
            "screenshotDir": str(ARTIFACTS)}


# ------------------------------------------------------------------------------------------ rendered outputs

_rendered: dict = {}


@pytest.fixture
def rendered(executed):
    """{notebook stem: {"cells": {cell id: cell}, "book": executed notebook, "errors": [...], ...}}, from one
    run-rendered.mjs run for all notebooks (cached: `executed` is function-scoped)."""
    _require()
    if not _rendered:
        _rendered.update(_render_all(executed))
    return _rendered


def _render_all(run) -> dict:
    work = Path(tempfile.mkdtemp(prefix="jlab-rendered-"))
    try:
        config = _browser_config(work)
        config["notebooks"] = []
        books = {}
        for name in NAMES:
            stem = Path(name).stem
            books[stem] = run(name)
            path = work / name
            nbformat.write(books[stem], path)
            config["notebooks"].append({"name": stem, "path": str(path)})
        started = time.monotonic()
        result = _node("run-rendered.mjs", config, timeout=300)
        print(f"run-rendered.mjs: {time.monotonic() - started:.1f} s for {len(NAMES)} notebooks")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {nb["name"]: {**nb, "cells": {c["id"]: c for c in nb["cells"]}, "book": books[nb["name"]]}
            for nb in result["notebooks"]}


def _source(book, cell_id: str) -> str:
    return next(c.source for c in book.cells if c.get("id") == cell_id)


@pytest.mark.parametrize("name", NAMES)
def test_rendered_without_console_errors(rendered, name):
    stem = Path(name).stem
    page = rendered[stem]
    assert not page["errors"], f"{name} rendered with errors in the page:\n" + "\n".join(page["errors"])
    shot = ARTIFACTS / f"{stem}.png"
    assert shot.is_file() and shot.stat().st_size > 10_000, f"no screenshot at {shot}"
    # Every output the model holds has a rendered node: nothing was dropped for want of a renderer.
    for cell_id, cell in page["cells"].items():
        for out in cell["outputs"]:
            assert out["preferredMimeType"], f"{name} cell {cell_id}: no renderer for {out['bundleMimeTypes']}"


def test_gpu_info_chain_is_a_table_with_a_row_per_link(rendered):
    cell = rendered[Path(NOTEBOOK01).stem]["cells"]["gpu-info"]
    chain = [o for o in cell["outputs"] if o["json"] and "links" in o["json"]]
    assert len(chain) == 1, f"expected one output with application/json links, got {cell['outputs']}"
    out = chain[0]
    links = out["json"]["links"]
    assert links, "the chain has no links"
    assert out["renderedMimeType"] == "text/html", f"rendered as {out['renderedMimeType']}"
    assert out["tables"], f"the %gpu info output has no <table>: {out['text']}"
    assert out["tables"][0]["bodyRows"] == len(links), (
        f"{len(links)} links ({[l['link'] for l in links]}) but {out['tables'][0]['bodyRows']} table rows")


def test_matmul_phases_are_tables(rendered):
    page = rendered["02-matmul-transfer-vs-compute"]
    matmul_cells = [cid for cid in page["cells"] if re.search(r"%gpu\s+matmul\b", _source(page["book"], cid))]
    assert matmul_cells, "notebook 02 has no %gpu matmul cell"
    for cid in matmul_cells:
        phases = [o for o in page["cells"][cid]["outputs"] if o["outputType"] == "display_data"]
        assert phases, f"cell {cid} shows no display_data"
        for out in phases:
            assert out["renderedMimeType"] == "text/html" and out["tables"], (
                f"cell {cid}: a phase output was not an HTML table: {out['renderedMimeType']} {out['text'][:300]}")
            assert all(t["bodyRows"] > 0 for t in out["tables"]), f"cell {cid}: an empty table"


def test_bandwidth_chart_renders_through_vega_lite_v5(rendered):
    page = rendered["03-bandwidth"]
    charts = [(cid, o) for cid, c in page["cells"].items() for o in c["outputs"]
              if any("vegalite" in m or "vega." in m for m in o["bundleMimeTypes"])]
    assert charts, "notebook 03 shows no Vega/Vega-Lite output"
    for cid, out in charts:
        vega_types = [m for m in out["bundleMimeTypes"] if "vega" in m]
        # JupyterLab 4.6 renders Vega-Lite v3-v5 only; the kernel must stay on v5.
        assert vega_types == [VEGALITE_V5], f"cell {cid}: chart MIME types {vega_types}"
        assert out["preferredMimeType"] == VEGALITE_V5, (
            f"cell {cid}: JupyterLab chose {out['preferredMimeType']} over the Vega-Lite chart")
        assert out["vegaEmbed"] and out["vegaGraphic"], (
            f"cell {cid}: the Vega extension drew no chart (vega-embed: {out['vegaEmbed']}, svg/canvas: "
            f"{out['vegaGraphic']}; errors: {page['errors']})")
    assert page["vegaDrawn"]


# ------------------------------------------------------------------------------------------ live notebook

SCRATCH = "scratch.ipynb"


@pytest.fixture(scope="module")
def live(_kernel):
    """One run of run-live.mjs against a Notebook 6.4 server serving a copy of notebook 01 and a scratch notebook."""
    _require(None if harness.find_notebook_server() else
             f"jupyter-notebook is not installed (apt-get install {harness.APT_PACKAGES})")
    work = Path(tempfile.mkdtemp(prefix="jlab-live-"))
    try:
        root = work / "served"
        root.mkdir()
        shutil.copy(harness.REPO / "notebooks" / NOTEBOOK01, root / NOTEBOOK01)
        scratch = nbformat.v4.new_notebook()
        scratch.metadata["kernelspec"] = nbformat.read(root / NOTEBOOK01, as_version=4).metadata["kernelspec"]
        scratch.cells.append(nbformat.v4.new_code_cell('"scratch"'))
        nbformat.write(scratch, root / SCRATCH)
        config = _browser_config(work)
        config.update(notebook=NOTEBOOK01, scratch=SCRATCH)
        # JUPYTER_PATH (set by conftest or _kernel) reaches the server through its copy of os.environ.
        server = harness.NotebookServer(
            root, work / "notebook-server.log",
            extra_args=["--NotebookApp.nbserver_extensions={'jlab_test_server': True}"],
            extra_env={"PYTHONPATH": os.pathsep.join(p for p in [str(JLAB), os.environ.get("PYTHONPATH")] if p)})
        started = time.monotonic()
        with server:
            config["url"] = server.url("jlab-test/")
            result = _node("run-live.mjs", config, timeout=480)
            result["server_log"] = server.read_log()
        print(f"run-live.mjs: {time.monotonic() - started:.1f} s; steps at {result.get('timings')}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if result.get("fatal"):
        pytest.fail(f"the live run stopped: {result['fatal']}\npage errors: {result['errors']}\n"
                    f"server log:\n{result['server_log']}", pytrace=False)
    return result


def _outputs(cell, output_type):
    return [o for o in cell["outputs"] if o["type"] == output_type]


def _plain(cell) -> str | None:
    results = _outputs(cell, "execute_result")
    return results[0]["json"]["data"].get("text/plain") if results else None


def test_live_notebook01_runs_all_cells(live):
    run = live["notebook"]["run"]
    assert live["notebook"]["open"]["kernel"] == harness.KERNEL_NAME
    code = [c for c in run["cells"] if c["type"] == "code"]
    assert code, "notebook 01 showed no code cells"
    errors = [(c["index"], o["json"]) for c in code for o in _outputs(c, "error")]
    assert not errors, f"cells failed in JupyterLab: {errors}"
    assert run["ok"], "NotebookActions.runAll reported a failure"
    assert all(isinstance(c["executionCount"], int) for c in code), [c["executionCount"] for c in code]
    info = next(c for c in code if c["source"].strip() == "%gpu info")
    assert "<table" in info["html"], f"%gpu info was not rendered as a table: {info['text'][:500]}"
    assert (ARTIFACTS / "live-notebook01.png").is_file()


# What Notebook 6.4 lacks and JupyterLab's client copes with: no /api/me and /api/events (the user and event managers
# keep retrying), no v1.kernel.websocket.jupyter.org subprotocol (the client reconnects with the JSON protocol), and
# Chromium reports the 204 replies to DELETE session / interrupt as aborted requests.
KNOWN_SERVER_GAPS = [
    r"^console: Failed to load resource: .* 404 .*/api/me\?",
    r"^console: WebSocket connection to '\S+/api/events/subscribe' failed: .*404",
    r"^console: WebSocket connection to '\S+/api/kernels/[-0-9a-f]+/channels\?\S*' failed: .*"
    r"Sec-WebSocket-Protocol",
    r"^request failed: \S+/api/(sessions/[-0-9a-f]+|kernels/[-0-9a-f]+/interrupt)\?\d+ net::ERR_ABORTED$",
]


def test_live_page_has_no_unexpected_errors(live):
    unexpected = [e for e in live["errors"] if not any(re.search(p, e) for p in KNOWN_SERVER_GAPS)]
    assert not unexpected, "errors in the live page:\n" + "\n".join(unexpected)


def test_live_display_html_is_bold(live):
    cell = live["display"]["cell"]
    assert not _outputs(cell, "error"), cell["outputs"]
    assert live["display"]["bold"] == ["hi"], f"display(html(..)) showed: {cell['text']!r} ({cell['html'][:500]})"


def test_live_display_adds_no_execute_result(live):
    cell = live["display"]["cell"]
    assert _outputs(cell, "execute_result") == [], f"display(...) also showed Out[]: {_plain(cell)!r}"


def test_live_progress_bar_moves_while_the_cell_runs(live):
    seen = live["progress"]["seen"]
    assert not _outputs(live["progress"]["cell"], "error"), live["progress"]["cell"]["outputs"]
    values = [s["value"] for s in seen]
    assert values == sorted(values), f"the bar went backwards: {seen}"
    assert seen and seen[-1]["value"] == 5 and seen[-1]["max"] == 5, f"the bar did not end at 5/5: {seen}"
    while_running = {s["value"] for s in seen if s["running"] and s["value"] < 5}
    assert len(while_running) >= 3, f"the bar did not move while the cell ran (values seen: {seen})"


def test_live_interrupt_keeps_state(live):
    assert not _outputs(live["kept"]["cell"], "error"), live["kept"]["cell"]["outputs"]
    interrupted = live["interrupted"]
    assert not interrupted.get("timedOut"), f"the loop was still running 30 s after the interrupt: " \
                                            f"{interrupted['cell']['text']}"
    assert not interrupted["ok"], "the interrupted cell reported success"
    assert _outputs(interrupted["cell"], "error"), f"no error output after the interrupt: {interrupted['cell']}"
    after = live["afterInterrupt"]["cell"]
    assert not _outputs(after, "error"), after["outputs"]
    assert _plain(after) == "42", f"kept after the interrupt: {_plain(after)!r}"


def test_live_restart(live):
    cell = live["afterRestart"]["cell"]
    assert not _outputs(cell, "error"), cell["outputs"]
    assert _plain(cell) == "42"
    assert cell["executionCount"] == 1, f"execution count after restart: {cell['executionCount']}"


def test_live_tab_completion(live):
    items = live["completion"]["items"]
    assert items, f"Tab after 'Str' showed no completer (cell: {live['completion']['source']!r})"
    assert "String" in items, f"completions for 'Str': {items[:30]}"
    assert all(i.startswith("Str") for i in items), items


def test_live_shift_tab_inspection(live):
    text = live["tooltip"]["text"]
    assert text, f"Shift-Tab after {live['tooltip']['source']!r} showed no tooltip"
    assert "max" in text and re.search(r"\b(int|long|double|float)\b", text), f"tooltip: {text[:1000]!r}"
    assert (ARTIFACTS / "live-notebook.png").is_file()
