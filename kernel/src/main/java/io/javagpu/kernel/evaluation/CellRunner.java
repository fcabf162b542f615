package io.javagpu.kernel.evaluation;

import io.javagpu.magics.CellParser;
import io.javagpu.magics.EvaluationException;
import io.javagpu.magics.Magic;
import io.javagpu.magics.MagicContext;
import io.javagpu.magics.MagicException;
import io.javagpu.magics.MagicRegistry;
import io.javagpu.magics.MagicResults;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one cell: its Java code through JShell and its magics through the registry, in the order written. Only Java
 * waits for JShell to be built; a magic before it runs at once.
 */
public final class CellRunner {
    private final JShellStart shell;
    private final MagicRegistry registry;
    private final MagicContext context;

    CellRunner(JShellStart shell, MagicRegistry registry, MagicContext context) {
        this.shell = shell;
        this.registry = registry;
        this.context = context;
    }

    public Optional<EvaluatedValue> run(String cell) throws EvaluationException {
        Optional<EvaluatedValue> last = Optional.empty();
        for (CellParser.Segment segment : CellParser.parse(cell)) {
            if (segment instanceof CellParser.Code code) {
                last = shell.await().evaluate(code.source(), code.firstLine());
            } else if (segment instanceof CellParser.LineMagic line) {
                Object result = runMagic(line.name(), magic -> requireLine(magic).runLine(context, line.args()), line.line());
                last = line.isExpression() ? shell.await().evaluate(assignResult(line, result), line.line()) : Optional.empty();
            } else if (segment instanceof CellParser.CellMagic cellMagic) {
                runMagic(cellMagic.name(), magic -> requireCell(magic).runCell(context, cellMagic.args(), cellMagic.body()), 0);
                last = Optional.empty();
            }
        }
        return last;
    }

    private interface MagicCall {
        Object call(Magic magic) throws Exception;
    }

    private Object runMagic(String name, MagicCall call, int line) throws EvaluationException {
        Magic magic = registry.find(name).orElseThrow(() -> {
            String message = registry.unknownMagicMessage(name);
            return new EvaluationException("UnknownMagic", message, List.of(Errors.red("UnknownMagic") + ": " + message));
        });
        try {
            return call.call(magic);
        } catch (MagicException e) {
            throw new EvaluationException("MagicError", e.getMessage(),
                    List.of(Errors.red("MagicError") + " (%" + name + ", cell line " + (line + 1) + "): " + e.getMessage()));
        } catch (EvaluationException e) {
            throw e;
        } catch (InterruptedException e) {
            throw new EvaluationException("InterruptedException", "Execution interrupted",
                    List.of(Errors.red("Interrupted") + ": %" + name + " was stopped at your request"));
        } catch (Exception | LinkageError e) {
            throw Errors.fromThrowable(e, "%" + name);
        }
    }

    private static Magic requireLine(Magic magic) throws MagicException {
        if (!magic.isLineMagic()) throw new MagicException("%" + magic.name() + " is a cell magic: use %%" + magic.name() + " on the first line of a cell");
        return magic;
    }

    private static Magic requireCell(Magic magic) throws MagicException {
        if (!magic.isCellMagic()) throw new MagicException("%%" + magic.name() + " is not a cell magic: use %" + magic.name() + " on a line");
        return magic;
    }

    /** {@code var r = %x} becomes {@code var r = (Type) MagicResults.take(id);} with the most precise public type. */
    private static String assignResult(CellParser.LineMagic line, Object result) {
        long id = MagicResults.park(result);
        String take = "io.javagpu.magics.MagicResults.take(" + id + "L)";
        String type = result == null ? "Object" : publicTypeName(result.getClass());
        return line.assignment() + "(" + type + ") " + take + ";";
    }

    /**
     * The type a magic's result is declared with: the class itself when it can be named from notebook code, else
     * its first nameable superclass, unless that is only an abstract skeleton (AbstractCollection) and a hidden
     * class on the way implements a richer public interface (List).
     */
    static String publicTypeName(Class<?> type) {
        if (type.isArray()) return publicTypeName(type.getComponentType()) + "[]";
        if (type.isPrimitive()) return type.getName();
        List<Class<?>> hiddenInterfaces = new ArrayList<>();
        Class<?> current = type;
        while (current != null && !isNameable(current)) {
            for (Class<?> candidate : current.getInterfaces()) {
                if (isNameable(candidate)) hiddenInterfaces.add(candidate);
            }
            current = current.getSuperclass();
        }
        Class<?> superclass = current == null ? Object.class : current;
        boolean skeleton = superclass == Object.class || Modifier.isAbstract(superclass.getModifiers());
        if (skeleton && !hiddenInterfaces.isEmpty()) {
            Class<?> richest = hiddenInterfaces.stream()
                    .max(java.util.Comparator.comparingInt(candidate -> candidate.getMethods().length)).orElseThrow();
            if (richest.getMethods().length > 0) return richest.getCanonicalName();
        }
        return superclass.getCanonicalName();
    }

    private static boolean isNameable(Class<?> type) {
        if (!Modifier.isPublic(type.getModifiers()) || type.getCanonicalName() == null) return false;
        if (type.getName().startsWith("io.javagpu.shaded.")) return false;
        for (Class<?> outer = type.getEnclosingClass(); outer != null; outer = outer.getEnclosingClass()) {
            if (!Modifier.isPublic(outer.getModifiers())) return false;
        }
        return true;
    }
}
