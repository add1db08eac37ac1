// App-wide state: the language (remembered on the server and in localStorage), the route, and a data-loading hook.
import { createContext } from "preact";
import { useContext, useEffect, useState } from "preact/hooks";
import { api } from "./api.ts";
import { type Catalogue, type Lang, tr } from "./i18n.ts";

export interface AppState {
  lang: Lang;
  t: Catalogue;
  setLang: (l: Lang) => void;
  navigate: (href: string) => void;
}

export const AppContext = createContext<AppState>({ lang: "en", t: tr("en"), setLang: () => {}, navigate: () => {} });
export const useApp = () => useContext(AppContext);

export function initialLang(): Lang {
  const fromUrl = new URLSearchParams(location.search).get("lang");
  if (fromUrl === "zh" || fromUrl === "en") return fromUrl;
  const fromServer = document.documentElement.dataset.lang;
  if (fromServer === "zh" || fromServer === "en") return fromServer;
  const stored = localStorage.getItem("llmpath.lang");
  return stored === "zh" ? "zh" : "en";
}

export async function rememberLang(lang: Lang): Promise<void> {
  localStorage.setItem("llmpath.lang", lang);
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.documentElement.dataset.lang = lang;
  await api("/settings", { method: "PUT", body: { lang } });
}

export type Loaded<T> = { state: "loading" } | { state: "error"; error: Error } | { state: "ok"; data: T };

/** Loads `path` and reloads when `deps` change; `reload()` fetches again. */
export function useApi<T>(path: string, deps: unknown[] = []): [Loaded<T>, () => void] {
  const [value, setValue] = useState<Loaded<T>>({ state: "loading" });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    api<T>(path).then(
      (data) => live && setValue({ state: "ok", data }),
      (error: Error) => live && setValue({ state: "error", error }),
    );
    return () => {
      live = false;
    };
  }, [path, tick, ...deps]);
  return [value, () => setTick((n) => n + 1)];
}
