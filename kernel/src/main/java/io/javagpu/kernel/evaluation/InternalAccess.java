package io.javagpu.kernel.evaluation;

import java.lang.reflect.Field;

/** Fields of JShell's and javac's internals, opened to the kernel by its jar manifest's {@code Add-Opens}. */
final class InternalAccess {
    private InternalAccess() {
    }

    static Field field(Class<?> owner, String name) throws NoSuchFieldException {
        Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
