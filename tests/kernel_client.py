"""Test helpers: start a real kernel with jupyter_client and run cells through the real protocol.

    handle = start_kernel("java-gpu")          # KernelHandle, ready (kernel_info answered)
    r = handle.execute("System.out.println(1)")
    r.reply      # execute_reply content          r.stdout / r.stderr   # joined stream text
    r.outputs    # iopub messages of this request (msg_type, content, header, parent_header), between busy and
                 # idle, without status and execute_input
    r.error      # error content or None          r.displays   # display_data/update_display_data/execute_result
    r.execute_result                              # content or None
    handle.client / handle.manager                # jupyter_client BlockingKernelClient / KernelManager
    handle.execute(code, allow_stdin=True, stdin=["answer"])   # answers input_requests in order
    handle.collect(msg_id)                        # Result of a request sent by hand (client.execute(...))
    handle.request(msg_type, content)             # any request -> (reply msg, iopub outputs)
    handle.kernel_info() / complete(code, cursor_pos) / inspect(...) / is_complete(code) / history(**kw)
    handle.comm_info() / interrupt()              # reply contents
    handle.pid / is_alive() / restart() / stop() / drain()

An idle status without a busy before it for the same request is an AssertionError (a protocol violation).

Everything blocks on the channel sockets with a timeout (no sleep loops). Messages addressed to other requests
are set aside (handle.stray) rather than lost silently.
"""

import os
import subprocess
import sys
import time
from queue import Empty

from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KERNEL_NAME = "java-gpu"
STARTUP_TIMEOUT = float(os.environ.get("JAVA_GPU_STARTUP_TIMEOUT", "60"))

OUTPUT_TYPES = ("stream", "display_data", "update_display_data", "execute_result", "error", "clear_output")


class KernelTimeout(AssertionError):
    """The kernel did not answer in time (an AssertionError so pytest shows it as a test failure)."""


def install_kernelspec(prefix, build=False, extra_args=()):
    """Install the java-gpu kernelspec into `prefix` with install.py; returns the kernelspec folder."""
    cmd = [sys.executable, os.path.join(ROOT, "install.py"), "--prefix", str(prefix), "--replace"]
    if not build:
        cmd.append("--no-build")
    cmd += list(extra_args)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


class Result:
    """What one execute_request produced."""

    def __init__(self, msg_id, reply_msg, outputs, input_requests=()):
        self.msg_id = msg_id
        self.reply_msg = reply_msg
        self.reply = reply_msg["content"] if reply_msg else None
        self.outputs = outputs
        self.input_requests = list(input_requests)

    @property
    def status(self):
        return self.reply.get("status") if self.reply else None

    @property
    def execution_count(self):
        return self.reply.get("execution_count") if self.reply else None

    def _stream(self, name):
        return "".join(o["content"]["text"] for o in self.outputs
                       if o["msg_type"] == "stream" and o["content"].get("name") == name)

    @property
    def stdout(self):
        return self._stream("stdout")

    @property
    def stderr(self):
        return self._stream("stderr")

    @property
    def error(self):
        for o in self.outputs:
            if o["msg_type"] == "error":
                return o["content"]
        return None

    @property
    def errors(self):
        return [o["content"] for o in self.outputs if o["msg_type"] == "error"]

    @property
    def displays(self):
        return [o["content"] for o in self.outputs
                if o["msg_type"] in ("display_data", "update_display_data", "execute_result")]

    @property
    def execute_result(self):
        for o in self.outputs:
            if o["msg_type"] == "execute_result":
                return o["content"]
        return None

    @property
    def text(self):
        """execute_result text/plain or None."""
        er = self.execute_result
        return er["data"].get("text/plain") if er else None

    def of_type(self, msg_type):
        return [o for o in self.outputs if o["msg_type"] == msg_type]

    def __repr__(self):
        return "Result(status=%r, stdout=%r, stderr=%r, error=%r, displays=%d)" % (
            self.status, self.stdout[:200], self.stderr[:200],
            (self.error or {}).get("evalue"), len(self.displays))


def ok(result):
    """The cell ran without an error; the result, for chaining."""
    assert result.error is None, f"unexpected error: {result.error}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert result.reply["status"] == "ok", result
    return result


def error_text(result):
    """A cell's error as one string: name, value and traceback, for matching."""
    err = result.error or {}
    return " ".join([str(err.get("ename", "")), str(err.get("evalue", ""))] + [str(t) for t in err.get("traceback", [])])


def _slim(msg):
    return {"msg_type": msg["msg_type"], "content": msg["content"], "header": msg["header"],
            "parent_header": msg["parent_header"], "metadata": msg.get("metadata", {})}


class KernelHandle:
    def __init__(self, manager, client):
        self.manager = manager
        self.client = client
        self.stray = []  # messages for other requests, kept for debugging

    # -- lifecycle ---------------------------------------------------------------------------------------
    @property
    def pid(self):
        prov = getattr(self.manager, "provisioner", None)
        proc = getattr(prov, "process", None) if prov else None
        if proc is None:
            proc = getattr(self.manager, "kernel", None)
        return proc.pid if proc is not None else None

    def is_alive(self):
        return self.manager.is_alive()

    def stop(self, now=False):
        try:
            self.client.stop_channels()
        finally:
            if self.manager.has_kernel:
                self.manager.shutdown_kernel(now=now)

    def restart(self, timeout=STARTUP_TIMEOUT):
        """KernelManager.restart_kernel (shutdown_request restart=True, then a new process), then wait for ready."""
        self.manager.restart_kernel(now=False)
        self.client.wait_for_ready(timeout=timeout)
        self.drain()

    def drain(self, timeout=0.2):
        """Read and drop whatever iopub/shell messages are pending (waiting at most `timeout` for each)."""
        dropped = []
        for get in (self.client.get_iopub_msg, self.client.get_shell_msg):
            while True:
                try:
                    dropped.append(get(timeout=timeout))
                except Empty:
                    break
        return dropped

    # -- requests ----------------------------------------------------------------------------------------
    def execute(self, code, timeout=30, allow_stdin=False, silent=False, store_history=True,
                user_expressions=None, stop_on_error=True, stdin=None):
        """Run one cell and collect its reply and iopub output.

        `stdin`: with allow_stdin=True, a list of strings (or a callable(input_request_content) -> str) used to
        answer the kernel's input_requests, in order.
        """
        msg_id = self.client.execute(code, silent=silent, store_history=store_history,
                                     user_expressions=user_expressions or {}, allow_stdin=allow_stdin,
                                     stop_on_error=stop_on_error)
        return self.collect(msg_id, timeout=timeout, stdin=stdin)

    def collect(self, msg_id, timeout=30, stdin=None, channel="shell", already=()):
        """Collect the reply (on `channel`) and iopub output of an already sent request.

        `already`: iopub messages the caller has read itself meanwhile (they are counted first)."""
        deadline = time.monotonic() + timeout
        input_requests = []
        if stdin is not None:
            answers = stdin if callable(stdin) else list(stdin)
            n = 0
            while callable(answers) or n < len(answers):
                try:
                    req = self.client.get_stdin_msg(timeout=self._left(deadline, what="input_request"))
                except KernelTimeout:
                    if callable(answers):
                        break
                    raise
                if req["parent_header"].get("msg_id") != msg_id:
                    self.stray.append(req)
                    continue
                input_requests.append(req["content"])
                value = answers(req["content"]) if callable(answers) else answers[n]
                n += 1
                self.client.input(value)
        outputs = self._collect_iopub(msg_id, deadline, already)
        reply = self.get_reply(msg_id, timeout=self._left(deadline, "reply"), channel=channel)
        return Result(msg_id, reply, outputs, input_requests)

    def _collect_iopub(self, msg_id, deadline, already=()):
        outputs, busy = [], False
        already = list(already)
        while True:
            if already:
                msg = already.pop(0)
            else:
                try:
                    msg = self.client.get_iopub_msg(timeout=self._left(deadline, "iopub idle for %s" % msg_id))
                except Empty:
                    raise KernelTimeout("no idle status for %s (got %d outputs)" % (msg_id, len(outputs)))
            if msg["parent_header"].get("msg_id") != msg_id:
                self.stray.append(msg)
                continue
            mt = msg["msg_type"]
            if mt == "status":
                state = msg["content"]["execution_state"]
                if state == "busy":
                    busy = True
                elif state == "idle":
                    if not busy:
                        raise AssertionError("idle for %s without a busy before it" % msg_id)
                    return outputs
                continue
            if mt == "execute_input":
                continue
            outputs.append(_slim(msg))

    def _left(self, deadline, what):
        left = deadline - time.monotonic()
        if left <= 0:
            raise KernelTimeout("timed out waiting for " + what)
        return left

    def get_reply(self, msg_id, timeout=30, channel="shell"):
        deadline = time.monotonic() + timeout
        get = self.client.get_shell_msg if channel == "shell" else self.client.get_control_msg
        while True:
            try:
                msg = get(timeout=self._left(deadline, "%s reply to %s" % (channel, msg_id)))
            except Empty:
                raise KernelTimeout("no %s reply to %s within %ss" % (channel, msg_id, timeout))
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg
            self.stray.append(msg)

    def request(self, msg_type, content=None, timeout=30, channel="shell", iopub=True):
        """Send any request; returns (reply message, iopub outputs between busy and idle)."""
        msg = self.client.session.msg(msg_type, content or {})
        ch = self.client.shell_channel if channel == "shell" else self.client.control_channel
        ch.send(msg)
        msg_id = msg["header"]["msg_id"]
        deadline = time.monotonic() + timeout
        outputs = self._collect_iopub(msg_id, deadline) if iopub else []
        reply = self.get_reply(msg_id, timeout=self._left(deadline, "reply"), channel=channel)
        return reply, outputs

    def kernel_info(self, timeout=30):
        return self.request("kernel_info_request", timeout=timeout)[0]["content"]

    def complete(self, code, cursor_pos=None, timeout=30):
        if cursor_pos is None:
            cursor_pos = len(code)  # Python str length = code points, as the protocol wants
        return self.request("complete_request", {"code": code, "cursor_pos": cursor_pos}, timeout)[0]["content"]

    def inspect(self, code, cursor_pos=None, detail_level=0, timeout=30):
        if cursor_pos is None:
            cursor_pos = len(code)
        return self.request("inspect_request", {"code": code, "cursor_pos": cursor_pos,
                                                "detail_level": detail_level}, timeout)[0]["content"]

    def is_complete(self, code, timeout=30):
        return self.request("is_complete_request", {"code": code}, timeout)[0]["content"]

    def history(self, timeout=30, **kwargs):
        content = {"output": False, "raw": True, "hist_access_type": "tail"}
        content.update(kwargs)
        return self.request("history_request", content, timeout)[0]["content"]

    def comm_info(self, target_name=None, timeout=30):
        content = {} if target_name is None else {"target_name": target_name}
        return self.request("comm_info_request", content, timeout)[0]["content"]

    def interrupt(self, timeout=10):
        """interrupt_request on control; returns the interrupt_reply content."""
        msg = self.client.session.msg("interrupt_request", {})
        self.client.control_channel.send(msg)
        return self.get_reply(msg["header"]["msg_id"], timeout=timeout, channel="control")["content"]


def start_kernel(kernel_name=KERNEL_NAME, startup_timeout=STARTUP_TIMEOUT, extra_env=None, prefix=None, **kw):
    """Start a kernel with jupyter_client.KernelManager and wait until it answers kernel_info.

    `extra_env`: added to the environment; a None value removes that variable. `prefix`: use the kernelspec installed
    under this prefix (install.py --prefix) rather than the one found on JUPYTER_PATH."""
    if prefix is None:
        km = KernelManager(kernel_name=kernel_name)
    else:
        ksm = KernelSpecManager(kernel_dirs=[os.path.join(str(prefix), "share", "jupyter", "kernels")])
        km = KernelManager(kernel_name=kernel_name, kernel_spec_manager=ksm)
    env = dict(os.environ)
    for name, value in (extra_env or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    km.start_kernel(env=env, **kw)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=startup_timeout)
    except RuntimeError:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        raise
    handle = KernelHandle(km, kc)
    handle.drain(timeout=0.05)
    return handle
