package io.javagpu.gpu.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** The CUDA driver API functions %gpu calls, bound by their exported (_v2) names. Each returns a CUresult. */
final class ForeignDriver {
    private static final FunctionDescriptor I_A = FunctionDescriptor.of(JAVA_INT, ADDRESS);
    private static final FunctionDescriptor I_AI = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);
    private static final FunctionDescriptor I_AII = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final FunctionDescriptor I_AA = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);

    private final MethodHandle init, driverGetVersion, deviceGetCount, deviceGet, deviceGetName, deviceGetAttribute,
            deviceTotalMem, deviceGetPciBusId, primaryCtxRetain, ctxGetCurrent, ctxSetCurrent, ctxSynchronize, memGetInfo,
            memAlloc, memFree, memHostAlloc, memFreeHost, memcpyHtoD, memcpyDtoH, memcpyHtoDAsync, memcpyDtoHAsync,
            memcpyDtoDAsync, streamCreate, streamDestroy, streamSynchronize, eventCreate, eventRecord, eventSynchronize,
            eventElapsedTime, eventDestroy, getErrorName, getErrorString;
    private final List<String> missing;

    ForeignDriver(SymbolLookup lookup) {
        NativeFunctions f = new NativeFunctions(lookup);
        init = f.required("cuInit", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        driverGetVersion = f.required("cuDriverGetVersion", I_A);
        deviceGetCount = f.required("cuDeviceGetCount", I_A);
        deviceGet = f.required("cuDeviceGet", I_AI);
        deviceGetName = f.required("cuDeviceGetName", I_AII);
        deviceGetAttribute = f.required("cuDeviceGetAttribute", I_AII);
        deviceTotalMem = f.required("cuDeviceTotalMem_v2", I_AI);
        deviceGetPciBusId = f.required("cuDeviceGetPCIBusId", I_AII);
        primaryCtxRetain = f.required("cuDevicePrimaryCtxRetain", I_AI);
        ctxGetCurrent = f.required("cuCtxGetCurrent", I_A);
        ctxSetCurrent = f.required("cuCtxSetCurrent", I_A);
        ctxSynchronize = f.required("cuCtxSynchronize", FunctionDescriptor.of(JAVA_INT));
        memGetInfo = f.required("cuMemGetInfo_v2", I_AA);
        memAlloc = f.required("cuMemAlloc_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        memFree = f.required("cuMemFree_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        memHostAlloc = f.required("cuMemHostAlloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
        memFreeHost = f.required("cuMemFreeHost", I_A);
        memcpyHtoD = f.required("cuMemcpyHtoD_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG));
        memcpyDtoH = f.required("cuMemcpyDtoH_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
        memcpyHtoDAsync = f.required("cuMemcpyHtoDAsync_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS));
        memcpyDtoHAsync = f.required("cuMemcpyDtoHAsync_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS));
        memcpyDtoDAsync = f.required("cuMemcpyDtoDAsync_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS));
        streamCreate = f.required("cuStreamCreate", I_AI);
        streamDestroy = f.required("cuStreamDestroy_v2", I_A);
        streamSynchronize = f.required("cuStreamSynchronize", I_A);
        eventCreate = f.required("cuEventCreate", I_AI);
        eventRecord = f.required("cuEventRecord", I_AA);
        eventSynchronize = f.required("cuEventSynchronize", I_A);
        // CUDA 13 drivers export cuEventElapsedTime_v2; CUDA 12 drivers only cuEventElapsedTime (same arguments)
        eventElapsedTime = f.firstOf(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), "cuEventElapsedTime_v2", "cuEventElapsedTime");
        eventDestroy = f.required("cuEventDestroy_v2", I_A);
        getErrorName = f.required("cuGetErrorName", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        getErrorString = f.required("cuGetErrorString", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        missing = f.missing();
    }

    List<String> missing() {
        return missing;
    }

    /** A status, or the failure of the call itself (a missing symbol) as -1. */
    @FunctionalInterface
    interface Call {
        int run() throws Throwable;
    }

    static int status(Call call) {
        try {
            return call.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    int init() { return status(() -> (int) init.invokeExact(0)); }
    int driverGetVersion(MemorySegment v) { return status(() -> (int) driverGetVersion.invokeExact(v)); }
    int deviceGetCount(MemorySegment v) { return status(() -> (int) deviceGetCount.invokeExact(v)); }
    int deviceGet(MemorySegment d, int ordinal) { return status(() -> (int) deviceGet.invokeExact(d, ordinal)); }
    int deviceGetName(MemorySegment name, int len, int dev) { return status(() -> (int) deviceGetName.invokeExact(name, len, dev)); }
    int deviceGetAttribute(MemorySegment v, int attr, int dev) { return status(() -> (int) deviceGetAttribute.invokeExact(v, attr, dev)); }
    int deviceTotalMem(MemorySegment v, int dev) { return status(() -> (int) deviceTotalMem.invokeExact(v, dev)); }
    int deviceGetPciBusId(MemorySegment id, int len, int dev) { return status(() -> (int) deviceGetPciBusId.invokeExact(id, len, dev)); }
    int primaryCtxRetain(MemorySegment ctx, int dev) { return status(() -> (int) primaryCtxRetain.invokeExact(ctx, dev)); }
    int ctxGetCurrent(MemorySegment ctx) { return status(() -> (int) ctxGetCurrent.invokeExact(ctx)); }
    int ctxSetCurrent(MemorySegment ctx) { return status(() -> (int) ctxSetCurrent.invokeExact(ctx)); }
    int ctxSynchronize() { return status(() -> (int) ctxSynchronize.invokeExact()); }
    int memGetInfo(MemorySegment free, MemorySegment total) { return status(() -> (int) memGetInfo.invokeExact(free, total)); }
    int memAlloc(MemorySegment ptr, long bytes) { return status(() -> (int) memAlloc.invokeExact(ptr, bytes)); }
    int memFree(long ptr) { return status(() -> (int) memFree.invokeExact(ptr)); }
    int memHostAlloc(MemorySegment ptr, long bytes, int flags) { return status(() -> (int) memHostAlloc.invokeExact(ptr, bytes, flags)); }
    int memFreeHost(MemorySegment ptr) { return status(() -> (int) memFreeHost.invokeExact(ptr)); }
    int memcpyHtoD(long dst, MemorySegment src, long bytes) { return status(() -> (int) memcpyHtoD.invokeExact(dst, src, bytes)); }
    int memcpyDtoH(MemorySegment dst, long src, long bytes) { return status(() -> (int) memcpyDtoH.invokeExact(dst, src, bytes)); }
    int memcpyHtoDAsync(long dst, MemorySegment src, long bytes, MemorySegment s) { return status(() -> (int) memcpyHtoDAsync.invokeExact(dst, src, bytes, s)); }
    int memcpyDtoHAsync(MemorySegment dst, long src, long bytes, MemorySegment s) { return status(() -> (int) memcpyDtoHAsync.invokeExact(dst, src, bytes, s)); }
    int memcpyDtoDAsync(long dst, long src, long bytes, MemorySegment s) { return status(() -> (int) memcpyDtoDAsync.invokeExact(dst, src, bytes, s)); }
    int streamCreate(MemorySegment s, int flags) { return status(() -> (int) streamCreate.invokeExact(s, flags)); }
    int streamDestroy(MemorySegment s) { return status(() -> (int) streamDestroy.invokeExact(s)); }
    int streamSynchronize(MemorySegment s) { return status(() -> (int) streamSynchronize.invokeExact(s)); }
    int eventCreate(MemorySegment e, int flags) { return status(() -> (int) eventCreate.invokeExact(e, flags)); }
    int eventRecord(MemorySegment e, MemorySegment s) { return status(() -> (int) eventRecord.invokeExact(e, s)); }
    int eventSynchronize(MemorySegment e) { return status(() -> (int) eventSynchronize.invokeExact(e)); }
    int eventElapsedTime(MemorySegment ms, MemorySegment a, MemorySegment b) { return status(() -> (int) eventElapsedTime.invokeExact(ms, a, b)); }
    int eventDestroy(MemorySegment e) { return status(() -> (int) eventDestroy.invokeExact(e)); }

    /** CUDA_ERROR_NO_DEVICE for 100; "CUresult N" when the driver has no name for it. */
    String errorName(int code) {
        return text(code, getErrorName, "CUresult " + code);
    }

    String errorText(int code) {
        return text(code, getErrorString, "no text for CUresult " + code);
    }

    private static String text(int code, MethodHandle function, String fallback) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            int status = (int) function.invokeExact(code, out);
            MemorySegment s = out.get(ADDRESS, 0);
            if (status != 0 || s.equals(MemorySegment.NULL)) return fallback;
            return s.reinterpret(4096).getString(0);
        } catch (Throwable t) {
            return fallback;
        }
    }
}
