package io.javagpu.gpu.cuda;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Downcall handles for the exported functions of one library, found with {@link SymbolLookup#find} when the library
 * is loaded so that a missing one is named at once (never a late UnsatisfiedLinkError).
 */
final class NativeFunctions {
    private static final Linker LINKER = Linker.nativeLinker();

    private final SymbolLookup lookup;
    private final List<String> missing = new ArrayList<>();

    NativeFunctions(SymbolLookup lookup) {
        this.lookup = lookup;
    }

    /** A required function; when missing it is recorded and a handle that fails is returned. */
    MethodHandle required(String name, FunctionDescriptor descriptor) {
        MethodHandle h = optional(name, descriptor);
        if (h != null) return h;
        missing.add(name);
        return missingHandle(name, descriptor);
    }

    /** A function this code can do without (null when absent). */
    MethodHandle optional(String name, FunctionDescriptor descriptor) {
        Optional<MemorySegment> symbol = lookup.find(name);
        return symbol.map(s -> LINKER.downcallHandle(s, descriptor)).orElse(null);
    }

    /** The first of {@code names} that exists (the _v2 form before the old one), recorded as missing when none does. */
    MethodHandle firstOf(FunctionDescriptor descriptor, String... names) {
        for (String name : names) {
            MethodHandle h = optional(name, descriptor);
            if (h != null) return h;
        }
        missing.add(String.join(" or ", names));
        return missingHandle(names[0], descriptor);
    }

    List<String> missing() {
        return List.copyOf(missing);
    }

    private static MethodHandle missingHandle(String name, FunctionDescriptor descriptor) {
        MethodType type = descriptor.toMethodType();
        MethodHandle thrower = MethodHandles.throwException(type.returnType(), UnsupportedOperationException.class)
                .bindTo(new UnsupportedOperationException(name + " is missing from the library"));
        return MethodHandles.dropArguments(thrower, 0, type.parameterList());
    }
}
