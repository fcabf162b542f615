"""Helpers for the notebook tests: finding or installing the java-gpu kernelspec, serving Debian's classic
jupyter-notebook on 127.0.0.1 with a token, and driving headless Chromium through Selenium.

Used by tests/test_notebooks.py and tests/test_browser.py; nothing here is a pytest fixture, so the module can
also be run by hand (``python3 tests/browser/harness.py NOTEBOOK.ipynb --kernel python3``) while developing.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
KERNEL_NAME = "java-gpu"

# What Chromium needs to run in this sandbox-less, offline CI container.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
APT_PACKAGES = "chromium chromium-driver python3-selenium jupyter-notebook python3-pytest python3-nbclient"


# ---------------------------------------------------------------------------------------------- kernelspec

def kernelspec_visible(name: str = KERNEL_NAME) -> bool:
    """Whether jupyter_client finds the kernelspec with the current JUPYTER_PATH and data directories."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(name)
        return True
    except NoSuchKernel:
        return False


def install_kernelspec(prefix: Path) -> Path:
    """Installs the java-gpu kernelspec into ``prefix`` with the project's install.py (without rebuilding the
    kernel) and returns the Jupyter data directory to put on JUPYTER_PATH."""
    installer = REPO / "install.py"
    if not installer.exists():
        raise FileNotFoundError(f"{installer} does not exist yet")
    result = subprocess.run(
        [sys.executable, str(installer), "--prefix", str(prefix), "--no-build"],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"install.py failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return prefix / "share" / "jupyter"


class KernelEnvironment:
    """Makes the java-gpu kernelspec visible to this process (and to servers it starts).

    If a conftest fixture or the user's own installation already provides it, nothing is installed; otherwise
    it is installed into a private temporary prefix, which ``close()`` removes again together with the
    JUPYTER_PATH change."""

    def __init__(self) -> None:
        self.tmp: Path | None = None
        self.old_path = os.environ.get("JUPYTER_PATH")
        self.installed = False
        if kernelspec_visible():
            return
        self.tmp = Path(tempfile.mkdtemp(prefix="java-gpu-nbtest-"))
        data_dir = install_kernelspec(self.tmp)
        os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in [str(data_dir), self.old_path] if p)
        self.installed = True
        if not kernelspec_visible():
            raise RuntimeError(f"install.py ran but no '{KERNEL_NAME}' kernelspec appeared under {data_dir}")

    def close(self) -> None:
        if self.installed:
            if self.old_path is None:
                os.environ.pop("JUPYTER_PATH", None)
            else:
                os.environ["JUPYTER_PATH"] = self.old_path
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)


# ---------------------------------------------------------------------------------------------- server

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_notebook_server() -> list[str] | None:
    """The command that starts Debian's classic notebook server, or None."""
    exe = shutil.which("jupyter-notebook")
    if exe:
        return [exe]
    try:
        import notebook  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "notebook"]


class NotebookServer:
    """jupyter-notebook on 127.0.0.1, random port, random token, isolated config/runtime directories, serving
    ``root``. Use as a context manager. ``extra_args`` are added to the command line and ``extra_env`` to the
    server's environment (e.g. a server extension and the PYTHONPATH that finds it)."""

    def __init__(self, root: Path, log: Path, extra_args: list[str] = (), extra_env: dict[str, str] | None = None
                 ) -> None:
        self.root = root
        self.log_path = log
        self.extra_args = list(extra_args)
        self.extra_env = dict(extra_env or {})
        self.port = free_port()
        self.token = os.urandom(16).hex()
        self.proc: subprocess.Popen | None = None
        self.home = Path(tempfile.mkdtemp(prefix="nbserver-home-"))

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}?token={self.token}"

    def __enter__(self) -> "NotebookServer":
        command = find_notebook_server()
        if command is None:
            raise RuntimeError(f"jupyter-notebook is not installed (apt-get install {APT_PACKAGES})")
        env = dict(os.environ)
        env["JUPYTER_CONFIG_DIR"] = str(self.home / "config")
        env["JUPYTER_RUNTIME_DIR"] = str(self.home / "runtime")
        env["IPYTHONDIR"] = str(self.home / "ipython")
        env.pop("DISPLAY", None)
        env.update(self.extra_env)
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            command + [
                "--no-browser", "--ip=127.0.0.1", f"--port={self.port}", "--port-retries=0",
                f"--NotebookApp.token={self.token}", "--NotebookApp.password=",
                f"--notebook-dir={self.root}", "--NotebookApp.open_browser=False",
            ] + self.extra_args + (["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
            cwd=self.root, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"notebook server exited with {self.proc.returncode}:\n{self.read_log()}")
            try:
                with urllib.request.urlopen(self.url("api/status"), timeout=2) as response:
                    json.load(response)
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"notebook server did not answer within 60 s:\n{self.read_log()}")

    def read_log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-6000:]
        except OSError:
            return ""

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            # Ask the server to shut its kernels down first, then stop the process we started.
            try:
                request = urllib.request.Request(self.url("api/shutdown"), method="POST", data=b"")
                urllib.request.urlopen(request, timeout=5).close()
                self.proc.wait(timeout=15)
            except Exception:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
        self.log.close()
        shutil.rmtree(self.home, ignore_errors=True)


# ---------------------------------------------------------------------------------------------- browser

def chromium_binary() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def start_chromium(profile_dir: Path, width: int = 1400, height: int = 2200):
    """Headless Chromium under Selenium with a fresh profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium_binary()
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir}")
    options.add_argument(f"--window-size={width},{height}")
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    service = Service(executable_path=driver_path, log_path=str(profile_dir.parent / "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    return driver


# JavaScript run in the classic notebook page (Jupyter.notebook is its public front-end object).
JS_READY = """
const titles = Array.from(document.querySelectorAll('.modal-title')).map(e => e.innerText);
if (document.querySelector('#kernel_indicator_icon.kernel_dead_icon')
    || titles.some(t => /Dead kernel|Connection failed|Failed to start the kernel|Kernel Restarting/.test(t)))
    return 'dead';
return (window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded
        && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()) ? 'ready' : 'wait';
"""
JS_STATE = """
const cells = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code');
const prompts = cells.map(c => c.input_prompt_number);
const idle = document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null;
return {prompts: prompts.map(p => p === undefined || p === null ? null : String(p)), idle: idle,
        errors: document.querySelectorAll('.output_error').length};
"""
JS_CELL_WITH = """
const marker = arguments[0];
const cell = Jupyter.notebook.get_cells().find(c => c.cell_type === 'code' && c.get_text().trim().startsWith(marker));
if (!cell) return null;
const el = cell.element[0];
el.scrollIntoView({block: 'start'});
const html = el.querySelectorAll('.output_html');
return {tables: el.querySelectorAll('.output_html table').length, htmlOutputs: html.length,
        text: el.querySelector('.output_wrapper') ? el.querySelector('.output_wrapper').innerText.slice(0, 4000) : ''};
"""
JS_ERRORS = """
return Array.from(document.querySelectorAll('.output_error')).map(e => e.innerText.slice(0, 2000));
"""


def run_all_in_browser(driver, server: NotebookServer, notebook_name: str, timeout: float = 600) -> dict:
    """Opens the notebook, chooses Kernel → Restart & Run All from the menu, confirms the dialog and waits
    until every code cell has an execution number and the kernel is idle. Returns the final state."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(server.url(f"notebooks/{notebook_name}"))
    ready = WebDriverWait(driver, 180, poll_frequency=0.5).until(
        lambda d: d.execute_script(JS_READY) in ("ready", "dead") and d.execute_script(JS_READY))
    if ready == "dead":
        raise RuntimeError(f"the kernel died on start-up; server log:\n{server.read_log()}")

    wait = WebDriverWait(driver, 30)
    wait.until(ec.element_to_be_clickable((By.ID, "kernellink"))).click()
    wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "#restart_run_all > a"))).click()
    confirm = wait.until(ec.element_to_be_clickable(
        (By.CSS_SELECTOR, ".modal-dialog .modal-footer button.btn-danger")))
    confirm.click()

    # A restart clears the prompts first; then they fill in as cells run ('*' while queued or running). After
    # an error the kernel aborts the queued cells, which then show an empty prompt, so "done" means: something
    # ran, nothing is queued or running, the kernel is idle, and that holds for three polls in a row.
    started = time.time()
    state = None
    settled = 0
    while time.time() - started < timeout:
        state = driver.execute_script(JS_STATE)
        if driver.execute_script(JS_READY) == "dead":
            raise RuntimeError(f"the kernel died while running; state {state}; server log:\n{server.read_log()}")
        prompts = state["prompts"]
        ran = any(p not in (None, "*", " ", "") for p in prompts)
        busy = any(p == "*" for p in prompts)
        settled = settled + 1 if (ran and not busy and state["idle"]) else 0
        if settled >= 3:
            return state
        time.sleep(1)
    raise TimeoutError(f"the notebook did not finish within {timeout:.0f} s; last state: {state}")


def cell_outputs(driver, marker: str) -> dict | None:
    return driver.execute_script(JS_CELL_WITH, marker)


def error_texts(driver) -> list[str]:
    return driver.execute_script(JS_ERRORS)


def screenshot(driver, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(path))


def browser_check(notebook: Path, marker: str, screenshot_path: Path, work: Path, timeout: float = 600) -> dict:
    """The whole browser check: copy the notebook into ``work`` (the server autosaves, the repository copy must
    stay output-free), serve it, run all cells in Chromium, return what the page shows for the first code cell
    whose source starts with ``marker`` plus the errors, and save a screenshot with that cell at the top."""
    root = work / "served"
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(notebook, root / notebook.name)
    profile = work / "chromium-profile"
    profile.mkdir(exist_ok=True)
    with NotebookServer(root, work / "notebook-server.log") as server:
        driver = start_chromium(profile)
        try:
            try:
                state = run_all_in_browser(driver, server, notebook.name, timeout)
            finally:
                screenshot(driver, screenshot_path)
            cell = cell_outputs(driver, marker)
            errors = error_texts(driver)
            screenshot(driver, screenshot_path)
            return {"state": state, "cell": cell, "errors": errors, "server_log": server.read_log()}
        finally:
            driver.quit()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Run a notebook in headless Chromium (development aid).")
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--kernel", help="rewrite the notebook's kernelspec to this kernel first")
    parser.add_argument("--marker", default="%gpu info", help="start of the code cell to inspect")
    parser.add_argument("--screenshot", type=Path, default=REPO / "artifacts" / "browser" / "dev.png")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nb-browser-"))
    source = args.notebook
    if args.kernel:
        import nbformat

        book = nbformat.read(source, as_version=4)
        book.metadata["kernelspec"] = {"name": args.kernel, "display_name": args.kernel, "language": "python"}
        source = work / source.name
        nbformat.write(book, source)
    result = browser_check(source, args.marker, args.screenshot, work)
    print(json.dumps({k: v for k, v in result.items() if k != "server_log"}, indent=2))
