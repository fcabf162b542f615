"""Integration tests of the built-in magics and the display API through the real kernel.

Uses the shared ``kernel`` fixture (tests/conftest.py): ``kernel.execute(code, timeout=30)`` returns a Result with
``reply``, ``outputs``, ``stdout``, ``stderr``, ``error`` and ``displays``. No network: %maven runs against a
repository folder that the test writes (jars compiled with the JDK's javac).
"""

import base64
import os
import re
import shutil
import subprocess
import tempfile
import uuid
import zipfile

import pytest

from kernel_client import ok

UNIT = r"(ns|µs|ms|s)"


# ---------------------------------------------------------------------------------------------------- helpers

def magic_error(result):
    """The result is a clean magic error (no Java stack) and the reply says error."""
    assert result.reply["status"] == "error", result
    assert result.error is not None, result
    assert result.error["ename"] == "MagicError", result.error
    return result.error


def assert_alive(kernel):
    result = ok(kernel.execute("20 + 22"))
    assert result.execute_result["data"]["text/plain"] == "42"


def of_type(result, msg_type):
    return [o["content"] for o in result.outputs if o["msg_type"] == msg_type]


def display_id(content):
    return content.get("transient", {}).get("display_id")


def find_javac():
    candidates = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(os.path.join(os.environ["JAVA_HOME"], "bin", "javac"))
    candidates.append(shutil.which("javac"))
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def compile_jar(jar, sources, classpath=()):
    """Compiles {class name: source} into a jar; skips the test when the JDK has no javac."""
    javac = find_javac()
    if javac is None:
        pytest.skip("javac not found (set JAVA_HOME)")
    work = tempfile.mkdtemp(prefix="magics-src-")
    try:
        files = []
        for name, source in sources.items():
            path = os.path.join(work, "src", *name.split(".")) + ".java"
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(source)
            files.append(path)
        classes = os.path.join(work, "classes")
        cmd = [javac, "--release", "17", "-d", classes]
        if classpath:
            cmd += ["-cp", os.pathsep.join(classpath)]
        subprocess.run(cmd + files, check=True, capture_output=True)
        os.makedirs(os.path.dirname(jar), exist_ok=True)
        with zipfile.ZipFile(jar, "w") as z:
            z.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n")
            for root, _, names in os.walk(classes):
                for n in names:
                    full = os.path.join(root, n)
                    z.write(full, os.path.relpath(full, classes))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return jar


# ---------------------------------------------------------------------------------------------------- framework

def test_lsmagic_lists_line_and_cell_magics_as_html_and_text(kernel):
    result = ok(kernel.execute("%lsmagic"))
    displays = of_type(result, "display_data")
    assert len(displays) == 1, result
    data = displays[0]["data"]
    assert set(data) == {"text/plain", "text/html"}
    for name in ("%lsmagic", "%classpath", "%jars", "%maven", "%mavenRepo", "%load", "%time", "%timeit", "%env", "%vars"):
        assert name in data["text/plain"], name
    assert "%%loadFromPOM" in data["text/plain"]
    assert "%%timeit" in data["text/html"]


def test_help_prints_usage_without_error(kernel):
    result = ok(kernel.execute("%timeit --help"))
    assert result.stdout.startswith("Usage: %timeit"), result.stdout
    assert "-n=N" in result.stdout and "-r=R" in result.stdout


@pytest.mark.parametrize("cell, message", [
    ("%timeit -n lots 1 + 1", "Invalid value for option '-n'"),
    ("%env --bogus", "Unknown option: '--bogus'"),
    ("%load", "Missing required parameter"),
    ("%jars", "Missing required parameter"),
    ("%maven not-coordinates", "Bad Maven coordinates 'not-coordinates'"),
])
def test_bad_arguments_are_clean_errors_and_the_kernel_lives_on(kernel, cell, message):
    error = magic_error(kernel.execute(cell))
    assert message in error["evalue"], error
    assert_alive(kernel)


def test_picocli_errors_carry_the_usage(kernel):
    error = magic_error(kernel.execute("%vars --width nope"))
    assert "Usage: %vars" in error["evalue"], error


def test_unknown_magic_suggests_close_names(kernel):
    result = kernel.execute("%tme 1 + 1")
    assert result.reply["status"] == "error"
    assert "Unknown magic %tme. Did you mean: %time, %timeit?" in result.error["evalue"], result.error
    assert_alive(kernel)


# ---------------------------------------------------------------------------------------------------- timing

def test_time_prints_cpu_and_wall_time_and_shows_the_value(kernel):
    result = ok(kernel.execute("%time 6 * 7"))
    assert re.search(r"CPU time: [\d.]+ " + UNIT + r", Wall time: [\d.]+ " + UNIT, result.stdout), result.stdout
    assert any(d["data"].get("text/plain") == "42" for d in result.displays), result.displays


def test_time_cpu_covers_the_evaluated_code(kernel):
    # JShell runs the code on a thread of its own; the reported CPU time must still include its 150 ms of work.
    result = ok(kernel.execute(
        "%%time\n"
        "var threads = java.lang.management.ManagementFactory.getThreadMXBean();\n"
        "long burnStart = threads.getCurrentThreadCpuTime();\n"
        "while (threads.getCurrentThreadCpuTime() - burnStart < 150_000_000L) { }\n"))
    match = re.search(r"CPU time: ([\d.]+) " + UNIT, result.stdout)
    seconds = float(match.group(1)) * {"ns": 1e-9, "µs": 1e-6, "ms": 1e-3, "s": 1.0}[match.group(2)]
    assert seconds >= 0.15, result.stdout


def test_cell_time_runs_the_body(kernel):
    result = ok(kernel.execute("%%time\nint timedBase = 40;\ntimedBase + 2"))
    assert "Wall time:" in result.stdout
    assert_alive(kernel)
    assert ok(kernel.execute("timedBase")).execute_result["data"]["text/plain"] == "40"


def test_timeit_reports_mean_and_stdev_per_loop(kernel):
    result = ok(kernel.execute("%timeit -n 20 -r 3 Math.sqrt(2.0)"))
    line = result.stdout.strip()
    assert re.fullmatch(r"[\d.]+ " + UNIT + r" ± [\d.]+ " + UNIT
                        + r" per loop \(mean ± std\. dev\. of 3 runs, 20 loops each\)", line), line


def test_timeit_chooses_the_loop_count_itself(kernel):
    result = ok(kernel.execute("%timeit -r 2 Math.abs(-3)", timeout=60))
    loops = int(re.search(r"of 2 runs, (\d+) loops? each", result.stdout).group(1))
    assert loops >= 1000, result.stdout


def test_timeit_runs_the_code_it_times(kernel):
    """Expressions are consumed (no dead-code elimination), void calls and statements are run as they are:
    each counter sees at least runs x loops calls (warm-up calls come on top)."""
    ok(kernel.execute("int[] timed = {0, 0, 0}; int countCall() { return ++timed[0]; }"))
    ok(kernel.execute("%timeit -q -n 7 -r 2 countCall()"))
    ok(kernel.execute("%timeit -q -n 3 -r 2 timed[1]++"))
    ok(kernel.execute("%%timeit -q -n 2 -r 1\nThread.onSpinWait();\ntimed[2]++;"))
    counts = ok(kernel.execute("Arrays.toString(timed)")).execute_result["data"]["text/plain"]
    calls, increments, blocks = (int(n) for n in re.findall(r"\d+", counts))
    assert calls >= 14 and increments >= 6 and blocks >= 2, counts


def test_timeit_result_as_an_expression(kernel):
    ok(kernel.execute("var timing = %timeit -q -n 5 -r 2 -o Math.sqrt(3.0)"))
    result = ok(kernel.execute("timing.loops() * 10 + timing.runs()"))
    assert result.execute_result["data"]["text/plain"] == "52"
    result = ok(kernel.execute("timing.best() <= timing.mean() && timing.timings().length == 2"))
    assert result.execute_result["data"]["text/plain"] == "true"


def test_cell_timeit_times_statements(kernel):
    ok(kernel.execute("List<Integer> timedList = new ArrayList<>();"))
    result = ok(kernel.execute("%%timeit -n 10 -r 2\ntimedList.add(1);\ntimedList.remove(0);"))
    assert "of 2 runs, 10 loops each" in result.stdout


def test_timeit_compile_errors_show_as_errors(kernel):
    result = kernel.execute("%timeit -n 1 -r 1 noSuchMethodAnywhere()")
    assert result.reply["status"] == "error"
    assert_alive(kernel)


# ---------------------------------------------------------------------------------------------------- env, vars, load

def test_env_sets_values_that_notebook_code_reads(kernel):
    name = "JGK_PYTEST_" + uuid.uuid4().hex[:8].upper()
    result = ok(kernel.execute("%env " + name + '="hello world"'))
    assert "env: " + name + "=hello world" in result.stdout
    result = ok(kernel.execute('io.javagpu.magics.builtin.SessionEnv.get("' + name + '").length()'))
    assert result.execute_result["data"]["text/plain"] == "11"
    assert ok(kernel.execute("%env " + name)).stdout.strip() == "hello world"
    listing = ok(kernel.execute("%env"))
    assert name in of_type(listing, "display_data")[0]["data"]["text/html"]
    ok(kernel.execute("%env -u " + name))
    error = magic_error(kernel.execute("%env " + name))
    assert "is not set" in error["evalue"]


def test_vars_shows_variables_with_types_and_escaped_values(kernel):
    ok(kernel.execute('int varsAnswer = 42;\nString varsTag = "<b>";'))
    result = ok(kernel.execute("%vars"))
    data = of_type(result, "display_data")[0]["data"]
    assert re.search(r"varsAnswer\s+int\s+42", data["text/plain"]), data["text/plain"]
    assert "&quot;&lt;b&gt;&quot;" in data["text/html"]
    assert '"<b>"' not in data["text/html"]


def test_vars_names_types_of_every_default_import_as_jshell_does(kernel):
    ok(kernel.execute('var varsPath = Path.of("a");\nvar varsDay = LocalDate.of(2020, 1, 2);'))
    ok(kernel.execute("new TreeMap<String, BigDecimal>()"))
    listing = of_type(ok(kernel.execute("%vars")), "display_data")[0]["data"]["text/plain"]
    assert re.search(r"varsPath\s+Path\s", listing), listing
    assert re.search(r"varsDay\s+LocalDate\s", listing), listing
    assert re.search(r"\$\d+\s+TreeMap<String, ?BigDecimal>\s", listing), listing


def test_load_evaluates_a_jsh_file(kernel, tmp_path):
    script = tmp_path / "helpers.jsh"
    script.write_text("int loadedTwice(int x) { return 2 * x; }\nint loadedBase = 20;\n")
    ok(kernel.execute("%load " + str(script)))
    assert ok(kernel.execute("loadedTwice(loadedBase) + 2")).execute_result["data"]["text/plain"] == "42"
    error = magic_error(kernel.execute("%load " + str(tmp_path / "missing.jsh")))
    assert "No such file" in error["evalue"]


def test_load_strips_the_package_of_a_java_file(kernel, tmp_path):
    source = tmp_path / "Shouter.java"
    source.write_text("package demo.tools;\n\npublic class Shouter {\n"
                      "    public static String shout(String s) { return s.toUpperCase() + \"!\"; }\n}\n")
    ok(kernel.execute("%load " + str(source)))
    assert ok(kernel.execute('Shouter.shout("hey").length()')).execute_result["data"]["text/plain"] == "4"


# ---------------------------------------------------------------------------------------------------- class path

def test_jars_adds_matching_jars_and_classpath_lists_them(kernel, tmp_path):
    compile_jar(str(tmp_path / "lib" / "adder.jar"), {
        "pyfix.Adder": "package pyfix; public class Adder { public static int add(int a, int b) { return a + b; } }"})
    result = ok(kernel.execute("%jars '" + str(tmp_path) + "/lib/*.jar'"))
    assert "Added 1 entry to the class path." in result.stdout, result.stdout
    assert ok(kernel.execute("pyfix.Adder.add(40, 2)")).execute_result["data"]["text/plain"] == "42"
    listing = ok(kernel.execute("%classpath"))
    assert str(tmp_path / "lib" / "adder.jar") in listing.stdout


def test_jars_without_matches_is_a_clear_error(kernel, tmp_path):
    error = magic_error(kernel.execute("%jars " + str(tmp_path) + "/nothing/*.jar"))
    assert "No files match" in error["evalue"], error
    error = magic_error(kernel.execute("%classpath " + str(tmp_path) + "/missing.jar"))
    assert "No such file or folder" in error["evalue"], error
    assert_alive(kernel)


# ---------------------------------------------------------------------------------------------------- maven

@pytest.fixture(scope="module")
def maven_repository(kernel):
    """A repository folder with GROUP:a:1.0 -> GROUP:b:1.0; Maven Central is switched off meanwhile."""
    root = tempfile.mkdtemp(prefix="magics-maven-repo-")
    group = "io.javagpu.pytestfixture.g" + uuid.uuid4().hex[:10]
    package = "pyfix" + uuid.uuid4().hex[:6]

    def artifact(artifact_id, extension):
        folder = os.path.join(root, *group.split("."), artifact_id, "1.0")
        os.makedirs(folder, exist_ok=True)
        return os.path.join(folder, "%s-1.0.%s" % (artifact_id, extension))

    def pom(artifact_id, dependencies=""):
        return ('<project><modelVersion>4.0.0</modelVersion><groupId>%s</groupId><artifactId>%s</artifactId>'
                '<version>1.0</version>%s</project>' % (group, artifact_id, dependencies))

    b_jar = compile_jar(artifact("b", "jar"), {
        package + ".B": "package %s; public class B { public static String name() { return \"B\"; } }" % package})
    compile_jar(artifact("a", "jar"), {
        package + ".A": "package %s; public class A { public static String hello() { return \"A uses \" + %s.B.name(); } }"
        % (package, package)}, classpath=[b_jar])
    with open(artifact("b", "pom"), "w") as f:
        f.write(pom("b"))
    with open(artifact("a", "pom"), "w") as f:
        f.write(pom("a", "<dependencies><dependency><groupId>%s</groupId><artifactId>b</artifactId>"
                         "<version>1.0</version></dependency></dependencies>" % group))
    ok(kernel.execute("%mavenRepo --remove central"))
    try:
        yield {"root": root, "url": "file://" + root + "/", "group": group, "package": package}
    finally:
        kernel.execute("%mavenRepo central https://repo.maven.apache.org/maven2/")
        kernel.execute("%mavenRepo --remove pytest-folder")
        shutil.rmtree(root, ignore_errors=True)
        # The kernel's local repository (default location) got copies of the fixture artifacts.
        shutil.rmtree(os.path.join(os.path.expanduser("~"), ".m2", "repository", *group.split(".")), ignore_errors=True)


def test_maven_resolves_transitively_from_a_added_repository(kernel, maven_repository):
    repo = maven_repository
    result = ok(kernel.execute("%mavenRepo pytest-folder " + repo["url"]))
    assert "Added Maven repository pytest-folder" in result.stdout
    result = ok(kernel.execute("%maven " + repo["group"] + ":a:1.0", timeout=120))
    assert "Downloaded a-1.0.jar" in result.stdout, result.stdout
    assert "Downloaded b-1.0.jar" in result.stdout, result.stdout
    assert "Added 2 entries to the class path." in result.stdout, result.stdout
    result = ok(kernel.execute(repo["package"] + ".A.hello().length()"))
    assert result.execute_result["data"]["text/plain"] == str(len("A uses B"))


def test_maven_reports_missing_artifacts_cleanly(kernel, maven_repository):
    error = magic_error(kernel.execute("%maven " + maven_repository["group"] + ":nope:9.9", timeout=120))
    assert error["evalue"].startswith("Could not resolve"), error
    assert_alive(kernel)


def test_load_from_pom_resolves_a_snippet(kernel, maven_repository):
    repo = maven_repository
    cell = ("%%loadFromPOM\n"
            "<repositories><repository><id>pytest-folder</id><url>{url}</url></repository></repositories>\n"
            "<properties><fixture.version>1.0</fixture.version></properties>\n"
            "<dependencies>\n"
            "  <dependency><groupId>{group}</groupId><artifactId>a</artifactId><version>${{fixture.version}}</version></dependency>\n"
            "</dependencies>\n").format(url=repo["url"], group=repo["group"])
    result = ok(kernel.execute(cell, timeout=120))
    assert "class path" in result.stdout, result.stdout
    result = ok(kernel.execute(repo["package"] + ".B.name().length()"))
    assert result.execute_result["data"]["text/plain"] == "1"


# ---------------------------------------------------------------------------------------------------- display API

def test_display_returns_an_id_that_update_display_uses(kernel):
    result = ok(kernel.execute('String shownId = display("first");\nupdateDisplay(shownId, "second");'))
    shown = of_type(result, "display_data")
    updated = of_type(result, "update_display_data")
    assert len(shown) == 1 and len(updated) == 1, result.outputs
    assert display_id(shown[0]) and display_id(shown[0]) == display_id(updated[0])
    assert shown[0]["data"]["text/plain"] == "first"
    assert updated[0]["data"]["text/plain"] == "second"
    later = ok(kernel.execute('updateDisplay(shownId, "third");'))
    assert display_id(of_type(later, "update_display_data")[0]) == display_id(shown[0])


def test_progress_bar_updates_in_place(kernel):
    result = ok(kernel.execute(
        'try (var bar = new io.javagpu.display.ProgressBar(3, "steps")) {\n'
        '    for (int i = 0; i < 3; i++) bar.step();\n'
        '}'))
    shown = of_type(result, "display_data")
    updates = of_type(result, "update_display_data")
    assert len(shown) == 1 and updates, result.outputs
    assert all(display_id(u) == display_id(shown[0]) for u in updates)
    assert updates[-1]["data"]["text/plain"].endswith("100% 3/3")
    assert '<progress value="3" max="3"' in updates[-1]["data"]["text/html"]


def test_clear_output(kernel):
    result = ok(kernel.execute('display("x");\nclearOutput();'))
    assert of_type(result, "clear_output"), result.outputs


def test_list_of_records_renders_as_a_table_bundle(kernel):
    ok(kernel.execute("record Measured(int n, String label) {}"))
    result = ok(kernel.execute('List.of(new Measured(1, "<a>"), new Measured(22, "b"))'))
    data = result.execute_result["data"]
    assert "&lt;a&gt;" in data["text/html"] and "<a>" not in data["text/html"]
    assert data["application/json"] == {"columns": ["n", "label"], "rows": [[1, "<a>"], [22, "b"]]}
    lines = data["text/plain"].splitlines()
    assert lines[0].split() == ["n", "label"]
    assert lines[2].startswith(" 1") and lines[3].startswith("22"), data["text/plain"]


def test_two_dimensional_arrays_render_as_tables(kernel):
    data = ok(kernel.execute("new double[][] {{1.5, 2}, {3, 4}}")).execute_result["data"]
    assert data["application/json"]["rows"] == [[1.5, 2.0], [3.0, 4.0]]
    assert "<table" in data["text/html"]


def test_table_display_restricted_to_some_mime_types(kernel):
    result = ok(kernel.execute(
        'display(io.javagpu.display.Table.builder().columns("k", "v").row("x", 1).build(), "text/html");'))
    assert set(of_type(result, "display_data")[0]["data"]) == {"text/plain", "text/html"}


def test_helpers_and_custom_renderers(kernel):
    data = ok(kernel.execute('html("<b>bold</b>")')).execute_result["data"]
    assert data["text/html"] == "<b>bold</b>" and data["text/plain"] == "bold"
    shown = of_type(ok(kernel.execute('display(markdown("# Title"));')), "display_data")[0]
    assert shown["data"]["text/markdown"] == "# Title"
    ok(kernel.execute("class Celsius { double degrees = 21.5; }\n"
                      "io.javagpu.display.Renderers.register(Celsius.class, c -> html(\"<i>\" + c.degrees + \" °C</i>\"));"))
    data = ok(kernel.execute("new Celsius()")).execute_result["data"]
    assert data["text/html"] == "<i>21.5 °C</i>"


def test_buffered_images_render_as_png(kernel):
    data = ok(kernel.execute(
        "new java.awt.image.BufferedImage(4, 3, java.awt.image.BufferedImage.TYPE_INT_RGB)")).execute_result["data"]
    png = base64.b64decode(data["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
