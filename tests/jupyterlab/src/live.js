// Live page: a JupyterLab NotebookPanel (DocumentManager, NotebookWidgetFactory, CodeMirror 6 editors, rendermime
// with the Vega 5 extension) talking to the notebook server that serves this page (jlab_test_server.py), plus
// JupyterLab's kernel completer (Tab) and the tooltip's kernel inspection (Shift-Tab), bound to the same keys and
// selectors as in JupyterLab. run-live.mjs drives it through window.jlab and the keyboard.
import './style.js';
import {
  CodeMirrorEditorFactory,
  CodeMirrorMimeTypeService,
  EditorExtensionRegistry,
  EditorThemeRegistry,
  ybinding
} from '@jupyterlab/codemirror';
import {
  Completer,
  CompleterModel,
  CompletionHandler,
  KernelCompleterProvider,
  ProviderReconciliator
} from '@jupyterlab/completer';
import { DocumentManager } from '@jupyterlab/docmanager';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import {
  NotebookActions,
  NotebookModelFactory,
  NotebookPanel,
  NotebookWidgetFactory,
  StaticNotebook
} from '@jupyterlab/notebook';
import { ServiceManager } from '@jupyterlab/services';
import { Tooltip } from '@jupyterlab/tooltip';
import { CommandRegistry } from '@lumino/commands';
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import { createRendermime, editorLanguages } from './rendermime.js';

const languages = editorLanguages();
const rendermime = createRendermime(languages);

const themes = new EditorThemeRegistry();
for (const theme of EditorThemeRegistry.getDefaultThemes()) {
  themes.addTheme(theme);
}
const extensions = new EditorExtensionRegistry();
for (const factory of EditorExtensionRegistry.getDefaultExtensions({ themes })) {
  extensions.addExtension(factory);
}
// Without the Yjs binding, what is typed in an editor never reaches the cell model.
extensions.addExtension({
  name: 'binding',
  factory: ({ model }) =>
    EditorExtensionRegistry.createImmutableExtension(
      ybinding({ ytext: model.sharedModel.ysource, undoManager: model.sharedModel.undoManager ?? undefined })
    )
});
const editorServices = new CodeMirrorEditorFactory({ extensions, languages });
const mimeTypeService = new CodeMirrorMimeTypeService(languages);

const manager = new ServiceManager();
const registry = new DocumentRegistry();
registry.addModelFactory(new NotebookModelFactory({}));
registry.addWidgetFactory(
  new NotebookWidgetFactory({
    name: 'Notebook',
    modelName: 'notebook',
    fileTypes: ['notebook'],
    defaultFor: ['notebook'],
    preferKernel: true,
    canStartKernel: true,
    rendermime,
    mimeTypeService,
    contentFactory: new NotebookPanel.ContentFactory({ editorFactory: editorServices.newInlineEditor }),
    // Every cell stays in the DOM (no windowing), so the test can look at any of them.
    notebookConfig: { ...StaticNotebook.defaultNotebookConfig, windowingMode: 'none' }
  })
);
const opened = new Signal({});
const docManager = new DocumentManager({
  registry,
  manager,
  opener: { open: () => undefined, opened }
});

const host = document.getElementById('notebook');
let panel = null;

const completer = new Completer({ model: new CompleterModel() });
completer.hide();
Widget.attach(completer, document.body);
const handler = new CompletionHandler({
  completer,
  reconciliator: new ProviderReconciliator({ context: { widget: completer }, providers: [], timeout: 1 })
});

function connectCompleter() {
  const editor = panel?.content.activeCell?.editor ?? null;
  handler.editor = editor;
  handler.reconciliator = new ProviderReconciliator({
    context: { widget: panel, editor, session: panel?.sessionContext.session ?? null },
    providers: [new KernelCompleterProvider()],
    timeout: 5000
  });
}

let tooltip = null;

// What JupyterLab's tooltip extension does on Shift-Tab: inspect the code up to the cursor, show the reply.
async function launchTooltip() {
  const cell = panel.content.activeCell;
  const kernel = panel.sessionContext.session?.kernel;
  if (!cell || !kernel) {
    return;
  }
  const editor = cell.editor;
  const code = editor.model.sharedModel.getSource();
  const offset = editor.getOffsetAt(editor.getCursorPosition());
  const reply = await kernel.requestInspect({ code, cursor_pos: offset, detail_level: 0 });
  if (reply.content.status !== 'ok' || !reply.content.found) {
    return;
  }
  tooltip?.dispose();
  tooltip = new Tooltip({ anchor: panel.content, bundle: reply.content.data, editor, rendermime });
  Widget.attach(tooltip, document.body);
}

const commands = new CommandRegistry();
commands.addCommand('completer:invoke-notebook', { execute: () => handler.invoke() });
commands.addCommand('tooltip:launch-notebook', { execute: () => launchTooltip() });
commands.addKeyBinding({
  command: 'completer:invoke-notebook',
  keys: ['Tab'],
  selector: '.jp-Notebook.jp-mod-editMode .jp-mod-completer-enabled'
});
commands.addKeyBinding({
  command: 'tooltip:launch-notebook',
  keys: ['Shift Tab'],
  selector: '.jp-Notebook.jp-mod-editMode .jp-InputArea-editor:not(.jp-mod-has-primary-selection)'
});
document.addEventListener('keydown', event => commands.processKeydownEvent(event), true);
window.addEventListener('resize', () => panel?.update());

function waitFor(signal, ready) {
  return new Promise(resolve => {
    if (ready()) {
      resolve();
      return;
    }
    const check = () => {
      if (ready()) {
        signal.disconnect(check);
        resolve();
      }
    };
    signal.connect(check);
  });
}

async function kernelIdle() {
  const context = panel.sessionContext;
  await context.ready;
  await waitFor(context.connectionStatusChanged, () => context.session?.kernel?.connectionStatus === 'connected');
  await waitFor(context.statusChanged, () => context.session?.kernel?.status === 'idle');
}

// Shutting a kernel down while one of its requests awaits a reply makes JupyterLab reject that request unhandled
// ("Canceled future for kernel_info_request ..."): a reconnection's kernel_info can still be in flight after a run.
async function noRequestsInFlight(timeoutMs = 10000) {
  const kernel = panel.sessionContext.session?.kernel;
  const deadline = Date.now() + timeoutMs;
  while (kernel && !kernel.isDisposed && Date.now() < deadline) {
    if (kernel.connectionStatus === 'connected' && (kernel._futures?.size ?? 0) === 0) {
      return;
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

async function shutDownPanel() {
  await noRequestsInFlight();
  await panel.sessionContext.shutdown();
  panel.dispose();
}

function cellFacts(cell, index) {
  const model = cell.model;
  const outputs = [];
  if (model.type === 'code') {
    for (let i = 0; i < model.outputs.length; i++) {
      const output = model.outputs.get(i);
      outputs.push({ type: output.type, mimeTypes: Object.keys(output.data), json: output.toJSON() });
    }
  }
  const outputNode = cell.node.querySelector('.jp-OutputArea');
  return {
    index,
    type: model.type,
    source: model.sharedModel.getSource(),
    executionCount: model.type === 'code' ? model.executionCount : null,
    prompt: cell.node.querySelector('.jp-InputPrompt')?.textContent ?? '',
    outputs,
    html: outputNode ? outputNode.innerHTML.slice(0, 4000) : '',
    text: outputNode ? outputNode.innerText.slice(0, 4000) : ''
  };
}

const running = new Map();

window.jlab = {
  async open(path) {
    if (panel) {
      await shutDownPanel();
    }
    panel = docManager.open(path, 'Notebook');
    panel.id = 'live-notebook';
    Widget.attach(panel, host);
    panel.content.activeCellChanged.connect(connectCompleter);
    panel.sessionContext.kernelChanged.connect(connectCompleter);
    await panel.context.ready;
    await kernelIdle();
    connectCompleter();
    panel.update();
    return { path, kernel: panel.sessionContext.session.kernel.name, cells: panel.content.widgets.length };
  },

  async runAll() {
    const ok = await NotebookActions.runAll(panel.content, panel.sessionContext);
    return { ok, cells: panel.content.widgets.map(cellFacts) };
  },

  // Appends a code cell with this source and makes it the active cell; returns its index.
  append(source) {
    const notebook = panel.content;
    notebook.activeCellIndex = notebook.widgets.length - 1;
    NotebookActions.insertBelow(notebook);
    notebook.activeCell.model.sharedModel.setSource(source);
    return notebook.activeCellIndex;
  },

  // Runs one cell through NotebookActions.run, as Shift-Enter would without advancing; start() does not wait.
  start(index) {
    const notebook = panel.content;
    notebook.activeCellIndex = index;
    notebook.deselectAll();
    running.set(index, NotebookActions.run(notebook, panel.sessionContext));
  },
  async finish(index) {
    const ok = await running.get(index);
    running.delete(index);
    return { ok, cell: cellFacts(panel.content.widgets[index], index) };
  },
  async run(index) {
    this.start(index);
    return this.finish(index);
  },

  cell(index) {
    return cellFacts(panel.content.widgets[index], index);
  },

  kernelStatus() {
    return panel.sessionContext.session?.kernel?.status ?? null;
  },

  // Kernel controls through the panel's own session, as JupyterLab's Interrupt/Restart commands call them.
  async interrupt() {
    await panel.sessionContext.session.kernel.interrupt();
  },
  async restart() {
    const kernel = panel.sessionContext.session.kernel;
    // a restart disposes what is in flight, as a shutdown does (see noRequestsInFlight)
    await noRequestsInFlight();
    await kernel.restart();
    await kernelIdle();
  },

  // Edit mode in the cell's editor, cursor at the end of its text (the keyboard then types there).
  edit(index) {
    const notebook = panel.content;
    notebook.activeCellIndex = index;
    notebook.mode = 'edit';
    const editor = notebook.activeCell.editor;
    editor.focus();
    editor.setCursorPosition(editor.getPositionAt(editor.model.sharedModel.getSource().length));
    connectCompleter();
  },

  completerItems() {
    if (completer.isHidden) {
      return null;
    }
    return Array.from(completer.node.querySelectorAll('.jp-Completer-item')).map(item =>
      item.querySelector('.jp-Completer-match').textContent
    );
  },

  tooltipText() {
    return tooltip && !tooltip.isDisposed && tooltip.isAttached ? tooltip.node.innerText : null;
  },

  // Records every <progress> value the cell's output shows, with whether the cell was still running then.
  watchProgress(index) {
    const cell = panel.content.widgets[index];
    const seen = [];
    const record = () => {
      const bar = cell.node.querySelector('.jp-OutputArea progress');
      const value = bar ? Number(bar.value) : null;
      if (value !== null && (seen.length === 0 || seen[seen.length - 1].value !== value)) {
        seen.push({ value, max: Number(bar.max), running: cell.model.executionState === 'running' });
      }
    };
    const observer = new MutationObserver(record);
    observer.observe(cell.node, { subtree: true, childList: true, attributes: true, characterData: true });
    window.progressSeen = seen;
    window.progressObserver = observer;
  },
  stopWatching() {
    window.progressObserver?.disconnect();
    return window.progressSeen;
  },

  // Waits for the cell started with start(), at most `ms` milliseconds.
  async finishWithin(index, ms) {
    let timer;
    const late = new Promise(resolve => {
      timer = setTimeout(() => resolve('timeout'), ms);
    });
    const outcome = await Promise.race([running.get(index), late]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      return { timedOut: true, cell: cellFacts(panel.content.widgets[index], index) };
    }
    return this.finish(index);
  },

  scrollTo(index) {
    panel.content.widgets[index].node.scrollIntoView({ block: 'start' });
  },

  async close() {
    if (panel) {
      await shutDownPanel();
      panel = null;
    }
  }
};
window.jlabReady = true;
