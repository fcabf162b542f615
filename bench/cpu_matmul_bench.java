// Java side of bench/cpu_matmul_bench.sh: GFLOP/s of the %gpu CPU backend, exactly as `%gpu matmul N --device cpu`
// runs it (the same GEMM engine, warm-up and timing), from the kernel jar.
// Run: java -cp kernel/target/java-gpu-kernel.jar bench/cpu_matmul_bench.java REPEAT SIZE...
// Prints "library <label>" once, then "kernel f32 N gflops" lines.
import io.javagpu.gpu.Checkpoint;
import io.javagpu.gpu.CpuBackend;
import io.javagpu.gpu.Dtype;
import io.javagpu.gpu.MatmulRun;
import io.javagpu.gpu.MatmulShape;

import java.util.Locale;

public class cpu_matmul_bench {
    public static void main(String[] args) throws Exception {
        int repeat = Integer.parseInt(args[0]);
        CpuBackend cpu = new CpuBackend();
        for (int i = 1; i < args.length; i++) {
            for (Dtype d : new Dtype[]{Dtype.F32, Dtype.F64}) {
                MatmulRun run = cpu.matmul(MatmulShape.parse(args[i]), d, 2, repeat, Checkpoint.NONE);
                if (!run.verified()) throw new IllegalStateException(run.verification().summary());
                if (i == 1 && d == Dtype.F32) System.out.println("library " + run.cpuLibrary());
                System.out.printf(Locale.ROOT, "kernel %s %s %.2f%n", d, args[i], run.gflops());
            }
        }
    }
}
