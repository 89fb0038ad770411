/**
 * Queue URLs between the proxy and upstream. fauxqs builds
 * `http://sqs.<region>.localhost:<port>/<account>/<name>`, which does not resolve everywhere, so the
 * proxy hands out `http://<host>:<proxyPort>/<account>/<name>` and maps an incoming QueueUrl back to
 * the upstream URL by queue NAME (learned from responses, else via ListQueues).
 */
import type { SqsUpstream } from './upstream';

export class QueueUrls {
  /** queue name → upstream QueueUrl */
  private readonly upstreamUrls = new Map<string, string>();
  /** `http://<host>:<port>` of the proxy, known once it listens. */
  proxyOrigin = '';

  constructor(private readonly upstream: SqsUpstream) {}

  async resolveUpstreamUrl(name: string): Promise<string | undefined> {
    const cached = this.upstreamUrls.get(name);
    if (cached) return cached;
    const { status, output } = await this.upstream.call('ListQueues', { QueueNamePrefix: name });
    if (status !== 200 || !Array.isArray(output?.QueueUrls)) return undefined;
    const url = (output.QueueUrls as unknown[]).find((u): u is string => typeof u === 'string' && queueNameOf(u) === name);
    if (url) this.upstreamUrls.set(name, url);
    return url;
  }

  /** Remembers an upstream QueueUrl by its queue name and returns the proxy's URL for it. */
  learn(upstreamUrl: unknown): string | undefined {
    if (typeof upstreamUrl !== 'string') return undefined;
    const name = queueNameOf(upstreamUrl);
    if (!name) return upstreamUrl;
    this.upstreamUrls.set(name, upstreamUrl);
    return this.toProxyUrl(upstreamUrl);
  }

  forget(name: string): void {
    this.upstreamUrls.delete(name);
  }

  private toProxyUrl(u: string): string {
    return this.proxyOrigin + pathOf(u);
  }
}

/**
 * Path of a queue URL, parsed by hand: fauxqs started with `host: '127.0.0.1'` hands out
 * `http://sqs.<region>.127.0.0.1:<port>/…`, which WHATWG `new URL()` rejects (a host ending in a number).
 */
function pathOf(queueUrl: string): string {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/.exec(queueUrl);
  return m ? m[1] || '/' : queueUrl.split(/[?#]/)[0]!;
}

export function queueNameOf(queueUrl: string): string | undefined {
  const segs = pathOf(queueUrl).split('/').filter(Boolean);
  if (segs.length === 0) return undefined;
  try {
    return decodeURIComponent(segs[segs.length - 1]!);
  } catch {
    return segs[segs.length - 1];
  }
}

