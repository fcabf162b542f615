package io.javagpu.gpu.cuda;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class JCudaNativesTest {
    @Test
    void fileNamesAreJCudasOwn() {
        assertEquals("libJCudaRuntime-12.6.0-linux-x86_64.so", JCudaNatives.fileName("JCudaRuntime", "linux-x86_64"));
        assertEquals("JCublas2-12.6.0-windows-x86_64.dll", JCudaNatives.fileName("JCublas2", "windows-x86_64"));
    }

    @Test
    void privateFolderIsNamedByContent() {
        String a = JCudaNatives.hash(List.of("x.so"), List.of(new byte[]{1, 2}));
        assertEquals(16, a.length());
        assertEquals(a, JCudaNatives.hash(List.of("x.so"), List.of(new byte[]{1, 2})));
        assertNotEquals(a, JCudaNatives.hash(List.of("x.so"), List.of(new byte[]{1, 3})), "other content, other folder");
        assertNotEquals(a, JCudaNatives.hash(List.of("y.so"), List.of(new byte[]{1, 2})), "other name, other folder");
        assertEquals(Path.of("/c/java-gpu-kernel/natives/" + a), JCudaNatives.cacheFolder("/c", "/home/u", a));
        assertEquals(Path.of("/home/u/.cache/java-gpu-kernel/natives/" + a), JCudaNatives.cacheFolder(null, "/home/u", a));
        assertEquals(Path.of("/home/u/.cache/java-gpu-kernel/natives/" + a), JCudaNatives.cacheFolder(" ", "/home/u", a));
    }
}
