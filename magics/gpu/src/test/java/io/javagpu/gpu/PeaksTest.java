package io.javagpu.gpu;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class PeaksTest {
    private static double tflops(String name, int major, int minor, int sms, Dtype dtype) {
        return Peaks.tflops(name, major, minor, sms, 1_980_000, dtype).orElseThrow().value();
    }

    private static Optional<Peak> peak(String name, int major, int minor, int sms, Dtype dtype) {
        return Peaks.tflops(name, major, minor, sms, 1_980_000, dtype);
    }

    @Test
    void hopperVariantsAreToldApartByName() {
        String sxm = "NVIDIA H100 80GB HBM3";
        assertEquals(989, tflops(sxm, 9, 0, 132, Dtype.F16));
        assertEquals(989, tflops(sxm, 9, 0, 132, Dtype.BF16));
        assertEquals(495, tflops(sxm, 9, 0, 132, Dtype.TF32));
        assertEquals(67, tflops(sxm, 9, 0, 132, Dtype.F32));
        assertEquals(67, tflops(sxm, 9, 0, 132, Dtype.F64));
        assertTrue(peak(sxm, 9, 0, 132, Dtype.F16).orElseThrow().basis().contains("H100 SXM, dense"));

        assertEquals(756, tflops("NVIDIA H100 PCIe", 9, 0, 114, Dtype.F16));
        assertEquals(378, tflops("NVIDIA H100 PCIe", 9, 0, 114, Dtype.TF32));
        assertEquals(51, tflops("NVIDIA H100 PCIe", 9, 0, 114, Dtype.F64));
        assertEquals(835, tflops("NVIDIA H100 NVL", 9, 0, 132, Dtype.F16), "NVL is not an SXM board");
        assertEquals(60, tflops("NVIDIA H100 NVL", 9, 0, 132, Dtype.F32));
        assertEquals(989, tflops("NVIDIA H200", 9, 0, 132, Dtype.F16));
        assertEquals(Optional.empty(), peak("NVIDIA H200 NVL", 9, 0, 132, Dtype.F16), "unconfirmed figures: none, and not the SXM ones");
    }

    @Test
    void gh200IsNotTakenForAnH200() {
        Peak gh200 = peak("NVIDIA GH200 480GB", 9, 0, 132, Dtype.F16).orElseThrow();
        assertEquals(989, gh200.value());
        assertTrue(gh200.basis().contains("GH200"), gh200.basis());
        assertEquals(Optional.empty(), Peaks.memoryGBs("NVIDIA GH200 480GB", 9, 0, 132, 2619000, 6144),
                "GH200 ships with HBM3 or HBM3e: no single memory figure");
        assertEquals(4800, Peaks.memoryGBs("NVIDIA H200", 9, 0, 132, 3201000, 6144).orElseThrow().value());
    }

    @Test
    void migSlicesAreScaledBySms() {
        Peak slice = peak("NVIDIA H100 80GB HBM3 MIG 1g.10gb", 9, 0, 16, Dtype.F16).orElseThrow();
        assertEquals(989.0 * 16 / 132, slice.value(), 1e-9);
        assertTrue(slice.basis().contains("scaled to 16 of 132 SMs"), slice.basis());
        assertEquals(Optional.empty(), Peaks.memoryGBs("NVIDIA H100 80GB HBM3 MIG 1g.10gb", 9, 0, 16, 2619000, 5120));
        assertEquals(Optional.empty(), peak("NVIDIA H100 PCIe", 9, 0, 132, Dtype.F16), "more SMs than the part has: no guess");
    }

    @Test
    void ampereAndAdaParts() {
        assertEquals(312, tflops("NVIDIA A100-SXM4-80GB", 8, 0, 108, Dtype.F16));
        assertEquals(156, tflops("NVIDIA A100 80GB PCIe", 8, 0, 108, Dtype.TF32));
        assertEquals(19.5, tflops("NVIDIA A100-PCIE-40GB", 8, 0, 108, Dtype.F64));
        assertEquals(125, tflops("NVIDIA A10", 8, 6, 72, Dtype.F16));
        assertEquals(Optional.empty(), peak("NVIDIA A10G", 8, 6, 80, Dtype.F16), "A10G is not an A10");
        assertEquals(362, tflops("NVIDIA L40S", 8, 9, 142, Dtype.BF16));
        assertEquals(121, tflops("NVIDIA L4", 8, 9, 58, Dtype.F16));
        assertEquals(Optional.empty(), peak("NVIDIA L40", 8, 9, 142, Dtype.F16), "L40 is not an L40S");
        assertEquals(Optional.empty(), peak("NVIDIA L40S", 8, 9, 142, Dtype.F64), "no FP64 figure in the data sheet");
    }

    @Test
    void aNameWithTheWrongComputeCapabilityIsNotTrusted() {
        assertEquals(Optional.empty(), peak("NVIDIA A100-SXM4-80GB", 9, 0, 108, Dtype.F16));
    }

    @Test
    void unknownDevicesGetOnlyAnFp32PeakComputedFromClocks() {
        Peak fp32 = Peaks.tflops("Some GPU", 8, 6, 10, 1_000_000, Dtype.F32).orElseThrow();
        assertEquals(2.56, fp32.value(), 1e-9);
        assertTrue(fp32.basis().startsWith("computed from clocks"), fp32.basis());
        for (Dtype d : new Dtype[]{Dtype.F64, Dtype.TF32, Dtype.F16, Dtype.BF16}) {
            assertEquals(Optional.empty(), Peaks.tflops("Some GPU", 8, 6, 10, 1_000_000, d), d.label());
        }
        assertEquals(Optional.empty(), Peaks.tflops("Old GPU", 5, 0, 10, 1_000_000, Dtype.F32), "lanes per SM unknown");
        Peak memory = Peaks.memoryGBs("Some GPU", 8, 6, 10, 1_000_000, 256).orElseThrow();
        assertEquals(64, memory.value(), 1e-9);
        assertTrue(memory.basis().startsWith("computed from clocks"), memory.basis());
    }

    @Test
    void pcieRatePerDirection() {
        assertEquals(15.75, Peaks.pcieGBs(3, 16).orElseThrow(), 0.01);
        assertEquals(31.5, Peaks.pcieGBs(4, 16).orElseThrow(), 0.01);
        assertEquals(63.0, Peaks.pcieGBs(5, 16).orElseThrow(), 0.02);
        assertEquals(15.75, Peaks.pcieGBs(4, 8).orElseThrow(), 0.01);
        assertEquals(4.0, Peaks.pcieGBs(1, 16).orElseThrow(), 1e-9);
        assertTrue(Peaks.pcieGBs(6, 16).isEmpty());
        assertTrue(Peaks.pcieGBs(4, 0).isEmpty());
    }
}
