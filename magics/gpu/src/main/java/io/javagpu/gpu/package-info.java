/**
 * The GPU side of java-gpu-kernel: {@code %gpu} magics, the notebook API and their CPU fallbacks.
 *
 * <h2>Notebook</h2>
 * <pre>
 * %gpu info                                  chain notebook → JVM → kernel → binding → driver → device init → cuBLAS → devices
 * %gpu binding auto|jcuda|foreign            the CUDA binding %gpu works through
 * %gpu matmul 512 256x512x1024 --dtype tf32 --warmup 2 --repeat 5 --device auto|gpu|cpu|both
 * %gpu bandwidth --sizes 4KB..256MB --pinned|--pageable|--both --direction h2d,d2h,d2d
 * %gpu memory | %gpu device 1 | %gpu --help | %gpu matmul --help
 * %%gpu [--device auto|gpu|cpu]              times the cell (CUDA events + wall clock, or wall + process CPU time)
 * var r = %gpu matmul 1024                   r is a {@link io.javagpu.gpu.MatmulReport}
 * Gpu.isAvailable(); Gpu.whyNot(); Gpu.deviceName(); Gpu.defaultDevice()
 * var x = Gpu.to(new double[]{1.0, 2.0}, "cuda"); x.device(); x.toHost(); x.close();
 * </pre>
 * Every result names the device that did the work. {@code --device auto} (the default) uses the GPU when the driver,
 * a device and (for matmul) cuBLAS are usable, else the CPU with a visible "ran on CPU because: …" note;
 * {@code gpu} and {@code both} fail with the reason and the fix instead of falling back.
 *
 * <h2>Classes</h2>
 * <ul>
 * <li>{@link io.javagpu.gpu.GpuMagic} (the {@code Magic}), {@link io.javagpu.gpu.GpuCommands} (picocli subcommands),
 * {@link io.javagpu.gpu.CellTimer} ({@code %%gpu}), {@link io.javagpu.gpu.GpuViews} and {@link io.javagpu.gpu.InfoView}
 * (display bundles built with {@link io.javagpu.display.Table}: text/html, text/plain, application/json),
 * {@link io.javagpu.gpu.Charts} (SVG and Vega-Lite v5), {@link io.javagpu.gpu.Peaks} (theoretical peaks).</li>
 * <li>{@link io.javagpu.gpu.GpuBackend} with {@link io.javagpu.gpu.CudaBackend} (cuBLAS and copies timed with CUDA events, through a
 * {@link io.javagpu.gpu.cuda.CudaBinding}: JCuda, or java.lang.foreign on JDK 22+)
 * and {@link io.javagpu.gpu.CpuBackend} (GEMM chosen by {@code CpuGemms}: the system BLAS through netlib's JNI, else
 * {@link io.javagpu.gpu.CpuGemm} in plain Java; {@code Warmup}; copies); {@link io.javagpu.gpu.Backends} picks.</li>
 * <li>{@link io.javagpu.gpu.GpuProbe} (runtime-API detection, never throws), {@link io.javagpu.gpu.ProbeFacts} (what
 * probing found), {@link io.javagpu.gpu.GpuDiagnosis} and {@link io.javagpu.gpu.Fixes} (the chain judged from those
 * facts, a pure function), {@link io.javagpu.gpu.CublasLocator} (find libcuda and cuBLAS 13/12 with its Lt), {@link io.javagpu.gpu.GpuDevices} (properties, selected device).</li>
 * <li>Pure logic: {@link io.javagpu.gpu.MatmulShape}, {@link io.javagpu.gpu.Dtype}, {@link io.javagpu.gpu.Precision},
 * {@link io.javagpu.gpu.Verification}, {@link io.javagpu.gpu.MemoryPlan}, {@link io.javagpu.gpu.Stats},
 * {@link io.javagpu.gpu.ByteSizes}.</li>
 * <li>Results: {@link io.javagpu.gpu.MatmulReport} / {@link io.javagpu.gpu.MatmulRun} / {@link io.javagpu.gpu.Phase}
 * ({@link io.javagpu.gpu.MatmulPhase}, {@link io.javagpu.gpu.RateUnit}, {@link io.javagpu.gpu.Peak}),
 * {@link io.javagpu.gpu.BandwidthPoint} ({@link io.javagpu.gpu.MemoryKind}, {@link io.javagpu.gpu.Direction}),
 * {@link io.javagpu.gpu.BandwidthReport}, {@link io.javagpu.gpu.MemoryReport}, {@link io.javagpu.gpu.CellTiming},
 * {@link io.javagpu.gpu.GpuDiagnosis.Report}.</li>
 * <li>{@link io.javagpu.gpu.GpuSmoke}: a main for machines with a GPU (scripts/gpu-smoke.sh).</li>
 * </ul>
 */
package io.javagpu.gpu;
