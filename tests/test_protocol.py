"""Jupyter messaging protocol behaviour of the kernel, through the real kernel process and the real client.

No mocks: every test talks ZMQ to a kernel started by jupyter_client. The code snippets come from a table keyed by
the kernel's language, so that JAVA_GPU_TEST_KERNEL=python3 runs the same tests against ipykernel (a check of
the harness and of the tests themselves).
"""

import json
import os
import re
import select
import signal
import subprocess
import sys
import time
import types
import uuid
from queue import Empty

import pytest
import zmq
from jupyter_client.session import Session


ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

JAVA = types.SimpleNamespace(
    language="java",
    strict=True,
    define_kept="int kept = 5;",
    kept="kept",
    kept_value="5",
    print_hi='System.out.println("hi");',
    answer="6*7",
    bad_expr="noSuchVariable_xyz",
    compile_error_cell='int a1 = 1;\nint a2 = 2;\nint bad = "x";',
    compile_error_line='int bad = "x";',
    exception_cell='int b1 = 1;\nint b2 = 2;\nthrow new IllegalStateException("boom at three");',
    exception_name="IllegalStateException",
    nested_exception_cell='void f() {\n  throw new IllegalStateException("deep");\n}\nint c = 1;\nf();',
    exception_message="boom at three",
    fail="throw new RuntimeException(\"boom\");",
    trivial="1+1",
    busy_loop='System.out.println("started");\nwhile (true) {}',
    long_sleep='System.out.println("sleeping");\nThread.sleep(600_000);',
    read_line='String line = new java.util.Scanner(System.in).nextLine();\nSystem.out.println("got " + line);',
    many_lines="for (int i = 0; i < %d; i++) System.out.println(\"line \" + i);",
    interleaved='System.out.println("o1");\nSystem.err.println("e1");\nSystem.out.println("o2");\n'
                'System.err.println("e2");',
    emoji_completion=('String s = "\U0001F600\U0001F600"; s.toUpperCa', "toUpperCa", "toUpperCase"),
    package_completion=("import java.ut", "ut", "util"),
    inspect_word="String",
    complete="1+1",
    incomplete="for (int i = 0; i < 3; i++) {",
    invalid="int x = ;;)",
    history_cells=["int h1 = 1;", "int h2 = 2;", "int h3 = h1 + h2;"],
    history_pattern="*h3*",
)

PYTHON = types.SimpleNamespace(
    language="python",
    strict=False,
    define_kept="kept = 5",
    kept="kept",
    kept_value="5",
    print_hi="print('hi')",
    answer="6*7",
    bad_expr="noSuchVariable_xyz",
    compile_error_cell="a1 = 1\na2 = 2\nbad = = 'x'",
    compile_error_line="bad = = 'x'",
    exception_cell="b1 = 1\nb2 = 2\nraise ValueError('boom at three')",
    exception_name="ValueError",
    nested_exception_cell="def f():\n    raise ValueError('deep')\n\nc = 1\nf()",
    exception_message="boom at three",
    fail="raise RuntimeError('boom')",
    trivial="1+1",
    busy_loop="print('started', flush=True)\nwhile True: pass",
    long_sleep="import time\nprint('sleeping', flush=True)\ntime.sleep(600)",
    read_line="line = input()\nprint('got ' + line)",
    many_lines="for i in range(%d): print('line %%d' %% i)",
    interleaved="import sys\nprint('o1', flush=True)\nprint('e1', file=sys.stderr, flush=True)\n"
                "print('o2', flush=True)\nprint('e2', file=sys.stderr, flush=True)",
    emoji_completion=("s = '\U0001F600\U0001F600'; s.uppe", "uppe", "upper"),
    package_completion=("import jso", "jso", "json"),
    inspect_word="print",
    complete="1+1",
    incomplete="for i in range(3):",
    invalid="import = 7q",
    history_cells=["h1 = 1", "h2 = 2", "h3 = h1 + h2"],
    history_pattern="*h3*",
)


@pytest.fixture(scope="module")
def S(kernel_name):
    return PYTHON if kernel_name == "python3" else JAVA


def plain_traceback(error):
    return ANSI.sub("", "\n".join(error["traceback"]))


def wait_pid_exit(pid, timeout):
    """True if process `pid` ends within `timeout` s (pidfd: blocks, no polling; zombies count as ended)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        p = select.poll()
        p.register(fd, select.POLLIN)
        return bool(p.poll(timeout * 1000))
    finally:
        os.close(fd)


def wait_for_stream(k, msg_id, text, timeout=20):
    """Read iopub until `text` has appeared on a stream of request `msg_id`; returns that request's messages."""
    seen, got = [], ""
    deadline = time.monotonic() + timeout
    while text not in got:
        msg = k.client.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        seen.append(msg)
        if msg["msg_type"] == "stream":
            got += msg["content"]["text"]
    return seen


def stream_runs(result):
    """Stream outputs merged into runs of the same stream: [(name, text), ...]."""
    runs = []
    for o in result.outputs:
        if o["msg_type"] != "stream":
            continue
        name, text = o["content"]["name"], o["content"]["text"]
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + text)
        else:
            runs.append((name, text))
    return runs


# ---------------------------------------------------------------------------------------------------------------
# kernel_info


def test_kernel_info_reply(kernel, S):
    reply, outputs = kernel.request("kernel_info_request")
    c = reply["content"]
    assert c["status"] == "ok"
    major, minor = (int(x) for x in c["protocol_version"].split(".")[:2])
    assert (major, minor) >= (5, 3)
    li = c["language_info"]
    assert li["name"] == S.language
    for key in ("version", "mimetype", "file_extension"):
        assert li.get(key), key
    assert li["file_extension"].startswith(".")
    assert c["implementation"] and "implementation_version" in c and "banner" in c
    assert reply["header"]["version"] >= "5.2"
    assert outputs == []  # busy/idle only (the harness checks both arrived, with this request as parent)


def test_kernel_info_busy_idle_order(kernel):
    msg_id = kernel.client.kernel_info()
    states = []
    while True:
        msg = kernel.client.get_iopub_msg(timeout=10)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        assert msg["msg_type"] == "status"
        states.append(msg["content"]["execution_state"])
        if states[-1] == "idle":
            break
    assert states == ["busy", "idle"]
    assert kernel.get_reply(msg_id)["msg_type"] == "kernel_info_reply"


def test_reply_parent_header_is_request_header_verbatim(kernel):
    msg = kernel.client.session.msg("kernel_info_request", {})
    msg["header"]["x_custom_key"] = "kept verbatim"
    kernel.client.shell_channel.send(msg)
    reply = kernel.get_reply(msg["header"]["msg_id"], timeout=10)
    assert reply["parent_header"]["x_custom_key"] == "kept verbatim"
    assert reply["parent_header"]["msg_id"] == msg["header"]["msg_id"]
    assert reply["parent_header"]["session"] == msg["header"]["session"]
    kernel.drain(0.2)


# ---------------------------------------------------------------------------------------------------------------
# execute


def test_execution_count_semantics(kernel, S):
    first = kernel.execute(S.trivial)
    n = first.execution_count
    assert isinstance(n, int) and n >= 1
    assert kernel.execute(S.trivial).execution_count == n + 1

    silent = kernel.execute(S.print_hi, silent=True)
    assert silent.status == "ok"
    if S.strict:  # ipykernel still publishes print() output of silent cells; the spec says it must not
        assert silent.outputs == [], "silent=True must publish no output"
    silent_expr = kernel.execute(S.answer, silent=True)
    assert silent_expr.execute_result is None

    no_hist = kernel.execute(S.answer, store_history=False)
    assert no_hist.status == "ok"
    assert no_hist.text == "42"

    after = kernel.execute(S.answer)
    assert after.execution_count == n + 2, "silent / store_history=False must not move the counter"
    assert after.execute_result["execution_count"] == n + 2


def test_silent_sends_no_execute_input(kernel, S):
    msg_id = kernel.client.execute(S.answer, silent=True)
    types_seen = []
    while True:
        msg = kernel.client.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        types_seen.append(msg["msg_type"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    assert kernel.get_reply(msg_id)["content"]["status"] == "ok"
    assert types_seen == ["status", "status"], types_seen


def test_execute_input_carries_code_and_count(kernel, S):
    msg_id = kernel.client.execute(S.answer)
    seen = None
    while True:
        msg = kernel.client.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "execute_input":
            seen = msg["content"]
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    reply = kernel.get_reply(msg_id)
    assert seen is not None
    assert seen["code"] == S.answer
    assert seen["execution_count"] == reply["content"]["execution_count"]


def test_stdout_and_execute_result(kernel, S):
    r = kernel.execute(S.print_hi)
    assert r.status == "ok" and r.stdout == "hi\n" and r.error is None
    r = kernel.execute(S.answer)
    assert r.text == "42"
    assert r.execute_result["execution_count"] == r.execution_count


def test_user_expressions(kernel, S):
    kernel.execute(S.define_kept)
    r = kernel.execute(S.trivial, user_expressions={"a": S.answer, "k": S.kept, "bad": S.bad_expr})
    ue = r.reply["user_expressions"]
    assert ue["a"]["status"] == "ok" and ue["a"]["data"]["text/plain"] == "42"
    assert ue["k"]["status"] == "ok" and ue["k"]["data"]["text/plain"] == S.kept_value
    assert ue["bad"]["status"] == "error"
    assert ue["bad"]["ename"] and "traceback" in ue["bad"]


def test_compile_error(kernel, S):
    r = kernel.execute(S.compile_error_cell)
    assert r.status == "error"
    assert len(r.errors) == 1, r.outputs
    err = r.error
    assert err["ename"] and isinstance(err["evalue"], str) and isinstance(err["traceback"], list)
    for key in ("ename", "evalue", "traceback"):
        assert r.reply[key] == err[key], key
    tb = plain_traceback(err)
    assert re.search(r"line\s*3\b", tb), "traceback must name the cell line: %s" % tb
    assert S.compile_error_line.strip() in tb, "traceback must show the offending source: %s" % tb


def test_exception(kernel, S):
    r = kernel.execute(S.exception_cell)
    assert r.status == "error"
    assert len(r.errors) == 1, r.outputs
    err = r.error
    assert S.exception_name in err["ename"]
    assert S.exception_message in err["evalue"]
    assert r.reply["ename"] == err["ename"] and r.reply["evalue"] == err["evalue"]
    assert r.reply["traceback"] == err["traceback"]
    tb = plain_traceback(err)
    assert re.search(r"line\s*3\b", tb), "traceback must name the cell line: %s" % tb
    # the kernel stays usable and state before the failure survives
    assert kernel.execute(S.answer).text == "42"


def test_exception_in_method_of_same_cell(kernel, S):
    r = kernel.execute(S.nested_exception_cell)
    assert r.status == "error" and len(r.errors) == 1
    tb = plain_traceback(r.error)
    assert "deep" in r.error["evalue"]
    assert re.search(r"line\s*2\b", tb) and re.search(r"line\s*5\b", tb), tb


def test_stop_on_error_aborts_queued_requests(kernel, S):
    c = kernel.client
    first = c.execute(S.fail)
    second = c.execute(S.trivial)
    info = c.kernel_info()
    third = c.execute(S.trivial)
    wanted = {first, second, info, third}
    replies = {}
    deadline = time.monotonic() + 30
    while len(replies) < 4:
        msg = c.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") in wanted:
            replies[msg["parent_header"]["msg_id"]] = msg
    assert replies[first]["content"]["status"] == "error"
    assert replies[second]["content"]["status"] == "aborted"
    assert replies[third]["content"]["status"] == "aborted"
    assert replies[info]["msg_type"] == "kernel_info_reply"
    assert replies[info]["content"]["status"] == "ok"
    # each aborted request still gets busy ... idle, and no execute_input
    for mid in (second, third):
        states, inputs = [], 0
        while not states or states[-1] != "idle":
            msg = c.get_iopub_msg(timeout=10)
            if msg["parent_header"].get("msg_id") != mid:
                continue
            if msg["msg_type"] == "status":
                states.append(msg["content"]["execution_state"])
            elif msg["msg_type"] == "execute_input":
                inputs += 1
        assert states == ["busy", "idle"] and inputs == 0
    kernel.drain(0.2)
    # the abort lasts only for what was queued: the next request runs
    assert kernel.execute(S.answer).text == "42"


def test_stop_on_error_false_keeps_queue(kernel, S):
    c = kernel.client
    first = c.execute(S.fail, stop_on_error=False)
    second = c.execute(S.answer)
    r1 = kernel.collect(first)
    r2 = kernel.collect(second)
    assert r1.status == "error"
    assert r2.status == "ok" and r2.text == "42"


# ---------------------------------------------------------------------------------------------------------------
# interrupt, signals, stdin


def test_interrupt_busy_loop(fresh_kernel, S):
    k = fresh_kernel
    assert k.execute(S.define_kept).status == "ok"
    msg_id = k.client.execute(S.busy_loop)
    seen = wait_for_stream(k, msg_id, "started")  # the loop really runs
    t0 = time.monotonic()
    interrupt_reply = k.interrupt(timeout=10)
    if S.strict:  # ipykernel 6 sends an empty interrupt_reply content
        assert interrupt_reply["status"] == "ok"
    r = k.collect(msg_id, timeout=20, already=seen)
    assert time.monotonic() - t0 < 10
    assert r.status == "error"
    assert r.error is not None
    assert k.execute(S.kept).text == S.kept_value, "state defined before the interrupt must survive"
    assert k.execute(S.answer).text == "42"

    # a blocking call is interrupted too
    msg_id = k.client.execute(S.long_sleep)
    seen = wait_for_stream(k, msg_id, "sleeping")
    k.interrupt(timeout=10)
    r = k.collect(msg_id, timeout=20, already=seen)
    assert r.status == "error"

    # an interrupt while idle is harmless
    k.interrupt(timeout=10)
    assert k.execute(S.kept).text == S.kept_value


def test_sigint_does_not_kill_kernel(fresh_kernel, S):
    k = fresh_kernel
    k.execute(S.define_kept)
    os.kill(k.pid, signal.SIGINT)
    assert not wait_pid_exit(k.pid, 1.0), "SIGINT killed the kernel"
    assert k.is_alive()
    assert k.execute(S.kept).text == S.kept_value


def test_stdin_input_request(kernel, S):
    r = kernel.execute(S.read_line, allow_stdin=True, stdin=["forty-two"], timeout=30)
    assert r.status == "ok", r
    assert len(r.input_requests) == 1
    assert r.input_requests[0]["password"] is False
    assert "got forty-two" in r.stdout


def test_stdin_not_allowed_is_a_clear_error(kernel, S):
    r = kernel.execute(S.read_line, allow_stdin=False, timeout=30)
    assert r.status == "error", r
    text = (r.error["ename"] + " " + r.error["evalue"] + " " + plain_traceback(r.error)).lower()
    assert "stdin" in text or "input" in text, text
    assert kernel.execute(S.answer).text == "42"


# ---------------------------------------------------------------------------------------------------------------
# signatures and malformed input


def _no_reply(kernel, msg_id, timeout=1.0):
    """Asserts that neither shell nor iopub carry anything with `msg_id` as parent within `timeout`."""
    deadline = time.monotonic() + timeout
    for get in (kernel.client.get_shell_msg, kernel.client.get_iopub_msg):
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                msg = get(timeout=left)
            except Empty:
                break
            assert msg["parent_header"].get("msg_id") != msg_id, "kernel answered a bad message: %s" % msg[
                "msg_type"]


def test_raw_reply_wire_format(kernel):
    """The reply as bytes: delimiter, lowercase hex HMAC over the four dicts, ISO 8601 date with <= 6 fraction
    digits and a zone, version >= 5.2, parent_header = our header."""
    import hashlib
    import hmac

    ci = kernel.manager.get_connection_info()
    session = kernel.client.session
    ctx = zmq.Context()
    dealer = ctx.socket(zmq.DEALER)
    dealer.linger = 0
    try:
        dealer.connect("%s://%s:%d" % (ci["transport"], ci["ip"], ci["shell_port"]))
        msg = session.msg("kernel_info_request", {})
        dealer.send_multipart(session.serialize(msg))
        assert dealer.poll(10000), "no reply on a raw DEALER socket"
        frames = dealer.recv_multipart()
    finally:
        dealer.close(0)
        ctx.term()
    i = frames.index(b"<IDS|MSG>")
    sig, header, parent, metadata, content = frames[i + 1:i + 6]
    key = ci["key"] if isinstance(ci["key"], bytes) else ci["key"].encode()
    expected = hmac.new(key, header + parent + metadata + content, hashlib.sha256).hexdigest()
    assert sig.decode() == expected
    h = json.loads(header)
    assert h["msg_type"] == "kernel_info_reply"
    assert tuple(int(x) for x in h["version"].split(".")[:2]) >= (5, 2)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:?\d\d)", h["date"]), h["date"]
    assert json.loads(parent)["msg_id"] == msg["header"]["msg_id"]
    assert isinstance(json.loads(metadata), dict)
    assert json.loads(content)["status"] == "ok"
    kernel.drain(0.2)


def test_bad_signature_is_ignored(kernel):
    good = kernel.client.session
    bad = Session(key=b"not-the-key-" + uuid.uuid4().hex.encode(), username=good.username,
                  signature_scheme=good.signature_scheme)
    msg = bad.msg("kernel_info_request", {})
    bad.send(kernel.client.shell_channel.socket, msg)
    _no_reply(kernel, msg["header"]["msg_id"], timeout=1.0)
    assert kernel.kernel_info(timeout=10)["status"] == "ok"


def test_replayed_message_is_ignored(kernel):
    session = kernel.client.session
    msg = session.msg("kernel_info_request", {})
    frames = session.serialize(msg)
    sock = kernel.client.shell_channel.socket
    sock.send_multipart(frames)
    first = kernel.get_reply(msg["header"]["msg_id"], timeout=10)
    assert first["msg_type"] == "kernel_info_reply"
    kernel.drain(0.2)
    sock.send_multipart(frames)  # same signature again
    _no_reply(kernel, msg["header"]["msg_id"], timeout=1.0)
    assert kernel.kernel_info(timeout=10)["status"] == "ok"


def test_malformed_frames_keep_kernel_alive(kernel):
    ci = kernel.manager.get_connection_info()
    url = "%s://%s:%d" % (ci["transport"], ci["ip"], ci["shell_port"])
    session = kernel.client.session

    def signed(parts):
        return [b"<IDS|MSG>", session.sign(parts)] + parts  # correctly signed, broken inside
    garbage = [
        [b"garbage"],
        [b"<IDS|MSG>"],
        [b"<IDS|MSG>", b"deadbeef"],
        [b"<IDS|MSG>", b"deadbeef", b"{", b"{}", b"{}", b"{}"],
        [b"\xff\xfe", b"<IDS|MSG>", b"", b"not json", b"", b"", b""],
        signed([b"not json", b"{}", b"{}", b"{}"]),
        signed([b"{}", b"{}", b"{}", b"{}"]),
        signed([json.dumps({"msg_id": "x1", "msg_type": 7, "session": "s", "username": "u",
                            "version": "5.3", "date": "2020-01-01T00:00:00Z"}).encode(), b"{}", b"{}", b"[]"]),
        signed([json.dumps({"msg_id": "x2", "msg_type": "execute_request", "session": "s", "username": "u",
                            "version": "5.3", "date": "2020-01-01T00:00:00Z"}).encode(), b"{}", b"{}",
                b'{"code": 42}']),
        signed([json.dumps({"msg_id": "x3", "msg_type": "no_such_request", "session": "s", "username": "u",
                            "version": "5.3", "date": "2020-01-01T00:00:00Z"}).encode(), b"{}", b"{}", b"{}"]),
        [b"<IDS|MSG>", b"", b"\x00" * 100000],
    ]
    ctx = zmq.Context()
    dealer = ctx.socket(zmq.DEALER)
    dealer.linger = 0
    try:
        dealer.connect(url)
        for frames in garbage:
            dealer.send_multipart(frames)
        # whatever the kernel answers to the garbage on this socket is not checked; it must survive
        info = kernel.kernel_info(timeout=15)
        assert info["status"] == "ok"
        assert kernel.is_alive()
    finally:
        dealer.close(0)
        ctx.term()
    kernel.drain(0.3)
    r = kernel.execute("6*7")
    assert r.status == "ok"


# ---------------------------------------------------------------------------------------------------------------
# output volume and ordering


def test_100k_lines_arrive_in_order(kernel, S):
    n = 100_000
    r = kernel.execute(S.many_lines % n, timeout=120)
    assert r.status == "ok"
    assert r.stderr == ""
    lines = r.stdout.splitlines()
    assert len(lines) == n
    assert lines[0] == "line 0" and lines[-1] == "line %d" % (n - 1)
    assert lines == ["line %d" % i for i in range(n)]
    # coalesced: the notebook server drops iopub beyond 1000 msg/s
    assert len(r.of_type("stream")) < 2000, "stream output is not coalesced (%d messages)" % len(
        r.of_type("stream"))


def test_stdout_stderr_order_kept(kernel, S):
    r = kernel.execute(S.interleaved)
    assert r.status == "ok"
    assert stream_runs(r) == [("stdout", "o1\n"), ("stderr", "e1\n"), ("stdout", "o2\n"), ("stderr", "e2\n")]


# ---------------------------------------------------------------------------------------------------------------
# complete, inspect, is_complete, history


def test_complete_package_name_in_an_import(kernel, S):
    # the java kernel builds its class index on the first completion: this one must wait for it, not answer without
    code, prefix, expected = S.package_completion
    c = kernel.complete(code)
    assert c["status"] == "ok"
    assert any(m.startswith(expected) for m in c["matches"]), c["matches"]
    assert c["cursor_start"] == len(code) - len(prefix)


def test_complete_cursor_counts_code_points(kernel, S):
    code, prefix, expected = S.emoji_completion
    cursor = len(code)  # Python len = code points; the emoji are 2 UTF-16 units each
    c = kernel.complete(code, cursor_pos=cursor)
    assert c["status"] == "ok"
    assert any(m.startswith(expected) for m in c["matches"]), c["matches"]
    assert c["cursor_end"] == cursor
    assert c["cursor_start"] == cursor - len(prefix)
    assert "metadata" in c


def test_complete_mid_code(kernel, S):
    code, prefix, expected = S.emoji_completion
    tail = "\n" + S.answer
    c = kernel.complete(code + tail, cursor_pos=len(code))
    assert any(m.startswith(expected) for m in c["matches"]), c["matches"]
    assert c["cursor_start"] == len(code) - len(prefix)


def test_inspect_at_end_of_word(kernel, S):
    word = S.inspect_word
    c = kernel.inspect(word, cursor_pos=len(word))
    assert c["status"] == "ok"
    assert c["found"] is True
    assert c["data"].get("text/plain")
    assert "metadata" in c
    c = kernel.inspect("  \n", cursor_pos=1)
    assert c["status"] == "ok" and c["found"] is False


def test_is_complete(kernel, S):
    assert kernel.is_complete(S.complete)["status"] == "complete"
    inc = kernel.is_complete(S.incomplete)
    assert inc["status"] == "incomplete"
    assert isinstance(inc.get("indent"), str)
    assert kernel.is_complete(S.invalid)["status"] == "invalid"


def test_history_tail_range_search(kernel, S):
    for code in S.history_cells:
        assert kernel.execute(code).status == "ok"
    tail = kernel.history(hist_access_type="tail", n=3, output=False, raw=True)
    assert tail["status"] == "ok"
    entries = tail["history"]
    assert [e[2] for e in entries] == S.history_cells
    session, start = entries[0][0], entries[0][1]
    assert entries[1][1] == start + 1 and entries[2][1] == start + 2

    rng = kernel.history(hist_access_type="range", session=session, start=start, stop=start + 2,
                         output=False, raw=True)
    assert [e[2] for e in rng["history"]] == S.history_cells[:2]

    found = kernel.history(hist_access_type="search", pattern=S.history_pattern, n=10, output=False, raw=True)
    assert any(e[2] == S.history_cells[2] for e in found["history"])
    assert all(re.search("h3", e[2]) for e in found["history"])

    with_out = kernel.history(hist_access_type="tail", n=1, output=True, raw=True)
    assert len(with_out["history"][0][2]) == 2


# ---------------------------------------------------------------------------------------------------------------
# comms


def test_comm_info(kernel):
    c = kernel.comm_info()
    assert c["status"] == "ok"
    assert isinstance(c["comms"], dict)


def test_comm_open_unknown_target_is_closed(kernel):
    comm_id = uuid.uuid4().hex
    msg = kernel.client.session.msg("comm_open", {"comm_id": comm_id, "target_name": "no.such.target.xyz",
                                                  "data": {}})
    kernel.client.shell_channel.send(msg)
    outputs = kernel._collect_iopub(msg["header"]["msg_id"], time.monotonic() + 10)
    closes = [o for o in outputs if o["msg_type"] == "comm_close"]
    assert len(closes) == 1, outputs
    assert closes[0]["content"]["comm_id"] == comm_id
    assert kernel.comm_info()["comms"].get(comm_id) is None


# ---------------------------------------------------------------------------------------------------------------
# lifecycle


def test_shutdown_request_exits_promptly(fresh_kernel):
    k = fresh_kernel
    pid = k.pid
    msg = k.client.session.msg("shutdown_request", {"restart": False})
    k.client.control_channel.send(msg)
    t0 = time.monotonic()
    reply = k.get_reply(msg["header"]["msg_id"], timeout=5, channel="control")
    assert reply["content"]["status"] == "ok"
    assert reply["content"]["restart"] is False
    assert wait_pid_exit(pid, 2.0 - (time.monotonic() - t0) + 0.05), "kernel still running 2 s after shutdown"
    proc = k.manager.provisioner.process
    assert proc.wait(timeout=1) == 0, "kernel exit status"


def test_restart_gives_fresh_state(fresh_kernel, S):
    k = fresh_kernel
    assert k.execute(S.define_kept).status == "ok"
    old_pid = k.pid
    k.restart()
    assert k.pid != old_pid
    assert wait_pid_exit(old_pid, 5)
    r = k.execute(S.kept)
    assert r.status == "error", "state survived a restart"
    assert k.execute(S.answer).text == "42"


PARENT_SCRIPT = r"""
import sys, time
from jupyter_client import KernelManager
km = KernelManager(kernel_name=sys.argv[1])
km.start_kernel()
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=60)
print(km.provisioner.process.pid, km.connection_file, flush=True)
time.sleep(600)
"""


def test_kernel_exits_when_parent_dies(kernel_name):
    parent = subprocess.Popen([sys.executable, "-c", PARENT_SCRIPT, kernel_name], stdout=subprocess.PIPE,
                              text=True, env=dict(os.environ))
    kernel_pid = None
    connection_file = None
    try:
        ready, _, _ = select.select([parent.stdout], [], [], 60)
        assert ready, "intermediate process did not start the kernel"
        pid, connection_file = parent.stdout.readline().split(maxsplit=1)
        kernel_pid, connection_file = int(pid), connection_file.strip()
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(5)
        assert wait_pid_exit(kernel_pid, 5.0), "kernel still running 5 s after its parent was killed"
        kernel_pid = None
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if kernel_pid is not None:
            try:
                os.kill(kernel_pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if connection_file:  # the killed parent could not remove it
            try:
                os.remove(connection_file)
            except FileNotFoundError:
                pass
