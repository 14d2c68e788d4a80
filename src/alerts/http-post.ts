import { DeliveryError, redact, withRetries, type RetryOptions } from './channel.js';

export interface HttpPostOptions extends Omit<RetryOptions, 'channel'> {
  channel: string;
  url: string;
  body: string;
  /** Called before each attempt: a signature can carry a fresh timestamp. */
  headers: () => Record<string, string>;
  timeoutMs: number;
  /** Values that must never appear in an error (secrets, the URL itself). */
  secrets: string[];
  fetch?: typeof fetch;
}

/**
 * POSTs a body, retrying on network errors, timeouts, 5xx and 429, never on other 4xx or on a
 * redirect (a signed alert is not re-sent to wherever a redirect points).
 */
export async function postWithRetries(options: HttpPostOptions): Promise<void> {
  const doFetch = options.fetch ?? fetch;
  await withRetries(async () => {
    let response: Response;
    try {
      response = await doFetch(options.url, {
        method: 'POST',
        headers: options.headers(),
        body: options.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      throw fetchError(options, error);
    }
    // The body is not needed; cancelling frees the connection.
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return;
    const retryable = response.status >= 500 || response.status === 429;
    const vars: Record<string, string | number> = { status: response.status };
    const retryAfter = Number(response.headers.get('retry-after'));
    if (response.status === 429 && Number.isFinite(retryAfter) && retryAfter > 0) vars.retryAfterMs = retryAfter * 1000;
    throw new DeliveryError(options.channel, 'http-status', vars, retryable);
  }, options);
}

function fetchError(options: HttpPostOptions, error: unknown): DeliveryError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new DeliveryError(options.channel, 'timeout', { seconds: Math.round(options.timeoutMs / 100) / 10 }, true);
  }
  // undici puts the useful part (ECONNREFUSED, ENOTFOUND…) in the cause.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  const reason = typeof code === 'string' ? code : cause instanceof Error ? cause.message : 'unknown';
  return new DeliveryError(options.channel, 'network', { reason: redact(reason.slice(0, 200), options.secrets) }, true);
}
