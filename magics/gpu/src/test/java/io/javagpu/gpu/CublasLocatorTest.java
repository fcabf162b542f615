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
        return fakeCublas(dir, 12, withLt ? "12" : null);
    }

    /** libcublas.so.N and, when {@code ltVersion} is given, libcublasLt.so.N (a link to libcublasLt.so.N.x.y when "N.x.y"). */
    private Path fakeCublas(String dir, int major, String ltVersion) throws IOException {
        Path d = tmp.resolve(dir);
        Files.createDirectories(d);
        Files.createFile(d.resolve("libcublas.so." + major));
        if (ltVersion != null) link(d, "libcublasLt.so." + major, ltVersion);
        return d;
    }

    private static void link(Path dir, String name, String version) throws IOException {
        if (version.indexOf('.') < 0) {
            Files.createFile(dir.resolve(name));
            return;
        }
        String real = name.substring(0, name.lastIndexOf('.') + 1) + version;
        Files.createFile(dir.resolve(real));
        Files.createSymbolicLink(dir.resolve(name), Path.of(real));
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
        vars.put("JAVA_GPU_CUDA_LIBRARY_PATH", own.toString());
        vars.put("VIRTUAL_ENV", tmp.resolve("venv").toString());
        vars.put("HOME", tmp.resolve("home").toString());
        vars.put("CONDA_PREFIX", tmp.resolve("conda").toString());
        vars.put("CUDA_HOME", tmp.resolve("cudahome").toString());
        vars.put("PYTHONPATH", tmp.resolve("pp").toString());
        vars.put("LD_LIBRARY_PATH", ld + ":" + tmp.resolve("missing"));

        CublasLocator.Search s = locator(vars).search(List.of(12));
        List<Path> dirs = new ArrayList<>();
        for (CublasLocator.Candidate c : s.candidates()) dirs.add(c.directory());
        assertEquals(List.of(own, venvWheel, userWheel, pythonPath, optConda, systemWheel, condaLib, cudaHome, ld, cuda1210, cuda124, distro), dirs);
        assertEquals("$JAVA_GPU_CUDA_LIBRARY_PATH", s.candidates().get(0).source());
        assertNotNull(s.candidates().get(0).cublasLt());
        assertNull(s.candidates().get(8).cublasLt(), "LD_LIBRARY_PATH folder has no Lt");
        assertFalse(s.candidates().get(8).usable());
        assertTrue(s.candidates().get(8).problem().contains("no libcublasLt.so.12 beside it"), s.candidates().get(8).problem());
        assertTrue(s.looked().stream().anyMatch(p -> p.directory().equals(tmp.resolve("missing")) && !p.found()));
        assertTrue(s.lookedSummary().contains("$LD_LIBRARY_PATH"));
        assertTrue(s.lookedSummary().contains("/usr/local/cuda-12*/lib64"));
    }

    @Test
    void reportsWhereItLookedWhenNothingIsFound() throws IOException {
        Files.createDirectories(tmp.resolve("root/usr/lib/python3.11/site-packages"));
        Map<String, String> vars = Map.of("HOME", tmp.resolve("home").toString());
        CublasLocator.Search s = locator(vars).search(CublasLocator.VERSIONS);
        assertTrue(s.candidates().isEmpty());
        assertTrue(s.looked().stream().anyMatch(p -> p.directory().endsWith("python3.11/site-packages/nvidia/cublas/lib")));
        assertTrue(s.lookedSummary().contains("/usr/lib/x86_64-linux-gnu"));
        CublasLocator.LoadResult r = locator(vars).load(CublasLocator.VERSIONS, path -> fail("nothing to load"));
        assertFalse(r.ok());
    }

    @Test
    void loadsLtBeforeCublasAndSkipsCandidatesThatFail() throws IOException {
        Path bad = fakeCublas("bad", true);
        Path good = fakeCublas("good", true);
        Map<String, String> vars = Map.of("JAVA_GPU_CUBLAS_DIR", bad.toString(), "LD_LIBRARY_PATH", good.toString());
        List<String> loads = new ArrayList<>();
        CublasLocator.LoadResult r = locator(vars).load(List.of(12), path -> {
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
        CublasLocator.Search s = l.search(List.of(12));
        assertEquals(1, s.candidates().size());
        assertEquals(d.resolve("cublasLt64_12.dll"), s.candidates().get(0).cublasLt());
    }

    @Test
    void prefersThirteenAndKeepsEachVersionWithItsOwnLt() throws IOException {
        Path both = fakeCublas("both", 13, "13");
        Files.createFile(both.resolve("libcublas.so.12"));
        Files.createFile(both.resolve("libcublasLt.so.12"));
        CublasLocator.Search s = locator(Map.of("LD_LIBRARY_PATH", both.toString())).search(CublasLocator.VERSIONS);
        assertEquals(List.of(13, 12), s.candidates().stream().map(CublasLocator.Candidate::major).toList());
        assertEquals(both.resolve("libcublasLt.so.13"), s.candidates().get(0).cublasLt());
        assertEquals(both.resolve("libcublasLt.so.12"), s.candidates().get(1).cublasLt());
        List<String> loads = new ArrayList<>();
        assertEquals(13, locator(Map.of("LD_LIBRARY_PATH", both.toString())).load(CublasLocator.VERSIONS, loads::add).loaded().major());
        assertEquals(List.of(both.resolve("libcublasLt.so.13").toString(), both.resolve("libcublas.so.13").toString()), loads);
    }

    @Test
    void refusesAnLtOfAnotherVersion() throws IOException {
        Path onlyOldLt = fakeCublas("mixed", 13, null);
        Files.createFile(onlyOldLt.resolve("libcublasLt.so.12"));
        Path skew = tmp.resolve("skew");
        Files.createDirectories(skew);
        link(skew, "libcublas.so.13", "13.1.0.3");
        link(skew, "libcublasLt.so.13", "13.0.2.14");
        Path good = tmp.resolve("good");
        Files.createDirectories(good);
        link(good, "libcublas.so.13", "13.1.0.3");
        link(good, "libcublasLt.so.13", "13.1.0.3");
        Map<String, String> vars = Map.of("LD_LIBRARY_PATH", onlyOldLt + ":" + skew + ":" + good);
        CublasLocator.Search s = locator(vars).search(List.of(13));
        assertEquals(3, s.candidates().size());
        assertTrue(s.candidates().get(0).problem().contains("only libcublasLt.so.12"), s.candidates().get(0).problem());
        assertTrue(s.candidates().get(1).problem().contains("13.0.2.14"), s.candidates().get(1).problem());
        assertEquals("13.1.0.3", s.candidates().get(2).version());
        List<String> loads = new ArrayList<>();
        CublasLocator.LoadResult r = locator(vars).load(List.of(13), loads::add);
        assertEquals(good, r.loaded().directory());
        assertEquals(2, r.errors().size(), "the two unusable folders are reported");
        assertEquals(2, loads.size(), "nothing loaded from them");
    }

    @Test
    void cudaLibraryPathComesFirstForCublasAndTheDriver() throws IOException {
        Path own = fakeCublas("own", 13, "13");
        Files.createFile(own.resolve("libcuda.so.1"));
        Path system = fakeCublas("root/usr/lib/x86_64-linux-gnu", 13, "13");
        Files.createFile(system.resolve("libcuda.so.1"));
        Path wsl = tmp.resolve("root/usr/lib/wsl/lib");
        Files.createDirectories(wsl);
        Files.createFile(wsl.resolve("libcuda.so.1"));
        Map<String, String> vars = Map.of("JAVA_GPU_CUDA_LIBRARY_PATH", own.toString(), "LD_LIBRARY_PATH", system.toString());
        assertEquals(own, locator(vars).search(CublasLocator.VERSIONS).candidates().get(0).directory());
        List<CublasLocator.Place> looked = new ArrayList<>();
        assertEquals(own.resolve("libcuda.so.1"), locator(vars).findDriver(looked));
        assertEquals("$JAVA_GPU_CUDA_LIBRARY_PATH", looked.get(0).source());
        Files.delete(system.resolve("libcuda.so.1"));
        Files.delete(own.resolve("libcuda.so.1"));
        assertEquals(wsl.resolve("libcuda.so.1"), locator(vars).findDriver(new ArrayList<>()), "WSL2 keeps libcuda in /usr/lib/wsl/lib");
    }

    @Test
    void pipWheelOfCuda13() throws IOException {
        Path wheel = fakeCublas("venv/lib/python3.12/site-packages/nvidia/cu13/lib", 13, "13");
        CublasLocator.Search s = locator(Map.of("VIRTUAL_ENV", tmp.resolve("venv").toString())).search(CublasLocator.VERSIONS);
        assertEquals(wheel, s.candidates().get(0).directory());
        assertTrue(s.candidates().get(0).usable());
    }
}
