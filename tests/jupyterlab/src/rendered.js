// Static page: renders the outputs of an executed notebook with JupyterLab's OutputArea and rendermime registry
// (no server, no kernel). run-rendered.mjs calls window.renderNotebook(notebook) and then window.describe().
import './style.js';
import { OutputArea, OutputAreaModel } from '@jupyterlab/outputarea';
import { Widget } from '@lumino/widgets';
import { createRendermime } from './rendermime.js';

const rendermime = createRendermime();
let rendered = [];

function text(source) {
  return Array.isArray(source) ? source.join('') : source || '';
}

window.renderNotebook = (notebook, title) => {
  for (const { area } of rendered) {
    area.dispose();
  }
  rendered = [];
  const root = document.getElementById('notebook');
  root.replaceChildren();
  const heading = document.createElement('h1');
  heading.textContent = title;
  root.appendChild(heading);
  for (const cell of notebook.cells) {
    if (cell.cell_type !== 'code') {
      continue;
    }
    const box = document.createElement('section');
    box.className = 'cell';
    box.dataset.cellId = cell.id;
    const source = document.createElement('pre');
    source.className = 'source';
    source.textContent = text(cell.source);
    box.appendChild(source);
    root.appendChild(box);
    // Trusted: the test executed the notebook itself, as JupyterLab trusts the outputs of cells it ran.
    const model = new OutputAreaModel({ values: cell.outputs, trusted: true });
    const area = new OutputArea({ model, rendermime });
    Widget.attach(area, box);
    rendered.push({ id: cell.id, model, area });
  }
  return rendered.length;
};

// What each output looks like in the DOM, next to what the model holds, for the test to compare.
window.describe = () =>
  rendered.map(({ id, model, area }) => ({
    id,
    outputs: area.widgets.map((child, i) => {
      const output = model.get(i);
      const node = child.node;
      const renderedNode = node.querySelector('[data-mime-type]');
      return {
        outputType: output.type,
        bundleMimeTypes: Object.keys(output.data),
        json: output.data['application/json'] ?? null,
        // The MIME type JupyterLab picks for this bundle (the renderer the OutputArea used).
        preferredMimeType: rendermime.preferredMimeType(output.data, 'any') ?? null,
        renderedMimeType: renderedNode ? renderedNode.dataset.mimeType : null,
        tables: Array.from(node.querySelectorAll('table')).map(table => ({
          bodyRows: table.querySelectorAll('tbody > tr').length
        })),
        vegaEmbed: node.querySelector('.vega-embed') !== null,
        vegaGraphic: node.querySelector('.vega-embed svg, .vega-embed canvas') !== null,
        text: node.innerText.slice(0, 500)
      };
    })
  }));

// True once every Vega output has drawn its chart.
window.vegaDrawn = () =>
  Array.from(document.querySelectorAll('.jp-RenderedVegaCommon5')).every(
    node => node.querySelector('svg, canvas') !== null
  );
