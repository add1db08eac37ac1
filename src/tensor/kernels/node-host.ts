// Node built-ins reached without static imports, so the engine still bundles for browsers (where fast kernels are off).
import type * as ChildProcess from "node:child_process";
import type * as Crypto from "node:crypto";
import type * as Fs from "node:fs";
import type * as Module from "node:module";
import type * as Os from "node:os";
import type * as Path from "node:path";
import type * as Url from "node:url";
import type * as WorkerThreads from "node:worker_threads";

export interface NodeHost {
  fs: typeof Fs;
  path: typeof Path;
  os: typeof Os;
  url: typeof Url;
  crypto: typeof Crypto;
  childProcess: typeof ChildProcess;
  module: typeof Module;
  workerThreads: typeof WorkerThreads;
  env: Record<string, string | undefined>;
}

type GetBuiltin = (id: string) => unknown;

let host: NodeHost | null | undefined;

/** The Node modules the kernels need, or null outside Node (browser, isolated-vm sandbox). */
export function nodeHost(): NodeHost | null {
  if (host !== undefined) return host;
  const proc = (globalThis as { process?: { getBuiltinModule?: GetBuiltin; env?: Record<string, string | undefined> } }).process;
  const get = proc?.getBuiltinModule;
  if (typeof get !== "function") return (host = null);
  const need = <T>(id: string) => get.call(proc, id) as T;
  host = {
    fs: need("node:fs"),
    path: need("node:path"),
    os: need("node:os"),
    url: need("node:url"),
    crypto: need("node:crypto"),
    childProcess: need("node:child_process"),
    module: need("node:module"),
    workerThreads: need("node:worker_threads"),
    env: proc?.env ?? {},
  };
  return host;
}
