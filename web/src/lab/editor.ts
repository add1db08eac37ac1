// The lab editor (CodeMirror 6, TypeScript mode); type-aware completion of llmpath/tensor is attached once the
// TypeScript environment (its own lazy chunk) has loaded.
import { autocompletion } from "@codemirror/autocomplete";
import { javascript } from "@codemirror/lang-javascript";
import { Compartment, EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { basicSetup } from "codemirror";

export interface LabEditor {
  getCode(): string;
  setCode(code: string): void;
  destroy(): void;
}

export function createEditor(parent: HTMLElement, doc: string, label: string, onTypesReady?: () => void): LabEditor {
  const ts = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        basicSetup,
        javascript({ typescript: true }),
        ts.of([]),
        EditorView.contentAttributes.of({ "aria-label": label }),
        EditorView.theme({ "&": { fontSize: "13.5px" }, ".cm-scroller": { fontFamily: "ui-monospace, Menlo, Consolas, monospace" } }),
      ],
    }),
  });
  let alive = true;
  import("./ts-env.ts")
    .then(async (m) => {
      const ext = await m.typescriptExtensions(view.state.doc.toString());
      if (!alive) return;
      view.dispatch({ effects: ts.reconfigure([ext.facet, ext.sync, autocompletion({ override: [ext.complete] }), ext.lint, ext.hover]) });
      onTypesReady?.();
    })
    .catch((e: unknown) => console.warn("llmpath: TypeScript completion unavailable:", e));
  return {
    getCode: () => view.state.doc.toString(),
    setCode: (code) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } }),
    destroy: () => {
      alive = false;
      view.destroy();
    },
  };
}
