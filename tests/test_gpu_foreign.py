"""The kernel on JDK 22+ (the java.lang.foreign binding), through the real protocol.

Without a driver: %gpu info names the missing libcuda.so.1 and the kernel creates nothing in java.io.tmpdir. With
the simulated CUDA of scripts/build-fake-cuda.sh (built here into a temp folder; skipped without gcc) found through
JAVA_GPU_CUDA_LIBRARY_PATH: every %gpu info link is ✓, matmul verifies in every dtype for square and non-square
shapes, bandwidth completes every row, Gpu.to round-trips, sticky errors put the kernel into the restart state,
sizes over free memory and dtypes the device cannot run are refused, and notebooks 01 and 02 run top to bottom.
Run: /usr/bin/python3 -m pytest -q tests/test_gpu_foreign.py
"""
import glob
import json
import os
import shutil
import subprocess
import sys

import pytest
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

from kernel_client import ROOT, error_text, ok, start_kernel

JAR = os.path.join(ROOT, "kernel", "target", "java-gpu-kernel.jar")
FOREIGN_CLASS = "io/javagpu/gpu/cuda/ForeignBinding.class"


def _jdk22():
    """A java of version 22+ (JAVA_GPU_TEST_JDK22, else the newest under /usr/lib/jvm), or None."""
    sys.path.insert(0, ROOT)
    import install
    explicit = os.environ.get("JAVA_GPU_TEST_JDK22")
    candidates = [explicit] if explicit else sorted(glob.glob("/usr/lib/jvm/*/bin/java"), reverse=True)
    for java in candidates:
        version = install.java_feature_version(java) if java and os.path.isfile(java) else None
        if version and version >= 22:
            return java
    return None


JAVA22 = _jdk22()
pytestmark = [
    pytest.mark.skipif(not os.path.isfile(JAR), reason="kernel jar not built"),
    pytest.mark.skipif(JAVA22 is None, reason="no JDK 22+ installed (JAVA_GPU_TEST_JDK22)"),
]


def _jar_has_foreign_binding():
    import zipfile
    with zipfile.ZipFile(JAR) as z:
        return FOREIGN_CLASS in z.namelist()


@pytest.fixture(scope="module")
def prefix22(tmp_path_factory):
    if not _jar_has_foreign_binding():
        pytest.skip("the jar was built without a JDK 22+, so it has no foreign binding")
    prefix = tmp_path_factory.mktemp("jdk22")
    subprocess.run([sys.executable, os.path.join(ROOT, "install.py"), "--prefix", str(prefix), "--no-build", "--no-cds",
                    "--java", JAVA22], check=True, capture_output=True, text=True)
    yield prefix
    shutil.rmtree(prefix, ignore_errors=True)


def start(prefix, **env):
    """The kernel installed under ``prefix``, with ``env`` added to (or, for None values, removed from) the environment."""
    return start_kernel(prefix=prefix, startup_timeout=90,
                        extra_env={"JAVA_GPU_CUDA_LIBRARY_PATH": None, "JAVA_GPU_BINDING": None, **env})


def json_with(result, key):
    for d in result.displays:
        data = d.get("data", {}).get("application/json")
        if isinstance(data, dict) and key in data:
            return data
    raise AssertionError(f"no application/json with {key!r}: {[d.get('data', {}).keys() for d in result.displays]}")


def plain(result):
    return "\n".join(d.get("data", {}).get("text/plain", "") for d in result.displays) + result.stdout


# ------------------------------------------------------------------------------------------------- no driver

def test_foreign_binding_names_the_missing_driver_and_leaves_tmp_alone(prefix22, tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    kernel = start(prefix22, TMPDIR=str(tmp), JDK_JAVA_OPTIONS="-Djava.io.tmpdir=" + str(tmp))
    try:
        r = ok(kernel.execute("%gpu info", timeout=120))
        facts = json_with(r, "bindings")
        foreign = next(b for b in facts["bindings"] if b["name"] == "foreign")
        assert foreign["available"] is False and "libcuda.so.1" in foreign["whyNot"], foreign
        assert any(l["name"] == "libcuda.so.1" and not l["loaded"] for l in facts["libraries"]), facts["libraries"]
        jcuda = next(b for b in facts["bindings"] if b["name"] == "jcuda")
        assert jcuda["active"] is True and "foreign binding unavailable" in jcuda["reason"], jcuda
        natives = [l for l in facts["libraries"] if l["name"].startswith("libJCudaRuntime")]
        assert natives and natives[0]["loaded"] and natives[0]["path"].startswith(str(prefix22)), natives
        ok(kernel.execute("%gpu matmul 32 --warmup 0 --repeat 1", timeout=120))
        assert "java.io.tmpdir=" + str(tmp) in ok(kernel.execute(
            'System.out.println("java.io.tmpdir=" + System.getProperty("java.io.tmpdir"));')).stdout
    finally:
        kernel.stop()
    assert sorted(os.listdir(tmp)) == [], "the kernel wrote into java.io.tmpdir: %s" % os.listdir(tmp)


# ------------------------------------------------------------------------------------------ simulated device

@pytest.fixture(scope="module")
def sim(prefix22, fake_cuda):
    kernel = start(prefix22, JAVA_GPU_CUDA_LIBRARY_PATH=fake_cuda)
    yield kernel
    kernel.stop()


def test_info_every_link_ok_on_the_simulated_device(sim):
    r = ok(sim.execute("%gpu info", timeout=120))
    chain = json_with(r, "links")
    assert all(link["ok"] for link in chain["links"]), chain["links"]
    assert chain["devices"] and "simulated" in chain["devices"][0]["name"], chain["devices"]
    facts = json_with(r, "bindings")
    foreign = next(b for b in facts["bindings"] if b["name"] == "foreign")
    assert foreign["active"] and "JDK 22+" in foreign["reason"], foreign
    loaded = {l["name"]: l for l in facts["libraries"] if l["loaded"]}
    assert {"libcuda.so.1", "libcublasLt.so.13", "libcublas.so.13"} <= set(loaded), facts["libraries"]
    assert loaded["libcublas.so.13"]["version"] == "13.0.0"


@pytest.mark.parametrize("dtype", ["f32", "tf32", "f16", "bf16", "f64"])
@pytest.mark.parametrize("shape", ["64", "48x80x32"])
def test_matmul_verifies_on_the_simulated_device(sim, dtype, shape):
    r = ok(sim.execute(f"%gpu matmul {shape} --dtype {dtype} --device gpu --warmup 1 --repeat 2", timeout=120))
    report = json_with(r, "phases")
    assert report["gpu"] is True and "simulated" in report["device"], report["device"]
    assert report["verification"]["passed"] is True, report["verification"]
    names = [p["phase"] for p in report["phases"]]
    assert {"GEMM", "H2D A", "H2D B", "D2H C", "total"} <= set(names), names
    assert "host buffers: pinned memory" in report["notes"], report["notes"]
    assert any("back-to-back" in n for n in report["notes"]), report["notes"]


def test_device_both_and_bandwidth_and_memory(sim):
    r = ok(sim.execute("%gpu matmul 96x64x80 --device both --warmup 1 --repeat 2", timeout=180))
    assert "speedup" in plain(r)
    r = ok(sim.execute("%gpu bandwidth --sizes 4KB,1MB --both --direction h2d,d2h,d2d --device gpu", timeout=180))
    report = json_with(r, "points")
    series = sorted({(p["memory"], p["direction"]) for p in report["points"]})
    assert series == [("device", "d2d"), ("pageable (wall clock)", "d2h"), ("pageable (wall clock)", "h2d"),
                      ("pinned", "d2h"), ("pinned", "h2d")], series
    assert len(report["points"]) == 10 and all(p["gbps"] > 0 for p in report["points"])
    assert not any(n.startswith("skipped") for n in report["notes"]), report["notes"]
    r = ok(sim.execute("%gpu memory", timeout=60))
    memory = json_with(r, "entries")
    assert memory["gpu"] is True and "simulated" in memory["entries"][0]["device"]


def test_gpu_to_round_trip_and_cell_timing(sim):
    r = ok(sim.execute('var x = Gpu.to(new double[]{1.0, 2.0}, "cuda");\n'
                       'System.out.println(x.device() + " " + Arrays.toString(x.toHost()) + " " + Gpu.deviceName());\nx.free();',
                       timeout=60))
    assert "cuda:0 [1.0, 2.0]" in r.stdout and "simulated" in r.stdout, r.stdout
    r = ok(sim.execute("%%gpu --device gpu\nint z = 6 * 7;", timeout=60))
    assert "CUDA events" in plain(r)


def test_binding_subcommand(sim):
    r = sim.execute("%gpu binding nonsense", timeout=30)
    assert r.error is not None and "unknown binding 'nonsense'" in error_text(r), error_text(r)
    assert "binding: foreign" in ok(sim.execute("%gpu binding", timeout=30)).stdout
    r = sim.execute("%gpu info --binding bogus", timeout=30)
    assert r.error is not None and "use auto, jcuda or foreign" in error_text(r)
    assert "42" in ok(sim.execute("System.out.println(6 * 7);")).stdout


def test_refusals_before_anything_runs(prefix22, fake_cuda):
    kernel = start(prefix22, JAVA_GPU_CUDA_LIBRARY_PATH=fake_cuda, FAKE_CUDA_FREE_MEM=str(128 << 20), FAKE_CUDA_CC="7.5",
                   FAKE_CUDA_HOSTALLOC_FAIL="1")
    try:
        r = kernel.execute("%gpu matmul 4096 --device gpu", timeout=60)
        assert r.error is not None and "needs" in error_text(r) and "free" in error_text(r), error_text(r)
        r = kernel.execute("%gpu matmul 64 --dtype bf16 --device gpu", timeout=60)
        assert r.error is not None and "compute capability 8.0" in error_text(r), error_text(r)
        r = kernel.execute("%gpu matmul 64 --dtype tf32 --device gpu", timeout=60)
        assert r.error is not None and "compute capability 8.0" in error_text(r), error_text(r)
        report = json_with(ok(kernel.execute("%gpu matmul 64 --dtype f16 --device gpu --warmup 0 --repeat 1", timeout=60)), "phases")
        assert report["verification"]["passed"] is True
        assert "host buffers: pageable memory" in report["notes"], "pinning failed: the copies say pageable"
        assert any("pinned host memory could not be allocated" in n for n in report["notes"]), report["notes"]
        r = ok(kernel.execute("%gpu bandwidth --sizes 4KB,64KB --both --direction h2d --device gpu", timeout=60))
        report = json_with(r, "points")
        assert {p["memory"] for p in report["points"]} == {"pageable (wall clock)"}, report["points"]
        skipped = [n for n in report["notes"] if n.startswith("skipped")]
        assert len(skipped) == 2 and all("pinned" in n and "could not be allocated" in n for n in skipped), skipped
    finally:
        kernel.stop()


def test_driver_init_failure_is_named(prefix22, fake_cuda):
    kernel = start(prefix22, JAVA_GPU_CUDA_LIBRARY_PATH=fake_cuda, FAKE_CUDA_INIT_ERROR="802")
    try:
        r = ok(kernel.execute("%gpu info", timeout=60))
        links = {link["link"]: link for link in json_with(r, "links")["links"]}
        assert links["binding"]["ok"] and links["CUDA driver"]["ok"] and not links["device init"]["ok"], links
        assert links["device init"]["error"] == "CUDA_ERROR_SYSTEM_NOT_READY", links["device init"]
        assert "nvidia-fabricmanager" in links["device init"]["fix"], links["device init"]
        assert "ran on CPU because" in ok(kernel.execute("%gpu matmul 16 --warmup 0 --repeat 1", timeout=60)).stdout
    finally:
        kernel.stop()


def test_old_driver_gets_cublas12(prefix22, fake_cuda):
    kernel = start(prefix22, JAVA_GPU_CUDA_LIBRARY_PATH=fake_cuda, FAKE_CUDA_DRIVER_VERSION="12020")
    try:
        facts = json_with(ok(kernel.execute("%gpu info", timeout=60)), "bindings")
        loaded = [l["name"] for l in facts["libraries"] if l["loaded"] and l["name"].startswith("libcublas.")]
        assert loaded[0] == "libcublas.so.12" and "libcublas.so.13" not in loaded, facts["libraries"]  # the active binding's first
        report = json_with(ok(kernel.execute("%gpu matmul 48x80x32 --device gpu --warmup 0 --repeat 1", timeout=60)), "phases")
        assert report["verification"]["passed"] is True
    finally:
        kernel.stop()


def test_selected_device_holds_for_magics_and_arrays(prefix22, fake_cuda):
    kernel = start(prefix22, JAVA_GPU_CUDA_LIBRARY_PATH=fake_cuda, FAKE_CUDA_DEVICES="2")
    try:
        assert len(json_with(ok(kernel.execute("%gpu info", timeout=60)), "links")["devices"]) == 2
        r = kernel.execute("%gpu device 2", timeout=30)
        assert r.error is not None and "valid devices are 0..1" in error_text(r), error_text(r)
        assert "selected cuda:1" in ok(kernel.execute("%gpu device 1", timeout=30)).stdout
        memory = json_with(ok(kernel.execute("%gpu memory", timeout=30)), "entries")
        assert [e["device"][:6] for e in memory["entries"]] == ["cuda:1"], memory
        r = ok(kernel.execute('var y = Gpu.to(new float[]{1.5f}, "cuda");\n'
                              'System.out.println(y.device() + " " + Arrays.toString(y.toHost()));', timeout=60))
        assert "cuda:1 [1.5]" in r.stdout, r.stdout
        report = json_with(ok(kernel.execute("%gpu matmul 32 --device gpu --warmup 0 --repeat 1", timeout=60)), "phases")
        assert report["device"].startswith("cuda:1") and report["verification"]["passed"], report["device"]
    finally:
        kernel.stop()


def test_sticky_error_needs_a_restart(prefix22, fake_cuda):
    kernel = start(prefix22, JAVA_GPU_CUDA_LIBRARY_PATH=fake_cuda, FAKE_CUDA_FAIL_AFTER="40")
    try:
        r = kernel.execute("%gpu matmul 64 --device gpu --warmup 1 --repeat 3", timeout=60)
        assert r.error is not None and "700" in error_text(r), error_text(r)
        r = kernel.execute("%gpu matmul 64 --device gpu", timeout=60)
        assert r.error is not None and "restart the kernel" in error_text(r), error_text(r)
        r = ok(kernel.execute("%gpu info", timeout=60))
        assert "restart the kernel" in plain(r)
        assert "CUDA_ERROR_ILLEGAL_ADDRESS" in json_with(r, "bindings")["sticky"]
        r = ok(kernel.execute("%gpu matmul 32 --warmup 0 --repeat 1", timeout=60))
        assert "ran on CPU because" in r.stdout and "restart the kernel" in r.stdout, r.stdout
        assert "false" in ok(kernel.execute("System.out.println(Gpu.isAvailable());")).stdout
    finally:
        kernel.stop()


@pytest.mark.parametrize("notebook", ["01-how-java-reaches-the-gpu.ipynb", "02-matmul-transfer-vs-compute.ipynb"])
def test_notebook_runs_on_the_simulated_device(prefix22, fake_cuda, notebook, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv("JAVA_GPU_CUDA_LIBRARY_PATH", fake_cuda)
    book = nbformat.read(os.path.join(ROOT, "notebooks", notebook), as_version=4)
    ksm = KernelSpecManager(kernel_dirs=[os.path.join(str(prefix22), "share", "jupyter", "kernels")])
    km = KernelManager(kernel_name="java-gpu", kernel_spec_manager=ksm)
    try:
        nbclient.NotebookClient(book, km=km, timeout=300, kernel_name="java-gpu").execute()
    finally:
        # nbclient leaves a kernel it was handed running; shutting it down also removes its connection file
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    text = json.dumps([c.get("outputs", []) for c in book.cells if c.cell_type == "code"])
    assert "simulated" in text, "the notebook did not run on the simulated device"
    assert '"output_type": "error"' not in text
