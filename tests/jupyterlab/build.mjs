// Bundles the two test pages with esbuild into build/ (git-ignored): rendered.{js,css} for the static outputs page,
// live.{js,css} for the NotebookPanel page that the notebook server extension serves.
import * as esbuild from 'esbuild';
import { mkdir, rm, writeFile } from 'node:fs/promises';

const out = new URL('./build/', import.meta.url).pathname;
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

await esbuild.build({
  entryPoints: { rendered: 'src/rendered.js', live: 'src/live.js' },
  bundle: true,
  outdir: out,
  // One classic script per page: the Vega renderer's dynamic import('vega-embed') is inlined.
  format: 'iife',
  minify: true,
  sourcemap: false,
  target: 'chrome110',
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: {
    '.svg': 'dataurl',
    '.png': 'dataurl',
    '.gif': 'dataurl',
    '.woff': 'file',
    '.woff2': 'file',
    '.ttf': 'file',
    '.eot': 'file'
  },
  logLevel: 'warning'
});

const page = (name, head = '') => `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>java-gpu ${name}</title>
<link rel="icon" href="data:,">
${head}<link rel="stylesheet" href="${name}.css">
<style>body { margin: 0; } #notebook { padding: 8px 16px; } .cell { margin-bottom: 12px; }
.cell > pre.source { background: var(--jp-cell-editor-background); border: 1px solid var(--jp-cell-editor-border-color);
  padding: 4px 8px; margin: 0 0 4px; font-family: var(--jp-code-font-family); font-size: var(--jp-code-font-size); }</style>
</head>
<body class="jp-ThemedContainer">
<div id="notebook"></div>
<script src="${name}.js"></script>
</body>
</html>
`;
await writeFile(out + 'rendered.html', page('rendered'));
console.log('built', out);
