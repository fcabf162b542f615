package io.javagpu.gpu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CublasLocatorTest {
    @TempDir
    Path tmp;

    private Path fakeCublas(String dir, boolean withLt) throws IOException {
        Path d = tmp.resolve(dir);
        Files.createDirectories(d);
        Files.createFile(d.resolve("libcublas.so.12"));
        if (withLt) Files.createFile(d.resolve("libcublasLt.so.12"));
        return d;
    }

    private CublasLocator locator(Map<String, String> vars) {
        return new CublasLocator(new CublasLocator.Environment(vars, List.of(tmp.resolve("root")), false));
    }

    @Test
    void findsEveryKindOfPlaceInOrder() throws IOException {
        Path own = fakeCublas("own", true);
        Path venvWheel = fakeCublas("venv/lib/python3.11/site-packages/nvidia/cublas/lib", true);
        Path userWheel = fakeCublas("home/.local/lib/python3.10/site-packages/nvidia/cublas/lib", true);
        Path pythonPath = fakeCublas("pp/nvidia/cublas/lib", true);
        Path optConda = fakeCublas("root/opt/conda/lib/python3.9/site-packages/nvidia/cublas/lib", true);
        Path systemWheel = fakeCublas("root/usr/local/lib/python3.12/dist-packages/nvidia/cublas/lib", true);
        Path condaLib = fakeCublas("conda/lib", true);
        Path cudaHome = fakeCublas("cudahome/lib64", true);
        Path ld = fakeCublas("ld", false);
        Path cuda124 = fakeCublas("root/usr/local/cuda-12.4/lib64", true);
        Path cuda1210 = fakeCublas("root/usr/local/cuda-12.10/lib64", true);
        Path distro = fakeCublas("root/usr/lib/x86_64-linux-gnu", true);
        Map<String, String> vars = new HashMap<>();
        vars.put("JAVA_GPU_CUBLAS_DIR", own.toString());
        vars.put("VIRTUAL_ENV", tmp.resolve("venv").toString());
        vars.put("HOME", tmp.resolve("home").toString());
        vars.put("CONDA_PREFIX", tmp.resolve("conda").toString());
        vars.put("CUDA_HOME", tmp.resolve("cudahome").toString());
        vars.put("PYTHONPATH", tmp.resolve("pp").toString());
        vars.put("LD_LIBRARY_PATH", ld + ":" + tmp.resolve("missing"));

        CublasLocator.Search s = locator(vars).search();
        List<Path> dirs = new ArrayList<>();
        for (CublasLocator.Candidate c : s.candidates()) dirs.add(c.directory());
        assertEquals(List.of(own, venvWheel, userWheel, pythonPath, optConda, systemWheel, condaLib, cudaHome, ld, cuda1210, cuda124, distro), dirs);
        assertEquals("$JAVA_GPU_CUBLAS_DIR", s.candidates().get(0).source());
        assertNotNull(s.candidates().get(0).cublasLt());
        assertNull(s.candidates().get(8).cublasLt(), "LD_LIBRARY_PATH folder has no Lt");
        assertTrue(s.looked().stream().anyMatch(p -> p.directory().equals(tmp.resolve("missing")) && !p.found()));
        assertTrue(s.lookedSummary().contains("$LD_LIBRARY_PATH"));
        assertTrue(s.lookedSummary().contains("/usr/local/cuda-12*/lib64"));
    }

    @Test
    void reportsWhereItLookedWhenNothingIsFound() throws IOException {
        Files.createDirectories(tmp.resolve("root/usr/lib/python3.11/site-packages"));
        Map<String, String> vars = Map.of("HOME", tmp.resolve("home").toString());
        CublasLocator.Search s = locator(vars).search();
        assertTrue(s.candidates().isEmpty());
        assertTrue(s.looked().stream().anyMatch(p -> p.directory().endsWith("python3.11/site-packages/nvidia/cublas/lib")));
        assertTrue(s.lookedSummary().contains("/usr/lib/x86_64-linux-gnu"));
        CublasLocator.LoadResult r = locator(vars).load(path -> fail("nothing to load"));
        assertFalse(r.ok());
    }

    @Test
    void loadsLtBeforeCublasAndSkipsCandidatesThatFail() throws IOException {
        Path bad = fakeCublas("bad", true);
        Path good = fakeCublas("good", true);
        Map<String, String> vars = Map.of("JAVA_GPU_CUBLAS_DIR", bad.toString(), "LD_LIBRARY_PATH", good.toString());
        List<String> loads = new ArrayList<>();
        CublasLocator.LoadResult r = locator(vars).load(path -> {
            loads.add(path);
            if (path.startsWith(bad.toString())) throw new UnsatisfiedLinkError("wrong ELF class");
        });
        assertTrue(r.ok());
        assertEquals(good, r.loaded().directory());
        assertEquals(List.of(bad.resolve("libcublasLt.so.12").toString(), good.resolve("libcublasLt.so.12").toString(),
                good.resolve("libcublas.so.12").toString()), loads);
        assertEquals(1, r.errors().size());
        assertTrue(r.errors().get(0).contains("wrong ELF class"));
    }

    @Test
    void windowsNames() throws IOException {
        Path d = tmp.resolve("cuda/bin");
        Files.createDirectories(d);
        Files.createFile(d.resolve("cublas64_12.dll"));
        Files.createFile(d.resolve("cublasLt64_12.dll"));
        CublasLocator l = new CublasLocator(new CublasLocator.Environment(Map.of("CUDA_PATH", tmp.resolve("cuda").toString()), List.of(), true));
        CublasLocator.Search s = l.search();
        assertEquals(1, s.candidates().size());
        assertEquals(d.resolve("cublasLt64_12.dll"), s.candidates().get(0).cublasLt());
    }
}
