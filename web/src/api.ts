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

/** Multi-user mode's CSRF token (a script-readable cookie), echoed on state-changing requests; absent in single-user mode. */
function csrfToken(): string | null {
  const m = /(?:^|;\s*)llmpath_csrf=([^;]+)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]!) : null;
}

/** The headers of an /api request: JSON content type when there is a body, the CSRF token on state-changing methods. */
export function apiHeaders(method: string, hasBody: boolean): Record<string, string> {
  const headers: Record<string, string> = hasBody ? { "content-type": "application/json" } : {};
  const csrf = method === "GET" ? null : csrfToken();
  if (csrf) headers["x-csrf-token"] = csrf;
  return headers;
}

export async function api<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  const method = init?.method ?? "GET";
  const headers = apiHeaders(method, init?.body !== undefined);
  const res = await fetch(`/api${path}`, {
    method,
    headers,
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const type = res.headers.get("content-type") ?? "";
  if (!res.ok) {
    const body = type.includes("json") ? ((await res.json()) as { error?: Record<string, unknown> }) : {};
    throw new ApiError(res.status, String(body.error?.code ?? "http_error"), body.error ?? {});
  }
  return (type.includes("json") ? res.json() : res.text()) as Promise<T>;
}
