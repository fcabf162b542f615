// The rendermime registry both pages use: JupyterLab's standard renderers, the Vega 5 extension (Vega-Lite v3-v5)
// and the marked Markdown parser, set up as JupyterLab's own plugins would.
import { EditorLanguageRegistry } from '@jupyterlab/codemirror';
import { createMarkdownParser } from '@jupyterlab/markedparser-extension';
import { RenderMimeRegistry, standardRendererFactories } from '@jupyterlab/rendermime';
import vega5 from '@jupyterlab/vega5-extension';

export function editorLanguages() {
  const languages = new EditorLanguageRegistry();
  for (const language of EditorLanguageRegistry.getDefaultLanguages()) {
    languages.addLanguage(language);
  }
  return languages;
}

export function createRendermime(languages = editorLanguages()) {
  const rendermime = new RenderMimeRegistry({
    initialFactories: standardRendererFactories,
    markdownParser: createMarkdownParser(languages)
  });
  for (const extension of Array.isArray(vega5) ? vega5 : [vega5]) {
    rendermime.addFactory(extension.rendererFactory, extension.rank);
  }
  return rendermime;
}
