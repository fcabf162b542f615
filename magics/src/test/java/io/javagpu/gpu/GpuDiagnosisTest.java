package io.javagpu.gpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** On a machine without an NVIDIA driver (like CI): the chain must name the missing driver and say how to fix it. */
class GpuDiagnosisTest {
    @Test
    void reportsTheMissingDriverWithAFix() {
        GpuDiagnosis.Report r = GpuDiagnosis.run();
        assertTrue(r.link("JVM").ok());
        assertTrue(r.link("kernel").ok());
        assertTrue(r.link("JCuda natives").ok(), r.link("JCuda natives").toString());
        assumeFalse(Gpu.isAvailable(), "this machine has a GPU");
        GpuDiagnosis.Link driver = r.link("CUDA driver");
        assertFalse(driver.ok());
        assertEquals("cudaErrorInsufficientDriver", driver.error());
        assertTrue(driver.fix().contains("525") && driver.fix().contains("nvidia-smi") && driver.fix().contains("--gpus"), driver.fix());
        GpuDiagnosis.Link runtime = r.link("CUDA runtime");
        assertFalse(runtime.ok());
        assertEquals("cudaErrorInsufficientDriver", runtime.error());
        assertTrue(runtime.detail().contains("CUDA 12.0"), runtime.detail());
        assertTrue(runtime.detail().contains("CUDA driver version is insufficient"), runtime.detail());
        assertFalse(r.link("devices").ok());
        assertTrue(r.devices().isEmpty());
        assertEquals("CUDA driver", r.firstBroken().name());
        assertTrue(r.toString().contains("CUDA driver broken"), r.toString());

        GpuTable chain = GpuDiagnosis.chainTable(r);
        assertTrue(chain.plain().contains("✗ CUDA driver"), chain.plain());
        assertTrue(chain.plain().contains("    fix:   install the NVIDIA driver >= 525"), chain.plain());
        assertTrue(chain.html().contains("nvidia-smi"));
    }

    @Test
    void whyNotNamesTheDriverAndTheFix() {
        assumeFalse(Gpu.isAvailable(), "this machine has a GPU");
        String why = Gpu.whyNot();
        assertTrue(why.contains("no NVIDIA driver found"), why);
        assertTrue(why.contains("cudaErrorInsufficientDriver"), why);
        assertTrue(why.contains("Fix:") && why.contains("525"), why);
        assertEquals("cpu", Gpu.defaultDevice());
        assertEquals("cpu", Gpu.deviceName());
        assertEquals(0, Gpu.deviceCount());
    }

    @Test
    void cublasLinkSaysWhereItLookedWhenMissing() {
        GpuDiagnosis.Link cublas = GpuDiagnosis.run().link("cuBLAS");
        if (cublas.ok()) return; // a machine with cuBLAS installed
        assertTrue(cublas.detail().startsWith("not found: looked in") || cublas.detail().startsWith("found but"), cublas.detail());
        assertTrue(cublas.fix().contains("pip install nvidia-cublas-cu12"), cublas.fix());
        assertTrue(cublas.fix().contains("JAVA_GPU_CUBLAS_DIR"), cublas.fix());
    }
}
