package io.javagpu.kernel.evaluation;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.javagpu.kernel.logging.KernelLog;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;

import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import java.io.InputStream;
import java.io.Writer;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.javagpu.kernel.evaluation.InternalAccess.SNIPPET_PACKAGE;

/**
 * Compiles a snippet that is one plain expression (or a loop, {@code if}, {@code try} or {@code synchronized}
 * statement) in one javac pass. JShell takes four for an expression (parsing, typing the
 * expression, analyzing its wrapper, generating that) and its own bookkeeping around them: measured in one process,
 * JDK 17, javac on C1 as in the kernel, 0.7-0.8 ms against 11-14 ms per trivial expression.
 *
 * <p>The pass sees what JShell's passes see: JShell's own import lines for the session's imports and the declarations
 * the code names, its file manager (the classes of earlier snippets), its reused compiler contexts with the hooks
 * JShell puts on them (variables of types that cannot be written down, no access checks between snippets), and the
 * same purge of the snippet classes afterwards. Anything else is declined before it runs, and JShell evaluates it as
 * before, with its own messages: a declaration, a statement, code that ends with a brace, code that is not one
 * expression or statement once wrapped, code the pass finds an error in (a warning changes nothing, as in JShell), a
 * value of a type that a later declaration could not name ({@code null}, a capture). A declined snippet costs a parse
 * or, at most, one analysis.
 *
 * <p>The value goes into a {@code $N} field of the class, so that a later snippet can bring it back as it does a
 * JShell temporary ({@link RecentTemporaries}).
 */
final class OnePassExpressions {
    /**
     * A compiled expression: run {@code className.do_it$()}. {@code temporary}: the new {@code $N} that holds its
     * value, null for a variable's name or a plain assignment to one (whose value shows under that name, as in JShell)
     * and for a void call.
     * {@code shownName} and {@code sourceType} are null for a void call.
     */
    record Compiled(String className, ClassBytecodes[] classes, String temporary, String shownName, String sourceType,
                    int expressionLine) {
    }

    /** What a compilation that parsed but did not type gives inside this class: {@link #compile} may try it again. */
    private static final Compiled UNTYPED = new Compiled(null, null, null, null, null, 0);
    /** {@code -Djava.gpu.onePassExpressions=false} leaves every snippet to JShell (to compare, or should this misjudge one). */
    static final String SWITCH = "java.gpu.onePassExpressions";
    private static final String CLASS_PREFIX = "$Fast$";
    /** The wrapper's local variable for the value. */
    private static final String VALUE = "$value$";
    /** A statement the one pass takes (a {@code switch} may be an expression to JShell, so it is left to JShell). */
    private static final Pattern STATEMENT = Pattern.compile("\\s*(?:for|while|do|if|try|synchronized)\\b");
    /**
     * Snippets that JShell alone can take, told by their first word or a closing brace at the end: declarations (a
     * method's or a class's body, an array initializer), statements and blocks. An expression may hold braces (a block
     * lambda, an anonymous class, an array's elements); a declaration this misses costs a parse.
     */
    private static final Pattern NOT_AN_EXPRESSION = Pattern.compile(
            "(?s)\\s*(?:(?:import|class|interface|enum|record|public|private|protected|static|final|abstract|sealed|"
                    + "non-sealed|strictfp|synchronized|transient|volatile|native|default|void|var|if|for|while|do|try|"
                    + "switch|return|throw|break|continue|yield|assert|package|module)\\b|@).*|.*}\\s*");
    /** A qualified class name in a type's source form: its package, then the class (nested ones too). */
    private static final Pattern QUALIFIED_CLASS = Pattern.compile(
            "\\b((?:[a-z_][a-z0-9_]*\\.)*[a-z_][a-z0-9_]*)\\.([A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*)");
    private static final Pattern IDENTIFIER = Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*");
    /** A wrapper class named in a value's text: JShell's (which JShell removes from the values it shows) or one of these. */
    private static final Pattern WRAPPER_CLASS = Pattern.compile("(REPL\\.)?(\\$JShell\\$\\w+|\\$Fast\\$\\d+)[$.]?");

    private final JShell shell;
    /** JShell runs its passes holding this lock; so does this, as both use JShell's file manager. */
    private final Object taskFactory;
    private final Object snippetMaps;
    private final Method importsOf;
    /** A snippet's key, which JShell's import lines are left out by. */
    private final Method keyOf;
    /** JShell's way to show a class: by its simple name where the session imports it, else in full. */
    private final Method shownClassName;
    private final Object pool;
    private final Method getTask;
    private final Class<?> workerType;
    private final JavaFileManager fileManager;
    private final List<String> options;
    private final Method contextOf;
    /**
     * javac's {@code Trees} of a task, looked up once: {@code Trees.instance} finds this method by reflection at every
     * call (2% of a warm expression's CPU).
     */
    private final Method treesOf;
    /** The factories JShell registers in each context it uses (its parser's only on later JDKs): the first pass made in a context makes them. */
    private final List<Method> preRegisters;
    private final Constructor<?> variableTypes;
    private final ReplSymbolPurge purge;
    private int classCount;

    private OnePassExpressions(JShell shell) throws ReflectiveOperationException {
        this.shell = shell;
        taskFactory = InternalAccess.taskFactory(shell);
        snippetMaps = InternalAccess.field(JShell.class, "maps").get(shell);
        importsOf = InternalAccess.method(snippetMaps.getClass(), "packageAndImportsExcept", Set.class, Collection.class);
        keyOf = InternalAccess.method(Snippet.class, "key");
        shownClassName = InternalAccess.method(snippetMaps.getClass(), "fullClassNameAndPackageToClass", String.class, String.class);
        pool = InternalAccess.field(taskFactory.getClass(), "javacTaskPool").get(taskFactory);
        ClassLoader javac = pool.getClass().getClassLoader();
        workerType = Class.forName("com.sun.tools.javac.api.JavacTaskPool$Worker", false, javac);
        getTask = InternalAccess.method(pool.getClass(), "getTask", Writer.class, JavaFileManager.class,
                javax.tools.DiagnosticListener.class, Iterable.class, Iterable.class, Iterable.class, workerType);
        fileManager = (JavaFileManager) InternalAccess.method(taskFactory.getClass(), "fileManager").invoke(taskFactory);
        List<String> all = new ArrayList<>(List.of("-Xlint:unchecked,-strictfp", "-proc:none", "-parameters"));
        for (Object option : (List<?>) InternalAccess.field(JShell.class, "extraCompilerOptions").get(shell)) {
            all.add((String) option);
        }
        options = List.copyOf(all);
        contextOf = InternalAccess.method(Class.forName("com.sun.tools.javac.api.BasicJavacTask", false, javac), "getContext");
        treesOf = InternalAccess.method(Class.forName("com.sun.tools.javac.api.JavacTrees", false, javac), "instance",
                javax.tools.JavaCompiler.CompilationTask.class);
        Class<?> context = Class.forName("com.sun.tools.javac.util.Context", false, javac);
        ClassLoader jshell = JShell.class.getClassLoader();
        List<Method> registers = new ArrayList<>();
        registers.add(InternalAccess.method(Class.forName("jdk.jshell.TaskFactory$DisableAccessibilityResolve", false, jshell),
                "preRegister", context));
        try {
            registers.add(InternalAccess.method(Class.forName("jdk.jshell.TaskFactory$JShellAnalyzeParserFactory", false, jshell),
                    "preRegister", context));
        } catch (ClassNotFoundException absentBeforeJdk21) {
            // JDK 17's JShell parses with javac's own parser factory
        }
        preRegisters = List.copyOf(registers);
        variableTypes = Class.forName("jdk.jshell.TaskFactory$TaskListenerImpl", false, JShell.class.getClassLoader())
                .getDeclaredConstructor(context, JShell.class);
        variableTypes.setAccessible(true);
        purge = ReplSymbolPurge.of(javac);
    }

    /** For {@code shell}; null where JShell's or javac's internals differ (then JShell evaluates everything). */
    static OnePassExpressions of(JShell shell) {
        try {
            return new OnePassExpressions(shell);
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.debug("expressions go through JShell's passes (" + e + ")");
            return null;
        }
    }

    /**
     * {@code source} compiled, its value to be held in the temporary named {@code temporary} ({@code $N}); null when
     * declined or when it does not compile. When it parses but does not type and {@code beforeRetry} is given, that
     * runs and the compilation is tried once more: it gives JShell imports it held back, which can only bring names.
     * A parse error (a declaration such as {@code int n = 1}) is not tried again, as no import changes a parse.
     */
    Compiled compile(String source, String temporary, Runnable beforeRetry) {
        Compiled compiled = STATEMENT.matcher(source).lookingAt() ? compileStatement(source.strip())
                : compileExpression(source, temporary);
        if (compiled != UNTYPED) return compiled;
        if (beforeRetry == null) return null;
        beforeRetry.run();
        return compile(source, temporary, null);
    }

    private Compiled compileExpression(String source, String temporary) {
        String expression = withoutFinalSemicolon(source);
        if (expression.isEmpty() || NOT_AN_EXPRESSION.matcher(expression).matches() || expression.contains(VALUE)) return null;
        if (RecentTemporaries.namesIn(expression).contains(temporary)) return null;
        String className = CLASS_PREFIX + (++classCount);
        String header = header(className, expression);
        if (header == null) return null;
        // The expression starts on the line of its statement: javac numbers the code of an expression without calls
        // by the line its statement starts on.
        int expressionLine = lineAfter(header);
        String valued = header + "public static Object " + temporary + ";\n"
                + "public static Object do_it$() throws Throwable { var " + VALUE + " = (" + expression + "\n); "
                + temporary + " = " + VALUE + "; return " + VALUE + "; }\n}\n";
        Attempt attempt = run(className, valued, true);
        if (attempt == null) return null;
        if (attempt == Attempt.UNTYPED) return UNTYPED;
        if (attempt.isVoid) {
            String statement = header + "\npublic static Object do_it$() throws Throwable { " + expression + "\n; return null; }\n}\n";
            Attempt voidCall = run(className, statement, false);
            if (voidCall == Attempt.UNTYPED) return UNTYPED;
            if (voidCall == null || voidCall.classes == null) return null;
            return new Compiled(SNIPPET_PACKAGE + className, voidCall.classes, null, null, null, expressionLine);
        }
        if (attempt.classes == null) return null;
        boolean variableValue = attempt.variableName != null;
        return new Compiled(SNIPPET_PACKAGE + className, attempt.classes, variableValue ? null : temporary,
                variableValue ? attempt.variableName : temporary, attempt.sourceType, expressionLine);
    }

    /**
     * A loop, an {@code if}, a {@code try} or a {@code synchronized} block, run as JShell runs a statement: in a method
     * of its own, its variables local to it. One that cannot complete normally ({@code while (true)}) is left to
     * JShell, which wraps it differently.
     */
    private Compiled compileStatement(String statement) {
        String className = CLASS_PREFIX + (++classCount);
        String header = header(className, statement);
        if (header == null) return null;
        Attempt attempt = run(className, header + "\npublic static Object do_it$() throws Throwable { " + statement
                + "\nreturn null; }\n}\n", false);
        if (attempt == Attempt.UNTYPED) return UNTYPED;
        if (attempt == null || attempt.classes == null) return null;
        return new Compiled(SNIPPET_PACKAGE + className, attempt.classes, null, null, null, lineAfter(header));
    }

    /**
     * The wrapper's first lines: JShell's package and import lines for the session, and the class; null if unreachable.
     * A declaration's import is left out when {@code code} does not name it: javac reads the class file of every
     * snippet a wrapper imports, so with all of them a trivial expression grew from 8 to 11 ms with 100 declarations in
     * the notebook and to 18 ms with 400; without, it stays at 7-8 ms. A name the code does not contain cannot change
     * what the code means. (Where the code may spell a name with Unicode escapes, every import stays.)
     */
    String header(String className, String code) {
        try {
            Set<Object> unnamed = code.contains("\\u") ? null : declarationsNotNamedIn(code);
            return importsOf.invoke(snippetMaps, unnamed, null) + "\npublic class " + className + " {\n";
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The keys of the session's declarations whose name is none of the identifiers in {@code code}. */
    private Set<Object> declarationsNotNamedIn(String code) throws ReflectiveOperationException {
        Set<String> identifiers = new HashSet<>();
        Matcher identifier = IDENTIFIER.matcher(code);
        while (identifier.find()) identifiers.add(identifier.group());
        Set<Object> unnamed = new HashSet<>();
        for (Snippet snippet : (Iterable<Snippet>) shell.snippets()::iterator) {
            if (snippet instanceof DeclarationSnippet declaration && !identifiers.contains(declaration.name())) {
                unnamed.add(keyOf.invoke(snippet));
            }
        }
        return unnamed;
    }

    /**
     * What one pass made of a wrapper: the classes, or that the expression is a void call (to be compiled as a
     * statement); {@code variableName} when the expression is a variable's name or a plain assignment to one, whose
     * value JShell shows under that name without a temporary.
     */
    private record Attempt(ClassBytecodes[] classes, boolean isVoid, String sourceType, String variableName) {
        /** Parsed as the wrapper it should be, but javac's typing found errors. */
        static final Attempt UNTYPED = new Attempt(null, false, null, null);
    }

    private Attempt run(String className, String wrapper, boolean valued) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject file = new WrapperSource(className, wrapper);
        Object worker = Proxy.newProxyInstance(OnePassExpressions.class.getClassLoader(), new Class<?>[]{workerType},
                (proxy, method, args) -> switch (method.getName()) {
                    case "withTask" -> inTask((JavacTask) args[0], diagnostics, valued);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "OnePassExpressions.Worker";
                });
        try {
            Attempt attempt;
            synchronized (taskFactory) {
                attempt = (Attempt) getTask.invoke(pool, null, fileManager, diagnostics, options, null, List.of(file), worker);
            }
            if (attempt == null && KernelLog.debugging()) {
                KernelLog.debug("JShell takes the snippet: " + diagnostics.getDiagnostics().stream()
                        .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR).findFirst()
                        .map(diagnostic -> diagnostic.getMessage(java.util.Locale.ROOT)).orElse("not a plain expression"));
            }
            return attempt;
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.debug("one-pass compilation failed, JShell takes the snippet: " + e);
            return null;
        }
    }

    private Attempt inTask(JavacTask task, DiagnosticCollector<JavaFileObject> diagnostics, boolean valued) throws Exception {
        Object context = contextOf.invoke(task);
        for (Method preRegister : preRegisters) preRegister.invoke(null, context);
        task.addTaskListener((TaskListener) variableTypes.newInstance(context, shell));
        try {
            var units = task.parse();
            if (hasErrors(diagnostics)) return null;
            TreePath body = wrapperBody(units.iterator().next(), valued);
            if (body == null) return null;
            TreePath variablePath = null;
            String variableName = null;
            if (valued) {
                variablePath = new TreePath(body, ((BlockTree) body.getLeaf()).getStatements().get(0));
                variableName = nameOf((VariableTree) variablePath.getLeaf());
            }
            task.analyze();
            String sourceType = null;
            if (valued) {
                Trees trees = (Trees) treesOf.invoke(null, task);
                ExpressionTree initializer = ((VariableTree) variablePath.getLeaf()).getInitializer();
                TypeMirror type = trees.getTypeMirror(new TreePath(variablePath, initializer));
                if (type != null && type.getKind() == TypeKind.VOID) return new Attempt(null, true, null, null);
                if (hasErrors(diagnostics) || type == null) return Attempt.UNTYPED;
                sourceType = DeclarableTypes.nameInSource(type);
                if (sourceType == null) return null;
            } else if (hasErrors(diagnostics)) {
                return Attempt.UNTYPED;
            }
            List<ClassBytecodes> classes = new ArrayList<>();
            for (JavaFileObject generated : task.generate()) {
                try (InputStream in = generated.openInputStream()) {
                    classes.add(new ClassBytecodes(generated.getName(), in.readAllBytes()));
                }
            }
            if (hasErrors(diagnostics) || classes.isEmpty()) return null;
            return new Attempt(classes.toArray(ClassBytecodes[]::new), false, sourceType, variableName);
        } finally {
            purge.purge(context);
        }
    }

    /**
     * Errors only: JShell runs a snippet with warnings as it is, and a reused context repeats some notes in every later
     * pass (javac's "some messages have been simplified" once any message was).
     */
    private static boolean hasErrors(DiagnosticCollector<JavaFileObject> diagnostics) {
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
            if (diagnostic.getKind() == Diagnostic.Kind.ERROR) return true;
        }
        return false;
    }

    /**
     * The path to {@code do_it$}'s body when the unit is the wrapper as written and nothing more, else null: code that
     * closes the wrapper's parentheses or braces itself ({@code 1) + (2}, {@code 1); int y = (2}) is not one expression
     * or statement, and JShell refuses it. A valued wrapper holds the {@code $N} field and {@code do_it$}, which declares
     * {@code $value$} as the parenthesized expression, stores it and returns it; any other holds {@code do_it$} alone,
     * with the code and {@code return null}. Made on the way down: searching the unit for the value
     * ({@code TreePath.getPath}) scanned every import and declaration of the wrapper, 3% of a cell's CPU.
     */
    private static TreePath wrapperBody(CompilationUnitTree unit, boolean valued) {
        ClassTree wrapper = null;
        for (Tree type : unit.getTypeDecls()) {
            if (!(type instanceof ClassTree clazz)) continue;
            if (wrapper != null) return null;
            wrapper = clazz;
        }
        if (wrapper == null) return null;
        List<? extends Tree> members = wrapper.getMembers();
        if (members.size() != (valued ? 2 : 1) || !(members.get(members.size() - 1) instanceof MethodTree doIt)
                || !doIt.getName().contentEquals("do_it$") || doIt.getBody() == null) {
            return null;
        }
        List<? extends StatementTree> statements = doIt.getBody().getStatements();
        if (statements.size() != (valued ? 3 : 2)) return null;
        if (valued && !(statements.get(0) instanceof VariableTree value && value.getInitializer() instanceof ParenthesizedTree)) {
            return null;
        }
        return new TreePath(new TreePath(new TreePath(new TreePath(unit), wrapper), doIt), doIt.getBody());
    }

    /**
     * The variable a value shows under, with no temporary, as JShell tells it: the expression (inside the wrapper's own
     * parentheses) is a variable's name or a plain assignment to one ({@code x = 7}); null for anything else, which
     * gets a temporary (a compound assignment and an assignment to an array element too, as in JShell). Read before
     * generating, which rewrites the tree.
     */
    private static String nameOf(VariableTree value) {
        ExpressionTree expression = value.getInitializer();
        if (expression instanceof ParenthesizedTree wrapperParentheses) expression = wrapperParentheses.getExpression();
        if (expression instanceof AssignmentTree assignment) expression = assignment.getVariable();
        return expression instanceof IdentifierTree identifier ? identifier.getName().toString() : null;
    }

    /**
     * As JShell shows a type: a snippet's class by its own name, a class of {@code java.lang} or of an imported
     * package by its simple name ({@code Map.Entry<String,Integer>}), any other in full.
     */
    String displayName(String sourceType) {
        Matcher qualified = QUALIFIED_CLASS.matcher(expunge(sourceType));
        StringBuilder shown = new StringBuilder();
        while (qualified.find()) {
            String packageName = qualified.group(1);
            String fullName = packageName + "." + qualified.group(2);
            qualified.appendReplacement(shown, Matcher.quoteReplacement(shownClassName(fullName, packageName)));
        }
        qualified.appendTail(shown);
        return shown.toString();
    }

    private String shownClassName(String fullName, String packageName) {
        try {
            return (String) shownClassName.invoke(snippetMaps, fullName, packageName);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return fullName;
        }
    }

    private static String withoutFinalSemicolon(String source) {
        String trimmed = source.strip();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1).strip() : trimmed;
    }

    /** The 1-based line after the last line of {@code header} (which ends with a newline): where {@code do_it$} starts. */
    private static int lineAfter(String header) {
        return SourcePositions.lineOf(header, header.length()) + 2;
    }

    /** A value's text as JShell shows it: {@code REPL.$JShell$3$Point@1b6d} as {@code Point@1b6d}. */
    static String expunge(String text) {
        return text.indexOf('$') < 0 ? text : WRAPPER_CLASS.matcher(text).replaceAll("");
    }

    /** Whether {@code className} (as a stack frame names it) is one of the classes this compiles, or nested in one. */
    static boolean isOwnClass(String className) {
        return className.startsWith(SNIPPET_PACKAGE + CLASS_PREFIX);
    }

    /** "REPL.$Fast$12" for "REPL.$Fast$12$1" (a class javac made for it, such as a switch's map). */
    static String outerClassOf(String className) {
        int nested = className.indexOf('$', (SNIPPET_PACKAGE + CLASS_PREFIX).length());
        return nested < 0 ? className : className.substring(0, nested);
    }

    private static final class WrapperSource extends SimpleJavaFileObject {
        private final String code;

        WrapperSource(String className, String code) {
            super(URI.create("string:///REPL/" + className + ".java"), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
