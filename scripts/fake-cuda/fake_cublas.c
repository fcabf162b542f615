/*
 * fake_cublas.c - a SIMULATED cuBLAS (libcublas.so.13, or .12 when built with -DFAKE_CUBLAS_MAJOR=12)
 * for tests and CI on machines without a GPU. It is not NVIDIA code and contains none. It works with the
 * fake libcuda.so.1 (scripts/fake-cuda/fake_cuda.c): "device" pointers are that fake driver's host
 * allocations, and the GEMMs run on the CPU.
 *
 * No cuBLAS header is installed on these machines, so the handful of types, enum values and
 * prototypes used below are declared here, written from cuBLAS's public documentation (cuBLAS
 * library user guide: cublasStatus_t, cublasOperation_t, cublasMath_t, cublasComputeType_t,
 * cublasGemmAlgo_t; CUDA's cudaDataType and libraryPropertyType).
 *
 * Exported: cublasCreate_v2, cublasDestroy_v2, cublasSetStream_v2, cublasGetStream_v2,
 * cublasGetVersion_v2, cublasGetProperty, cublasGetStatusName, cublasGetStatusString, cublasSetMathMode,
 * cublasGetMathMode, cublasSgemm_v2, cublasDgemm_v2, cublasGemmEx.
 *
 * Behaviour
 *   - cublasCreate needs a current context of the fake driver (else CUBLAS_STATUS_NOT_INITIALIZED) and a
 *     libcublasLt of the same major version (as the real library checks).
 *   - GEMMs compute column-major C = alpha * op(A) * op(B) + beta * C as cuBLAS defines it: op N, T, or C
 *     (the same as T for real types); lda >= max(1, transa == N ? m : k), ldb >= max(1, transb == N ? k : n),
 *     ldc >= max(1, m), m, n, k >= 0, non-null alpha/beta, else CUBLAS_STATUS_INVALID_VALUE. alpha and beta
 *     are read from host memory (pointer mode host); when beta is 0, C is not read (NaNs in it vanish), when
 *     alpha is 0 or k is 0, A and B are not read.
 *   - The matrices must lie inside live cuMemAlloc allocations of the current device; otherwise (and when
 *     the fake driver has no current context or is poisoned by FAKE_CUDA_FAIL_AFTER) the GEMM returns
 *     CUBLAS_STATUS_EXECUTION_FAILED and says why on stderr. cublasCreate and each GEMM that runs count as
 *     one context-needing call of FAKE_CUDA_FAIL_AFTER (the counter lives in the fake libcuda).
 *   - cublasGemmEx: A and B of the same type. Compute 32F (and 32F_PEDANTIC): A/B 32F -> C 32F, A/B 16F ->
 *     C 16F or 32F, A/B 16BF -> C 16BF or 32F; inputs converted to float exactly, accumulation in float,
 *     alpha/beta float. 32F_FAST_TF32 / 32F_FAST_16F / 32F_FAST_16BF: A, B, C all 32F; A and B are first
 *     rounded (to nearest even) to TF32 (10 explicit mantissa bits) / binary16 / bfloat16. 64F (and
 *     64F_PEDANTIC): all 64F, double alpha/beta. Anything else: CUBLAS_STATUS_NOT_SUPPORTED. The result is
 *     rounded to the C type to nearest even.
 *   - Math mode CUBLAS_TF32_TENSOR_OP_MATH makes cublasSgemm and cublasGemmEx with COMPUTE_32F on f32
 *     inputs round to TF32 too, as the real library is allowed to; CUBLAS_PEDANTIC_MATH never does.
 *   - algo: CUBLAS_GEMM_DEFAULT (-1), 0..23 and the *_TENSOR_OP values 99..115 are accepted (all the same
 *     here); anything else is CUBLAS_STATUS_INVALID_VALUE.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_cublas_version.h"
#include "fake_env.h"

/* ---- declarations written from the cuBLAS documentation ---- */
typedef enum {
    CUBLAS_STATUS_SUCCESS = 0,
    CUBLAS_STATUS_NOT_INITIALIZED = 1,
    CUBLAS_STATUS_ALLOC_FAILED = 3,
    CUBLAS_STATUS_INVALID_VALUE = 7,
    CUBLAS_STATUS_ARCH_MISMATCH = 8,
    CUBLAS_STATUS_MAPPING_ERROR = 11,
    CUBLAS_STATUS_EXECUTION_FAILED = 13,
    CUBLAS_STATUS_INTERNAL_ERROR = 14,
    CUBLAS_STATUS_NOT_SUPPORTED = 15,
    CUBLAS_STATUS_LICENSE_ERROR = 16
} cublasStatus_t;

typedef enum { CUBLAS_OP_N = 0, CUBLAS_OP_T = 1, CUBLAS_OP_C = 2 } cublasOperation_t;

typedef enum {
    CUBLAS_DEFAULT_MATH = 0,
    CUBLAS_TENSOR_OP_MATH = 1,
    CUBLAS_PEDANTIC_MATH = 2,
    CUBLAS_TF32_TENSOR_OP_MATH = 3,
    CUBLAS_MATH_DISALLOW_REDUCED_PRECISION_REDUCTION = 16
} cublasMath_t;

typedef enum { CUDA_R_32F = 0, CUDA_R_64F = 1, CUDA_R_16F = 2, CUDA_R_16BF = 14 } cudaDataType;

typedef enum {
    CUBLAS_COMPUTE_32F = 68,
    CUBLAS_COMPUTE_32F_PEDANTIC = 69,
    CUBLAS_COMPUTE_64F = 70,
    CUBLAS_COMPUTE_64F_PEDANTIC = 71,
    CUBLAS_COMPUTE_32F_FAST_16F = 74,
    CUBLAS_COMPUTE_32F_FAST_16BF = 75,
    CUBLAS_COMPUTE_32F_FAST_TF32 = 77
} cublasComputeType_t;

typedef enum { MAJOR_VERSION = 0, MINOR_VERSION = 1, PATCH_LEVEL = 2 } libraryPropertyType;

typedef enum { CUBLAS_GEMM_DEFAULT = -1 } cublasGemmAlgo_t;

typedef struct CUstream_st *cudaStream_t; /* the same opaque type as the driver's CUstream */
typedef struct fake_cublas_context *cublasHandle_t;

cublasStatus_t cublasCreate_v2(cublasHandle_t *handle);
cublasStatus_t cublasDestroy_v2(cublasHandle_t handle);
cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, cudaStream_t streamId);
cublasStatus_t cublasGetStream_v2(cublasHandle_t handle, cudaStream_t *streamId);
cublasStatus_t cublasGetVersion_v2(cublasHandle_t handle, int *version);
cublasStatus_t cublasGetProperty(libraryPropertyType type, int *value);
const char *cublasGetStatusName(cublasStatus_t status);
const char *cublasGetStatusString(cublasStatus_t status);
cublasStatus_t cublasSetMathMode(cublasHandle_t handle, cublasMath_t mode);
cublasStatus_t cublasGetMathMode(cublasHandle_t handle, cublasMath_t *mode);
cublasStatus_t cublasSgemm_v2(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n,
                              int k, const float *alpha, const float *A, int lda, const float *B, int ldb,
                              const float *beta, float *C, int ldc);
cublasStatus_t cublasDgemm_v2(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n,
                              int k, const double *alpha, const double *A, int lda, const double *B, int ldb,
                              const double *beta, double *C, int ldc);
cublasStatus_t cublasGemmEx(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n,
                            int k, const void *alpha, const void *A, cudaDataType Atype, int lda, const void *B,
                            cudaDataType Btype, int ldb, const void *beta, void *C, cudaDataType Ctype, int ldc,
                            cublasComputeType_t computeType, cublasGemmAlgo_t algo);

/* from the fake (or real) libcublasLt this library is linked against */
size_t cublasLtGetVersion(void);

/* ------------------------------------------------------------------------------------------------ */
/* handles, status, versions                                                                         */

#define HANDLE_MAGIC 0x0c0b1a5
struct fake_cublas_context {
    int magic;
    cudaStream_t stream;
    cublasMath_t math;
};

static int valid(cublasHandle_t h) { return h != NULL && h->magic == HANDLE_MAGIC; }

cublasStatus_t cublasCreate_v2(cublasHandle_t *handle)
{
    if (handle == NULL)
        return CUBLAS_STATUS_INVALID_VALUE;
    if (cublasLtGetVersion() / 10000 != FAKE_CUBLAS_MAJOR) {
        fprintf(stderr, "fake cublas %d: libcublasLt reports version %zu, another major version\n",
                FAKE_CUBLAS_MAJOR, cublasLtGetVersion());
        return CUBLAS_STATUS_NOT_INITIALIZED;
    }
    if (fakecuda_internal_enter() != 0)
        return CUBLAS_STATUS_NOT_INITIALIZED;
    struct fake_cublas_context *h = calloc(1, sizeof *h);
    if (h == NULL)
        return CUBLAS_STATUS_ALLOC_FAILED;
    h->magic = HANDLE_MAGIC;
    h->math = CUBLAS_DEFAULT_MATH;
    *handle = h;
    fakecuda_internal_succeeded();
    return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasDestroy_v2(cublasHandle_t handle)
{
    if (!valid(handle))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    handle->magic = 0;
    free(handle);
    return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, cudaStream_t streamId)
{
    if (!valid(handle))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    handle->stream = streamId;
    return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasGetStream_v2(cublasHandle_t handle, cudaStream_t *streamId)
{
    if (!valid(handle))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    if (streamId == NULL)
        return CUBLAS_STATUS_INVALID_VALUE;
    *streamId = handle->stream;
    return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasGetVersion_v2(cublasHandle_t handle, int *version)
{
    (void)handle; /* the version does not depend on the handle */
    if (version == NULL)
        return CUBLAS_STATUS_INVALID_VALUE;
    *version = FAKE_CUBLAS_VERSION;
    return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasGetProperty(libraryPropertyType type, int *value)
{
    if (value == NULL)
        return CUBLAS_STATUS_INVALID_VALUE;
    switch (type) {
    case MAJOR_VERSION: *value = FAKE_CUBLAS_MAJOR; return CUBLAS_STATUS_SUCCESS;
    case MINOR_VERSION: *value = FAKE_CUBLAS_MINOR; return CUBLAS_STATUS_SUCCESS;
    case PATCH_LEVEL: *value = FAKE_CUBLAS_PATCH; return CUBLAS_STATUS_SUCCESS;
    default: return CUBLAS_STATUS_INVALID_VALUE;
    }
}

static const struct {
    cublasStatus_t status;
    const char *name, *text;
} statuses[] = {
    {CUBLAS_STATUS_SUCCESS, "CUBLAS_STATUS_SUCCESS", "the operation completed successfully"},
    {CUBLAS_STATUS_NOT_INITIALIZED, "CUBLAS_STATUS_NOT_INITIALIZED", "the library was not initialized"},
    {CUBLAS_STATUS_ALLOC_FAILED, "CUBLAS_STATUS_ALLOC_FAILED", "the resource allocation failed"},
    {CUBLAS_STATUS_INVALID_VALUE, "CUBLAS_STATUS_INVALID_VALUE", "an invalid numeric value was used as an argument"},
    {CUBLAS_STATUS_ARCH_MISMATCH, "CUBLAS_STATUS_ARCH_MISMATCH", "an absent device architectural feature is required"},
    {CUBLAS_STATUS_MAPPING_ERROR, "CUBLAS_STATUS_MAPPING_ERROR", "an access to GPU memory space failed"},
    {CUBLAS_STATUS_EXECUTION_FAILED, "CUBLAS_STATUS_EXECUTION_FAILED", "the GPU program failed to execute"},
    {CUBLAS_STATUS_INTERNAL_ERROR, "CUBLAS_STATUS_INTERNAL_ERROR", "an internal operation failed"},
    {CUBLAS_STATUS_NOT_SUPPORTED, "CUBLAS_STATUS_NOT_SUPPORTED", "the functionality requested is not supported"},
    {CUBLAS_STATUS_LICENSE_ERROR, "CUBLAS_STATUS_LICENSE_ERROR", "error detected trying to check the license"},
};

static const char *status_entry(cublasStatus_t status, int text)
{
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
        if (statuses[i].status == status)
            return text ? statuses[i].text : statuses[i].name;
    return "<unknown>";
}

const char *cublasGetStatusName(cublasStatus_t status) { return status_entry(status, 0); }

const char *cublasGetStatusString(cublasStatus_t status) { return status_entry(status, 1); }

cublasStatus_t cublasSetMathMode(cublasHandle_t handle, cublasMath_t mode)
{
    if (!valid(handle))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    int base = (int)mode & ~CUBLAS_MATH_DISALLOW_REDUCED_PRECISION_REDUCTION;
    if (base < CUBLAS_DEFAULT_MATH || base > CUBLAS_TF32_TENSOR_OP_MATH)
        return CUBLAS_STATUS_INVALID_VALUE;
    handle->math = mode;
    return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasGetMathMode(cublasHandle_t handle, cublasMath_t *mode)
{
    if (!valid(handle))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    if (mode == NULL)
        return CUBLAS_STATUS_INVALID_VALUE;
    *mode = handle->math;
    return CUBLAS_STATUS_SUCCESS;
}

/* ------------------------------------------------------------------------------------------------ */
/* number formats                                                                                    */

static uint32_t f2u(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static float u2f(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

/* IEEE binary16 -> float (exact) */
static float half_to_float(uint16_t h)
{
    uint32_t sign = (uint32_t)(h & 0x8000) << 16, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
    if (exp == 0) { /* zero or subnormal: mant * 2^-24 */
        float v = ldexpf((float)mant, -24);
        return sign ? -v : v;
    }
    if (exp == 31) /* infinity or NaN */
        return u2f(sign | 0x7f800000 | (mant << 13));
    return u2f(sign | ((exp + 112) << 23) | (mant << 13));
}

/* float -> IEEE binary16, rounding to nearest even; overflow gives infinity, NaN stays NaN */
static uint16_t float_to_half(float f)
{
    uint32_t x = f2u(f), sign = (x >> 16) & 0x8000, ax = x & 0x7fffffff;
    if (ax >= 0x7f800000) /* inf or NaN */
        return (uint16_t)(sign | (ax > 0x7f800000 ? 0x7e00 : 0x7c00));
    if (ax >= 0x477ff000) /* >= 65520: rounds past the largest half, 65504 */
        return (uint16_t)(sign | 0x7c00);
    if (ax < 0x33000000) /* < 2^-25: rounds to zero */
        return (uint16_t)sign;
    if (ax < 0x38800000) { /* below 2^-14: a subnormal half, counted in units of 2^-24 */
        uint32_t e = ax >> 23, mant = (ax & 0x7fffff) | 0x800000, shift = 126 - e;
        uint32_t q = mant >> shift, rem = mant & ((1u << shift) - 1), halfway = 1u << (shift - 1);
        if (rem > halfway || (rem == halfway && (q & 1)))
            q++;
        return (uint16_t)(sign | q);
    }
    uint32_t r = ax - 0x38000000; /* rebias the exponent from 127 to 15 */
    return (uint16_t)(sign | ((r + 0xfff + ((r >> 13) & 1)) >> 13));
}

static float bf16_to_float(uint16_t b) { return u2f((uint32_t)b << 16); }

/* float -> bfloat16, rounding to nearest even; NaN stays a (quiet) NaN */
static uint16_t float_to_bf16(float f)
{
    uint32_t x = f2u(f);
    if ((x & 0x7fffffff) > 0x7f800000)
        return (uint16_t)((x >> 16) | 0x40);
    return (uint16_t)((x + 0x7fff + ((x >> 16) & 1)) >> 16);
}

/* float -> TF32 (8-bit exponent, 10 explicit mantissa bits), nearest even, kept in a float */
static float round_tf32(float f)
{
    uint32_t x = f2u(f);
    if ((x & 0x7f800000) == 0x7f800000) /* inf or NaN unchanged */
        return f;
    return u2f((x + 0xfff + ((x >> 13) & 1)) & ~(uint32_t)0x1fff);
}

static size_t type_size(cudaDataType t) { return t == CUDA_R_64F ? 8 : t == CUDA_R_32F ? 4 : 2; }

static double load(const void *base, cudaDataType t, size_t i)
{
    switch (t) {
    case CUDA_R_32F: return ((const float *)base)[i];
    case CUDA_R_64F: return ((const double *)base)[i];
    case CUDA_R_16F: return half_to_float(((const uint16_t *)base)[i]);
    default: return bf16_to_float(((const uint16_t *)base)[i]);
    }
}

static void store(void *base, cudaDataType t, size_t i, double v)
{
    switch (t) {
    case CUDA_R_32F: ((float *)base)[i] = (float)v; break;
    case CUDA_R_64F: ((double *)base)[i] = v; break;
    case CUDA_R_16F: ((uint16_t *)base)[i] = float_to_half((float)v); break;
    default: ((uint16_t *)base)[i] = float_to_bf16((float)v); break;
    }
}

/* ------------------------------------------------------------------------------------------------ */
/* GEMM                                                                                              */

enum prep { EXACT, TF32, TO_F16, TO_BF16 };

static float prepare(double v, enum prep p)
{
    float f = (float)v;
    switch (p) {
    case TF32: return round_tf32(f);
    case TO_F16: return half_to_float(float_to_half(f));
    case TO_BF16: return bf16_to_float(float_to_bf16(f));
    default: return f;
    }
}

/* Packs op(X) (rows x cols, element (r, c)) column-major into dense OUT; TRANS: X is stored transposed. */
#define DEFINE_PACK(NAME, T)                                                                                  \
    static void NAME(T *out, const void *x, cudaDataType t, int ld, int trans, int rows, int cols, enum prep p) \
    {                                                                                                         \
        for (int c = 0; c < cols; c++)                                                                        \
            for (int r = 0; r < rows; r++) {                                                                  \
                size_t src = trans ? (size_t)c + (size_t)r * (size_t)ld : (size_t)r + (size_t)c * (size_t)ld; \
                out[(size_t)r + (size_t)c * (size_t)rows] = (T)prepare_##T(load(x, t, src), p);               \
            }                                                                                                 \
    }

static float prepare_float(double v, enum prep p) { return prepare(v, p); }
static double prepare_double(double v, enum prep p) { (void)p; return v; }
DEFINE_PACK(pack_float, float)
DEFINE_PACK(pack_double, double)

/* acc (m x n, column-major, dense) = Ap (m x k) * Bp (k x n); four columns of the result at a time so that
 * each column of Ap is read once per four columns, the inner loops walking memory contiguously. */
#define DEFINE_KERNEL(NAME, T)                                                                                 \
    static void NAME(T *restrict acc, const T *restrict ap, const T *restrict bp, int m, int n, int k)       \
    {                                                                                                          \
        memset(acc, 0, sizeof(T) * (size_t)m * (size_t)n);                                                     \
        int j = 0;                                                                                             \
        for (; j + 4 <= n; j += 4) {                                                                           \
            T *restrict c0 = acc + (size_t)j * m, *restrict c1 = c0 + m, *restrict c2 = c1 + m,                \
                        *restrict c3 = c2 + m;                                                                 \
            for (int p = 0; p < k; p++) {                                                                      \
                const T *restrict a = ap + (size_t)p * m;                                                      \
                T b0 = bp[p + (size_t)j * k], b1 = bp[p + (size_t)(j + 1) * k], b2 = bp[p + (size_t)(j + 2) * k], \
                  b3 = bp[p + (size_t)(j + 3) * k];                                                            \
                for (int i = 0; i < m; i++) {                                                                  \
                    T ai = a[i];                                                                               \
                    c0[i] += ai * b0;                                                                          \
                    c1[i] += ai * b1;                                                                          \
                    c2[i] += ai * b2;                                                                          \
                    c3[i] += ai * b3;                                                                          \
                }                                                                                              \
            }                                                                                                  \
        }                                                                                                      \
        for (; j < n; j++) {                                                                                   \
            T *restrict c0 = acc + (size_t)j * m;                                                              \
            for (int p = 0; p < k; p++) {                                                                      \
                const T *restrict a = ap + (size_t)p * m;                                                      \
                T b0 = bp[p + (size_t)j * k];                                                                  \
                for (int i = 0; i < m; i++)                                                                    \
                    c0[i] += a[i] * b0;                                                                        \
            }                                                                                                  \
        }                                                                                                      \
    }

DEFINE_KERNEL(kernel_float, float)
DEFINE_KERNEL(kernel_double, double)

static int bad_op(cublasOperation_t op) { return op != CUBLAS_OP_N && op != CUBLAS_OP_T && op != CUBLAS_OP_C; }

static int span_ok(const char *what, const void *p, int rows, int cols, int ld, cudaDataType t)
{
    size_t bytes = ((size_t)(cols - 1) * (size_t)ld + (size_t)rows) * type_size(t);
    if (fakecuda_internal_device_span(p, bytes))
        return 1;
    fprintf(stderr, "fake cublas: %s (%p, %zu bytes) is not inside a live cuMemAlloc allocation of the current device\n",
            what, p, bytes);
    return 0;
}

/* The shared GEMM: DOUBLE_COMPUTE selects f64 accumulation and double alpha/beta; PREP how A and B are
 * rounded before the float products. */
static cublasStatus_t gemm(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n,
                           int k, const void *alpha, const void *A, cudaDataType at, int lda, const void *B,
                           cudaDataType bt, int ldb, const void *beta, void *C, cudaDataType ct, int ldc,
                           int double_compute, enum prep prep)
{
    if (!valid(handle))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    int rows_a = transa == CUBLAS_OP_N ? m : k, rows_b = transb == CUBLAS_OP_N ? k : n;
    if (bad_op(transa) || bad_op(transb) || m < 0 || n < 0 || k < 0 || lda < (rows_a > 1 ? rows_a : 1) ||
        ldb < (rows_b > 1 ? rows_b : 1) || ldc < (m > 1 ? m : 1) || alpha == NULL || beta == NULL)
        return CUBLAS_STATUS_INVALID_VALUE;
    double al = double_compute ? *(const double *)alpha : *(const float *)alpha;
    double be = double_compute ? *(const double *)beta : *(const float *)beta;
    if (m == 0 || n == 0 || ((al == 0 || k == 0) && be == 1))
        return CUBLAS_STATUS_SUCCESS; /* nothing to do, as in BLAS */
    int product = al != 0 && k > 0;

    int rc = fakecuda_internal_enter();
    if (rc != 0) {
        fprintf(stderr, "fake cublas: GEMM not run: the fake driver reports CUresult %d\n", rc);
        return CUBLAS_STATUS_EXECUTION_FAILED;
    }
    int ta = transa != CUBLAS_OP_N, tb = transb != CUBLAS_OP_N;
    if ((product && (!span_ok("A", A, rows_a, ta ? m : k, lda, at) || !span_ok("B", B, rows_b, tb ? k : n, ldb, bt))) ||
        !span_ok("C", C, m, n, ldc, ct))
        return CUBLAS_STATUS_EXECUTION_FAILED;

    size_t es = double_compute ? sizeof(double) : sizeof(float);
    void *ap = NULL, *bp = NULL, *acc = NULL;
    if (product) {
        ap = malloc(es * (size_t)m * (size_t)k);
        bp = malloc(es * (size_t)k * (size_t)n);
        acc = malloc(es * (size_t)m * (size_t)n);
        if (ap == NULL || bp == NULL || acc == NULL) {
            free(ap);
            free(bp);
            free(acc);
            return CUBLAS_STATUS_ALLOC_FAILED;
        }
        if (double_compute) {
            pack_double(ap, A, at, lda, ta, m, k, prep);
            pack_double(bp, B, bt, ldb, tb, k, n, prep);
            kernel_double(acc, ap, bp, m, n, k);
        } else {
            pack_float(ap, A, at, lda, ta, m, k, prep);
            pack_float(bp, B, bt, ldb, tb, k, n, prep);
            kernel_float(acc, ap, bp, m, n, k);
        }
    }
    /* epilogue in the scale type: C = alpha * acc + beta * C, C not read when beta is 0 */
    for (int j = 0; j < n; j++)
        for (int i = 0; i < m; i++) {
            size_t ci = (size_t)i + (size_t)j * (size_t)ldc, ai = (size_t)i + (size_t)j * (size_t)m;
            if (double_compute) {
                double r = product ? al * ((double *)acc)[ai] : 0.0;
                if (be != 0)
                    r += be * load(C, ct, ci);
                store(C, ct, ci, r);
            } else {
                float r = product ? (float)al * ((float *)acc)[ai] : 0.0f;
                if (be != 0)
                    r += (float)be * (float)load(C, ct, ci);
                store(C, ct, ci, r);
            }
        }
    free(ap);
    free(bp);
    free(acc);
    fakecuda_internal_succeeded();
    return CUBLAS_STATUS_SUCCESS;
}

static int tf32_mode(cublasHandle_t h)
{
    return valid(h) && ((int)h->math & ~CUBLAS_MATH_DISALLOW_REDUCED_PRECISION_REDUCTION) == CUBLAS_TF32_TENSOR_OP_MATH;
}

cublasStatus_t cublasSgemm_v2(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n,
                              int k, const float *alpha, const float *A, int lda, const float *B, int ldb,
                              const float *beta, float *C, int ldc)
{
    return gemm(handle, transa, transb, m, n, k, alpha, A, CUDA_R_32F, lda, B, CUDA_R_32F, ldb, beta, C, CUDA_R_32F,
                ldc, 0, tf32_mode(handle) ? TF32 : EXACT);
}

cublasStatus_t cublasDgemm_v2(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n,
                              int k, const double *alpha, const double *A, int lda, const double *B, int ldb,
                              const double *beta, double *C, int ldc)
{
    return gemm(handle, transa, transb, m, n, k, alpha, A, CUDA_R_64F, lda, B, CUDA_R_64F, ldb, beta, C, CUDA_R_64F,
                ldc, 1, EXACT);
}

cublasStatus_t cublasGemmEx(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n,
                            int k, const void *alpha, const void *A, cudaDataType Atype, int lda, const void *B,
                            cudaDataType Btype, int ldb, const void *beta, void *C, cudaDataType Ctype, int ldc,
                            cublasComputeType_t computeType, cublasGemmAlgo_t algo)
{
    if (!valid(handle))
        return CUBLAS_STATUS_NOT_INITIALIZED;
    int a = (int)algo;
    if (!(a >= -1 && a <= 23) && !(a >= 99 && a <= 115))
        return CUBLAS_STATUS_INVALID_VALUE;
    int all32 = Atype == CUDA_R_32F && Btype == CUDA_R_32F && Ctype == CUDA_R_32F;
    switch (computeType) {
    case CUBLAS_COMPUTE_32F:
    case CUBLAS_COMPUTE_32F_PEDANTIC: {
        int ok = Atype == Btype && ((Atype == CUDA_R_32F && Ctype == CUDA_R_32F) ||
                                    (Atype == CUDA_R_16F && (Ctype == CUDA_R_16F || Ctype == CUDA_R_32F)) ||
                                    (Atype == CUDA_R_16BF && (Ctype == CUDA_R_16BF || Ctype == CUDA_R_32F)));
        if (!ok)
            return CUBLAS_STATUS_NOT_SUPPORTED;
        enum prep p = all32 && computeType == CUBLAS_COMPUTE_32F && tf32_mode(handle) ? TF32 : EXACT;
        return gemm(handle, transa, transb, m, n, k, alpha, A, Atype, lda, B, Btype, ldb, beta, C, Ctype, ldc, 0, p);
    }
    case CUBLAS_COMPUTE_32F_FAST_TF32:
    case CUBLAS_COMPUTE_32F_FAST_16F:
    case CUBLAS_COMPUTE_32F_FAST_16BF: {
        if (!all32)
            return CUBLAS_STATUS_NOT_SUPPORTED;
        enum prep p = computeType == CUBLAS_COMPUTE_32F_FAST_TF32 ? TF32
                      : computeType == CUBLAS_COMPUTE_32F_FAST_16F ? TO_F16
                                                                   : TO_BF16;
        return gemm(handle, transa, transb, m, n, k, alpha, A, Atype, lda, B, Btype, ldb, beta, C, Ctype, ldc, 0, p);
    }
    case CUBLAS_COMPUTE_64F:
    case CUBLAS_COMPUTE_64F_PEDANTIC:
        if (Atype != CUDA_R_64F || Btype != CUDA_R_64F || Ctype != CUDA_R_64F)
            return CUBLAS_STATUS_NOT_SUPPORTED;
        return gemm(handle, transa, transb, m, n, k, alpha, A, Atype, lda, B, Btype, ldb, beta, C, Ctype, ldc, 1, EXACT);
    default:
        return CUBLAS_STATUS_NOT_SUPPORTED;
    }
}
