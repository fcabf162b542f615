// Drives the live JupyterLab page (served by jlab_test_server.py from a running notebook server) in Chromium and
// reports what happened at each step as JSON; the pytest side (tests/test_jupyterlab.py) makes the assertions.
//   node run-live.mjs '{"chromium": ..., "flags": [...], "userDataDir": ..., "url": "http://127.0.0.1:P/jlab-test/?token=T",
//                       "notebook": "01-....ipynb", "scratch": "scratch.ipynb", "screenshotDir": ...}'
import path from 'node:path';
import { collectErrors, launch, runMain } from './browser.mjs';

const STEP_TIMEOUT = 120000;

runMain(async config => {
  const browser = await launch({ ...config, width: 1200, height: 900 });
  const page = await browser.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  const errors = collectErrors(page);
  const result = { errors, timings: {} };
  const started = Date.now();
  const lap = name => {
    result.timings[name] = (Date.now() - started) / 1000;
  };
  const jlab = (method, ...args) =>
    page.evaluate((m, a) => window.jlab[m](...a), method, args);
  const waitFor = (fn, arg, timeout = STEP_TIMEOUT) =>
    page.waitForFunction(fn, { timeout, polling: 50 }, arg);

  try {
    await page.goto(config.url, { waitUntil: 'load' });
    await waitFor(() => window.jlabReady === true);
    lap('page');

    // (a) notebook 01, all cells through NotebookActions.runAll (Run > Run All Cells in JupyterLab).
    result.notebook = { open: await jlab('open', config.notebook) };
    result.notebook.run = await jlab('runAll');
    await jlab('scrollTo', 0);
    await page.screenshot({ path: path.join(config.screenshotDir, 'live-notebook01.png') });
    lap('notebook01');

    // The scratch notebook: open() shuts down notebook 01's kernel first.
    result.scratch = { open: await jlab('open', config.scratch) };
    lap('scratchOpen');

    let index = await jlab('append', 'display(html("<b>hi</b>"));');
    result.display = await jlab('run', index);
    result.display.bold = await page.evaluate(
      i => Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell')[i].querySelectorAll('.jp-OutputArea b'))
        .map(b => b.textContent),
      index
    );

    // (b) a progress bar updated in place (update_display_data) while the cell runs.
    index = await jlab(
      'append',
      'var bar = progressBar(5, "work");\nfor (int i = 0; i < 5; i++) { Thread.sleep(300); bar.step(); }\nbar.close();'
    );
    await jlab('watchProgress', index);
    result.progress = await jlab('run', index);
    result.progress.seen = await jlab('stopWatching');
    lap('progress');

    // (c) interrupt a busy loop from the kernel API; what was defined before survives.
    result.kept = await jlab('run', await jlab('append', 'int kept = 42;'));
    index = await jlab(
      'append',
      'long n = 0;\nSystem.out.println("looping");\nSystem.out.flush();\nwhile (true) { n++; }'
    );
    await jlab('start', index);
    // Interrupt only once the loop is running: its first line has reached the page.
    await waitFor(i => window.jlab.cell(i).text.includes('looping'), index, 60000);
    await jlab('interrupt');
    result.interrupted = await page.evaluate((i, ms) => window.jlab.finishWithin(i, ms), index, 30000);
    result.afterInterrupt = await jlab('run', await jlab('append', 'kept'));
    lap('interrupt');

    // (d) restart through the kernel API; the next cell is execution 1 of the new kernel.
    await jlab('restart');
    result.afterRestart = await jlab('run', await jlab('append', 'int after = 40 + 2;\nafter'));
    lap('restart');

    // (e) Tab in a cell editor: JupyterLab's CompletionHandler with the KernelCompleterProvider.
    index = await jlab('append', '');
    await jlab('edit', index);
    await page.keyboard.type('Str');
    await page.keyboard.press('Tab');
    await waitFor(() => (window.jlab.completerItems() ?? []).length > 0, undefined, 30000).catch(() => undefined);
    result.completion = { items: await jlab('completerItems'), source: (await jlab('cell', index)).source };
    await page.keyboard.press('Escape');
    lap('completion');

    // (f) Shift-Tab inside Math.max( (CodeMirror closes the bracket): the tooltip with the kernel's inspect reply.
    index = await jlab('append', '');
    await jlab('edit', index);
    await page.keyboard.type('Math.max(');
    await page.keyboard.down('Shift');
    await page.keyboard.press('Tab');
    await page.keyboard.up('Shift');
    await waitFor(() => window.jlab.tooltipText() !== null, undefined, 30000).catch(() => undefined);
    result.tooltip = { text: await jlab('tooltipText'), source: (await jlab('cell', index)).source };
    await page.screenshot({ path: path.join(config.screenshotDir, 'live-notebook.png') });
    lap('tooltip');

    await jlab('close');
    lap('closed');
    return result;
  } catch (error) {
    result.fatal = String(error?.stack ?? error);
    await page
      .screenshot({ path: path.join(config.screenshotDir, 'live-notebook.png') })
      .catch(() => undefined);
    return result;
  } finally {
    await browser.close();
  }
});
