/** What the doctor read of one answer. */
export interface Answer {
  status: number;
  headers: Headers;
  body: Uint8Array;
  text(): string;
}

/** Each request the doctor makes gives up after this long. */
export const REQUEST_TIMEOUT_MS = 10_000;

/**
 * One request, redirects not followed (the doctor reads them), the body read whole.
 *
 * @example
 * const answer = await fetchAnswer('https://shop.example/', { method: 'GET' });
 */
export async function fetchAnswer(url: string | URL, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, {
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    ...init,
  });
  const body = new Uint8Array(await response.arrayBuffer());
  return {
    status: response.status,
    headers: response.headers,
    body,
    text: () => new TextDecoder().decode(body),
  };
}

/**
 * Why a request failed, in one line (`fetch failed` alone says nothing: its cause does).
 *
 * @example
 * failureOf(error); // 'connect ECONNREFUSED 127.0.0.1:9'
 */
export function failureOf(error: unknown): string {
  const cause = (error as { cause?: { message?: string; code?: string } } | undefined)?.cause;
  const message = error instanceof Error ? error.message : String(error);
  return cause?.message ? `${message}: ${cause.message}` : message;
}
