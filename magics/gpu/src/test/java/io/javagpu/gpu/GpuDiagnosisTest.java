package io.javagpu.gpu;

import io.javagpu.gpu.GpuDiagnosis.Link;
import io.javagpu.gpu.GpuDiagnosis.Report;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.javagpu.gpu.GpuDiagnosis.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every failure users hit, from hand-made ProbeFacts: no machine has to be in that state. */
class GpuDiagnosisTest {

    private static void assertContains(String text, String... parts) {
        for (String p : parts) assertTrue(text.contains(p), "'" + p + "' not in: " + text);
    }

    private static void assertRestarts(Link l) {
        assertTrue(l.fix().endsWith("then restart the kernel"), l.fix());
    }

    @Test
    void aHealthyMachineHasEveryLinkWorking() {
        Report r = new FactsBuilder().diagnose();
        assertEquals(List.of(NOTEBOOK, JVM, KERNEL, BINDING, DRIVER, INIT, CUBLAS, DEVICES), r.links().stream().map(Link::name).toList());
        assertTrue(r.allOk(), r.toString());
        assertTrue(r.usable() && r.gpuUsable(true));
        assertEquals("", r.whyNot(true));
        assertContains(r.link(BINDING).detail(), "JCuda", "chosen because JDK 17 has no java.lang.foreign");
        assertContains(r.link(DRIVER).detail(), FactsBuilder.LIBCUDA, "CUDA 12.4");
        assertContains(r.link(CUBLAS).detail(), "libcublas.so.12 12.4.5", "libcublasLt.so.12 12.4.5");
        assertContains(r.link(DEVICES).detail(), "1 device(s): cuda:0 NVIDIA H100 80GB HBM3", "CUDA_VISIBLE_DEVICES unset");
    }

    @Test
    void noDriver() {
        Report r = new FactsBuilder().noDriver().diagnose();
        Link driver = r.link(DRIVER);
        assertFalse(driver.ok());
        assertEquals("cudaErrorInsufficientDriver", driver.error());
        assertContains(driver.detail(), "no NVIDIA driver found", "libcuda.so.1");
        assertContains(driver.fix(), "525", "nvidia-smi", "--gpus all");
        assertRestarts(driver);
        assertFalse(r.link(INIT).ok());
        assertFalse(r.link(DEVICES).ok());
        assertEquals(DRIVER, r.firstBroken().name());
        assertFalse(r.usable());
        assertContains(r.whyNot(), "no NVIDIA driver found", "cudaErrorInsufficientDriver", "Fix:", "525");
        assertContains(r.toString(), "CUDA driver broken");
    }

    @Test
    void containerStartedWithoutGpus() {
        FactsBuilder f = new FactsBuilder().noDriver();
        f.environment.put("NVIDIA_VISIBLE_DEVICES", "all");
        Link driver = f.diagnose().link(DRIVER);
        assertContains(driver.detail(), "container", "NVIDIA_VISIBLE_DEVICES='all'");
        assertContains(driver.fix(), "--gpus all");
        assertRestarts(driver);
    }

    @Test
    void containerWithoutTheComputeCapability() {
        FactsBuilder f = new FactsBuilder().noDriver();
        f.environment.put("NVIDIA_VISIBLE_DEVICES", "all");
        f.environment.put("NVIDIA_DRIVER_CAPABILITIES", "utility");
        Link driver = f.diagnose().link(DRIVER);
        assertContains(driver.detail(), "NVIDIA_DRIVER_CAPABILITIES is 'utility'", "compute", "nvidia-smi");
        assertContains(driver.fix(), "NVIDIA_DRIVER_CAPABILITIES=compute,utility");
        assertRestarts(driver);
        f.environment.put("NVIDIA_DRIVER_CAPABILITIES", "compute, utility");
        assertFalse(f.diagnose().link(DRIVER).detail().contains("NVIDIA_DRIVER_CAPABILITIES"));
    }

    @Test
    void wslNeedsTheWindowsDriversLibraryFolder() {
        FactsBuilder f = new FactsBuilder().noDriver();
        f.wsl = true;
        Link driver = f.diagnose().link(DRIVER);
        assertContains(driver.detail(), "/usr/lib/wsl/lib");
        assertContains(driver.fix(), "LD_LIBRARY_PATH", "JAVA_GPU_CUDA_LIBRARY_PATH");
        assertRestarts(driver);
    }

    @Test
    void driverTooOldForTheCuda12Runtime() {
        FactsBuilder f = new FactsBuilder().failInit(35, "cudaErrorInsufficientDriver", "CUDA driver version is insufficient");
        f.driverVersion = 11040;
        Link driver = f.diagnose().link(DRIVER);
        assertFalse(driver.ok());
        assertEquals("cudaErrorInsufficientDriver", driver.error());
        assertContains(driver.detail(), "supports CUDA 11.4");
        assertContains(driver.fix(), ">= 525");
        assertRestarts(driver);
    }

    @Test
    void driverTooOldForCublas13WhenOnlyCublas13IsThere() {
        FactsBuilder f = new FactsBuilder().onlyCublas13();
        f.javaFeature = 25;
        f.bindings.set(0, new ProbeFacts.Binding("foreign", "java.lang.foreign (driver API)", true, null, true, "JDK 25"));
        Report r = f.diagnose();
        Link cublas = r.link(CUBLAS);
        assertFalse(cublas.ok());
        assertContains(cublas.detail(), "CUDA 12.4", "cuBLAS 13", "580");
        assertContains(cublas.fix(), ">= 580");
        assertRestarts(cublas);
        assertTrue(r.usable(), "copies still work");
        assertFalse(r.gpuUsable(true));
        assertEquals("", r.whyNot(false));
        assertContains(r.whyNot(true), "cuBLAS", "580");
    }

    @Test
    void foreignBindingWithAnOldDriverStillNeedsCuda12ForCublas12() {
        FactsBuilder f = new FactsBuilder();
        f.javaFeature = 25;
        f.driverVersion = 11080;
        f.bindings.set(0, new ProbeFacts.Binding("foreign", "java.lang.foreign (driver API)", true, null, true, "JDK 25"));
        Report r = f.diagnose();
        assertTrue(r.link(DRIVER).ok(), "the driver API itself works with this driver");
        Link cublas = r.link(CUBLAS);
        assertFalse(cublas.ok());
        assertEquals("driver too old for cuBLAS 12", cublas.error());
        assertContains(cublas.fix(), ">= 525");
    }

    @Test
    void onlyCublas13WithJcuda() {
        Report r = new FactsBuilder().onlyCublas13().diagnose();
        Link cublas = r.link(CUBLAS);
        assertFalse(cublas.ok());
        assertContains(cublas.detail(), "only cuBLAS 13", "libcublas.so.12");
        assertContains(cublas.fix(), "JDK 22+", "install.py --java /path/to/jdk-25/bin/java --replace", "pip install nvidia-cublas-cu12");
        assertRestarts(cublas);
        assertTrue(r.usable());
        assertFalse(r.gpuUsable(true));
    }

    @Test
    void cudaVisibleDevicesHidesEveryGpu() {
        for (String value : new String[]{"-1", ""}) {
            FactsBuilder f = new FactsBuilder().failInit(100, "cudaErrorNoDevice", "no CUDA-capable device is detected");
            f.environment.put("CUDA_VISIBLE_DEVICES", value);
            Report r = f.diagnose();
            Link init = r.link(INIT);
            assertFalse(init.ok());
            assertEquals("cudaErrorNoDevice", init.error());
            assertContains(init.detail(), "CUDA_VISIBLE_DEVICES is '" + value + "'");
            assertContains(init.fix(), "unset CUDA_VISIBLE_DEVICES");
            assertRestarts(init);
            assertFalse(r.link(DEVICES).ok());
        }
    }

    @Test
    void noDeviceMatchesOnTheCodeWhateverTheNameSpelling() {
        Link init = new FactsBuilder().failInit(100, "CUDA_ERROR_NO_DEVICE", "no CUDA-capable device is detected").diagnose().link(INIT);
        assertEquals("CUDA_ERROR_NO_DEVICE", init.error());
        assertContains(init.detail(), "no CUDA device", "CUDA_VISIBLE_DEVICES is unset");
        assertContains(init.fix(), "--gpus all");
    }

    @Test
    void fabricManagerNotRunning() {
        for (String name : new String[]{"CUDA_ERROR_SYSTEM_NOT_READY", "cudaErrorSystemNotReady"}) {
            Link init = new FactsBuilder().failInit(802, name, "system not yet initialized").diagnose().link(INIT);
            assertFalse(init.ok());
            assertEquals(name, init.error());
            assertContains(init.detail(), "fabric manager", "NVSwitch");
            assertContains(init.fix(), "sudo systemctl start nvidia-fabricmanager", "driver's version");
            assertRestarts(init);
        }
    }

    @Test
    void stubLibraryOnTheLibraryPath() {
        FactsBuilder f = new FactsBuilder().failInit(34, "cudaErrorStubLibrary", "CUDA driver is a stub library");
        f.environment.put("LD_LIBRARY_PATH", "/usr/local/cuda/lib64:/usr/local/cuda/lib64/stubs");
        Report r = f.diagnose();
        Link driver = r.link(DRIVER);
        assertFalse(driver.ok());
        assertEquals("cudaErrorStubLibrary", driver.error());
        assertContains(driver.detail(), "stub");
        assertContains(driver.fix(), "remove /usr/local/cuda/lib64/stubs from LD_LIBRARY_PATH");
        assertRestarts(driver);
        assertFalse(r.usable());
    }

    @Test
    void unknownErrorAfterSuspend() {
        Link init = new FactsBuilder().failInit(999, "CUDA_ERROR_UNKNOWN", "unknown error").diagnose().link(INIT);
        assertEquals("CUDA_ERROR_UNKNOWN", init.error());
        assertContains(init.detail(), "suspend", "/dev/nvidia-uvm");
        assertContains(init.fix(), "sudo modprobe -r nvidia_uvm && sudo modprobe nvidia_uvm");
        assertRestarts(init);
    }

    @Test
    void driverLibraryMismatchAndCudaCompat() {
        Link mismatch = new FactsBuilder().failInit(803, "cudaErrorSystemDriverMismatch", "system has unsupported display driver / cuda driver combination")
                .diagnose().link(DRIVER);
        assertFalse(mismatch.ok());
        assertEquals("cudaErrorSystemDriverMismatch", mismatch.error());
        assertContains(mismatch.fix(), "reboot");
        assertRestarts(mismatch);

        FactsBuilder compat = new FactsBuilder().failInit(804, "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE", "forward compatibility was attempted on non supported HW");
        compat.replaceLibrary("libcuda.so.1", FactsBuilder.loaded("libcuda.so.1", "/usr/local/cuda-12.4/compat/libcuda.so.1", "12.4"));
        Link driver = compat.diagnose().link(DRIVER);
        assertContains(driver.detail(), "cuda-compat", "/usr/local/cuda-12.4/compat/libcuda.so.1");
        assertContains(driver.fix(), "remove the cuda-compat folder from LD_LIBRARY_PATH");
        assertRestarts(driver);
    }

    @Test
    void anyOtherErrorKeepsItsNameAndPointsAtTheSystemLog() {
        Link init = new FactsBuilder().failInit(101, "CUDA_ERROR_INVALID_DEVICE", "").diagnose().link(INIT);
        assertEquals("CUDA_ERROR_INVALID_DEVICE", init.error());
        assertContains(init.detail(), "CUDA error 101");
        assertContains(init.fix(), "nvidia-smi", "dmesg");
        assertRestarts(init);
    }

    @Test
    void exclusiveProcessGpuBusy() {
        Link init = new FactsBuilder().failInit(46, "cudaErrorDevicesUnavailable", "CUDA-capable device(s) is/are busy or unavailable")
                .diagnose().link(INIT);
        assertEquals("cudaErrorDevicesUnavailable", init.error());
        assertContains(init.detail(), "exclusive-process");
        assertContains(init.fix(), "nvidia-smi", "-c DEFAULT");
        assertRestarts(init);
    }

    @Test
    void noexecTempFolder() {
        FactsBuilder f = new FactsBuilder();
        f.tempNoexec = true;
        f.bindings.set(0, FactsBuilder.jcuda(false));
        f.replaceLibrary("libJCudaRuntime-12.6.0-linux-x86_64.so", new ProbeFacts.Library("libJCudaRuntime-12.6.0-linux-x86_64.so",
                "/tmp/libJCudaRuntime-12.6.0-linux-x86_64.so", null, false,
                "java.lang.UnsatisfiedLinkError: /tmp/libJCudaRuntime-12.6.0-linux-x86_64.so: failed to map segment from shared object",
                List.of(), "/tmp"));
        Report r = f.diagnose();
        Link binding = r.link(BINDING);
        assertFalse(binding.ok());
        assertEquals("UnsatisfiedLinkError", binding.error());
        assertContains(binding.detail(), "noexec", "/tmp");
        assertContains(binding.fix(), "install.py", "-Djava.io.tmpdir=");
        assertRestarts(binding);
        assertEquals(BINDING, r.firstBroken().name());
        assertContains(r.link(DRIVER).detail(), "not reached");
    }

    @Test
    void noexecIsRecognisedFromTheLoadErrorAlone() {
        FactsBuilder f = new FactsBuilder();
        f.bindings.set(0, FactsBuilder.jcuda(false));
        f.replaceLibrary("libJCudaRuntime-12.6.0-linux-x86_64.so", new ProbeFacts.Library("libJCudaRuntime-12.6.0-linux-x86_64.so",
                "/tmp/x.so", null, false, "java.lang.UnsatisfiedLinkError: /tmp/x.so: failed to map segment from shared object", List.of(), ""));
        assertContains(f.diagnose().link(BINDING).detail(), "noexec");
    }

    @Test
    void aarch64OnJdk21NeedsTheForeignBinding() {
        FactsBuilder f = new FactsBuilder();
        f.arch = "aarch64";
        f.javaFeature = 21;
        f.bindings.set(0, FactsBuilder.jcuda(false));
        Link binding = f.diagnose().link(BINDING);
        assertFalse(binding.ok());
        assertContains(binding.detail(), "aarch64", "JDK 22+");
        assertContains(binding.fix(), "install.py --java");
        assertRestarts(binding);
    }

    @Test
    void aarch64OnJdk25WithTheForeignBindingWorks() {
        FactsBuilder f = new FactsBuilder();
        f.arch = "aarch64";
        f.javaFeature = 25;
        f.bindings.set(0, new ProbeFacts.Binding("jcuda", "JCuda", false, "no natives for linux-aarch64", false, ""));
        f.bindings.add(new ProbeFacts.Binding("foreign", "java.lang.foreign (driver API)", true, null, true, "JDK 25 on aarch64"));
        Report r = f.diagnose();
        assertTrue(r.link(BINDING).ok());
        assertContains(r.link(BINDING).detail(), "foreign", "jcuda not used: no natives for linux-aarch64");
        assertTrue(r.usable());
    }

    @Test
    void macOsHasNoCuda() {
        FactsBuilder f = new FactsBuilder();
        f.os = "Mac OS X";
        f.arch = "aarch64";
        f.bindings.set(0, FactsBuilder.jcuda(false));
        Link binding = f.diagnose().link(BINDING);
        assertFalse(binding.ok());
        assertContains(binding.detail(), "macOS");
    }

    @Test
    void aStickyErrorMeansRestartForEveryLinkAfterIt() {
        FactsBuilder f = new FactsBuilder();
        f.sticky = new ProbeFacts.Status(700, "CUDA_ERROR_ILLEGAL_ADDRESS", "an illegal memory access was encountered", "cuCtxSynchronize");
        Report r = f.diagnose();
        Link init = r.link(INIT);
        assertFalse(init.ok());
        assertEquals("CUDA_ERROR_ILLEGAL_ADDRESS", init.error());
        assertContains(init.detail(), "cuCtxSynchronize", "700");
        assertContains(init.fix(), "restart the kernel");
        for (String after : List.of(CUBLAS, DEVICES)) {
            assertFalse(r.link(after).ok(), after);
            assertContains(r.link(after).fix(), "restart the kernel");
        }
        assertTrue(r.link(DRIVER).ok(), "links before the sticky error keep their state");
        assertFalse(r.usable());
        assertFalse(r.gpuUsable(true));
    }

    @Test
    void librariesWithMissingSymbolsAreNamed() {
        FactsBuilder f = new FactsBuilder();
        f.replaceLibrary("libcublas.so.12", new ProbeFacts.Library("libcublas.so.12", "/usr/lib/x86_64-linux-gnu/libcublas.so.12", "12.0.1",
                false, null, List.of("cublasGemmEx", "cublasSetStream_v2"), ""));
        Link cublas = f.diagnose().link(CUBLAS);
        assertFalse(cublas.ok());
        assertContains(cublas.detail(), "libcublas.so.12", "cublasGemmEx, cublasSetStream_v2");

        FactsBuilder old = new FactsBuilder();
        old.replaceLibrary("libcuda.so.1", new ProbeFacts.Library("libcuda.so.1", FactsBuilder.LIBCUDA, "12.4", true, null,
                List.of("cuMemcpyAsync_v2"), ""));
        Link driver = old.diagnose().link(DRIVER);
        assertFalse(driver.ok());
        assertContains(driver.detail(), "cuMemcpyAsync_v2");
    }

    @Test
    void cublasAndCublasLtFromDifferentReleases() {
        FactsBuilder f = new FactsBuilder();
        f.replaceLibrary("libcublasLt.so.12", FactsBuilder.loaded("libcublasLt.so.12", "/usr/local/cuda-12.1/lib64/libcublasLt.so.12", "12.1.3"));
        Link cublas = f.diagnose().link(CUBLAS);
        assertFalse(cublas.ok());
        assertEquals("cuBLASLt version mismatch", cublas.error());
        assertContains(cublas.fix(), "JAVA_GPU_CUDA_LIBRARY_PATH");
    }

    @Test
    void cublasNotFoundSaysWhereItLooked() {
        FactsBuilder f = new FactsBuilder();
        f.replaceLibrary("libcublas.so.12", FactsBuilder.missing("libcublas.so.12", "pip wheel in ~/.local; /usr/local/cuda/lib64"));
        f.replaceLibrary("libcublasLt.so.12", null);
        Link cublas = f.diagnose().link(CUBLAS);
        assertFalse(cublas.ok());
        assertEquals("libcublas.so.12 missing", cublas.error());
        assertContains(cublas.detail(), "looked in pip wheel in ~/.local; /usr/local/cuda/lib64");
        assertContains(cublas.fix(), "pip install nvidia-cublas-cu12", "JAVA_GPU_CUDA_LIBRARY_PATH");
        assertRestarts(cublas);
    }

    @Test
    void thisMachineWithoutADriver() {
        Report r = GpuDiagnosis.run();
        assertTrue(r.link(JVM).ok());
        assertTrue(r.link(KERNEL).ok());
        // JCuda's natives load only from java.library.path (never extracted to /tmp), which an installed kernel sets;
        // the protocol tests (tests/test_gpu_magics.py) check the driver link of such a kernel on this machine.
        assumeTrue(r.link(BINDING).ok(), "no CUDA binding loads in this test JVM: " + r.link(BINDING).detail());
        assumeFalse(Gpu.isAvailable(), "this machine has a GPU");
        assertEquals("cudaErrorInsufficientDriver", r.link(DRIVER).error());
        assertEquals(DRIVER, r.firstBroken().name());
        String why = Gpu.whyNot();
        assertContains(why, "no NVIDIA driver found", "cudaErrorInsufficientDriver", "Fix:", "525");
        assertEquals("cpu", Gpu.defaultDevice());
        assertEquals("cpu", Gpu.deviceName());
        assertEquals(0, Gpu.deviceCount());
    }
}
