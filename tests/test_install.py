"""install.py: the kernelspec it writes, its options, and that the installed kernel runs from its own folder."""

import json
import os
import subprocess
import sys
import textwrap
import time
import zipfile
import zlib

import pytest
from jupyter_client.kernelspec import KernelSpecManager

from kernel_client import ROOT, error_text, start_kernel

INSTALL = os.path.join(ROOT, "install.py")
JAR = os.path.join(ROOT, "kernel", "target", "java-gpu-kernel.jar")

sys.path.insert(0, ROOT)
import install as install_module  # noqa: E402

pytestmark = pytest.mark.skipif(not os.path.isfile(JAR), reason="kernel jar not built")


def run_install(*args, check=True):
    return subprocess.run([sys.executable, INSTALL, *args], capture_output=True, text=True, check=check)


def spec_dir(prefix):
    return os.path.join(str(prefix), "share", "jupyter", "kernels", "java-gpu")


def load_spec(prefix):
    with open(os.path.join(spec_dir(prefix), "kernel.json")) as f:
        return json.load(f)


def test_kernel_json(tmp_path):
    out = run_install("--prefix", str(tmp_path), "--no-build")
    d = spec_dir(tmp_path)
    assert out.stdout.strip() == d
    spec = load_spec(tmp_path)
    assert spec["display_name"] == "Java (GPU)"
    assert spec["language"] == "java"
    assert spec["interrupt_mode"] == "message"
    argv = spec["argv"]
    assert os.path.isabs(argv[0]) and os.access(argv[0], os.X_OK)
    assert argv[-1] == "{connection_file}"
    assert argv[-3] == "-jar"
    assert argv[-2] == os.path.join(d, "java-gpu-kernel.jar")
    for opt in install_module.DEFAULT_JVM_OPTS:
        assert opt in argv
    assert not any(a.startswith("-XX:TieredStopAtLevel") for a in argv)
    # JCuda's natives come from the kernelspec folder, never unpacked by JCuda into java.io.tmpdir
    if install_module.jcuda_platform():
        natives = os.path.join(d, install_module.NATIVES_DIR)
        assert "-Djava.library.path=" + natives in argv
        assert any(n.startswith("libJCudaRuntime-12.6.0-") or n.startswith("JCudaRuntime-12.6.0-") for n in os.listdir(natives))
    # what notebook code compiles against: the kernel jar's classes less its relocated libraries
    notebook_jar = os.path.join(d, install_module.NOTEBOOK_CLASSPATH_JAR)
    assert "-Djava.gpu.notebookClassPath=" + notebook_jar in argv
    with zipfile.ZipFile(notebook_jar) as jar:
        names = jar.namelist()
    assert "io/javagpu/display/Display.class" in names and "jcuda/runtime/JCuda.class" in names
    assert not any(n.startswith("io/javagpu/shaded/") or not n.endswith(".class") for n in names)
    # the installed kernel does not depend on the checkout
    assert os.path.getsize(os.path.join(d, "java-gpu-kernel.jar")) == os.path.getsize(JAR)
    assert not any(a.startswith(ROOT + os.sep) for a in argv)


def test_logo_is_a_png(tmp_path):
    run_install("--prefix", str(tmp_path), "--no-build")
    with open(os.path.join(spec_dir(tmp_path), "logo-64x64.png"), "rb") as f:
        data = f.read()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert data[12:16] == b"IHDR" and int.from_bytes(data[16:20], "big") == 64
    zlib.decompress(data[data.index(b"IDAT") + 4:data.index(b"IEND") - 8])


def test_kernelspec_is_listed(tmp_path):
    run_install("--prefix", str(tmp_path), "--no-build")
    ksm = KernelSpecManager(kernel_dirs=[os.path.dirname(spec_dir(tmp_path))])
    specs = ksm.find_kernel_specs()
    assert specs["java-gpu"] == spec_dir(tmp_path)
    env = dict(os.environ, JUPYTER_PATH=os.path.join(str(tmp_path), "share", "jupyter"))
    listed = subprocess.run([sys.executable, "-m", "jupyter_client.kernelspecapp", "list", "--json"], env=env,
                            capture_output=True, text=True, check=True).stdout
    assert json.loads(listed)["kernelspecs"]["java-gpu"]["resource_dir"] == spec_dir(tmp_path)


def test_replace_and_uninstall(tmp_path):
    run_install("--prefix", str(tmp_path), "--no-build")
    again = run_install("--prefix", str(tmp_path), "--no-build", check=False)
    assert again.returncode != 0 and "--replace" in again.stderr
    run_install("--prefix", str(tmp_path), "--no-build", "--replace", "--jvm-opt=-Xmx1g")
    assert "-Xmx1g" in load_spec(tmp_path)["argv"]
    run_install("--prefix", str(tmp_path), "--uninstall")
    assert not os.path.exists(spec_dir(tmp_path))
    assert run_install("--prefix", str(tmp_path), "--uninstall", check=False).returncode != 0


def test_options_reach_kernel_json(tmp_path):
    java = os.path.realpath(install_module.find_java(None))
    script = tmp_path / "start.jsh"
    script.write_text("int x = 1;\n")
    run_install("--prefix", str(tmp_path / "p"), "--no-build", "--java", java, "--jvm-opt=-Xmx512m",
                "--jvm-opt=-Dfoo=bar", "--startup-script", str(script), "--classpath", "/opt/a.jar:/opt/b")
    spec = load_spec(tmp_path / "p")
    argv = spec["argv"]
    assert argv[0] == java
    assert argv.index("-Xmx512m") < argv.index("-Dfoo=bar") < argv.index("-jar")
    assert spec["env"]["JAVA_GPU_STARTUP_SCRIPTS"] == str(script)
    assert spec["env"]["JAVA_GPU_CLASSPATH"] == "/opt/a.jar:/opt/b"


def test_java_from_java_home(tmp_path):
    java = os.path.realpath(install_module.find_java(None))
    home = os.path.dirname(os.path.dirname(java))
    env = dict(os.environ, JAVA_HOME=home)
    subprocess.run([sys.executable, INSTALL, "--prefix", str(tmp_path), "--no-build"], env=env, check=True,
                   capture_output=True)
    assert load_spec(tmp_path)["argv"][0] == os.path.realpath(os.path.join(home, "bin", "java"))


def test_no_build_fails_clearly_when_jar_missing(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(install_module, "BUILT_JAR", str(tmp_path / "missing.jar"))
    with pytest.raises(SystemExit) as e:
        install_module.main(["--prefix", str(tmp_path), "--no-build"])
    assert "missing" in str(e.value)
    assert not os.path.exists(spec_dir(tmp_path))


def test_bad_java_fails_clearly(tmp_path):
    out = run_install("--prefix", str(tmp_path), "--no-build", "--java", str(tmp_path / "nojava"), check=False)
    assert out.returncode != 0 and "java" in out.stderr


def test_installed_kernel_runs_startup_script_and_classpath(tmp_path):
    """End to end: the env that install.py writes is honoured by the kernel (JAVA_GPU_STARTUP_SCRIPTS/CLASSPATH)."""
    src = tmp_path / "src" / "demo"
    src.mkdir(parents=True)
    (src / "Greeter.java").write_text(textwrap.dedent("""\
        package demo;
        public class Greeter { public static String hi() { return "hi from classpath"; } }
        """))
    classes = tmp_path / "classes"
    javac = os.path.join(os.path.dirname(install_module.find_java(None)), "javac")
    subprocess.run([javac, "-d", str(classes), str(src / "Greeter.java")], check=True)
    script = tmp_path / "startup.jsh"
    script.write_text("int fromStartup = 7;\n")
    prefix = tmp_path / "p"
    run_install("--prefix", str(prefix), "--no-build", "--startup-script", str(script),
                "--classpath", str(classes))
    handle = start_kernel(prefix=prefix)
    try:
        assert handle.execute("fromStartup").text == "7"
        r = handle.execute("demo.Greeter.hi()")
        assert r.status == "ok", r
        assert "hi from classpath" in r.text
        # javac sees the notebook class path: the kernel's API, not the libraries it relocated, which still run
        assert handle.execute("io.javagpu.display.Display.class.getSimpleName()").text == '"Display"'
        r = handle.execute("io.javagpu.shaded.jackson.databind.ObjectMapper.class")
        assert r.status == "error" and "io.javagpu.shaded.jackson.databind does not exist" in error_text(r), r
        r = handle.execute('Class.forName("io.javagpu.shaded.jackson.databind.ObjectMapper").getSimpleName()')
        assert r.text == '"ObjectMapper"', r
        assert [m for m in handle.complete("io.javagpu.")["matches"] if "shaded" in m] == []
    finally:
        handle.stop()


def _user_env(tmp_path, without_jupyter_client=False):
    env = {k: v for k, v in os.environ.items() if k not in ("JUPYTER_DATA_DIR", "XDG_DATA_HOME", "JUPYTER_PATH")}
    # the home exists, as a user's does: IPython (asked by jupyter_client for its kernels folder) otherwise makes a
    # temporary folder of its own and leaves it behind
    (tmp_path / "home").mkdir(exist_ok=True)
    env["HOME"] = str(tmp_path / "home")
    if without_jupyter_client:  # a jupyter_client that fails to import: install.py must write the folder itself
        fake = tmp_path / "fake" / "jupyter_client"
        fake.mkdir(parents=True)
        (fake / "__init__.py").write_text("raise ImportError('hidden for the test')\n")
        env["PYTHONPATH"] = str(tmp_path / "fake")
    return env


@pytest.mark.parametrize("without_jupyter_client", [False, True], ids=["jupyter_client", "by-hand"])
def test_user_install_location(tmp_path, without_jupyter_client):
    env = _user_env(tmp_path, without_jupyter_client)
    out = subprocess.run([sys.executable, INSTALL, "--user", "--no-build"], env=env, capture_output=True,
                         text=True, check=True)
    expected = os.path.join(str(tmp_path / "home"), ".local", "share", "jupyter", "kernels", "java-gpu")
    if sys.platform == "darwin":
        expected = os.path.join(str(tmp_path / "home"), "Library", "Jupyter", "kernels", "java-gpu")
    assert out.stdout.strip() == expected
    with open(os.path.join(expected, "kernel.json")) as f:
        spec = json.load(f)
    assert spec["argv"][-2] == os.path.join(expected, "java-gpu-kernel.jar")
    assert os.path.isfile(spec["argv"][-2])
    # default is --user too; --replace needed the second time; --uninstall removes it
    assert subprocess.run([sys.executable, INSTALL, "--no-build"], env=env, capture_output=True).returncode != 0
    subprocess.run([sys.executable, INSTALL, "--uninstall"], env=env, capture_output=True, check=True)
    assert not os.path.exists(expected)


def _other_jdks():
    """JDKs >= 17 in /usr/lib/jvm (or JAVA_GPU_TEST_JDKS, ':'-separated java paths) other than the default."""
    default = os.path.realpath(install_module.find_java(None))
    if os.environ.get("JAVA_GPU_TEST_JDKS"):
        candidates = os.environ["JAVA_GPU_TEST_JDKS"].split(os.pathsep)
    else:
        base = "/usr/lib/jvm"
        candidates = [os.path.join(base, d, "bin", "java") for d in sorted(os.listdir(base))] \
            if os.path.isdir(base) else []
    found = {}
    for java in candidates:
        real = os.path.realpath(java)
        if os.path.isfile(real) and real != default and real not in found:
            version = install_module.java_feature_version(real)
            if version and version >= 17:
                found[real] = version
    return sorted(found.items())


@pytest.mark.parametrize("java,version", _other_jdks() or [pytest.param(None, None, marks=pytest.mark.skip(
    reason="no other JDK >= 17 installed"))], ids=lambda v: str(v) if isinstance(v, int) else None)
def test_installed_kernel_on_other_jdk(tmp_path, java, version):
    """The kernel runs on every installed JDK >= 17 (e.g. 25 beside Debian's 17), interrupt included."""
    prefix = tmp_path / "p"
    run_install("--prefix", str(prefix), "--no-build", "--java", java)
    assert load_spec(prefix)["argv"][0] == java
    handle = start_kernel(prefix=prefix)
    kc = handle.client
    try:
        assert handle.execute("Runtime.version().feature()").text == str(version)
        assert handle.execute("int kept = 5;").status == "ok"
        msg_id = kc.execute('System.out.println("started");\nwhile (true) {}')
        seen, got = [], ""
        while "started" not in got:
            msg = kc.get_iopub_msg(timeout=20)
            if msg["parent_header"].get("msg_id") == msg_id:
                seen.append(msg)
                if msg["msg_type"] == "stream":
                    got += msg["content"]["text"]
        handle.interrupt()
        assert handle.collect(msg_id, timeout=20, already=seen).status == "error"
        assert handle.execute("kept").text == "5"
    finally:
        handle.stop()


@pytest.mark.parametrize("java,version", _other_jdks() or [pytest.param(None, None, marks=pytest.mark.skip(
    reason="no other JDK >= 17 installed"))], ids=lambda v: str(v) if isinstance(v, int) else None)
def test_kernel_java_tests_pass_on_other_jdk(java, version):
    """The kernel's Java tests, which `mvn install` runs on the default JDK, pass on every other installed JDK >= 17:
    the kernel reaches into JShell's and javac's internals, which differ between JDKs (ForgottenNamesTest checks
    JDK 22+'s name tables only there). Needs the tests built (`mvn install`); reruns them offline."""
    reports = os.path.join(ROOT, "kernel", "target", "surefire-reports")
    if not os.path.isdir(os.path.join(ROOT, "kernel", "target", "test-classes")):
        pytest.skip("the kernel's tests are not built (mvn install)")
    started = time.time()
    result = subprocess.run(["mvn", "-o", "-q", "-B", "-pl", "kernel", "surefire:test", "-Djvm=" + java], cwd=ROOT,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    versions = set()
    for name in os.listdir(reports):
        path = os.path.join(reports, name)
        if name.startswith("TEST-") and name.endswith(".xml") and os.path.getmtime(path) >= started:
            with open(path, encoding="utf-8") as report:
                text = report.read()
            start = text.index('name="java.specification.version" value="') + len('name="java.specification.version" value="')
            versions.add(text[start:text.index('"', start)])
    assert versions == {str(version)}, "the tests ran on " + str(versions)


def _all_jdks():
    default = os.path.realpath(install_module.find_java(None))
    return [(default, install_module.java_feature_version(default))] + _other_jdks()


@pytest.mark.parametrize("java,version", _all_jdks(), ids=lambda v: str(v) if isinstance(v, int) else None)
def test_class_archive_covers_the_kernel_start(tmp_path, java, version):
    """install.py trains a real kernel start into a class archive: AppCDS (kernel.jsa), or an AOT cache (kernel.aot)
    on JDK 25+. The server's classes then come from the archive, mapped at its own address where the JVM allows it
    (no pointer patching at each start)."""
    run_install("--prefix", str(tmp_path), "--no-build", "--java", java)
    d = spec_dir(tmp_path)
    argv = load_spec(tmp_path)["argv"]
    if version >= 25:
        archive, option = os.path.join(d, "kernel.aot"), "-XX:AOTCache="
        assert not any(a.startswith("-Xshare") for a in argv), argv  # the JVM refuses -Xshare with an AOT cache
    else:
        archive, option = os.path.join(d, "kernel.jsa"), "-XX:SharedArchiveFile="
    assert os.path.isfile(archive)
    assert argv[1] == option + archive
    assert argv[2:4] == install_module.if_accepted(java, install_module.FIXED_ADDRESS_MAPPING)
    # a start that fails at once (no connection file) still loads the server class: from the archive, not the jar
    strict = "-XX:AOTMode=on" if version >= 25 else "-Xshare:on"
    java_and_options = argv[:argv.index("-jar")] + [strict, "-Xlog:class+load=info:stdout"]
    done = subprocess.run(java_and_options + ["-jar", argv[-2], str(tmp_path / "missing.json")],
                          capture_output=True, text=True, timeout=120)
    loads = [line for line in done.stdout.splitlines() if "io.javagpu.kernel.KernelServer " in line]
    assert loads and "shared objects file" in loads[0], (done.stdout[-2000:], done.stderr[-2000:])
    assert "error" not in done.stderr.split("Exception")[0].lower(), done.stderr[-2000:]
    # javac and JShell are kept to C1 (see install.JIT_DIRECTIVES); the JVM reads the file, quietly on stdout
    directives = os.path.join(d, install_module.JIT_DIRECTIVES_FILE)
    assert "-XX:CompilerDirectivesFile=" + directives in argv
    with open(directives) as f:
        assert json.load(f) == install_module.JIT_DIRECTIVES
    assert all(option in argv for option in install_module.LATER_C2)
    if install_module.java_accepts(argv[0], install_module.NATIVE_HEAP_TRIM):
        assert all(option in argv for option in install_module.NATIVE_HEAP_TRIM)
    # an option only JDK 26+ knows (JEP 500): never handed to a JDK that would refuse to start with it
    accepts_final_field_mutation = install_module.java_accepts(argv[0], install_module.FINAL_FIELD_MUTATION)
    assert all((option in argv) == accepts_final_field_mutation for option in install_module.FINAL_FIELD_MUTATION)
    assert "1 compiler directives added" in done.stderr
    assert "directives" not in done.stdout and "CompileCommand" not in done.stdout


def _maps_file(pid, path):
    """Whether process pid has the file at path mapped (the JVM maps a class archive it uses)."""
    real = os.path.realpath(path)
    with open("/proc/%d/maps" % pid) as maps:
        return any(line.rstrip("\n").removesuffix(" (deleted)").endswith(" " + real) for line in maps)


@pytest.mark.skipif(not os.path.isfile("/proc/self/maps"), reason="needs Linux's /proc/PID/maps")
@pytest.mark.parametrize("java,version", _all_jdks(), ids=lambda v: str(v) if isinstance(v, int) else None)
def test_stale_class_archive_is_made_again(tmp_path, java, version):
    """A class archive belongs to the JDK build that made it: after a JDK update the JVM refuses it (JDK 17 without a
    word above its info log level) and every start loads the kernel's classes again, ~0.4 s slower. A kernel whose
    process has not mapped the archive trains it again in the background from install.py's plan (once per JVM build),
    so that the next start maps it. The stand-in for an update: the archive's header names another build of HotSpot."""
    run_install("--prefix", str(tmp_path), "--no-build", "--java", java)
    d = spec_dir(tmp_path)
    archive = os.path.join(d, "kernel.aot" if version >= 25 else "kernel.jsa")
    plan_path = os.path.join(d, install_module.ARCHIVE_PLAN)
    with open(plan_path) as f:
        plan = json.load(f)
    assert plan["archive"] == archive
    assert plan["train"][0] == java and plan["train"][-3:] == ["-jar", os.path.join(d, install_module.JAR_NAME), "--train"]
    assert "-D%s=%s" % (install_module.ARCHIVE_PLAN_PROPERTY, plan_path) in load_spec(tmp_path)["argv"]
    os.chmod(archive, 0o644)  # the JVM writes archives read-only
    with open(archive, "r+b") as f:
        header = f.read(8192)
        at = header.index(b"JRE (") + len("JRE (")
        f.seek(at)
        f.write(b"8" if header[at:at + 1] == b"9" else b"9")
    with open(archive, "rb") as f:
        stale = f.read()

    def remade():
        with open(archive, "rb") as f:
            return f.read() != stale

    handle = start_kernel(prefix=tmp_path)
    try:
        assert handle.execute("1 + 1").text == "2"
        assert not _maps_file(handle.pid, archive), "the JVM refused the stale archive"
        deadline = time.time() + 60
        while time.time() < deadline and not os.path.exists(archive + ".lock") and not remade():
            time.sleep(0.1)
        assert os.path.exists(archive + ".lock") or remade(), "no training started"
        assert handle.execute("1 + 2").text == "3", "the kernel goes on while the archive is made"
    finally:
        handle.stop()
    # the training outlives the kernel (a notebook run unattended ends in seconds)
    deadline = time.time() + 420
    while time.time() < deadline and (not remade() or os.path.exists(archive + ".lock")):
        time.sleep(1)
    assert remade(), "the archive was not made again"
    leftovers = sorted(n for n in os.listdir(d) if n.startswith(os.path.basename(archive) + ".") or ".new." in n)
    assert leftovers == [os.path.basename(archive) + ".tried"], leftovers  # this JVM build had its one try

    handle = start_kernel(prefix=tmp_path)
    try:
        assert handle.execute("1 + 1").text == "2"
        assert _maps_file(handle.pid, archive), "the next start maps the archive made again"
    finally:
        handle.stop()


def test_kernel_jar_keeps_its_own_libraries_out_of_notebook_namespaces():
    """Jackson, JeroMQ, picocli, Maven Resolver... live under io/javagpu/shaded, so a notebook's %maven copies of them
    cannot be shadowed by the kernel's (the system class loader is asked first). JCuda and netlib's BLAS (with the f2j
    classes its JNI library loads) keep their names: JNI binds native symbols to them."""
    with zipfile.ZipFile(JAR) as jar:
        classes = [n for n in jar.namelist() if n.endswith(".class")]
        manifest = jar.read("META-INF/MANIFEST.MF").decode()
    assert any(n.startswith("io/javagpu/shaded/jackson/") for n in classes)
    assert any(n.startswith("io/javagpu/shaded/zeromq/") for n in classes)
    jni_bound = ("jcuda/", "dev/ludovic/netlib/", "org/netlib/", "org/j_paine/")
    leaked = sorted({n.rsplit("/", 1)[0] for n in classes if not n.startswith(("io/javagpu/",) + jni_bound)})
    assert leaked == [], "unrelocated packages in the kernel jar: %s" % leaked[:10]
    assert "Multi-Release: true" not in manifest
    # the pruner, the class index hold, the compiler context sweeper and the one-pass expressions reach into
    # jdk.jshell and jdk.compiler; java -jar opens them from the manifest
    assert ("Add-Opens: jdk.jshell/jdk.jshell jdk.jshell/jdk.jshell.execution jdk.compiler/com.sun.tools.javac.api"
            " jdk.compiler/com.sun.tools.javac.code jdk.compiler/com.sun.tools.javac.util") in manifest.replace("\r\n ", "")
