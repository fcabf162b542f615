package io.javagpu.gpu.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StickyErrorsTest {
    @Test
    void contextPoisoningErrorsAreSticky() {
        for (int code : new int[]{700, 701, 702, 709, 714, 715, 716, 717, 718, 719, 214}) {
            assertTrue(StickyErrors.isSticky(code, false), "code " + code);
        }
    }

    @Test
    void unknownErrorIsStickyOnlyAfterUse() {
        assertFalse(StickyErrors.isSticky(999, false), "999 at init: no nvidia_uvm, suspend/resume");
        assertTrue(StickyErrors.isSticky(999, true));
    }

    @Test
    void ordinaryErrorsAreNot() {
        for (int code : new int[]{0, 1, 2, 35, 46, 100, 200, 201, 304, 802, 803, 804}) {
            assertFalse(StickyErrors.isSticky(code, true), "code " + code);
        }
    }
}
