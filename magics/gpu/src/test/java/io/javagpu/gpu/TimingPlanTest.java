package io.javagpu.gpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TimingPlanTest {
    @Test
    void enoughGemmsBetweenTwoEventsToMeasure() {
        assertEquals(2000 / 100, TimingPlan.gemmRepeats(1.0), "1 ms per GEMM: 20 of them make 20 ms");
        assertEquals(1, TimingPlan.gemmRepeats(25), "one long GEMM is measurable on its own");
        assertEquals(1, TimingPlan.gemmRepeats(20));
        assertEquals(3, TimingPlan.gemmRepeats(7));
        assertEquals(TimingPlan.MAX_GEMMS, TimingPlan.gemmRepeats(0.004), "a 4 us GEMM is capped");
        assertEquals(TimingPlan.MAX_GEMMS, TimingPlan.gemmRepeats(0), "an interval below the event resolution");
        assertEquals(TimingPlan.MAX_GEMMS, TimingPlan.gemmRepeats(Double.NaN));
    }

    @Test
    void copiesPerBatchMoveAbout64MiB() {
        assertEquals(1, TimingPlan.copiesPerBatch(256L << 20));
        assertEquals(1, TimingPlan.copiesPerBatch(64L << 20));
        assertEquals(64, TimingPlan.copiesPerBatch(1L << 20));
        assertEquals(TimingPlan.MAX_COPIES, TimingPlan.copiesPerBatch(4096));
        assertEquals(TimingPlan.MAX_COPIES, TimingPlan.copiesPerBatch(0));
    }
}
