"""Nothing a cell does takes the kernel down or leaves it hung.

Each case runs in the module's kernel after a variable was defined, and checks that the kernel is still alive,
answers, and kept that variable: a dead or hung kernel fails every later check too.
"""
import os
import re
import shutil
import time

import pytest

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def plain(error):
    return ANSI.sub("", "\n".join(error["traceback"]))


@pytest.fixture(scope="module")
def k(kernel):
    assert kernel.execute("int survivor = 7;").status == "ok"
    return kernel


def assert_alive(k):
    assert k.is_alive()
    assert k.execute("survivor * 6").text == "42"


def test_a_cyclic_cause_chain_is_an_error_with_the_cycle_marked(k):
    r = k.execute('{ var ca = new RuntimeException("a"); var cb = new IllegalStateException("b", ca);'
                  ' ca.initCause(cb); throw ca; }')
    assert r.status == "error" and r.execution_count is not None
    assert r.error["ename"] == "java.lang.RuntimeException" and r.error["evalue"] == "a"
    text = plain(r.error)
    assert "Caused by: java.lang.IllegalStateException: b" in text
    assert "CIRCULAR REFERENCE" in text
    assert r.reply["traceback"] == r.error["traceback"]
    assert_alive(k)


def test_an_expression_too_deep_for_javac_is_an_error_or_works(k):
    r = k.execute("int ones = " + "+".join(["1"] * 3000) + ";\nones")
    if r.status == "ok":
        assert r.text == "3000"
    else:
        assert r.error["ename"] == "CompilationError" and "nested too deeply" in r.error["evalue"]
    assert_alive(k)


def test_a_value_whose_toString_never_returns_is_interrupted(k):
    msg_id = k.client.execute("new Object() { public String toString() { while (true) { } } }")
    time.sleep(1.0)
    k.interrupt(timeout=10)
    r = k.collect(msg_id, timeout=30)
    assert r.status == "error"
    assert_alive(k)


def test_an_exception_whose_getMessage_throws_is_still_shown(k):
    r = k.execute("class Nasty extends RuntimeException { public String getMessage() { throw new IllegalStateException(); }"
                  " public String toString() { throw new IllegalStateException(); } }\nthrow new Nasty();")
    assert r.status == "error" and r.execution_count is not None
    assert r.error is not None, "the error must reach iopub"
    assert "Nasty" in r.error["ename"]
    assert "getMessage() threw" in r.error["evalue"]
    assert_alive(k)


def test_a_value_whose_toString_throws_shows_that_exception(k):
    r = k.execute('new Object() { public String toString() { throw new UnsupportedOperationException("no text"); } }')
    assert r.status == "error"
    assert r.error["ename"] == "java.lang.UnsupportedOperationException" and r.error["evalue"] == "no text"
    assert "showing its value failed" in plain(r.error)
    assert_alive(k)


def test_an_uncaught_exception_in_a_cell_thread_is_printed(k):
    r = k.execute('Thread t = new Thread(() -> { throw new IllegalStateException("from a thread"); }, "worker");\n'
                  't.start(); t.join();')
    assert r.status == "ok"
    assert 'Exception in thread "worker" java.lang.IllegalStateException: from a thread' in r.stderr
    assert_alive(k)


def test_after_running_out_of_memory_a_million_lines_still_arrive(k):
    r = k.execute("long[][] hog = new long[100_000][];\nfor (int i = 0; i < hog.length; i++) hog[i] = new long[1 << 20];",
                  timeout=120)
    assert r.status == "error" and r.error["ename"] == "java.lang.OutOfMemoryError"
    r = k.execute("for (int i = 0; i < 1_000_000; i++) System.out.println(i);", timeout=120)
    assert r.status == "ok"
    lines = r.stdout.splitlines()
    assert len(lines) == 1_000_000 and lines[-1] == "999999"
    assert_alive(k)


def test_is_complete_says_invalid_for_code_no_suffix_can_fix(k):
    assert k.is_complete("class {")["status"] == "invalid"
    assert k.is_complete("int x = )")["status"] == "invalid"
    assert k.is_complete('String s = ")";\nfor (int i = 0; i < 3; i++) {')["status"] == "incomplete"


def test_env_listing_hides_values_that_look_secret(k):
    assert k.execute("%env AWS_SECRET_ACCESS_KEY=hunter2").status == "ok"
    assert k.execute("%env PLAIN_SETTING=visible").status == "ok"
    listing = k.execute("%env")
    html = "".join(d["data"].get("text/html", "") for d in listing.displays)
    assert "visible" in html and "hunter2" not in html and "AWS_SECRET_ACCESS_KEY" in html
    assert k.execute("%env AWS_SECRET_ACCESS_KEY").stdout.strip() == "hunter2"


@pytest.mark.parametrize("call", ["System.exit(3);", "Runtime.getRuntime().exit(3);", "Runtime.getRuntime().halt(3);"])
def test_exit_calls_in_cells_do_not_end_the_kernel(k, call):
    r = k.execute("void leave() { %s }\nleave();" % call)
    assert r.status == "error" and r.execution_count is not None
    assert "SystemExit" in r.error["ename"] and "would end the kernel" in r.error["evalue"]
    assert_alive(k)


def _thread_policies(pid):
    """(name, scheduling policy) of each thread of process `pid`, from /proc (stat field 41: 0 normal, 3 batch)."""
    found = []
    for tid in os.listdir("/proc/%d/task" % pid):
        with open("/proc/%d/task/%s/comm" % (pid, tid)) as f:
            name = f.read().strip()
        with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
            policy = int(f.read().rsplit(")", 1)[1].split()[38])
        found.append((name, policy))
    return found


@pytest.mark.skipif(shutil.which("chrt") is None, reason="util-linux's chrt is not installed")
def test_zeromqs_io_thread_runs_under_the_batch_policy_and_the_kernels_other_threads_keep_theirs(k):
    # A batch thread does not preempt the thread that woke it: JeroMQ's I/O thread, woken by a sender between
    # writing its wake-up byte and counting it, otherwise polled in a loop until the sender ran again.
    policies = _thread_policies(k.pid)
    io_threads = [policy for name, policy in policies if name.startswith("iothread-")]
    assert io_threads and all(policy == 3 for policy in io_threads), policies
    inherited = os.sched_getscheduler(0)  # the kernel's other threads keep the policy it was started with
    assert all(policy == inherited for name, policy in policies if not name.startswith("iothread-")), policies
    assert_alive(k)
