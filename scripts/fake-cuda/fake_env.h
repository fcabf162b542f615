/*
 * fake_env.h - shared helpers of the simulated CUDA driver / cuBLAS libraries in scripts/fake-cuda/.
 *
 * This is a SIMULATION for tests on machines without a GPU; it is not NVIDIA code and contains none.
 * It holds the environment-variable parsing used by every fake library and the prototypes of the
 * small internal hooks that the fake libcuda.so.1 exports for the fake libcublas (prefix
 * fakecuda_internal_, never part of the real CUDA API).
 */
#ifndef FAKE_ENV_H
#define FAKE_ENV_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads environment variable NAME as an integer in [lo, hi]; returns DFLT when unset or empty and
 * DFLT plus a warning on stderr when it is not a whole number in range (a typo must not go unnoticed). */
static inline long long fake_env_ll(const char *name, long long dflt, long long lo, long long hi)
{
    const char *s = getenv(name);
    if (s == NULL || *s == '\0')
        return dflt;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 0);
    if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi) {
        fprintf(stderr, "fake-cuda: ignoring %s=%s (want an integer in [%lld, %lld]); using %lld\n",
                name, s, lo, hi, dflt);
        return dflt;
    }
    return v;
}

/* ---- hooks exported by the fake libcuda.so.1 for the fake libcublas (results are CUresult values) ---- */

/* Checks what a GPU call needs: cuInit done, no sticky fault, a current active context, and the
 * FAKE_CUDA_FAIL_AFTER budget (an exhausted budget poisons the process and returns the fault code). */
int fakecuda_internal_enter(void);
/* Counts one successful context-needing call towards FAKE_CUDA_FAIL_AFTER. */
void fakecuda_internal_succeeded(void);
/* 1 when [p, p + bytes) lies inside one live cuMemAlloc allocation of the current context's device. */
int fakecuda_internal_device_span(const void *p, size_t bytes);

#endif
