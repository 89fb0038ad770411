import { describe, expect, it } from 'vitest';
import { base64url, codeChallengeOf, fromBase64url, jwtClaims, randomToken } from '../../web/src/auth/pkce';

describe('the page PKCE helpers', () => {
  it('derive the S256 challenge of RFC 7636 appendix B', async () => {
    // Prepare: the RFC's verifier and the challenge it publishes.
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

    // Act
    const challenge = await codeChallengeOf(verifier);

    // Assess
    expect(challenge).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('encode base64url without padding, + or /, and read it back', () => {
    // Prepare: bytes whose base64 has both + and / and padding.
    const bytes = new Uint8Array([0xfb, 0xff, 0xbf, 0x3e, 0x01]);

    // Act
    const text = base64url(bytes);

    // Assess
    expect(text).toBe('-_-_PgE');
    expect([...fromBase64url(text)]).toEqual([...bytes]);
  });

  it('make verifiers of 43 unreserved characters, different each time', () => {
    // Act
    const a = randomToken();
    const b = randomToken();

    // Assess
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('refuse a verifier RFC 7636 forbids (too short, or with characters outside the unreserved set)', async () => {
    await expect(codeChallengeOf('short')).rejects.toThrow(/43 to 128/);
    await expect(codeChallengeOf(`${'a'.repeat(42)}/`)).rejects.toThrow(/43 to 128/);
  });

  it('read a JWT payload, and nothing from a token that is not one', () => {
    // Prepare
    const payload = base64url(new TextEncoder().encode(JSON.stringify({ email: 'cco@example.com', exp: 1_800_000_000 })));

    // Act / Assess
    expect(jwtClaims(`h.${payload}.s`)).toEqual({ email: 'cco@example.com', exp: 1_800_000_000 });
    expect(jwtClaims('not-a-token')).toBeUndefined();
    expect(jwtClaims('h.%%%.s')).toBeUndefined();
  });
});
