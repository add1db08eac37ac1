// The web app's only way to the server: typed JSON calls to /api, with errors as values the pages can show.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly body: Record<string, unknown>,
  ) {
    super(`${code} (HTTP ${status})`);
  }
}

export async function api<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  const res = await fetch(`/api${path}`, {
    method: init?.method ?? "GET",
    headers: init?.body === undefined ? {} : { "content-type": "application/json" },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const type = res.headers.get("content-type") ?? "";
  if (!res.ok) {
    const body = type.includes("json") ? ((await res.json()) as { error?: Record<string, unknown> }) : {};
    throw new ApiError(res.status, String(body.error?.code ?? "http_error"), body.error ?? {});
  }
  return (type.includes("json") ? res.json() : res.text()) as Promise<T>;
}
