/**
 * fetch() for the admin API: same-origin credentials, the session's CSRF token on every change,
 * problem+json errors as ApiError, and a 401 anywhere but the sign-in calls sends the reader to
 * the sign-in page (coming back here afterwards).
 */
import { t } from './lang.ts';
import type { FieldProblem, Problem as ServerProblem } from '../../../functions/api/problem.ts';

export type { FieldProblem };
/** The API's problem+json (functions/api/problem.ts), as read from any failed response: a field may be missing. */
export type Problem = Partial<ServerProblem>;

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  readonly retryAfter: number | undefined;
  constructor(status: number, problem: Problem, retryAfter?: number) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

let csrf = '';
export function setCsrf(token: string): void {
  csrf = token;
}

export function signInUrl(): string {
  return `/admin/?next=${encodeURIComponent(location.pathname + location.search)}`;
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly json?: unknown;
  readonly csv?: string;
  /** More request headers (an Idempotency-Key). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** `path` is below /api/v1 (`/admin/cases`, `/villages`). */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.csv !== undefined) {
    headers['Content-Type'] = 'text/csv';
    body = options.csv;
  }
  const method = options.method ?? (body === undefined ? 'GET' : 'POST');
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body: body ?? null, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, { detail: t('network') });
  }
  if (res.status === 401 && !path.startsWith('/admin/login/')) {
    location.replace(signInUrl());
    return new Promise<never>(() => undefined);
  }
  if (!res.ok) {
    const problem = ((await res.json().catch(() => undefined)) ?? {}) as Problem;
    throw new ApiError(res.status, problem, Number(res.headers.get('Retry-After')) || undefined);
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** What to tell the reader about an error that no field explains. */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return t('serverError', { status: '?' });
  if (error.status === 0) return t('network');
  if (error.status === 429) return t('tooMany', { minutes: Math.max(1, Math.ceil((error.retryAfter ?? 900) / 60)) });
  if (error.status === 403) return error.problem.type === '/problems/csrf' ? t('csrf') : t('forbidden');
  if (error.status === 413) return t('tooLarge');
  if (error.status >= 500) return t('serverError', { status: error.status });
  return error.problem.detail ?? error.problem.title ?? t('serverError', { status: error.status });
}
