/*
 * fake_cuda.c - a SIMULATED CUDA driver (libcuda.so.1) that runs on host memory, for tests and CI on
 * machines without a GPU. It is not NVIDIA code and contains none; it is compiled against the real
 * cuda.h so that the compiler checks every signature against the real driver API, and it exports the
 * names the header maps to (cuMemAlloc -> cuMemAlloc_v2 and so on) plus a plain cuEventElapsedTime
 * (the name CUDA 12 drivers export).
 *
 * What it simulates
 *   - device memory is host memory: a CUdeviceptr is the address of a posix_memalign block, kept in
 *     an allocation table, so a wrong, interior-for-free or freed pointer gives CUDA_ERROR_INVALID_VALUE;
 *     copies and memsets run at once with memcpy/memset (the *Async ones too: a stream only orders work);
 *   - events record CLOCK_MONOTONIC when recorded, so cuEventElapsedTime is the real time the simulated
 *     work took on the host (in ms, as a float); an event never recorded gives CUDA_ERROR_INVALID_HANDLE;
 *   - one primary context per device, retain/release counted (the last release frees that device's
 *     allocations), a current context per thread;
 *   - every call before a successful cuInit returns CUDA_ERROR_NOT_INITIALIZED (except cuDriverGetVersion,
 *     cuGetErrorName and cuGetErrorString); memory, copy, stream, event, cuMemGetInfo, cuCtxGetDevice and
 *     cuCtxSynchronize calls return CUDA_ERROR_INVALID_CONTEXT without a current (retained) context;
 *   - cuMemGetInfo's free memory is the configured free memory minus this device's live allocations;
 *     cuMemAlloc past it returns CUDA_ERROR_OUT_OF_MEMORY.
 *   - cuDeviceGetAttribute: the common attributes have H100-like values (see device_attribute()); any
 *     other attribute inside the enum's range [1, CU_DEVICE_ATTRIBUTE_MAX) gives 0 with CUDA_SUCCESS, an
 *     attribute outside it gives CUDA_ERROR_INVALID_VALUE.
 *
 * Environment (read once, at the first cuInit or cuDriverGetVersion):
 *   FAKE_CUDA_INIT_ERROR=N       cuInit returns CUresult N (802, 34, 999, 803, 804, 100, 46, ...) and the
 *                                driver stays uninitialised; cuDriverGetVersion still works. 0 = no error.
 *   FAKE_CUDA_DEVICES=N          0, 1 or 2 simulated devices (default 1; 0: cuDeviceGetCount gives 0).
 *   FAKE_CUDA_FREE_MEM=bytes     free memory per device at start (default 79 GiB, at most the total).
 *   FAKE_CUDA_TOTAL_MEM=bytes    total memory per device (default 80 GiB).
 *   FAKE_CUDA_DRIVER_VERSION=N   cuDriverGetVersion (default 13000; 12020 simulates an old driver).
 *   FAKE_CUDA_CC=major.minor     compute capability (default 9.0; 7.0 simulates a pre-Ampere GPU).
 *   FAKE_CUDA_SMS=N              multiprocessor count (default 132; a MIG slice might show 16).
 *   FAKE_CUDA_NAME=text          device name; " (simulated)" is appended when "simulated" is absent.
 *   FAKE_CUDA_FAIL_AFTER=N       after N successful context-needing calls (the calls listed above as
 *                                needing a context, cuMemHostAlloc/cuMemAllocHost/cuMemFreeHost, and in the
 *                                fake cuBLAS cublasCreate and each GEMM) the next such call fails with
 *                                FAKE_CUDA_FAIL_CODE and the error is sticky, as in a poisoned context:
 *                                every later call returns it, except cuInit, cuDriverGetVersion,
 *                                cuGetErrorName/String and the device queries (cuDeviceGet, cuDeviceGetCount,
 *                                cuDeviceGetName/Attribute/PCIBusId/Uuid, cuDeviceTotalMem).
 *   FAKE_CUDA_FAIL_CODE=C        the sticky error (default 700, CUDA_ERROR_ILLEGAL_ADDRESS).
 *   FAKE_CUDA_EXCLUSIVE_BUSY=1   cuDevicePrimaryCtxRetain returns 46 (CUDA_ERROR_DEVICE_UNAVAILABLE).
 *   FAKE_CUDA_HOSTALLOC_FAIL=1   cuMemHostAlloc and cuMemAllocHost return CUDA_ERROR_OUT_OF_MEMORY.
 * A value that does not parse is ignored with a warning on stderr.
 */
#define _GNU_SOURCE
#include <cuda.h>

#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "fake_env.h"

#define MAX_DEVICES 2
#define GIB (1024LL * 1024 * 1024)

/* ------------------------------------------------------------------------------------------------ */
/* configuration                                                                                     */

static struct {
    long long init_error, devices, free_mem, total_mem, driver_version, cc_major, cc_minor, sms;
    long long fail_after, fail_code, exclusive_busy, hostalloc_fail;
    char name[256];
} cfg;

static pthread_once_t cfg_once = PTHREAD_ONCE_INIT;

static void read_cc(void)
{
    cfg.cc_major = 9;
    cfg.cc_minor = 0;
    const char *s = getenv("FAKE_CUDA_CC");
    if (s == NULL || *s == '\0')
        return;
    int major = 0, minor = 0, used = 0;
    if (sscanf(s, "%d.%d%n", &major, &minor, &used) == 2 && s[used] == '\0' && major >= 1 && major <= 99 &&
        minor >= 0 && minor <= 9) {
        cfg.cc_major = major;
        cfg.cc_minor = minor;
    } else {
        fprintf(stderr, "fake-cuda: ignoring FAKE_CUDA_CC=%s (want major.minor, e.g. 8.6); using 9.0\n", s);
    }
}

static void read_config(void)
{
    cfg.init_error = fake_env_ll("FAKE_CUDA_INIT_ERROR", 0, 0, 100000);
    cfg.devices = fake_env_ll("FAKE_CUDA_DEVICES", 1, 0, MAX_DEVICES);
    cfg.total_mem = fake_env_ll("FAKE_CUDA_TOTAL_MEM", 80 * GIB, 1, 1LL << 50);
    cfg.free_mem = fake_env_ll("FAKE_CUDA_FREE_MEM", 79 * GIB, 0, 1LL << 50);
    if (cfg.free_mem > cfg.total_mem)
        cfg.free_mem = cfg.total_mem;
    cfg.driver_version = fake_env_ll("FAKE_CUDA_DRIVER_VERSION", 13000, 1000, 1000000);
    read_cc();
    cfg.sms = fake_env_ll("FAKE_CUDA_SMS", 132, 1, 100000);
    cfg.fail_after = fake_env_ll("FAKE_CUDA_FAIL_AFTER", -1, -1, 1LL << 60);
    cfg.fail_code = fake_env_ll("FAKE_CUDA_FAIL_CODE", CUDA_ERROR_ILLEGAL_ADDRESS, 1, 100000);
    cfg.exclusive_busy = fake_env_ll("FAKE_CUDA_EXCLUSIVE_BUSY", 0, 0, 1);
    cfg.hostalloc_fail = fake_env_ll("FAKE_CUDA_HOSTALLOC_FAIL", 0, 0, 1);
    const char *name = getenv("FAKE_CUDA_NAME");
    if (name == NULL || *name == '\0')
        name = "NVIDIA H100 80GB HBM3";
    if (strstr(name, "simulated") != NULL)
        snprintf(cfg.name, sizeof cfg.name, "%s", name);
    else
        snprintf(cfg.name, sizeof cfg.name, "%.200s (simulated)", name);
}

static void config(void) { pthread_once(&cfg_once, read_config); }

/* ------------------------------------------------------------------------------------------------ */
/* state                                                                                             */

struct CUctx_st {
    int device;
    int refs; /* primary-context retain count; active while > 0 */
    unsigned int flags;
};

struct CUstream_st {
    struct CUctx_st *ctx;
    unsigned int flags;
};

struct CUevent_st {
    struct CUctx_st *ctx;
    unsigned int flags;
    int recorded;
    struct timespec when;
};

struct block {
    char *base;
    size_t size;
    int device; /* -1: page-locked host memory from cuMemHostAlloc / cuMemAllocHost */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int initialized;
static int poisoned; /* sticky FAKE_CUDA_FAIL_AFTER error */
static long long successes;
static struct CUctx_st contexts[MAX_DEVICES];
static long long used_mem[MAX_DEVICES];
static __thread struct CUctx_st *current;

static struct block *blocks;
static size_t nblocks, cap_blocks;

/* live streams and events, so that a destroyed, made-up or wrong-kind handle is recognised */
enum { STREAM = 1, EVENT = 2 };
struct handle {
    void *p;
    int kind;
};
static struct handle *handles;
static size_t nhandles, cap_handles;

/* Appends ITEM (ELEM bytes) to the growable array whose pointer is at ARRP; 0 when out of memory.
 * The array pointer is read and written with memcpy so that one helper serves every element type. */
static int push(void *arrp, size_t *n, size_t *cap, size_t elem, const void *item)
{
    char *arr;
    memcpy(&arr, arrp, sizeof arr);
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        char *p = realloc(arr, ncap * elem);
        if (p == NULL)
            return 0;
        arr = p;
        memcpy(arrp, &arr, sizeof arr);
        *cap = ncap;
    }
    memcpy(arr + *n * elem, item, elem);
    (*n)++;
    return 1;
}

static long find_handle(const void *h, int kind)
{
    for (size_t i = 0; i < nhandles; i++)
        if (handles[i].p == h && handles[i].kind == kind)
            return (long)i;
    return -1;
}

static void drop_handle(long i) { handles[i] = handles[--nhandles]; }

/* index of the block that holds [p, p + bytes) (of DEVICE, or of host memory when device is -1); -1 if none */
static long find_span(const void *p, size_t bytes, int device)
{
    const char *c = p;
    for (size_t i = 0; i < nblocks; i++) {
        struct block *b = &blocks[i];
        if (b->device == device && c >= b->base && c < b->base + b->size && bytes <= (size_t)(b->base + b->size - c))
            return (long)i;
    }
    return -1;
}

static long find_base(const void *p, int device)
{
    for (size_t i = 0; i < nblocks; i++)
        if (blocks[i].base == p && blocks[i].device == device)
            return (long)i;
    return -1;
}

static void drop_block(long i)
{
    if (blocks[i].device >= 0)
        used_mem[blocks[i].device] -= (long long)blocks[i].size;
    free(blocks[i].base);
    blocks[i] = blocks[--nblocks];
}

/* Gate of calls that are not context-bound: initialised and not poisoned. */
static CUresult gate(void)
{
    if (!initialized)
        return CUDA_ERROR_NOT_INITIALIZED;
    if (poisoned)
        return (CUresult)cfg.fail_code;
    return CUDA_SUCCESS;
}

/* Gate of context-needing calls; also spends the FAKE_CUDA_FAIL_AFTER budget. Called with the lock held. */
static CUresult enter_locked(void)
{
    CUresult rc = gate();
    if (rc != CUDA_SUCCESS)
        return rc;
    if (current == NULL || current->refs <= 0)
        return CUDA_ERROR_INVALID_CONTEXT;
    if (cfg.fail_after >= 0 && successes >= cfg.fail_after) {
        poisoned = 1;
        return (CUresult)cfg.fail_code;
    }
    return CUDA_SUCCESS;
}

/* Ends a context-needing call: unlocks, counts a success. */
static CUresult leave_locked(CUresult rc)
{
    if (rc == CUDA_SUCCESS)
        successes++;
    pthread_mutex_unlock(&lock);
    return rc;
}

static CUresult enter(void)
{
    pthread_mutex_lock(&lock);
    CUresult rc = enter_locked();
    pthread_mutex_unlock(&lock);
    return rc;
}

static CUresult leave(CUresult rc)
{
    pthread_mutex_lock(&lock);
    return leave_locked(rc);
}

static int valid_stream_locked(CUstream s)
{
    return s == NULL || s == CU_STREAM_LEGACY || s == CU_STREAM_PER_THREAD || find_handle(s, STREAM) >= 0;
}

/* ------------------------------------------------------------------------------------------------ */
/* internal hooks for the fake cuBLAS                                                                */

int fakecuda_internal_enter(void) { return (int)enter(); }

void fakecuda_internal_succeeded(void) { leave(CUDA_SUCCESS); }

int fakecuda_internal_device_span(const void *p, size_t bytes)
{
    pthread_mutex_lock(&lock);
    int ok = current != NULL && find_span(p, bytes, current->device) >= 0;
    pthread_mutex_unlock(&lock);
    return ok;
}

/* ------------------------------------------------------------------------------------------------ */
/* errors                                                                                            */

static const struct {
    int code;
    const char *name, *text;
} errors[] = {
    {0, "CUDA_SUCCESS", "no error"},
    {1, "CUDA_ERROR_INVALID_VALUE", "invalid argument"},
    {2, "CUDA_ERROR_OUT_OF_MEMORY", "out of memory"},
    {3, "CUDA_ERROR_NOT_INITIALIZED", "initialization error"},
    {4, "CUDA_ERROR_DEINITIALIZED", "driver shutting down"},
    {34, "CUDA_ERROR_STUB_LIBRARY", "CUDA driver is a stub library"},
    {35, "CUDA_ERROR_INSUFFICIENT_DRIVER", "CUDA driver version is insufficient for CUDA runtime version"},
    {46, "CUDA_ERROR_DEVICE_UNAVAILABLE", "CUDA-capable device(s) is/are busy or unavailable"},
    {100, "CUDA_ERROR_NO_DEVICE", "no CUDA-capable device is detected"},
    {101, "CUDA_ERROR_INVALID_DEVICE", "invalid device ordinal"},
    {200, "CUDA_ERROR_INVALID_IMAGE", "device kernel image is invalid"},
    {201, "CUDA_ERROR_INVALID_CONTEXT", "invalid device context"},
    {400, "CUDA_ERROR_INVALID_HANDLE", "invalid resource handle"},
    {600, "CUDA_ERROR_NOT_READY", "device not ready"},
    {700, "CUDA_ERROR_ILLEGAL_ADDRESS", "an illegal memory access was encountered"},
    {701, "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES", "too many resources requested for launch"},
    {709, "CUDA_ERROR_CONTEXT_IS_DESTROYED", "context is destroyed"},
    {719, "CUDA_ERROR_LAUNCH_FAILED", "unspecified launch failure"},
    {802, "CUDA_ERROR_SYSTEM_NOT_READY", "system not yet initialized"},
    {803, "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH", "system has unsupported display driver / cuda driver combination"},
    {804, "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE", "forward compatibility was attempted on non supported HW"},
    {999, "CUDA_ERROR_UNKNOWN", "unknown error"},
};

static CUresult error_entry(CUresult error, const char **pStr, int text)
{
    if (pStr == NULL)
        return CUDA_ERROR_INVALID_VALUE;
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        if (errors[i].code == (int)error) {
            *pStr = text ? errors[i].text : errors[i].name;
            return CUDA_SUCCESS;
        }
    }
    *pStr = NULL;
    return CUDA_ERROR_INVALID_VALUE;
}

CUresult CUDAAPI cuGetErrorName(CUresult error, const char **pStr) { return error_entry(error, pStr, 0); }

CUresult CUDAAPI cuGetErrorString(CUresult error, const char **pStr) { return error_entry(error, pStr, 1); }

/* ------------------------------------------------------------------------------------------------ */
/* initialisation, devices                                                                           */

CUresult CUDAAPI cuInit(unsigned int Flags)
{
    config();
    if (Flags != 0)
        return CUDA_ERROR_INVALID_VALUE;
    if (cfg.init_error != 0)
        return (CUresult)cfg.init_error;
    pthread_mutex_lock(&lock);
    if (!initialized) {
        for (int i = 0; i < MAX_DEVICES; i++)
            contexts[i].device = i;
        initialized = 1;
    }
    pthread_mutex_unlock(&lock);
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuDriverGetVersion(int *driverVersion)
{
    config();
    if (driverVersion == NULL)
        return CUDA_ERROR_INVALID_VALUE;
    *driverVersion = (int)cfg.driver_version;
    return CUDA_SUCCESS;
}

/* device queries are not poisoned by a sticky fault, only gated by cuInit */
static CUresult device_gate(CUdevice dev)
{
    if (!initialized)
        return CUDA_ERROR_NOT_INITIALIZED;
    if (dev < 0 || dev >= cfg.devices)
        return CUDA_ERROR_INVALID_DEVICE;
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuDeviceGetCount(int *count)
{
    if (!initialized)
        return CUDA_ERROR_NOT_INITIALIZED;
    if (count == NULL)
        return CUDA_ERROR_INVALID_VALUE;
    *count = (int)cfg.devices;
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuDeviceGet(CUdevice *device, int ordinal)
{
    CUresult rc = device_gate(ordinal);
    if (rc != CUDA_SUCCESS)
        return rc;
    if (device == NULL)
        return CUDA_ERROR_INVALID_VALUE;
    *device = ordinal;
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuDeviceGetName(char *name, int len, CUdevice dev)
{
    CUresult rc = device_gate(dev);
    if (rc != CUDA_SUCCESS)
        return rc;
    if (name == NULL || len <= 0)
        return CUDA_ERROR_INVALID_VALUE;
    snprintf(name, (size_t)len, "%s", cfg.name);
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuDeviceTotalMem(size_t *bytes, CUdevice dev)
{
    CUresult rc = device_gate(dev);
    if (rc != CUDA_SUCCESS)
        return rc;
    if (bytes == NULL)
        return CUDA_ERROR_INVALID_VALUE;
    *bytes = (size_t)cfg.total_mem;
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuDeviceGetPCIBusId(char *pciBusId, int len, CUdevice dev)
{
    CUresult rc = device_gate(dev);
    if (rc != CUDA_SUCCESS)
        return rc;
    if (pciBusId == NULL || len < 13)
        return CUDA_ERROR_INVALID_VALUE;
    snprintf(pciBusId, (size_t)len, "0000:%02x:00.0", 0xc1 + dev);
    return CUDA_SUCCESS;
}

CUresult CUDAAPI cuDeviceGetUuid(CUuuid *uuid, CUdevice dev)
{
    CUresult rc = device_gate(dev);
    if (rc != CUDA_SUCCESS)
        return rc;
    if (uuid == NULL)
        return CUDA_ERROR_INVALID_VALUE;
    /* a fixed, recognisable UUID per device: "fakecuda-sim-" then the device number */
    static const char tag[] = "fakecuda-sim-00";
    memcpy(uuid->bytes, tag, 15);
    uuid->bytes[15] = (char)dev;
    return CUDA_SUCCESS;
}

static int device_attribute(CUdevice_attribute a, CUdevice dev, int *known)
{
    *known = 1;
    switch (a) {
    case CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK: return 1024;
    case CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X: return 1024;
    case CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_Y: return 1024;
    case CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_Z: return 64;
    case CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X: return 2147483647;
    case CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Y: return 65535;
    case CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Z: return 65535;
    case CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK: return 49152;
    case CU_DEVICE_ATTRIBUTE_TOTAL_CONSTANT_MEMORY: return 65536;
    case CU_DEVICE_ATTRIBUTE_WARP_SIZE: return 32;
    case CU_DEVICE_ATTRIBUTE_MAX_PITCH: return 2147483647;
    case CU_DEVICE_ATTRIBUTE_MAX_REGISTERS_PER_BLOCK: return 65536;
    case CU_DEVICE_ATTRIBUTE_CLOCK_RATE: return 1980000;
    case CU_DEVICE_ATTRIBUTE_TEXTURE_ALIGNMENT: return 512;
    case CU_DEVICE_ATTRIBUTE_GPU_OVERLAP: return 1;
    case CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT: return (int)cfg.sms;
    case CU_DEVICE_ATTRIBUTE_KERNEL_EXEC_TIMEOUT: return 0;
    case CU_DEVICE_ATTRIBUTE_INTEGRATED: return 0;
    case CU_DEVICE_ATTRIBUTE_CAN_MAP_HOST_MEMORY: return 1;
    case CU_DEVICE_ATTRIBUTE_COMPUTE_MODE: return CU_COMPUTEMODE_DEFAULT;
    case CU_DEVICE_ATTRIBUTE_CONCURRENT_KERNELS: return 1;
    case CU_DEVICE_ATTRIBUTE_ECC_ENABLED: return 1;
    case CU_DEVICE_ATTRIBUTE_PCI_BUS_ID: return 0xc1 + dev;
    case CU_DEVICE_ATTRIBUTE_PCI_DEVICE_ID: return 0;
    case CU_DEVICE_ATTRIBUTE_PCI_DOMAIN_ID: return 0;
    case CU_DEVICE_ATTRIBUTE_TCC_DRIVER: return 0;
    case CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE: return 2619000;
    case CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH: return 5120;
    case CU_DEVICE_ATTRIBUTE_L2_CACHE_SIZE: return 50 * 1024 * 1024;
    case CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_MULTIPROCESSOR: return 2048;
    case CU_DEVICE_ATTRIBUTE_ASYNC_ENGINE_COUNT: return 3;
    case CU_DEVICE_ATTRIBUTE_UNIFIED_ADDRESSING: return 1;
    case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR: return (int)cfg.cc_major;
    case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR: return (int)cfg.cc_minor;
    case CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_MULTIPROCESSOR: return 233472;
    case CU_DEVICE_ATTRIBUTE_MAX_REGISTERS_PER_MULTIPROCESSOR: return 65536;
    case CU_DEVICE_ATTRIBUTE_MANAGED_MEMORY: return 1;
    case CU_DEVICE_ATTRIBUTE_MULTI_GPU_BOARD: return 0;
    case CU_DEVICE_ATTRIBUTE_MULTI_GPU_BOARD_GROUP_ID: return dev;
    case CU_DEVICE_ATTRIBUTE_CONCURRENT_MANAGED_ACCESS: return 1;
    case CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN: return 232448;
    case CU_DEVICE_ATTRIBUTE_MAX_BLOCKS_PER_MULTIPROCESSOR: return 32;
    case CU_DEVICE_ATTRIBUTE_MAX_PERSISTING_L2_CACHE_SIZE: return 32 * 1024 * 1024;
    default: *known = 0; return 0;
    }
}

CUresult CUDAAPI cuDeviceGetAttribute(int *pi, CUdevice_attribute attrib, CUdevice dev)
{
    CUresult rc = device_gate(dev);
    if (rc != CUDA_SUCCESS)
        return rc;
    if (pi == NULL || (int)attrib < 1 || (int)attrib >= (int)CU_DEVICE_ATTRIBUTE_MAX)
        return CUDA_ERROR_INVALID_VALUE;
    int known;
    *pi = device_attribute(attrib, dev, &known); /* an attribute this simulation does not model: 0 */
    return CUDA_SUCCESS;
}

/* ------------------------------------------------------------------------------------------------ */
/* contexts                                                                                          */

CUresult CUDAAPI cuDevicePrimaryCtxRetain(CUcontext *pctx, CUdevice dev)
{
    pthread_mutex_lock(&lock);
    CUresult rc = gate();
    if (rc == CUDA_SUCCESS)
        rc = device_gate(dev);
    if (rc == CUDA_SUCCESS && pctx == NULL)
        rc = CUDA_ERROR_INVALID_VALUE;
    if (rc == CUDA_SUCCESS && cfg.exclusive_busy)
        rc = CUDA_ERROR_DEVICE_UNAVAILABLE;
    if (rc == CUDA_SUCCESS) {
        contexts[dev].refs++;
        *pctx = &contexts[dev];
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

CUresult CUDAAPI cuDevicePrimaryCtxRelease(CUdevice dev)
{
    pthread_mutex_lock(&lock);
    CUresult rc = gate();
    if (rc == CUDA_SUCCESS)
        rc = device_gate(dev);
    if (rc == CUDA_SUCCESS && contexts[dev].refs <= 0)
        rc = CUDA_ERROR_INVALID_CONTEXT;
    if (rc == CUDA_SUCCESS && --contexts[dev].refs == 0) {
        /* the primary context is destroyed: its memory goes with it */
        for (size_t i = nblocks; i-- > 0;)
            if (blocks[i].device == dev)
                drop_block((long)i);
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

CUresult CUDAAPI cuDevicePrimaryCtxGetState(CUdevice dev, unsigned int *flags, int *active)
{
    pthread_mutex_lock(&lock);
    CUresult rc = gate();
    if (rc == CUDA_SUCCESS)
        rc = device_gate(dev);
    if (rc == CUDA_SUCCESS && (flags == NULL || active == NULL))
        rc = CUDA_ERROR_INVALID_VALUE;
    if (rc == CUDA_SUCCESS) {
        *flags = contexts[dev].flags;
        *active = contexts[dev].refs > 0;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

CUresult CUDAAPI cuCtxGetCurrent(CUcontext *pctx)
{
    pthread_mutex_lock(&lock);
    CUresult rc = gate();
    if (rc == CUDA_SUCCESS && pctx == NULL)
        rc = CUDA_ERROR_INVALID_VALUE;
    if (rc == CUDA_SUCCESS)
        *pctx = current;
    pthread_mutex_unlock(&lock);
    return rc;
}

CUresult CUDAAPI cuCtxSetCurrent(CUcontext ctx)
{
    pthread_mutex_lock(&lock);
    CUresult rc = gate();
    if (rc == CUDA_SUCCESS && ctx != NULL) {
        int ours = 0;
        for (int i = 0; i < cfg.devices; i++)
            ours |= ctx == &contexts[i];
        if (!ours || ctx->refs <= 0)
            rc = CUDA_ERROR_INVALID_CONTEXT;
    }
    if (rc == CUDA_SUCCESS)
        current = ctx;
    pthread_mutex_unlock(&lock);
    return rc;
}

CUresult CUDAAPI cuCtxGetDevice(CUdevice *device)
{
    pthread_mutex_lock(&lock);
    CUresult rc = enter_locked();
    if (rc == CUDA_SUCCESS && device == NULL)
        rc = CUDA_ERROR_INVALID_VALUE;
    if (rc == CUDA_SUCCESS)
        *device = current->device;
    return leave_locked(rc);
}

CUresult CUDAAPI cuCtxSynchronize(void)
{
    pthread_mutex_lock(&lock);
    return leave_locked(enter_locked()); /* all simulated work is already done */
}

/* ------------------------------------------------------------------------------------------------ */
/* memory                                                                                            */

CUresult CUDAAPI cuMemGetInfo(size_t *free_bytes, size_t *total_bytes)
{
    pthread_mutex_lock(&lock);
    CUresult rc = enter_locked();
    if (rc == CUDA_SUCCESS && (free_bytes == NULL || total_bytes == NULL))
        rc = CUDA_ERROR_INVALID_VALUE;
    if (rc == CUDA_SUCCESS) {
        long long left = cfg.free_mem - used_mem[current->device];
        *free_bytes = (size_t)(left > 0 ? left : 0);
        *total_bytes = (size_t)cfg.total_mem;
    }
    return leave_locked(rc);
}

CUresult CUDAAPI cuMemAlloc(CUdeviceptr *dptr, size_t bytesize)
{
    pthread_mutex_lock(&lock);
    CUresult rc = enter_locked();
    if (rc == CUDA_SUCCESS && (dptr == NULL || bytesize == 0))
        rc = CUDA_ERROR_INVALID_VALUE;
    if (rc == CUDA_SUCCESS && (long long)bytesize > cfg.free_mem - used_mem[current->device])
        rc = CUDA_ERROR_OUT_OF_MEMORY;
    if (rc == CUDA_SUCCESS) {
        struct block b = {NULL, bytesize, current->device};
        if (posix_memalign((void **)&b.base, 256, bytesize) != 0 ||
            !push(&blocks, &nblocks, &cap_blocks, sizeof b, &b)) {
            free(b.base);
            rc = CUDA_ERROR_OUT_OF_MEMORY;
        } else {
            used_mem[b.device] += (long long)bytesize;
            *dptr = (CUdeviceptr)(uintptr_t)b.base;
        }
    }
    return leave_locked(rc);
}

CUresult CUDAAPI cuMemFree(CUdeviceptr dptr)
{
    pthread_mutex_lock(&lock);
    CUresult rc = enter_locked();
    if (rc == CUDA_SUCCESS && dptr != 0) { /* freeing 0 is a no-op, as in CUDA */
        long i = find_base((void *)(uintptr_t)dptr, current->device);
        if (i < 0)
            rc = CUDA_ERROR_INVALID_VALUE;
        else
            drop_block(i);
    }
    return leave_locked(rc);
}

CUresult CUDAAPI cuMemHostAlloc(void **pp, size_t bytesize, unsigned int Flags)
{
    pthread_mutex_lock(&lock);
    CUresult rc = enter_locked();
    if (rc == CUDA_SUCCESS &&
        (pp == NULL || bytesize == 0 ||
         (Flags & ~(unsigned)(CU_MEMHOSTALLOC_PORTABLE | CU_MEMHOSTALLOC_DEVICEMAP | CU_MEMHOSTALLOC_WRITECOMBINED))))
        rc = CUDA_ERROR_INVALID_VALUE;
    if (rc == CUDA_SUCCESS && cfg.hostalloc_fail)
        rc = CUDA_ERROR_OUT_OF_MEMORY;
    if (rc == CUDA_SUCCESS) {
        struct block b = {NULL, bytesize, -1};
        if (posix_memalign((void **)&b.base, 4096, bytesize) != 0 ||
            !push(&blocks, &nblocks, &cap_blocks, sizeof b, &b)) {
            free(b.base);
            rc = CUDA_ERROR_OUT_OF_MEMORY;
        } else {
            *pp = b.base;
        }
    }
    return leave_locked(rc);
}

CUresult CUDAAPI cuMemAllocHost(void **pp, size_t bytesize) { return cuMemHostAlloc(pp, bytesize, 0); }

CUresult CUDAAPI cuMemFreeHost(void *p)
{
    pthread_mutex_lock(&lock);
    CUresult rc = enter_locked();
    if (rc == CUDA_SUCCESS) {
        long i = find_base(p, -1);
        if (i < 0)
            rc = CUDA_ERROR_INVALID_VALUE;
        else
            drop_block(i);
    }
    return leave_locked(rc);
}

/* Validates a copy and performs it. DST_DEV/SRC_DEV: whether that side is device memory. */
static CUresult copy(void *dst, int dst_dev, const void *src, int src_dev, size_t n, int check_stream, CUstream s)
{
    pthread_mutex_lock(&lock);
    CUresult rc = enter_locked();
    if (rc == CUDA_SUCCESS && check_stream && !valid_stream_locked(s))
        rc = CUDA_ERROR_INVALID_HANDLE;
    if (rc == CUDA_SUCCESS && n > 0) {
        int dev = current->device;
        if (dst == NULL || src == NULL || (dst_dev && find_span(dst, n, dev) < 0) ||
            (src_dev && find_span(src, n, dev) < 0))
            rc = CUDA_ERROR_INVALID_VALUE;
    }
    pthread_mutex_unlock(&lock);
    if (rc == CUDA_SUCCESS && n > 0)
        memmove(dst, src, n);
    return leave(rc);
}

#define DPTR(d) ((void *)(uintptr_t)(d))

CUresult CUDAAPI cuMemcpyHtoD(CUdeviceptr dstDevice, const void *srcHost, size_t ByteCount)
{
    return copy(DPTR(dstDevice), 1, srcHost, 0, ByteCount, 0, NULL);
}

CUresult CUDAAPI cuMemcpyDtoH(void *dstHost, CUdeviceptr srcDevice, size_t ByteCount)
{
    return copy(dstHost, 0, DPTR(srcDevice), 1, ByteCount, 0, NULL);
}

CUresult CUDAAPI cuMemcpyDtoD(CUdeviceptr dstDevice, CUdeviceptr srcDevice, size_t ByteCount)
{
    return copy(DPTR(dstDevice), 1, DPTR(srcDevice), 1, ByteCount, 0, NULL);
}

CUresult CUDAAPI cuMemcpyHtoDAsync(CUdeviceptr dstDevice, const void *srcHost, size_t ByteCount, CUstream hStream)
{
    return copy(DPTR(dstDevice), 1, srcHost, 0, ByteCount, 1, hStream);
}

CUresult CUDAAPI cuMemcpyDtoHAsync(void *dstHost, CUdeviceptr srcDevice, size_t ByteCount, CUstream hStream)
{
    return copy(dstHost, 0, DPTR(srcDevice), 1, ByteCount, 1, hStream);
}

CUresult CUDAAPI cuMemcpyDtoDAsync(CUdeviceptr dstDevice, CUdeviceptr srcDevice, size_t ByteCount, CUstream hStream)
{
    return copy(DPTR(dstDevice), 1, DPTR(srcDevice), 1, ByteCount, 1, hStream);
}

CUresult CUDAAPI cuMemsetD8(CUdeviceptr dstDevice, unsigned char uc, size_t N)
{
    pthread_mutex_lock(&lock);
    CUresult rc = enter_locked();
    if (rc == CUDA_SUCCESS && N > 0 && find_span(DPTR(dstDevice), N, current->device) < 0)
        rc = CUDA_ERROR_INVALID_VALUE;
    pthread_mutex_unlock(&lock);
    if (rc == CUDA_SUCCESS && N > 0)
        memset(DPTR(dstDevice), uc, N);
    return leave(rc);
}

/* ------------------------------------------------------------------------------------------------ */
/* streams and events                                                                                */

CUresult CUDAAPI cuStreamCreate(CUstream *phStream, unsigned int Flags)
{
    pthread_mutex_lock(&lock);
    CUresult rc = enter_locked();
    if (rc == CUDA_SUCCESS && (phStream == NULL || (Flags & ~(unsigned)CU_STREAM_NON_BLOCKING)))
        rc = CUDA_ERROR_INVALID_VALUE;
    if (rc == CUDA_SUCCESS) {
        struct CUstream_st *s = calloc(1, sizeof *s);
        struct handle h = {s, STREAM};
        if (s == NULL || !push(&handles, &nhandles, &cap_handles, sizeof h, &h)) {
            free(s);
            rc = CUDA_ERROR_OUT_OF_MEMORY;
        } else {
            s->ctx = current;
            s->flags = Flags;
            *phStream = s;
        }
    }
    return leave_locked(rc);
}

CUresult CUDAAPI cuStreamDestroy(CUstream hStream)
{
    pthread_mutex_lock(&lock);
    CUresult rc = enter_locked();
    long i = rc == CUDA_SUCCESS ? find_handle(hStream, STREAM) : -1;
    if (rc == CUDA_SUCCESS && i < 0)
        rc = CUDA_ERROR_INVALID_HANDLE;
    if (rc == CUDA_SUCCESS) {
        drop_handle(i);
        free(hStream);
    }
    return leave_locked(rc);
}

CUresult CUDAAPI cuStreamSynchronize(CUstream hStream)
{
    pthread_mutex_lock(&lock);
    CUresult rc = enter_locked();
    if (rc == CUDA_SUCCESS && !valid_stream_locked(hStream))
        rc = CUDA_ERROR_INVALID_HANDLE;
    return leave_locked(rc);
}

CUresult CUDAAPI cuEventCreate(CUevent *phEvent, unsigned int Flags)
{
    pthread_mutex_lock(&lock);
    CUresult rc = enter_locked();
    unsigned all = CU_EVENT_BLOCKING_SYNC | CU_EVENT_DISABLE_TIMING | CU_EVENT_INTERPROCESS;
    if (rc == CUDA_SUCCESS && (phEvent == NULL || (Flags & ~all) ||
                               ((Flags & CU_EVENT_INTERPROCESS) && !(Flags & CU_EVENT_DISABLE_TIMING))))
        rc = CUDA_ERROR_INVALID_VALUE;
    if (rc == CUDA_SUCCESS) {
        struct CUevent_st *e = calloc(1, sizeof *e);
        struct handle h = {e, EVENT};
        if (e == NULL || !push(&handles, &nhandles, &cap_handles, sizeof h, &h)) {
            free(e);
            rc = CUDA_ERROR_OUT_OF_MEMORY;
        } else {
            e->ctx = current;
            e->flags = Flags;
            *phEvent = e;
        }
    }
    return leave_locked(rc);
}

CUresult CUDAAPI cuEventRecord(CUevent hEvent, CUstream hStream)
{
    pthread_mutex_lock(&lock);
    CUresult rc = enter_locked();
    if (rc == CUDA_SUCCESS && (find_handle(hEvent, EVENT) < 0 || !valid_stream_locked(hStream)))
        rc = CUDA_ERROR_INVALID_HANDLE;
    if (rc == CUDA_SUCCESS) {
        clock_gettime(CLOCK_MONOTONIC, &hEvent->when);
        hEvent->recorded = 1;
    }
    return leave_locked(rc);
}

/* Query and synchronize: the simulated work is complete when recorded (and a never-recorded event
 * counts as complete, as in CUDA). */
CUresult CUDAAPI cuEventQuery(CUevent hEvent)
{
    pthread_mutex_lock(&lock);
    CUresult rc = enter_locked();
    if (rc == CUDA_SUCCESS && find_handle(hEvent, EVENT) < 0)
        rc = CUDA_ERROR_INVALID_HANDLE;
    return leave_locked(rc);
}

CUresult CUDAAPI cuEventSynchronize(CUevent hEvent) { return cuEventQuery(hEvent); }

CUresult CUDAAPI cuEventElapsedTime(float *pMilliseconds, CUevent hStart, CUevent hEnd)
{
    pthread_mutex_lock(&lock);
    CUresult rc = enter_locked();
    if (rc == CUDA_SUCCESS && pMilliseconds == NULL)
        rc = CUDA_ERROR_INVALID_VALUE;
    if (rc == CUDA_SUCCESS &&
        (find_handle(hStart, EVENT) < 0 || find_handle(hEnd, EVENT) < 0 || !hStart->recorded || !hEnd->recorded ||
         ((hStart->flags | hEnd->flags) & CU_EVENT_DISABLE_TIMING)))
        rc = CUDA_ERROR_INVALID_HANDLE;
    if (rc == CUDA_SUCCESS) {
        double ms = (double)(hEnd->when.tv_sec - hStart->when.tv_sec) * 1e3 +
                    (double)(hEnd->when.tv_nsec - hStart->when.tv_nsec) / 1e6;
        *pMilliseconds = (float)ms;
    }
    return leave_locked(rc);
}

CUresult CUDAAPI cuEventDestroy(CUevent hEvent)
{
    pthread_mutex_lock(&lock);
    CUresult rc = enter_locked();
    long i = rc == CUDA_SUCCESS ? find_handle(hEvent, EVENT) : -1;
    if (rc == CUDA_SUCCESS && i < 0)
        rc = CUDA_ERROR_INVALID_HANDLE;
    if (rc == CUDA_SUCCESS) {
        drop_handle(i);
        free(hEvent);
    }
    return leave_locked(rc);
}

/* CUDA 13's header maps cuEventElapsedTime to cuEventElapsedTime_v2 (defined above); CUDA 12 drivers
 * export only the plain name, which a binding written for them looks up. Export it too. */
#undef cuEventElapsedTime
CUresult CUDAAPI cuEventElapsedTime(float *pMilliseconds, CUevent hStart, CUevent hEnd);
CUresult CUDAAPI cuEventElapsedTime(float *pMilliseconds, CUevent hStart, CUevent hEnd)
{
    return cuEventElapsedTime_v2(pMilliseconds, hStart, hEnd);
}
