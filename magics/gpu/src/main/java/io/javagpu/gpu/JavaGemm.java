package io.javagpu.gpu;

/** The plain-Java {@link CpuGemm}, used when there is no usable native BLAS; the label says why. */
record JavaGemm(String why) implements CpuGemmEngine {
    @Override
    public String label() {
        return "Java (CpuGemm, " + why + "), " + CpuGemm.threads() + " threads";
    }

    @Override
    public long workspaceBytes(int m, int n, int k, int elementBytes) {
        return CpuGemm.workspaceBytes(n, k, elementBytes);
    }

    @Override
    public void sgemm(int m, int n, int k, float[] a, float[] b, float[] c) {
        CpuGemm.sgemm(m, n, k, a, b, c);
    }

    @Override
    public void dgemm(int m, int n, int k, double[] a, double[] b, double[] c) {
        CpuGemm.dgemm(m, n, k, a, b, c);
    }
}
