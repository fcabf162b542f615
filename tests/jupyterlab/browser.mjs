// Starts the system Chromium with puppeteer-core (no browser download) and collects what the page reports as an
// error: console 'error' messages, uncaught page errors and failed requests.
import puppeteer from 'puppeteer-core';

export async function launch({ chromium, flags, userDataDir, width = 1200, height = 900 }) {
  return puppeteer.launch({
    executablePath: chromium,
    headless: true,
    userDataDir,
    args: [...flags, `--window-size=${width},${height}`],
    defaultViewport: { width, height }
  });
}

export function collectErrors(page) {
  const errors = [];
  page.on('console', message => {
    if (message.type() === 'error') {
      const where = message.location()?.url ?? '';
      errors.push(`console: ${message.text()}${where ? ` (${where})` : ''}`);
    }
  });
  page.on('pageerror', error => errors.push(`page error: ${error.message}`));
  page.on('requestfailed', request =>
    errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`)
  );
  return errors;
}

// Reads the JSON configuration the pytest side passes as the only argument, runs `main` and prints its result
// as one JSON line on stdout (or {"fatal": ...} and exit code 1).
export async function runMain(main) {
  try {
    const config = JSON.parse(process.argv[2]);
    const result = await main(config);
    process.stdout.write(JSON.stringify(result) + '\n');
  } catch (error) {
    process.stdout.write(JSON.stringify({ fatal: String(error?.stack ?? error) }) + '\n');
    process.exitCode = 1;
  }
}
