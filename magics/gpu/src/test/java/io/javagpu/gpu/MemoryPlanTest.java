package io.javagpu.gpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MemoryPlanTest {
    private static final long GIB = 1L << 30;

    @Test
    void deviceBytesPerDtype() {
        MatmulShape s = MatmulShape.parse("1024");
        assertEquals(3L * 1024 * 1024 * 4, MemoryPlan.deviceBytes(s, Dtype.F32));
        assertEquals(3L * 1024 * 1024 * 8, MemoryPlan.deviceBytes(s, Dtype.F64));
        assertEquals(2L * 1024 * 1024 * 2 + 1024L * 1024 * 4, MemoryPlan.deviceBytes(s, Dtype.F16));
        assertEquals(256L * 1024 * 2 + 1024L * 512 * 2 + 256L * 512 * 4, MemoryPlan.deviceBytes(MatmulShape.parse("256x512x1024"), Dtype.BF16));
    }

    @Test
    void refusesWhatDoesNotFitOnTheDevice() {
        MatmulShape big = MatmulShape.parse("32768");   // 3 x 4 GiB in f32
        String refusal = MemoryPlan.refuseOnDevice(big, Dtype.F32, 8 * GIB, 16 * GIB);
        assertNotNull(refusal);
        assertTrue(refusal.contains("12.06 GiB"), refusal);
        assertTrue(refusal.contains("8.00 GiB"), refusal);
        assertTrue(refusal.contains("16.00 GiB"), refusal);
        assertNull(MemoryPlan.refuseOnDevice(big, Dtype.F32, 13 * GIB, 80 * GIB));
        assertNull(MemoryPlan.refuseOnDevice(MatmulShape.parse("1024"), Dtype.F64, 1 * GIB, 1 * GIB));
        long exact = MemoryPlan.deviceBytes(big, Dtype.F32) + MemoryPlan.DEVICE_HEADROOM;
        assertNull(MemoryPlan.refuseOnDevice(big, Dtype.F32, exact, 80 * GIB));
        assertNotNull(MemoryPlan.refuseOnDevice(big, Dtype.F32, exact - 1, 80 * GIB));
    }

    @Test
    void refusesWhatDoesNotFitInTheHeap() {
        String tooBig = MemoryPlan.refuseOnHeap(MatmulShape.parse("50000"), Dtype.F32, false, 0, 100 * GIB, 100 * GIB);
        assertNotNull(tooBig);
        assertTrue(tooBig.contains("largest Java array"), tooBig);
        assertTrue(tooBig.contains("27.94 GiB") && tooBig.contains("100.00 GiB"), tooBig); // needed, and the heap it has
        long workspace = 8192L * 8192 * 8;
        String heap = MemoryPlan.refuseOnHeap(MatmulShape.parse("8192"), Dtype.F64, false, workspace, GIB, 2 * GIB);
        assertNotNull(heap);
        assertTrue(heap.contains("-Xmx"), heap);
        assertTrue(heap.contains("2.00 GiB of Java heap for the host matrices and the CPU GEMM's workspace"), heap);
        assertTrue(heap.contains("1.00 GiB of 2.00 GiB"), heap);
        assertNull(MemoryPlan.refuseOnHeap(MatmulShape.parse("512"), Dtype.F64, false, 0, GIB, GIB));
        assertNotNull(MemoryPlan.refuseOnHeap(MatmulShape.parse("8192"), Dtype.F32, false, GIB, GIB, GIB), "the workspace counts");
        assertTrue(MemoryPlan.hostBytes(MatmulShape.parse("512"), Dtype.F16, true, 0) > MemoryPlan.hostBytes(MatmulShape.parse("512"), Dtype.F32, true, 0),
                "f16 on the GPU keeps 16-bit copies of A and B too");
    }

    @Test
    void javaGemmCountsItsRowCopyOfB() {
        assertTrue(new JavaGemm("test").workspaceBytes(512, 512, 512, 4) >= 512L * 512 * 4);
    }
}
