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
        assumeFalse(Gpu.isAvailable(), "this machine has a GPU");
        GpuDiagnosis.Link binding = r.link("binding");
        if (!binding.ok()) {
            // a test JVM without JCuda's natives on java.library.path, on JDK 17: no binding, and it says why
            assertTrue(binding.error().contains("java.library.path"), binding.error());
            assertEquals("binding", r.firstBroken().name());
            return;
        }
        GpuDiagnosis.Link driver = r.link("CUDA driver");
        assertFalse(driver.ok());
        assertTrue(driver.fix().contains("525") && driver.fix().contains("nvidia-smi") && driver.fix().contains("--gpus"), driver.fix());
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
        assertTrue(why.contains("no NVIDIA driver found") || why.contains("no CUDA binding can be used"), why);
        assertTrue(why.contains("Fix:"), why);
        assertEquals("cpu", Gpu.defaultDevice());
        assertEquals("cpu", Gpu.deviceName());
        assertEquals(0, Gpu.deviceCount());
    }

    @Test
    void cublasLinkSaysWhereItLookedWhenMissing() {
        GpuDiagnosis.Link cublas = GpuDiagnosis.run().link("cuBLAS");
        if (cublas.ok() || GpuProbe.binding() == null) return; // a machine with cuBLAS installed, or no binding to ask
        assertTrue(cublas.detail().contains("looked in"), cublas.detail());
        assertTrue(cublas.fix().contains("pip install nvidia-cublas-cu12"), cublas.fix());
        assertTrue(cublas.fix().contains("JAVA_GPU_CUDA_LIBRARY_PATH"), cublas.fix());
    }
}
