/*
 * fake_cublaslt.c - a SIMULATED libcublasLt (libcublasLt.so.13, or .12 when built with
 * -DFAKE_CUBLAS_MAJOR=12) for tests and CI on machines without a GPU. It is not NVIDIA code and
 * contains none. It only exists so that the fake libcublas has the same NEEDED dependency as the real
 * one and a binding that loads cublasLt first finds it: it exports cublasLtGetVersion,
 * cublasLtCreate and cublasLtDestroy. The prototypes are declared here from cuBLASLt's public
 * documentation (no cuBLAS headers are installed on these machines).
 */
#include <stddef.h>
#include <stdlib.h>

#include "fake_cublas_version.h"

typedef int cublasStatus_t; /* CUBLAS_STATUS_SUCCESS = 0, NOT_INITIALIZED = 1, ALLOC_FAILED = 3 */
typedef struct fake_cublaslt_context *cublasLtHandle_t;

struct fake_cublaslt_context {
    int magic;
};

#define LT_MAGIC 0x4c74 /* "Lt" */

size_t cublasLtGetVersion(void);
cublasStatus_t cublasLtCreate(cublasLtHandle_t *lightHandle);
cublasStatus_t cublasLtDestroy(cublasLtHandle_t lightHandle);

size_t cublasLtGetVersion(void) { return FAKE_CUBLAS_VERSION; }

cublasStatus_t cublasLtCreate(cublasLtHandle_t *lightHandle)
{
    if (lightHandle == NULL)
        return 7; /* CUBLAS_STATUS_INVALID_VALUE */
    struct fake_cublaslt_context *h = calloc(1, sizeof *h);
    if (h == NULL)
        return 3; /* CUBLAS_STATUS_ALLOC_FAILED */
    h->magic = LT_MAGIC;
    *lightHandle = h;
    return 0;
}

cublasStatus_t cublasLtDestroy(cublasLtHandle_t lightHandle)
{
    if (lightHandle == NULL || lightHandle->magic != LT_MAGIC)
        return 1; /* CUBLAS_STATUS_NOT_INITIALIZED */
    lightHandle->magic = 0;
    free(lightHandle);
    return 0;
}
