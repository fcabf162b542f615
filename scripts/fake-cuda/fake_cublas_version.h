/*
 * fake_cublas_version.h - the version the SIMULATED cuBLAS libraries report (not NVIDIA code).
 * Build with -DFAKE_CUBLAS_MAJOR=12 for the libcublas.so.12 flavour (reports 12.9.1), default 13 (13.0.0).
 */
#ifndef FAKE_CUBLAS_VERSION_H
#define FAKE_CUBLAS_VERSION_H

#ifndef FAKE_CUBLAS_MAJOR
#define FAKE_CUBLAS_MAJOR 13
#endif

#if FAKE_CUBLAS_MAJOR == 13
#define FAKE_CUBLAS_MINOR 0
#define FAKE_CUBLAS_PATCH 0
#elif FAKE_CUBLAS_MAJOR == 12
#define FAKE_CUBLAS_MINOR 9
#define FAKE_CUBLAS_PATCH 1
#else
#error "FAKE_CUBLAS_MAJOR must be 12 or 13"
#endif

/* cuBLAS encodes its version as major * 10000 + minor * 100 + patch */
#define FAKE_CUBLAS_VERSION (FAKE_CUBLAS_MAJOR * 10000 + FAKE_CUBLAS_MINOR * 100 + FAKE_CUBLAS_PATCH)

#endif
