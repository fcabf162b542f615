#!/usr/bin/env python3
"""Install the java-gpu Jupyter kernelspec.

    python3 install.py [--user | --sys-prefix | --prefix P] [--replace] [--java PATH]
                       [--jvm-opt OPT ...] [--startup-script FILE ...] [--classpath CP] [--no-build]
    python3 install.py --uninstall [--user | --sys-prefix | --prefix P]

Builds kernel/target/java-gpu-kernel.jar with Maven when it is missing (unless --no-build), copies it into the
kernelspec folder (the installed kernel does not depend on this checkout) and writes kernel.json. Standard
library only; uses jupyter_client's KernelSpecManager when it is importable, else writes the folder by hand.
"""

import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib

KERNEL_NAME = "java-gpu"
DISPLAY_NAME = "Java (GPU)"
JAR_NAME = "java-gpu-kernel.jar"
HERE = os.path.dirname(os.path.abspath(__file__))
BUILT_JAR = os.path.join(HERE, "kernel", "target", JAR_NAME)

# Defaults chosen for a fast start and a small footprint. No -XX:TieredStopAtLevel: C1-only code makes the
# JShell-compiled numeric loops (matmul and friends) several times slower.
# -Xms48m: a small first heap keeps the young generation (and so the pages the JVM touches) small until a notebook
# really needs more; the heap still grows to the default maximum. Measured: peak RSS 293 MB -> 191 MB.
# -Xlog: JVM warnings go to stderr (the client's log), never to stdout; JDK 25, for one, reports a CDS mismatch there.
DEFAULT_JVM_OPTS = [
    "-Xlog:disable",
    "-Xlog:all=warning:stderr",
    "-XX:+UseSerialGC",
    "-Xms48m",
    # The young generation starts at 4 MB instead of a third of the first heap (16 MB); the serial collector resizes it
    # to a share of the old generation after a full collection, so an allocating notebook still gets a larger one.
    # Measured: peak RSS -7 MB at 8 MB and another -3 to -5 MB at 4 MB; cells, %timeit of a numeric loop and of
    # ArrayList filling, CPU GEMM unchanged.
    "-XX:NewSize=4m",
    # The JVM's own default, written out so that kernel.json states it: at most a quarter of the machine's memory for
    # the heap. `install.py --jvm-opt=-Xmx8g` (an explicit -Xmx wins) gives notebooks more.
    "-XX:MaxRAMPercentage=25",
    "-Xshare:auto",
    "-Djava.awt.headless=true",
]


# JCuda's LibUtils tries System.loadLibrary first and otherwise extracts its natives into java.io.tmpdir under a fixed
# name that it reuses unchecked (a file another local user could have planted, and /tmp may be mounted noexec). So the
# natives for this platform are extracted into the kernelspec folder and named by -Djava.library.path; the kernel
# never touches JCuda without them there.
NATIVES_DIR = "natives"


def jcuda_platform():
    import platform
    machine = platform.machine().lower()
    if machine not in ("x86_64", "amd64"):
        return None
    return {"linux": "linux-x86_64", "win32": "windows-x86_64"}.get(sys.platform)


def extract_natives(jar, target):
    """Copies the jar's JCuda natives for this platform (lib/*-<platform>.so|.dll) into target; False if none."""
    plat = jcuda_platform()
    if plat is None:
        return False
    found = False
    with zipfile.ZipFile(jar) as z:
        for name in z.namelist():
            base = name[len("lib/"):]
            if name.startswith("lib/") and "/" not in base and base.rsplit(".", 1)[0].endswith(plat) \
                    and not base.startswith("libJNvPTXCompiler"):  # 24 MB, and %gpu does not use it
                os.makedirs(target, exist_ok=True)
                with z.open(name) as src, open(os.path.join(target, base), "wb") as dst:
                    shutil.copyfileobj(src, dst)
                found = True
    return found


def log(msg):
    print(msg, file=sys.stderr)


def find_java(explicit):
    if explicit:
        candidate = shutil.which(explicit) or explicit
    else:
        candidate = None
        home = os.environ.get("JAVA_HOME")
        if home and os.path.isfile(os.path.join(home, "bin", "java")):
            candidate = os.path.join(home, "bin", "java")
        if candidate is None:
            candidate = shutil.which("java")
    if not candidate or not os.path.isfile(candidate) or not os.access(candidate, os.X_OK):
        sys.exit("install.py: no java found (use --java PATH or set JAVA_HOME)")
    return os.path.realpath(candidate)


def java_feature_version(java):
    """Major version of `java` (17, 25, ...) or None when it cannot be told."""
    try:
        out = subprocess.run([java, "-XshowSettings:properties", "-version"], capture_output=True, text=True,
                             timeout=60).stderr
    except (OSError, subprocess.SubprocessError):
        return None
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("java.specification.version ="):
            value = line.split("=", 1)[1].strip()
            try:
                return int(value.split(".")[-1] if value.startswith("1.") else value.split(".")[0])
            except ValueError:
                return None
    return None


def build_jar():
    mvn = shutil.which("mvn")
    if not mvn:
        sys.exit("install.py: %s is missing and mvn is not on PATH (build it, or install Maven)" % BUILT_JAR)
    log("Building the kernel jar: mvn -q -B -DskipTests install")
    rc = subprocess.call([mvn, "-q", "-B", "-DskipTests", "install"], cwd=HERE)
    if rc != 0 or not os.path.isfile(BUILT_JAR):
        sys.exit("install.py: the Maven build failed (exit %d)" % rc)


def png_logo(size=64):
    """A tiny PNG: a green square with a darker frame (no image library needed)."""
    rows = []
    for y in range(size):
        row = bytearray([0])  # filter: none
        for x in range(size):
            edge = x < 4 or y < 4 or x >= size - 4 or y >= size - 4
            row += bytes((0x3a, 0x7d, 0x1e) if edge else (0x76, 0xb9, 0x00))
        rows.append(bytes(row))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
            + chunk(b"IEND", b""))


def kernels_dir(args):
    """Where the kernelspec folder goes when jupyter_client is not importable."""
    if args.prefix:
        return os.path.join(os.path.abspath(args.prefix), "share", "jupyter", "kernels")
    if args.sys_prefix:
        return os.path.join(sys.prefix, "share", "jupyter", "kernels")
    if os.environ.get("JUPYTER_DATA_DIR"):
        return os.path.join(os.environ["JUPYTER_DATA_DIR"], "kernels")
    if sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Jupyter")
    elif os.name == "nt":
        base = os.path.join(os.environ.get("APPDATA", os.path.expanduser("~")), "jupyter")
    else:
        base = os.path.join(os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"), "jupyter")
    return os.path.join(base, "kernels")


def kernel_spec_manager():
    try:
        from jupyter_client.kernelspec import KernelSpecManager
    except Exception:  # noqa: BLE001 - any import problem means "write by hand"
        return None
    return KernelSpecManager()


def target_kernels_dir(args, ksm):
    """The kernels folder this install/uninstall is about (jupyter_client's idea of the user folder if it is
    importable)."""
    if ksm is not None and not (args.prefix or args.sys_prefix):
        return ksm.user_kernel_dir
    return kernels_dir(args)


def uninstall(args):
    target = os.path.join(target_kernels_dir(args, kernel_spec_manager()), KERNEL_NAME)
    if os.path.isdir(target):
        shutil.rmtree(target)
        log("Removed %s" % target)
        return 0
    log("install.py: no %s kernelspec in %s" % (KERNEL_NAME, os.path.dirname(target)))
    return 1


def copy_kernelspec(staging, final_dir, args, ksm):
    """Copies the staged folder to final_dir (through jupyter_client where it is importable); returns where it went."""
    if ksm is None:
        os.makedirs(os.path.dirname(final_dir), exist_ok=True)
        shutil.copytree(staging, final_dir)
        return final_dir
    kwargs = {"kernel_name": KERNEL_NAME}
    if args.prefix:
        kwargs["prefix"] = os.path.abspath(args.prefix)
    elif args.sys_prefix:
        kwargs["prefix"] = sys.prefix
    else:
        kwargs["user"] = True
    return ksm.install_kernel_spec(staging, **kwargs)


def install(args):
    java = find_java(args.java)
    if not os.path.isfile(BUILT_JAR):
        if args.no_build:
            sys.exit("install.py: %s is missing (build with `mvn -q -B -DskipTests install`, or drop --no-build)"
                     % BUILT_JAR)
        build_jar()

    jvm_opts = list(DEFAULT_JVM_OPTS)
    version = java_feature_version(java)
    if version is not None and version < 17:
        sys.exit("install.py: %s is Java %d; the kernel needs Java 17 or newer" % (java, version))
    jvm_opts += if_accepted(java, NATIVE_HEAP_TRIM)
    jvm_opts += if_accepted(java, FINAL_FIELD_MUTATION)
    jvm_opts += args.jvm_opt or []

    env = {}
    if args.startup_script:
        env["JAVA_GPU_STARTUP_SCRIPTS"] = os.pathsep.join(os.path.abspath(p) for p in args.startup_script)
    if args.classpath:
        env["JAVA_GPU_CLASSPATH"] = os.pathsep.join(
            os.path.abspath(p) if p else p for p in args.classpath.split(os.pathsep))

    ksm = kernel_spec_manager()
    # The jar path in argv must name the final folder: work it out the way install_kernel_spec does.
    final_dir = os.path.join(target_kernels_dir(args, ksm), KERNEL_NAME)
    if os.path.isdir(final_dir):
        if not args.replace:
            sys.exit("install.py: %s exists (use --replace)" % final_dir)
        shutil.rmtree(final_dir)
    with tempfile.TemporaryDirectory() as tmp:
        staging = os.path.join(tmp, KERNEL_NAME)
        os.makedirs(staging)
        shutil.copy2(BUILT_JAR, os.path.join(staging, JAR_NAME))
        with open(os.path.join(staging, "logo-64x64.png"), "wb") as f:
            f.write(png_logo(64))
        with open(os.path.join(staging, "logo-32x32.png"), "wb") as f:
            f.write(png_logo(32))
        with_jit_options = write_jit_directives(java, staging)
        with_natives = extract_natives(BUILT_JAR, os.path.join(staging, NATIVES_DIR))
        write_notebook_classpath(BUILT_JAR, os.path.join(staging, NOTEBOOK_CLASSPATH_JAR))
        final_dir = copy_kernelspec(staging, final_dir, args, ksm)

    launch = jvm_opts + (["-Djava.library.path=" + os.path.join(final_dir, NATIVES_DIR)] if with_natives else []) \
        + ["-D%s=%s" % (NOTEBOOK_CLASSPATH_PROPERTY, os.path.join(final_dir, NOTEBOOK_CLASSPATH_JAR))] \
        + (jit_options(final_dir) if with_jit_options else [])
    if not args.no_cds:
        launch = add_class_archive(final_dir, java, launch, version)
    spec = {
        "argv": [java] + launch + ["-jar", os.path.join(final_dir, JAR_NAME), "{connection_file}"],
        "display_name": DISPLAY_NAME,
        "language": "java",
        "interrupt_mode": "message",
        "env": env,
        "metadata": {"debugger": False, "java_version": version},
    }
    with open(os.path.join(final_dir, "kernel.json"), "w") as f:
        json.dump(spec, f, indent=2)
        f.write("\n")
    log("Installed kernelspec %s in %s" % (KERNEL_NAME, final_dir))
    print(final_dir)
    return 0


# JDK 17 updates and later map class archives at a random address and then patch every pointer in them, which
# costs this kernel ~110 ms of its start (measured: JVM to main() 0.26 s -> 0.15 s). Mapping at the address the
# archive was made for, as JDKs did before, skips that work; a JVM that cannot map there still relocates.
FIXED_ADDRESS_MAPPING = ["-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0"]


# javac and JShell compile every cell. Left to the usual tiers, the JIT spends a fresh kernel's first few hundred
# cells profiling them and compiling them again with C2, and on a small machine that work competes with the cells for
# the CPU; compiled by C1 (they end at level 1), they run about as fast as C2 makes them. Measured on 2 cores:
# trivial-cell median 25 -> 19-22 ms over a fresh kernel's first 200 cells (C1 for everything would give 15 ms but
# makes numeric code several times slower). Notebook code, the kernel and the JDK keep C2.
# The start is CPU-bound (2.2-3 s of CPU in 1.3 s on 2 cores, half of it the JIT's), so C2 waits for 4x the usual
# invocation counts: loops still reach it through their back-edge counts, unchanged. Measured, two interleaved
# rounds of 3 starts: launch to first result 1,280-1,790 -> 1,050-1,250 ms; numeric %timeit unchanged (2.6-2.7 ms);
# early trivial cells ~3 ms slower (17-22 -> 21-24 ms median over the first 200). Scaling javac's thresholds down
# (0.1, 0.25) made its early cells no faster within this machine's noise and cost the start 150-300 ms of C1 work.
# The kernel's own code (protocol, output, ZeroMQ, Jackson) is under 7% of a cell, and C2 compiling it took the
# largest transient compiler arenas of a session (up to 18 MB for ZeroMQ's poller loop): kept to C1 as well, peak RSS
# over the benchmark 145-146 -> 138-140 MB, with round trips, pipelined cells, a 200,000-line print, a 20 MB print and
# a 5 MB display unchanged (interleaved runs). On JDK 25, whose AOT cache brings C2 the profiles from the start, four
# pairs of runs could not tell the two apart (round trip 16.7 vs 24.7 ms in one pair, 12.9 vs 15.7 in another).
JIT_DIRECTIVES_FILE = "jit-directives.json"
JIT_DIRECTIVES = [{"match": ["com/sun/tools/javac/*.*", "jdk/jshell/*.*", "io/javagpu/kernel/*.*",
                             "io/javagpu/shaded/*.*"],
                   "c2": {"Exclude": True}}]
LATER_C2 = ["-XX:Tier4InvocationThreshold=20000", "-XX:Tier4MinInvocationThreshold=2400",
            "-XX:Tier4CompileThreshold=60000"]


def jit_options(spec_dir):
    return ["-XX:+UnlockDiagnosticVMOptions", "-XX:+DisplayVMOutputToStderr",
            "-XX:CompilerDirectivesFile=" + os.path.join(spec_dir, JIT_DIRECTIVES_FILE),
            "-XX:CompileCommand=quiet"] + LATER_C2


def write_jit_directives(java, spec_dir):
    """Writes the directives file into spec_dir; whether this java accepts jit_options(spec_dir)."""
    with open(os.path.join(spec_dir, JIT_DIRECTIVES_FILE), "w") as f:
        json.dump(JIT_DIRECTIVES, f, indent=2)
        f.write("\n")
    return java_accepts(java, jit_options(spec_dir))


# What notebook code compiles against (NotebookClassPath in the kernel): the kernel jar's classes without the libraries
# it relocated under io/javagpu/shaded (ZeroMQ, Jackson, Maven's resolver: 4,000 of its 5,600 entries). javac reads every
# entry of a class-path jar in a kernel's first pass; measured, two rounds of 6 interleaved pairs of starts: 70-90 ms less
# CPU before the first result, which came 20-30 ms sooner on average. Completion no longer offers the relocated packages
# either. Cells still run against the whole jar.
NOTEBOOK_CLASSPATH_JAR = "notebook-classpath.jar"
NOTEBOOK_CLASSPATH_PROPERTY = "java.gpu.notebookClassPath"
RELOCATED_PREFIX = "io/javagpu/shaded/"


def write_notebook_classpath(kernel_jar, target):
    with zipfile.ZipFile(kernel_jar) as jar, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as notebook:
        for entry in jar.infolist():
            if entry.filename.endswith(".class") and not entry.filename.startswith(RELOCATED_PREFIX):
                notebook.writestr(entry, jar.read(entry))


# The JIT's compilations borrow native memory that glibc keeps once it is freed (a 12 MB arena after 1,000 cells);
# trimming it every second gave the resident set back (steady RSS -15 MB, peak -3 MB). JDK 17.0.9 and later.
NATIVE_HEAP_TRIM = ["-XX:TrimNativeHeapInterval=1000"]


# The kernel hands javac's class table in each JShell context a replacement (ReplClassTable), a reflective write to a
# final field. JDK 26 and later warn about such writes on stderr unless they are enabled (JEP 500), and a later JDK
# will refuse them (the kernel then keeps javac's own table); JDKs before 26 do not know the option and never get it.
FINAL_FIELD_MUTATION = ["--enable-final-field-mutation=ALL-UNNAMED"]


def if_accepted(java, options):
    """The options when this java starts with them, else none."""
    return list(options) if java_accepts(java, options) else []


def java_accepts(java, options):
    """Whether this java starts with these options (JVM flags differ between versions and vendors)."""
    try:
        done = subprocess.run([java] + options + ["-version"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


# How the class archive was made, for the kernel to make it again when a JDK update leaves it stale: the archive and
# the training command, whose {output} names the file to write (ClassArchiveRefresh in the kernel).
ARCHIVE_PLAN = "class-archive.json"
ARCHIVE_PLAN_PROPERTY = "java.gpu.classArchive"
ARCHIVE_OUTPUT = "{output}"


def add_class_archive(final_dir, java, jvm_opts, version):
    """Archives what a kernel start loads, so that starts map it instead of loading and verifying it again; returns
    the launch options that use it (jvm_opts as they are when no archive could be made).

    JDK 25 and newer: an AOT cache (JEP 483/514/515: classes loaded and linked, plus method profiles, so the JIT
    compiles the hot paths of the first cells sooner). Older JDKs (13+): a dynamic AppCDS archive. Either belongs to
    this java build and this jar: a JVM that finds it stale (after a JDK update) ignores it, and the kernel then makes
    it again in the background from the plan written here (ClassArchiveRefresh).
    """
    jar = os.path.join(final_dir, JAR_NAME)
    if version is not None and version >= 25:
        archive = os.path.join(final_dir, "kernel.aot")
        # the cache holds what -Xshare would map, and the JVM refuses both together
        jvm_opts = [o for o in jvm_opts if not o.startswith("-Xshare")]
        output, use = "-XX:AOTCacheOutput=", ["-XX:AOTCache=" + archive]
    else:
        archive = os.path.join(final_dir, "kernel.jsa")
        output, use = "-XX:ArchiveClassesAtExit=", ["-XX:SharedArchiveFile=" + archive]
    train = [java] + jvm_opts + [output + ARCHIVE_OUTPUT, "-jar", jar, "--train"]
    try:
        done = subprocess.run([word.replace(ARCHIVE_OUTPUT, archive) for word in train], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=300, text=True)
    except (OSError, subprocess.TimeoutExpired) as e:
        log("install.py: no class archive (%s); the kernel starts without it" % e)
        return jvm_opts
    if done.returncode != 0 or not os.path.isfile(archive):
        log("install.py: no class archive (exit %s): %s" % (done.returncode, done.stderr.strip()[-400:]))
        return jvm_opts
    plan = os.path.join(final_dir, ARCHIVE_PLAN)
    with open(plan, "w") as f:
        json.dump({"archive": archive, "train": train}, f, indent=2)
        f.write("\n")
    log("install.py: class archive %s (faster kernel start)" % archive)
    return use + if_accepted(java, FIXED_ADDRESS_MAPPING) + jvm_opts + ["-D%s=%s" % (ARCHIVE_PLAN_PROPERTY, plan)]


def main(argv=None):
    p = argparse.ArgumentParser(description="Install the java-gpu Jupyter kernel.")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="install for this user (default)")
    where.add_argument("--sys-prefix", action="store_true", help="install into sys.prefix (a virtualenv/conda env)")
    where.add_argument("--prefix", metavar="P", help="install into P/share/jupyter/kernels")
    p.add_argument("--replace", action="store_true", help="replace an existing java-gpu kernelspec")
    p.add_argument("--uninstall", action="store_true", help="remove the java-gpu kernelspec")
    p.add_argument("--java", metavar="PATH", help="java executable (default: $JAVA_HOME/bin/java or java on PATH)")
    p.add_argument("--no-cds", action="store_true",
                   help="do not archive the kernel's classes for a faster start (AppCDS)")
    p.add_argument("--jvm-opt", metavar="OPT", action="append", help="extra JVM option (repeatable)")
    p.add_argument("--startup-script", metavar="FILE", action="append",
                   help="JShell script run at kernel start (repeatable; JAVA_GPU_STARTUP_SCRIPTS)")
    p.add_argument("--classpath", metavar="CP", help="extra classpath for notebooks (JAVA_GPU_CLASSPATH)")
    p.add_argument("--no-build", action="store_true", help="fail instead of building a missing jar")
    args = p.parse_args(argv)
    if args.uninstall:
        return uninstall(args)
    return install(args)


if __name__ == "__main__":
    sys.exit(main())
