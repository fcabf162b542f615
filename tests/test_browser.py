"""Browser test: Debian's classic jupyter-notebook serves notebook 01 on 127.0.0.1 with a token, headless
Chromium (through Selenium and chromium-driver) chooses Kernel → Restart & Run All, waits for the last cell,
and checks that the %gpu info output is an HTML <table> in the page. Screenshot: artifacts/browser/notebook01.png.

Skips only when Chromium itself is not installed; every other missing piece (chromedriver, selenium,
jupyter-notebook, the kernel) is a failure. Debian packages: chromium chromium-driver python3-selenium
jupyter-notebook.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
import harness  # noqa: E402

NOTEBOOK = harness.REPO / "notebooks" / "01-how-java-reaches-the-gpu.ipynb"
SCREENSHOT = harness.REPO / "artifacts" / "browser" / "notebook01.png"

pytestmark = pytest.mark.skipif(harness.chromium_binary() is None,
                                reason="chromium is not installed (apt-get install chromium chromium-driver)")


@pytest.fixture(scope="module")
def _browser_kernel():
    """The java-gpu kernelspec: the session's (conftest) if already visible, else a private install."""
    env = harness.KernelEnvironment()
    yield env
    env.close()


def test_notebook01_runs_in_chromium(_browser_kernel, tmp_path):
    try:
        import selenium  # noqa: F401
    except ImportError:
        pytest.fail(f"python3-selenium is missing (apt-get install {harness.APT_PACKAGES})")
    if harness.find_notebook_server() is None:
        pytest.fail(f"jupyter-notebook is missing (apt-get install {harness.APT_PACKAGES})")

    result = harness.browser_check(NOTEBOOK, "%gpu info", SCREENSHOT, tmp_path, timeout=600)

    assert SCREENSHOT.exists() and SCREENSHOT.stat().st_size > 0
    assert not result["errors"], "cells failed in the browser:\n" + "\n---\n".join(result["errors"])
    cell = result["cell"]
    assert cell is not None, "no cell containing '%gpu info' in the page"
    assert cell["tables"] >= 1, (
        f"the %gpu info output was not rendered as an HTML <table> (html outputs: {cell['htmlOutputs']}); "
        f"it showed:\n{cell['text']}\n\nserver log:\n{result['server_log']}")
