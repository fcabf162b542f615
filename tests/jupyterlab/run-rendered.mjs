// Renders executed notebooks with build/rendered.html (JupyterLab's OutputArea + rendermime + Vega 5) in Chromium and
// reports, per notebook, what each output looks like in the DOM and every error the page logged; saves a
// full-page screenshot per notebook.
//   node run-rendered.mjs '{"chromium": ..., "flags": [...], "userDataDir": ..., "screenshotDir": ...,
//                           "notebooks": [{"name": "01-x", "path": "/tmp/executed/01-x.ipynb"}]}'
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { collectErrors, launch, runMain } from './browser.mjs';

const BUILD = new URL('./build/', import.meta.url).pathname;
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2' };

function serveBuild() {
  const server = http.createServer(async (request, response) => {
    const name = path.normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)).replace(/^\/+/, '');
    try {
      const body = await readFile(path.join(BUILD, name));
      response.writeHead(200, { 'Content-Type': TYPES[path.extname(name)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)));
}

runMain(async config => {
  const server = await serveBuild();
  const browser = await launch(config);
  try {
    const results = [];
    for (const notebook of config.notebooks) {
      const page = await browser.newPage();
      const errors = collectErrors(page);
      await page.goto(`http://127.0.0.1:${server.address().port}/rendered.html`, { waitUntil: 'load' });
      await page.waitForFunction(() => typeof window.renderNotebook === 'function', { timeout: 30000 });
      const content = JSON.parse(await readFile(notebook.path, 'utf8'));
      await page.evaluate((nb, title) => window.renderNotebook(nb, title), content, notebook.name);
      let vegaDrawn = true;
      try {
        await page.waitForFunction(() => window.vegaDrawn(), { timeout: 30000, polling: 100 });
      } catch {
        vegaDrawn = false; // reported; the test says which output did not draw
      }
      const cells = await page.evaluate(() => window.describe());
      await page.screenshot({ path: path.join(config.screenshotDir, `${notebook.name}.png`), fullPage: true });
      results.push({ name: notebook.name, cells, vegaDrawn, errors });
      await page.close();
    }
    return { notebooks: results };
  } finally {
    await browser.close();
    server.close();
  }
});
