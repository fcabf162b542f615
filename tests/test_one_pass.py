"""Expressions and statements in one javac pass (OnePassExpressions) give a notebook what JShell's passes give it.

The same cells run in two kernels, one with one-pass expressions and one with `-Djava.gpu.onePassExpressions=false`
(every snippet through JShell); values, output, errors with their tracebacks, temporaries and `%vars` must be the
same, apart from identity hash codes and generated names.
"""
import re

import pytest

from kernel_client import start_kernel

JSHELL_ONLY = {"JAVA_TOOL_OPTIONS": "-Djava.gpu.onePassExpressions=false"}
# an expression that tells which class ran it: one of the one pass's, or JShell's wrapper
PATH_PROBE = "new Throwable().getStackTrace()[0].getClassName().contains(\"Fast\")"

CELLS = [
    "1+1", "'a'", "\"s\" + 1", "1.5f", "10L", "(byte) 3", "true", "null", "2 > 1 ? \"x\" : null",
    "List.of(1, 2)", "Map.of(\"a\", 1)", "new int[3]", "Math.max(3, 4)", "Math.PI",
    "int x = 5;", "x", "x * 2", "(x)", "x = 7", "x += 1", "x++", "$1", "$4 + 1", "$2.length()",
    "System.out.println(\"hi\")", "System.out.print(x)", "String.format(\"%d\", x)",
    "List<?> w = List.of(1);", "w.get(0)", "w", "var anon = new Object() { int f = 3; };", "anon.f",
    "int f(int a) { return a * 3; }", "f(2)", "f(\"a\")", "missing + 1", "1 / 0", "Integer.parseInt(\"zz\")",
    "List.of(1, 2).stream()\n  .map(i -> i / 0)\n  .toList()",
    "String g() { return h(); }", "g()", "String h() { return \"late\"; }", "g()",
    "enum Color { RED, GREEN }", "Color.RED", "switch (Color.GREEN) { case RED -> 1; default -> 2; }",
    "java.util.stream.IntStream.range(0, 5).sum()", "new StringBuilder(\"ab\").reverse()",
    "(Comparable<Integer>) 5", "List.of(1, \"a\")", "\"multi\" +\n  \"line\"", "/* c */ 6 * 7 // answer",
    "int[] arr = {1, 2, 3};", "arr[1] = 9", "arr", "record P(int a) {}", "new P(4)",
    "class Box {}", "new Box()", "new Box().getClass().getName()", "(Runnable) () -> System.out.print(\"\")",
    "List.of(new Box(), new Box()).get(0) == null ? 0 : (Object) new Box()", "(Object) new Box[0]",
    "throw new IllegalStateException(\"boom\")", "LocalDate.of(2020, 1, 2)", "BigInteger.TWO.pow(100)",
    "for (int i = 0; i < 3; i++) System.out.print(i);", "for (int i = 0; i < 3; i++) { x += i; }", "x",
    "if (x > 3) System.out.println(\"big\"); else System.out.println(\"small\");", "while (x > 100) x--;",
    "try { Integer.parseInt(\"q\"); } catch (NumberFormatException e) { System.out.println(\"caught \" + e.getMessage()); }",
    "for (int i = 0; i < 2; i++) { class Local { int v = 2; } System.out.print(new Local().v); }",
    "for (int i = 0; i < 2; i++)\n  Integer.parseInt(\"bad\" + i);", "if (true) throw new RuntimeException(\"in if\");",
    "do { x--; } while (x > 20);", "do { throw new IllegalStateException(\"always\"); } while (false);",
    "while (true) { break; }", "for (String s : List.of(\"a\", \"b\")) System.out.print(s.toUpperCase());",
    "for (int i = 0; i < 3; i++) System.out.print(i)", "synchronized (List.class) { x++; }",
    "1 + 1;\n$30 * 2", "x = x * 2", "(x = 3)", "arr[0] += 5", "Object o = 1;", "o = \"s\"", "o = null",
    "long big = 1;", "big = Integer.MAX_VALUE + 1L", "List<?> some = List.of(1);", "some = List.of(2, 3)",
    "List.of(3, 1, 2).stream().sorted((a, b) -> { return b - a; }).toList()", "new int[] {4, 5}",
    "Arrays.toString(new int[] {4, 5})", "new Object() { public String toString() { return \"anon\"; } }.toString()",
    "List.of(1, 2).forEach(i -> { System.out.print(i); })", "new Object() { int y = 2; }.y",
    "((Runnable) () -> { throw new IllegalStateException(\"in lambda\"); }).run()",
    # declarations an expression uses without naming them: a lambda's target type, a superclass, a return type
    "interface Op { int apply(int v); }", "int twice(Op op) { return op.apply(op.apply(1)); }", "twice(v -> v * 3)",
    "class Base { static int K = 4; int k() { return K; } }", "class Sub extends Base {}", "Sub.K",
    "Base make() { return new Sub(); }", "make().k() + make().getClass().getSimpleName()", "%vars",
]

# identity hash codes, generated lambda classes, display ids, and the numbers JShell gives its wrapper classes (it makes
# more of them when it takes every snippet)
HASHES = re.compile(r"@[0-9a-f]+|\$Lambda\$\d+/0x[0-9a-f]+|\$Lambda/0x[0-9a-f]+|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}"
                    r"|\$JShell\$\d+")
COLOURS = re.compile(r"\x1b\[[0-9;]*m")
RULES = re.compile(r"-{3,}")
COLUMNS = re.compile(r" {2,}")


def outcome(result):
    value = result.execute_result["data"].get("text/plain") if result.execute_result else None
    error = None
    if result.error:
        error = (result.error["ename"], result.error["evalue"], [COLOURS.sub("", line) for line in result.error["traceback"]])
    shown = [display.get("data", {}).get("text/plain") for display in result.displays]
    text = HASHES.sub("#", repr((value, result.stdout, result.stderr, error, shown)))
    return COLUMNS.sub("  ", RULES.sub("---", text))  # table columns are as wide as the (hashed) values in them


@pytest.fixture(scope="module")
def both_kernels(kernel_name):
    one_pass = start_kernel(kernel_name)
    jshell_only = start_kernel(kernel_name, extra_env=JSHELL_ONLY)
    try:
        yield one_pass, jshell_only
    finally:
        one_pass.stop()
        jshell_only.stop()


def test_each_path_is_the_one_asked_for(both_kernels):
    one_pass, jshell_only = both_kernels
    assert one_pass.execute(PATH_PROBE).execute_result["data"]["text/plain"] == "true"
    assert jshell_only.execute(PATH_PROBE).execute_result["data"]["text/plain"] == "false"


def test_cells_give_what_jshell_gives(both_kernels):
    one_pass, jshell_only = both_kernels
    for cell in CELLS:
        expected = outcome(jshell_only.execute(cell))
        assert outcome(one_pass.execute(cell)) == expected, cell
    assert one_pass.execute(PATH_PROBE).execute_result["data"]["text/plain"] == "true", \
        "after errors, warnings and every kind of cell, expressions still take the one pass"
