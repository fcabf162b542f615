package io.javagpu.gpu;

import java.util.List;

/** Where %gpu work runs: the GPU through a CUDA binding, or the CPU in plain Java. Every result names its device. */
public interface GpuBackend {
    /** "cuda:0 (NVIDIA H100 80GB HBM3)" or "cpu (Java, 16 threads)". */
    String device();

    boolean isGpu();

    MatmulRun matmul(MatmulShape shape, Dtype dtype, int warmup, int repeat, Checkpoint checkpoint) throws Exception;

    /** Memory kinds this backend measures copies for: pinned/pageable on the GPU, heap/direct on the CPU. */
    List<MemoryKind> memoryKinds(boolean pinned, boolean pageable);

    /** Directions this backend measures: h2d/d2h/d2d on the GPU; on the CPU "copy" only. */
    List<Direction> directions(List<Direction> requested);

    BandwidthPoint copy(long bytes, MemoryKind memory, Direction direction, Checkpoint checkpoint) throws Exception;
}
