package io.javagpu.gpu.cuda;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlatformFactsTest {
    private static final List<String> MOUNTS = List.of(
            "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
            "30 22 0:26 / /tmp rw,nosuid,nodev,noexec,relatime shared:12 - tmpfs tmpfs rw",
            "31 30 0:27 / /tmp/exec rw,relatime shared:13 - tmpfs tmpfs rw");

    @Test
    void theDeepestMountDecides() {
        assertTrue(PlatformFacts.isNoexec(MOUNTS, Path.of("/tmp")));
        assertTrue(PlatformFacts.isNoexec(MOUNTS, Path.of("/tmp/x")));
        assertFalse(PlatformFacts.isNoexec(MOUNTS, Path.of("/tmp/exec/y")));
        assertFalse(PlatformFacts.isNoexec(MOUNTS, Path.of("/home/u")));
        assertFalse(PlatformFacts.isNoexec(MOUNTS, Path.of("/tmpfoo")), "a prefix of the name is not a mount");
    }

    @Test
    void pcieLinkFromSysfs() {
        assertEquals(new PcieLink(4, 16), PcieLink.parse("16.0 GT/s PCIe\n", "16\n"));
        assertEquals(new PcieLink(5, 16), PcieLink.parse("32.0 GT/s PCIe", "16"));
        assertEquals(new PcieLink(3, 8), PcieLink.parse("8.0 GT/s", "8"));
        assertEquals(PcieLink.UNKNOWN, PcieLink.parse("Unknown", "16"));
        assertEquals(31.5, new PcieLink(4, 16).gigabytesPerSecond(), 0.1);
        assertEquals(63.0, new PcieLink(5, 16).gigabytesPerSecond(), 0.1);
        assertEquals(PcieLink.UNKNOWN, PcieLink.of("?"));
    }

    @Test
    void bindingNames() {
        assertEquals("foreign", CudaBindings.validate(" Foreign ", "binding"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> CudaBindings.validate("cuda", "binding"));
        assertTrue(e.getMessage().contains("use auto, jcuda or foreign"), e.getMessage());
    }
}
