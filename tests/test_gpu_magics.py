"""Integration tests of the %gpu magics and the Gpu notebook API through the real kernel.

Written against the ``kernel`` fixture of tests/conftest.py: ``kernel.execute(code, timeout=30)`` returns a result
with ``.reply``, ``.outputs``, ``.stdout``, ``.stderr``, ``.error`` and ``.displays`` (content dicts of
display_data / update_display_data / execute_result). Most tests expect a machine WITHOUT a usable GPU (CI); the
GPU-only expectations are skipped where a GPU is present, and vice versa.
Run: /usr/bin/python3 -m pytest tests/test_gpu_magics.py
"""
import html
import json
import os
import re

import pytest

from kernel_client import error_text, ok, start_kernel


def _bundles(result):
    return [d.get("data", {}) for d in result.displays]


def _bundle_with(result, mime, needle=None):
    """The first display bundle that has ``mime`` (and whose content contains ``needle``)."""
    for data in _bundles(result):
        if mime not in data:
            continue
        content = data[mime]
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        if needle is None or needle in text:
            return data
    raise AssertionError(f"no display with {mime}{' containing ' + needle if needle else ''}: {_bundles(result)}")


@pytest.fixture
def has_gpu(kernel):
    r = ok(kernel.execute('System.out.println("GPU=" + Gpu.isAvailable());', timeout=60))
    return "GPU=true" in r.stdout


def test_gpu_api_availability(kernel, has_gpu):
    r = ok(kernel.execute('System.out.println("[" + Gpu.whyNot() + "] " + Gpu.defaultDevice());', timeout=30))
    if has_gpu:
        assert "[] cuda:" in r.stdout
    else:
        assert "no NVIDIA driver found" in r.stdout or "Fix:" in r.stdout, r.stdout
        assert r.stdout.strip().endswith("cpu"), r.stdout


def test_info_reports_missing_driver_with_fix(kernel, has_gpu):
    if has_gpu:
        pytest.skip("this machine has a GPU")
    r = ok(kernel.execute("%gpu info", timeout=60))
    data = _bundle_with(r, "text/plain", "CUDA driver")
    assert "text/html" in data and "application/json" in data
    links = {link["link"]: link for link in data["application/json"]["links"]}
    assert links["JVM"]["ok"] is True
    assert links["binding"]["ok"] is True, links["binding"]
    driver = links["CUDA driver"]
    assert driver["ok"] is False
    if "jcuda" in links["binding"]["detail"]:
        assert driver["error"] == "cudaErrorInsufficientDriver"
    assert "525" in driver["fix"] and "nvidia-smi" in driver["fix"]
    assert links["devices"]["ok"] is False
    assert "✗" in data["text/plain"] and "nvidia-smi" in data["text/html"]


def test_matmul_on_cpu_is_labelled_and_verified(kernel, has_gpu):
    r = ok(kernel.execute("%gpu matmul 64 --warmup 1 --repeat 2", timeout=60))
    data = _bundle_with(r, "application/json", '"phases"')
    report = data["application/json"]
    assert report["m"] == 64 and report["dtype"] == "f32"
    assert report["verification"]["passed"] is True
    phases = [p["phase"] for p in report["phases"]]
    assert "GEMM" in phases and "total" in phases
    if report["gpu"]:
        assert has_gpu and report["device"].startswith("cuda:")
        assert {"H2D A (pinned)", "H2D B (pinned)", "D2H C (pinned)"} <= set(phases)
    else:  # no GPU, or a GPU without cuBLAS: the CPU did the work and says why
        assert report["device"].startswith("cpu")
        assert "ran on CPU because" in r.stdout, r.stdout
        assert "ran on CPU because" in data["text/plain"]
        assert "verification passed" in data["text/plain"]


def test_matmul_shapes_and_dtypes_on_cpu(kernel):
    r = ok(kernel.execute("%gpu matmul 32x48x16 --dtype bf16 --device cpu --warmup 0 --repeat 1", timeout=60))
    report = _bundle_with(r, "application/json", '"phases"')["application/json"]
    assert (report["m"], report["n"], report["k"]) == (32, 48, 16)
    assert report["verification"]["passed"] is True
    assert any("CPU emulation of bf16" in n for n in report["notes"])


def test_bandwidth_table_with_charts(kernel):
    r = ok(kernel.execute("%gpu bandwidth --sizes 4KB..64KB --device cpu", timeout=120))
    chart = _bundle_with(r, "application/vnd.vegalite.v5+json")
    assert chart["image/svg+xml"].startswith("<svg")
    assert chart["application/vnd.vegalite.v5+json"]["encoding"]["x"]["scale"]["type"] == "log"
    data = _bundle_with(r, "application/json", '"points"')
    assert "<table" in data["text/html"]
    assert "application/vnd.vegalite.v5+json" not in data, "the chart must not hide the table in JupyterLab"
    points = data["application/json"]["points"]
    assert len(points) == 6 and all(p["gbps"] > 0 for p in points)
    assert "CPU memory copies" in data["text/plain"]
    assert any(o["msg_type"] == "update_display_data" for o in r.outputs), "progress bar was not updated"


@pytest.mark.parametrize("code, message", [
    ("%gpu matmul 64 --dtype f8", "unknown dtype"),
    ("%gpu matmul 12x12", "MxNxK"),
    ("%gpu matmul 64 --repeat 0", "--repeat"),
    ("%gpu matmul 64 --devcie cpu", "Unknown option"),
    ("%gpu bandwidth --sizes lots", "bad size"),
    ("%gpu nonsense", "Unmatched argument"),
])
def test_bad_arguments_are_errors_and_kernel_survives(kernel, code, message):
    r = kernel.execute(code, timeout=30)
    assert r.error is not None, f"{code} should fail"
    assert message in error_text(r), error_text(r)
    r = kernel.execute("%gpu matmul 30000 --dtype f64 --device cpu", timeout=60)
    text = error_text(r)
    assert r.error is not None and re.search(r"needs [\d.]+ GiB of Java heap .* but only .* is available; .*-Xmx", text), text
    alive = ok(kernel.execute('System.out.println(6 * 7);', timeout=30))
    assert "42" in alive.stdout


def test_device_gpu_without_gpu_is_an_error(kernel, has_gpu):
    if has_gpu:
        pytest.skip("this machine has a GPU")
    r = kernel.execute("%gpu matmul 64 --device gpu", timeout=30)
    assert r.error is not None
    text = error_text(r)
    assert "no usable GPU" in text and "Fix:" in text, text


def test_matmul_result_as_a_variable(kernel):
    ok(kernel.execute("var r = %gpu matmul 64 --warmup 0 --repeat 1", timeout=60))
    r = ok(kernel.execute('System.out.println(r.verified() + " " + r.device() + " " + r.runs().size() + " " + (r.gemmMs() > 0));',
                           timeout=30))
    words = r.stdout.split()
    assert words[0] == "true" and words[-2] == "1" and words[-1] == "true", r.stdout


def test_gpu_api_round_trip_on_cpu(kernel):
    code = '''
var x = Gpu.to(new double[]{1.0, 2.0}, "cpu");
System.out.println(x.device() + " " + Arrays.toString(x.toHost()) + " " + x.length() + " " + x);
DeviceArray y = Gpu.to(new float[]{3f}, "cpu");
System.out.println(Arrays.toString((float[]) y.toHost()));
x.close();
System.out.println(x);
'''
    r = ok(kernel.execute(code, timeout=30))
    assert "cpu [1.0, 2.0] 2 DeviceArray[2 x double on cpu]" in r.stdout, r.stdout
    assert "[3.0]" in r.stdout
    assert "DeviceArray[2 x double on cpu, freed]" in r.stdout


def test_gpu_to_cuda_without_gpu_fails_with_reason(kernel, has_gpu):
    if has_gpu:
        r = ok(kernel.execute('System.out.println(Gpu.to(new double[]{1.0, 2.0}, "cuda").device());', timeout=30))
        assert "cuda:" in r.stdout
        return
    r = kernel.execute('Gpu.to(new double[]{1.0, 2.0}, "cuda")', timeout=30)
    assert r.error is not None
    text = error_text(r)
    assert "CUDA is not available" in text and "nvidia-smi" in text, text
    ok(kernel.execute("1 + 1", timeout=30))


def test_cell_magic_times_the_cell(kernel):
    r = ok(kernel.execute('%%gpu --device cpu\nint y = 2 + 2;\nSystem.out.println("y=" + y);', timeout=60))
    assert "y=4" in r.stdout
    data = _bundle_with(r, "application/json", "wallMs")
    assert data["application/json"]["wallMs"] >= 0
    assert "cell timing" in data["text/plain"]


def test_help(kernel):
    r = ok(kernel.execute("%gpu matmul --help", timeout=30))
    assert "--dtype" in r.stdout and "--device" in r.stdout
    r = ok(kernel.execute("%gpu --help", timeout=30))
    assert "bandwidth" in r.stdout and "info" in r.stdout


def test_memory(kernel, has_gpu):
    r = ok(kernel.execute("%gpu memory", timeout=30))
    data = _bundle_with(r, "application/json", "entries")
    assert data["application/json"]["gpu"] is has_gpu
    assert data["application/json"]["entries"][0]["totalBytes"] > 0


def _cpu_run(k, code):
    r = ok(k.execute(code, timeout=120))
    data = _bundle_with(r, "application/json", '"phases"')
    return data, data["application/json"]


def test_cpu_matmul_names_its_library_in_every_format(kernel):
    data, report = _cpu_run(kernel, "%gpu matmul 96 --device cpu --warmup 1 --repeat 2")
    library = report["cpuLibrary"]
    assert report["device"] == "cpu: " + library
    assert report["verification"]["passed"] is True
    assert f"device: cpu: {library} (CPU)" in data["text/plain"]
    assert library in html.unescape(data["text/html"])
    debian_openblas = os.path.exists("/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3")
    if debian_openblas and "JAVA_GPU_CPU_BLAS" not in os.environ:
        assert re.match(r"OpenBLAS 0\.3\.\d+ \(pthreads\), \d+ threads?", library), library
    assert any(n.startswith("warm-up: ") for n in report["notes"]), report["notes"]


def test_forced_java_gemm_says_so_and_verifies(kernel_name):
    k = start_kernel(kernel_name, extra_env={"JAVA_GPU_CPU_BLAS": "java"})
    try:
        data, report = _cpu_run(k, "%gpu matmul 64x80x48 --dtype f64 --device cpu --warmup 1 --repeat 2")
        assert report["cpuLibrary"].startswith("Java (CpuGemm, JAVA_GPU_CPU_BLAS=java), "), report["cpuLibrary"]
        assert report["verification"]["passed"] is True
        assert "JAVA_GPU_CPU_BLAS=java" in data["text/plain"]
    finally:
        k.stop()


def test_cpu_matmul_too_big_for_the_heap_is_refused(kernel):
    r = kernel.execute("%gpu matmul 60000 --device cpu", timeout=60)
    text = error_text(r)
    assert r.error is not None and "largest Java array" in text, text
    assert re.search(r"would also need [\d.]+ GiB of Java heap .* but only [\d.]+ [GM]iB of [\d.]+ [GM]iB is available", text), text
    r = kernel.execute("%gpu matmul 30000 --dtype f64 --device cpu", timeout=60)
    text = error_text(r)
    assert r.error is not None and re.search(r"needs [\d.]+ GiB of Java heap .* but only .* is available; .*-Xmx", text), text
    alive = ok(kernel.execute('System.out.println(6 * 7);', timeout=30))
    assert "42" in alive.stdout


def test_info_lists_bindings_and_libraries(kernel):
    r = ok(kernel.execute("%gpu info", timeout=60))
    facts = _bundle_with(r, "application/json", '"bindings"')["application/json"]
    names = [b["name"] for b in facts["bindings"]]
    assert names == ["foreign", "jcuda"], names
    active = [b for b in facts["bindings"] if b["active"]]
    assert len(active) == 1 and active[0]["reason"], facts["bindings"]
    assert any(lib["name"].startswith("libJCudaRuntime") and lib["loaded"] for lib in facts["libraries"]), facts["libraries"]
    assert "binding and libraries" in _bundle_with(r, "text/plain", "binding and libraries")["text/plain"]


def test_binding_choice_is_checked(kernel):
    r = kernel.execute("%gpu binding cuda", timeout=30)
    assert r.error is not None and "unknown binding 'cuda': use auto, jcuda or foreign" in error_text(r), error_text(r)
    r = ok(kernel.execute("%gpu binding", timeout=30))
    assert r.stdout.startswith("binding: "), r.stdout


def test_info_creates_nothing_in_java_io_tmpdir(kernel_name, tmp_path):
    """JCuda's natives come from the kernelspec folder (java.library.path): nothing is extracted into java.io.tmpdir."""
    from kernel_client import error_text, ok, start_kernel
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    handle = start_kernel(kernel_name, extra_env={"TMPDIR": str(tmp), "JDK_JAVA_OPTIONS": "-Djava.io.tmpdir=" + str(tmp)})
    try:
        ok(handle.execute("%gpu info", timeout=60))
        r = ok(handle.execute('System.out.println(System.getProperty("java.io.tmpdir"));', timeout=30))
        assert r.stdout.strip() == str(tmp)
    finally:
        handle.stop()
    assert os.listdir(tmp) == [], os.listdir(tmp)


def test_jdk17_with_only_cublas13_says_so(kernel_name, fake_cuda, tmp_path):
    """JCuda needs cuBLAS 12; with only cuBLAS 13 about, the facts name it so the diagnosis can point to JDK 22+."""
    from kernel_client import error_text, ok, start_kernel
    only13 = tmp_path / "cuda13"
    only13.mkdir()
    for name in ("libcuda.so.1", "libcublasLt.so.13", "libcublas.so.13"):
        os.symlink(os.path.join(fake_cuda, name), only13 / name)
    handle = start_kernel(kernel_name, extra_env={"JAVA_GPU_CUDA_LIBRARY_PATH": str(only13)})
    try:
        if "17" != ok(handle.execute("Runtime.version().feature()")).text:
            pytest.skip("the session kernel is not on JDK 17")
        facts = _bundle_with(ok(handle.execute("%gpu info", timeout=60)), "application/json", '"bindings"')["application/json"]
        libs = {lib["name"]: lib for lib in facts["libraries"]}
        assert libs["libcublas.so.12"]["loaded"] is False, libs
        assert libs["libcublas.so.13"]["path"] == str(only13 / "libcublas.so.13"), libs
        assert "foreign binding (JDK 22+)" in libs["libcublas.so.13"]["error"], libs["libcublas.so.13"]
        foreign = next(b for b in facts["bindings"] if b["name"] == "foreign")
        assert "needs JDK 22+" in foreign["whyNot"], foreign
    finally:
        handle.stop()


def test_works_with_jcuda_exceptions_enabled(fresh_kernel, has_gpu):
    """The user's JCuda settings are theirs: with exceptions enabled, the kernel's own calls still map to statuses."""
    ok(fresh_kernel.execute("jcuda.runtime.JCuda.setExceptionsEnabled(true);", timeout=60))
    r = ok(fresh_kernel.execute("%gpu info", timeout=60))
    links = {link["link"]: link for link in _bundle_with(r, "application/json", "CUDA driver")["application/json"]["links"]}
    if not has_gpu and "jcuda" in links["binding"]["detail"]:
        assert links["CUDA driver"]["error"] == "cudaErrorInsufficientDriver", links["CUDA driver"]
    ok(fresh_kernel.execute("%gpu matmul 16 --warmup 0 --repeat 1", timeout=60))
