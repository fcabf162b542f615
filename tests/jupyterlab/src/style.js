import '@jupyterlab/notebook/style/index.js';
import '@jupyterlab/outputarea/style/index.js';
import '@jupyterlab/completer/style/index.js';
import '@jupyterlab/tooltip/style/index.js';
import '@jupyterlab/vega5-extension/style/index.js';
import '@jupyterlab/theme-light-extension/style/theme.css';
