package io.javagpu.kernel.evaluation;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Rewrites the class files compiled for cells so that {@code System.exit(n)}, {@code Runtime.exit(n)} and
 * {@code Runtime.halt(n)} call {@link CellExit} instead, which throws: in a notebook those calls would end the kernel.
 * Only the constant pool grows and call instructions change in place (same length), so no offset moves. Calls made
 * by library code (not compiled in a cell) are not rewritten.
 */
final class ExitCallRewriter {
    private static final String TARGET = CellExit.class.getName().replace('.', '/');
    private static final int INVOKEVIRTUAL = 0xb6;
    private static final int INVOKESTATIC = 0xb8;

    private final byte[] original;
    private final ByteBuffer in;
    private final String[] utf8;
    private final int[] tags;
    private final int[] offsets;
    private int constantPoolEnd;

    private ExitCallRewriter(byte[] classFile) {
        this.original = classFile;
        this.in = ByteBuffer.wrap(classFile);
        int count = in.getShort(8) & 0xffff;
        this.utf8 = new String[count];
        this.tags = new int[count];
        this.offsets = new int[count];
    }

    /** The class file with exit calls redirected, or the same array when it makes none (or cannot be read). */
    static byte[] rewrite(byte[] classFile) {
        try {
            return new ExitCallRewriter(classFile).rewrite();
        } catch (RuntimeException unreadable) {
            return classFile;
        }
    }

    private byte[] rewrite() {
        readConstantPool();
        Integer systemExit = null;
        Map<Integer, String> runtimeCalls = new HashMap<>();
        for (int i = 1; i < tags.length; i++) {
            if (tags[i] != 10) continue;
            String owner = className(in.getShort(offsets[i] + 1) & 0xffff);
            int nameAndType = in.getShort(offsets[i] + 3) & 0xffff;
            String name = utf8[in.getShort(offsets[nameAndType] + 1) & 0xffff];
            String descriptor = utf8[in.getShort(offsets[nameAndType] + 3) & 0xffff];
            if (!"(I)V".equals(descriptor)) continue;
            if ("java/lang/System".equals(owner) && "exit".equals(name)) systemExit = i;
            if ("java/lang/Runtime".equals(owner) && ("exit".equals(name) || "halt".equals(name))) runtimeCalls.put(i, name);
        }
        if (systemExit == null && runtimeCalls.isEmpty()) return original;

        byte[] patched = original.clone();
        ByteBuffer out = ByteBuffer.wrap(patched);
        ConstantPoolTail tail = new ConstantPoolTail(tags.length);
        int targetClass = tail.classEntry(tail.utf8(TARGET));
        if (systemExit != null) out.putShort(offsets[systemExit] + 1, (short) targetClass);
        Map<Integer, Integer> replacements = new HashMap<>();
        int staticDescriptor = runtimeCalls.isEmpty() ? 0 : tail.utf8("(Ljava/lang/Runtime;I)V");
        for (Map.Entry<Integer, String> call : runtimeCalls.entrySet()) {
            int nameAndType = tail.nameAndType(tail.utf8(call.getValue()), staticDescriptor);
            replacements.put(call.getKey(), tail.methodref(targetClass, nameAndType));
        }
        if (!replacements.isEmpty()) redirectRuntimeCalls(out, replacements);

        ByteArrayOutputStream result = new ByteArrayOutputStream(patched.length + tail.size() + 8);
        result.write(patched, 0, 8);
        result.write(tail.count() >>> 8);
        result.write(tail.count());
        result.write(patched, 10, constantPoolEnd - 10);
        result.writeBytes(tail.bytes());
        result.write(patched, constantPoolEnd, patched.length - constantPoolEnd);
        return result.toByteArray();
    }

    private void readConstantPool() {
        int position = 10;
        for (int i = 1; i < tags.length; i++) {
            int tag = in.get(position) & 0xff;
            tags[i] = tag;
            offsets[i] = position;
            switch (tag) {
                case 1 -> {
                    int length = in.getShort(position + 1) & 0xffff;
                    utf8[i] = new String(original, position + 3, length, StandardCharsets.UTF_8);
                    position += 3 + length;
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> position += 5;
                case 5, 6 -> {
                    position += 9;
                    i++;
                }
                case 7, 8, 16, 19, 20 -> position += 3;
                case 15 -> position += 4;
                default -> throw new IllegalArgumentException("constant pool tag " + tag);
            }
        }
        constantPoolEnd = position;
    }

    private String className(int classIndex) {
        return utf8[in.getShort(offsets[classIndex] + 1) & 0xffff];
    }

    /** Turns {@code invokevirtual Runtime.exit/halt} into {@code invokestatic CellExit.exit/halt(Runtime, int)}. */
    private void redirectRuntimeCalls(ByteBuffer out, Map<Integer, Integer> replacements) {
        int position = constantPoolEnd + 6;
        position += 2 + 2 * (in.getShort(position) & 0xffff);
        position = skipMembers(position, null, null);
        skipMembers(position, out, replacements);
    }

    /** Walks fields or methods; with {@code out}, patches the code of each method. Returns the position after them. */
    private int skipMembers(int position, ByteBuffer out, Map<Integer, Integer> replacements) {
        int count = in.getShort(position) & 0xffff;
        position += 2;
        for (int member = 0; member < count; member++) {
            int attributes = in.getShort(position + 6) & 0xffff;
            position += 8;
            for (int a = 0; a < attributes; a++) {
                String name = utf8[in.getShort(position) & 0xffff];
                int length = in.getInt(position + 2);
                if (out != null && "Code".equals(name)) patchCode(position + 6, out, replacements);
                position += 6 + length;
            }
        }
        return position;
    }

    private void patchCode(int codeAttribute, ByteBuffer out, Map<Integer, Integer> replacements) {
        int length = in.getInt(codeAttribute + 4);
        int start = codeAttribute + 8;
        int pc = 0;
        while (pc < length) {
            int opcode = in.get(start + pc) & 0xff;
            if (opcode == INVOKEVIRTUAL) {
                Integer replacement = replacements.get(in.getShort(start + pc + 1) & 0xffff);
                if (replacement != null) {
                    out.put(start + pc, (byte) INVOKESTATIC);
                    out.putShort(start + pc + 1, (short) (int) replacement);
                }
            }
            pc += instructionLength(start, pc, opcode);
        }
    }

    private int instructionLength(int start, int pc, int opcode) {
        switch (opcode) {
            case 0x10, 0x12, 0x15, 0x16, 0x17, 0x18, 0x19, 0x36, 0x37, 0x38, 0x39, 0x3a, 0xa9, 0xbc:
                return 2;
            case 0x11, 0x13, 0x14, 0x84, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xbb, 0xbd, 0xc0, 0xc1, 0xc6, 0xc7:
                return 3;
            case 0xc5:
                return 4;
            case 0xb9, 0xba, 0xc8, 0xc9:
                return 5;
            case 0xc4:
                return (in.get(start + pc + 1) & 0xff) == 0x84 ? 6 : 4;
            case 0xaa: {
                int base = pc + 1 + ((4 - (pc + 1) % 4) % 4);
                int low = in.getInt(start + base + 4);
                int high = in.getInt(start + base + 8);
                return base + 12 + 4 * (high - low + 1) - pc;
            }
            case 0xab: {
                int base = pc + 1 + ((4 - (pc + 1) % 4) % 4);
                int pairs = in.getInt(start + base + 4);
                return base + 8 + 8 * pairs - pc;
            }
            default:
                if (opcode >= 0x99 && opcode <= 0xa8) return 3;
                return 1;
        }
    }

    /** Constant pool entries appended after the existing ones. */
    private static final class ConstantPoolTail {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream data = new DataOutputStream(bytes);
        private int next;

        ConstantPoolTail(int firstIndex) {
            this.next = firstIndex;
        }

        int utf8(String text) {
            return add(() -> {
                data.writeByte(1);
                data.writeUTF(text);
            });
        }

        int classEntry(int nameIndex) {
            return add(() -> {
                data.writeByte(7);
                data.writeShort(nameIndex);
            });
        }

        int nameAndType(int nameIndex, int descriptorIndex) {
            return add(() -> {
                data.writeByte(12);
                data.writeShort(nameIndex);
                data.writeShort(descriptorIndex);
            });
        }

        int methodref(int classIndex, int nameAndTypeIndex) {
            return add(() -> {
                data.writeByte(10);
                data.writeShort(classIndex);
                data.writeShort(nameAndTypeIndex);
            });
        }

        private interface Entry {
            void write() throws IOException;
        }

        private int add(Entry entry) {
            try {
                entry.write();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return next++;
        }

        int count() {
            return next;
        }

        int size() {
            return bytes.size();
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
