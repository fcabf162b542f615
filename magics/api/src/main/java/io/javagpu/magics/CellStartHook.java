package io.javagpu.magics;

/**
 * Runs on the thread of every cell, just before the cell's code: for state that belongs to a thread, such as the CUDA
 * device selected with {@code %gpu device N}. Implementations are found with {@link java.util.ServiceLoader}
 * (META-INF/services/io.javagpu.magics.CellStartHook); they must be quick and must not throw.
 */
public interface CellStartHook {
    void beforeCell();
}
