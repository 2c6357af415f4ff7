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

// What went wrong, for the user: each field at fault with its path, or the problem's detail.
export function describeFailure(failure: unknown): string {
  const fields = failure instanceof ApiError ? failure.problem.errors : undefined;
  if (fields?.length) return fields.map((one) => `${one.path}: ${one.message}`).join("; ");
  return failure instanceof Error ? failure.message : String(failure);
}

export const sessionEndedEvent = "okno:session-ended";

let token: string | null = sessionStorage.getItem("okno.token");

export function setToken(value: string | null) {
  token = value;
  if (value) sessionStorage.setItem("okno.token", value);
  else sessionStorage.removeItem("okno.token");
}

interface RequestOptions {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  // The same key for a command retried (a double click, a lost answer): the server acts once.
  idempotencyKey?: string;
}

// `path` as the document writes it ("/api/v1/cases/{id}"), its {names} filled from `params`;
// `query` appended. The raw response, for what is not JSON (the памятка); `api` for the rest.
export async function request(
  method: "GET" | "POST" | "DELETE",
  path: ApiPath,
  options: RequestOptions = {},
): Promise<Response> {
  let url: string = path;
  for (const [name, value] of Object.entries(options.params ?? {})) {
    url = url.replace(`{${name}}`, encodeURIComponent(value));
  }
  const query = new URLSearchParams(options.query ?? {}).toString();
  if (query) url += `?${query}`;
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers["Authorization"] = `Bearer ${token}`;
  if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;
  const response = await fetch(url, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  // A session that has ended (expired, or the role changed): the app asks for a login again.
  if (response.status === 401 && token && path !== "/api/v1/sessions") {
    window.dispatchEvent(new Event(sessionEndedEvent));
  }
  return response;
}

export async function api<T>(
  method: "GET" | "POST" | "DELETE",
  path: ApiPath,
  options: RequestOptions = {},
): Promise<T> {
  const response = await request(method, path, options);
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new ApiError(data ?? { status: response.status, title: response.statusText });
  }
  return data as T;
}

// A key for one command, random enough to be unique (crypto.randomUUID needs https; this does
// not).
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
