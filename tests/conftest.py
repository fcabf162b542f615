"""Shared fixtures: a real java-gpu kernel started through jupyter_client.

The kernelspec is installed once per session by install.py into a temporary prefix (JUPYTER_PATH points there), so
the tests use the jar in kernel/target and never touch the user's own Jupyter setup.

Fixtures
  kernel        module-scoped KernelHandle (see tests/kernel_client.py): kernel.execute(code, ...) -> Result
  fresh_kernel  function-scoped KernelHandle, for tests that break state (restart, shutdown, interrupt)
  kernel_name   the kernelspec name under test
  fake_cuda     a folder with the simulated libcuda.so.1 and cuBLAS 13/12 (scripts/build-fake-cuda.sh; skips without gcc)

Environment
  JAVA_GPU_TEST_KERNEL=python3   run the harness against another installed kernel (checks the harness itself)
  JAVA_GPU_STARTUP_TIMEOUT=60    seconds to wait for kernel_info at start
  JAVA_GPU_KEEP_TEST_TMP=1       keep the run's tmp_path folders (removed when the run ends otherwise)
"""

import os
import shutil
import subprocess
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import kernel_client  # noqa: E402
from kernel_client import KERNEL_NAME, start_kernel  # noqa: E402

_state = {"prefix": None, "error": None}


def selected_kernel_name():
    return os.environ.get("JAVA_GPU_TEST_KERNEL", KERNEL_NAME)


def pytest_configure(config):
    prefix = tempfile.mkdtemp(prefix="java-gpu-kernelspec-")
    _state["prefix"] = prefix
    try:
        kernel_client.install_kernelspec(prefix, build=False)
    except Exception as e:  # reported by the fixtures, so that tests not needing the kernel still run
        out = getattr(e, "stderr", "") or ""
        _state["error"] = "install.py --prefix %s --no-build failed: %s %s" % (prefix, e, out.strip())
    data = os.path.join(prefix, "share", "jupyter")
    old = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = data + (os.pathsep + old if old else "")
    os.environ.setdefault("JAVA_GPU_TEST_PREFIX", prefix)


def pytest_unconfigure(config):
    if _state["prefix"]:
        shutil.rmtree(_state["prefix"], ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def no_temporary_folders_left(tmp_path_factory):
    """pytest keeps the tmp_path folders of its last three runs (here ~340 MB a run: installed kernels, archives,
    built libraries); this suite removes its own when it ends. JAVA_GPU_KEEP_TEST_TMP=1 keeps them to look into."""
    yield
    if os.environ.get("JAVA_GPU_KEEP_TEST_TMP"):
        return
    base = tmp_path_factory.getbasetemp()
    shutil.rmtree(base, ignore_errors=True)
    current = base.parent / "pytest-current"
    if current.is_symlink() and os.path.realpath(current) == os.path.realpath(base):
        current.unlink()


def _require_spec(name):
    if name == KERNEL_NAME and _state["error"]:
        pytest.fail(_state["error"], pytrace=False)


@pytest.fixture(scope="session")
def kernel_name():
    return selected_kernel_name()


@pytest.fixture(scope="session")
def kernelspec_prefix():
    return _state["prefix"]


@pytest.fixture(scope="module")
def kernel(kernel_name):
    _require_spec(kernel_name)
    handle = start_kernel(kernel_name)
    try:
        yield handle
    finally:
        handle.stop()


@pytest.fixture
def fresh_kernel(kernel_name):
    _require_spec(kernel_name)
    handle = start_kernel(kernel_name)
    try:
        yield handle
    finally:
        handle.stop(now=not handle.is_alive())


@pytest.fixture(scope="session")
def fake_cuda(tmp_path_factory):
    if shutil.which(os.environ.get("CC", "gcc")) is None:
        pytest.skip("no gcc to build the simulated CUDA libraries")
    out = tmp_path_factory.mktemp("fakecuda")
    script = os.path.join(kernel_client.ROOT, "scripts", "build-fake-cuda.sh")
    done = subprocess.run(["bash", script, str(out)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip("scripts/build-fake-cuda.sh failed: " + done.stderr[-500:])
    yield str(out)
    shutil.rmtree(out, ignore_errors=True)
