/**
 * PKCE (RFC 7636) and the OAuth `state`: the code verifier the page keeps, the S256 challenge it
 * sends to the hosted sign-in, and base64url. Web Crypto only (the browser's, or Node's in tests).
 */

/** base64url without padding (RFC 4648 §5), as RFC 7636 appendix A specifies. */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Bytes from a base64url string (padding optional), e.g. a JWT's payload. */
export function fromBase64url(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** `bytes` random bytes as base64url: 32 bytes give the 43-character verifier RFC 7636 recommends. */
export function randomToken(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The S256 code challenge: base64url(SHA-256(ASCII(verifier))). */
export async function codeChallengeOf(verifier: string): Promise<string> {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) throw new Error('A PKCE code verifier is 43 to 128 unreserved characters (RFC 7636 §4.1).');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** A JWT's payload claims, undecoded signature (the API verifies it; the page reads `exp` and `email`). */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(fromBase64url(payload)));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
