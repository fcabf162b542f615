"""A fresh kernel's first request, whatever it is, behaves as if JShell had the default imports from the start.

JShell takes the default imports after the first cell (JShellEvaluator.deferImports): a first expression that compiles
without them runs before, and anything else has JShell take them first. Each case starts a kernel of its own.
"""
import re

import pytest

from kernel_client import start_kernel


@pytest.fixture
def first_kernel(kernel_name):
    handle = start_kernel(kernel_name)
    try:
        yield handle
    finally:
        handle.stop(now=not handle.is_alive())


def text(result):
    assert result.error is None, result.error
    return result.execute_result["data"]["text/plain"]


def vars_listing(kernel):
    result = kernel.execute("%vars")
    assert result.error is None, result.error
    return [o["content"]["data"]["text/plain"] for o in result.outputs if o["msg_type"] == "display_data"][0]


def test_a_first_expression_then_one_that_needs_the_imports(first_kernel):
    assert text(first_kernel.execute("1+1")) == "2"
    assert text(first_kernel.execute("new TreeMap<String, Integer>(Map.of(\"a\", 1))")) == "{a=1}"
    assert re.search(r"\$1\s+int\s+2", vars_listing(first_kernel))
    assert re.search(r"\$2\s+TreeMap<String, ?Integer>\s", vars_listing(first_kernel))


def test_a_first_expression_that_needs_the_imports(first_kernel):
    assert text(first_kernel.execute("Path.of(\"a\").resolve(\"b\")")) == "a/b"
    assert re.search(r"\$1\s+Path\s+a/b", vars_listing(first_kernel))


def test_a_first_expression_whose_type_the_imports_shorten(first_kernel):
    assert text(first_kernel.execute("java.time.LocalDate.of(2020, 1, 2)")) == "2020-01-02"
    assert re.search(r"\$1\s+LocalDate\s", vars_listing(first_kernel))


def test_a_first_declaration(first_kernel):
    first = first_kernel.execute("var when = LocalDate.of(2021, 3, 4);\nint first = 5;")
    assert first.error is None, first.error
    assert text(first_kernel.execute("first * 2")) == "10"
    assert re.search(r"when\s+LocalDate\s+2021-03-04", vars_listing(first_kernel))


def test_a_first_call_of_the_display_api_and_a_first_void_call(first_kernel):
    shown = first_kernel.execute("display(List.of(1, 2))")
    assert shown.error is None, shown.error
    assert [d["data"]["text/plain"] for d in shown.displays] == ["[1, 2]"]
    printed = first_kernel.execute("System.out.println(Duration.ofSeconds(90))")
    assert printed.stdout == "PT1M30S\n" and printed.error is None


def test_a_first_error_then_a_cell(first_kernel):
    failed = first_kernel.execute("missingName + 1")
    assert failed.error is not None and "missingName" in " ".join(failed.error["traceback"]), failed.error
    assert text(first_kernel.execute("BigInteger.TWO.pow(10)")) == "1024"


def test_a_first_completion_and_inspection(first_kernel):
    matches = first_kernel.complete("ArrayDe")["matches"]
    assert "ArrayDeque" in matches, matches
    assert text(first_kernel.execute("Optional.of(3).get()")) == "3"
    found = first_kernel.inspect("Optional.empty")
    assert found["found"] and "empty()" in found["data"]["text/plain"], found
    assert "of(E e1)" in first_kernel.inspect("List.of", cursor_pos=6)["data"]["text/plain"]
