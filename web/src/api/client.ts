// The API of `okno serve` (DESIGN.md §4.6), its paths checked against the OpenAPI document the
// server serves (src/api/openapi.json, the same document: a server test compares them; types
// generated from it by `npm run api-types`).
import type { paths } from "./schema";

export type ApiPath = keyof paths;

export interface Problem {
  status: number;
  title: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

export class ApiError extends Error {
  constructor(public problem: Problem) {
    super(problem.detail || problem.title);
  }
}

export const sessionEndedEvent = "okno:session-ended";

let token: string | null = sessionStorage.getItem("okno.token");

export function setToken(value: string | null) {
  token = value;
  if (value) sessionStorage.setItem("okno.token", value);
  else sessionStorage.removeItem("okno.token");
}

// `path` as the document writes it ("/api/v1/cases/{id}"), its {names} filled from `params`;
// `query` appended.
export async function api<T>(
  method: "GET" | "POST" | "DELETE",
  path: ApiPath,
  options: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown } = {},
): Promise<T> {
  let url: string = path;
  for (const [name, value] of Object.entries(options.params ?? {})) {
    url = url.replace(`{${name}}`, encodeURIComponent(value));
  }
  const query = new URLSearchParams(options.query ?? {}).toString();
  if (query) url += `?${query}`;
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers["Authorization"] = `Bearer ${token}`;
  const response = await fetch(url, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    // A session that has ended (expired, or the role changed): the app asks for a login again.
    if (response.status === 401 && token && path !== "/api/v1/sessions") {
      window.dispatchEvent(new Event(sessionEndedEvent));
    }
    throw new ApiError(data ?? { status: response.status, title: response.statusText });
  }
  return data as T;
}
