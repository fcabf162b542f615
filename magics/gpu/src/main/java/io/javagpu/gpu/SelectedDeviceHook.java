package io.javagpu.gpu;

import io.javagpu.magics.CellStartHook;

/** Makes the device chosen with {@code %gpu device N} current on each cell's thread. */
public final class SelectedDeviceHook implements CellStartHook {
    @Override
    public void beforeCell() {
        GpuDevices.applyToCurrentThread();
    }
}
