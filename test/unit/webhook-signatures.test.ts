import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  GENERIC_TIMESTAMP_TOLERANCE_SECONDS,
  verifyGenericSignature,
  verifyMetaSignature,
  verifySharedSecret,
  verifyXSignature,
  xCrcResponseToken,
} from '../../shared/domain/webhook-signatures';

// Expected values below were computed with `openssl dgst -sha256 -hmac <secret>`, not with our code.
const X_SECRET = 'x-consumer-secret';
const META_SECRET = 'meta-app-secret';
const GENERIC_SECRET = 'generic-secret';

describe('verifyGenericSignature', () => {
  const body = Buffer.from('{"id":"a"}');
  const signedAt = new Date(1_795_555_000_000);
  const signature = 'v1=076dbd46be73c9131959153181dc773327895408fbe726bddbc3467e50c4e7bb';

  it('accepts a body signed with the secret and a fresh timestamp', () => {
    expect(verifyGenericSignature(body, { timestamp: '1795555000', signature }, GENERIC_SECRET, signedAt)).toEqual({ ok: true });
  });

  it('accepts a timestamp at the edge of the tolerance, in either direction', () => {
    for (const offset of [-GENERIC_TIMESTAMP_TOLERANCE_SECONDS, GENERIC_TIMESTAMP_TOLERANCE_SECONDS]) {
      const now = new Date(signedAt.getTime() + offset * 1000);
      expect(verifyGenericSignature(body, { timestamp: '1795555000', signature }, GENERIC_SECRET, now).ok).toBe(true);
    }
  });

  it('refuses a replay: the same signed request more than 5 minutes later', () => {
    const later = new Date(signedAt.getTime() + (GENERIC_TIMESTAMP_TOLERANCE_SECONDS + 1) * 1000);
    const verdict = verifyGenericSignature(body, { timestamp: '1795555000', signature }, GENERIC_SECRET, later);
    expect(verdict).toEqual({ ok: false, reason: expect.stringContaining('301 s away') });
  });

  it('refuses a timestamp from the future beyond the tolerance', () => {
    const earlier = new Date(signedAt.getTime() - 3600_000);
    expect(verifyGenericSignature(body, { timestamp: '1795555000', signature }, GENERIC_SECRET, earlier).ok).toBe(false);
  });

  it('refuses a tampered body', () => {
    const verdict = verifyGenericSignature(Buffer.from('{"id":"b"}'), { timestamp: '1795555000', signature }, GENERIC_SECRET, signedAt);
    expect(verdict).toEqual({ ok: false, reason: expect.stringContaining('does not match') });
  });

  it('refuses a signature made with another secret', () => {
    expect(verifyGenericSignature(body, { timestamp: '1795555000', signature }, 'other-secret', signedAt).ok).toBe(false);
  });

  it('refuses a changed timestamp (it is part of what is signed)', () => {
    const now = new Date(1_795_555_001_000);
    expect(verifyGenericSignature(body, { timestamp: '1795555001', signature }, GENERIC_SECRET, now).ok).toBe(false);
  });

  it('says which header is missing or malformed', () => {
    expect(verifyGenericSignature(body, { signature }, GENERIC_SECRET, signedAt)).toEqual({ ok: false, reason: expect.stringContaining('x-cv-timestamp') });
    expect(verifyGenericSignature(body, { timestamp: '1795555000' }, GENERIC_SECRET, signedAt)).toEqual({ ok: false, reason: expect.stringContaining('x-cv-signature') });
    expect(verifyGenericSignature(body, { timestamp: '2026-11-24T10:00:00Z', signature }, GENERIC_SECRET, signedAt).ok).toBe(false);
    expect(verifyGenericSignature(body, { timestamp: '1795555000', signature: signature.slice(3) }, GENERIC_SECRET, signedAt)).toEqual({
      ok: false,
      reason: expect.stringContaining('v1='),
    });
  });

  it('accepts any one valid signature among several (secret rotation)', () => {
    const both = `v1=${'0'.repeat(64)},${signature}`;
    expect(verifyGenericSignature(body, { timestamp: '1795555000', signature: both }, GENERIC_SECRET, signedAt).ok).toBe(true);
  });
});

describe('verifyXSignature', () => {
  const body = Buffer.from('{"for_user_id":"1"}');
  const header = 'sha256=hfVR+B7xHXLf2eIjgiQpYAk6I3c21h4ceJtmD/P/7tI=';

  it('accepts the base64 HMAC of the raw body', () => {
    expect(verifyXSignature(body, header, X_SECRET)).toEqual({ ok: true });
  });

  it('refuses a tampered body, another secret, a missing header', () => {
    expect(verifyXSignature(Buffer.from('{"for_user_id":"2"}'), header, X_SECRET).ok).toBe(false);
    expect(verifyXSignature(body, header, 'wrong').ok).toBe(false);
    expect(verifyXSignature(body, undefined, X_SECRET)).toEqual({ ok: false, reason: expect.stringContaining('x-twitter-webhooks-signature') });
  });

  it('checks the bytes, not a re-serialisation: whitespace changes the signature', () => {
    expect(verifyXSignature(Buffer.from('{ "for_user_id": "1" }'), header, X_SECRET).ok).toBe(false);
  });
});

describe('xCrcResponseToken', () => {
  it('is sha256=<base64 HMAC of the crc_token with the consumer secret>', () => {
    expect(xCrcResponseToken('challenge-token-123', X_SECRET)).toBe('sha256=CmBvj7AGUxwzCxYJc7XUiLou4CfyXRizZIqjBwI+0Po=');
  });
});

describe('verifyMetaSignature', () => {
  const body = Buffer.from('{"object":"page","entry":[]}');
  const header = 'sha256=5dcb51eb590634700c8d9cc1fde4d2d5981ca7bb83f250eb3fb71bfd849057ed';

  it('accepts the hex HMAC of the raw body, in either case', () => {
    expect(verifyMetaSignature(body, header, META_SECRET)).toEqual({ ok: true });
    expect(verifyMetaSignature(body, header.toUpperCase(), META_SECRET)).toEqual({ ok: true });
  });

  it('refuses a tampered body, another secret, the SHA-1 header value, a missing header', () => {
    expect(verifyMetaSignature(Buffer.from('{"object":"page","entry":[{}]}'), header, META_SECRET).ok).toBe(false);
    expect(verifyMetaSignature(body, header, 'wrong').ok).toBe(false);
    const sha1 = `sha1=${createHmac('sha1', META_SECRET).update(body).digest('hex')}`;
    expect(verifyMetaSignature(body, sha1, META_SECRET).ok).toBe(false);
    expect(verifyMetaSignature(body, undefined, META_SECRET)).toEqual({ ok: false, reason: expect.stringContaining('X-Hub-Signature-256') });
  });
});

describe('verifySharedSecret (Trustpilot subscription URL credentials)', () => {
  const basic = (userInfo: string) => `Basic ${Buffer.from(userInfo).toString('base64')}`;

  it('accepts basic auth whose password is the secret, whatever the user name', () => {
    expect(verifySharedSecret(basic('trustpilot:s3cret'), undefined, 's3cret')).toEqual({ ok: true });
    expect(verifySharedSecret(basic('anyone:s3cret'), undefined, 's3cret')).toEqual({ ok: true });
  });

  it('accepts ?token=<secret> when no Authorization header is sent', () => {
    expect(verifySharedSecret(undefined, 's3cret', 's3cret')).toEqual({ ok: true });
  });

  it('refuses a wrong password, a wrong token, another scheme, nothing at all', () => {
    expect(verifySharedSecret(basic('trustpilot:guess'), undefined, 's3cret').ok).toBe(false);
    expect(verifySharedSecret(undefined, 's3cre', 's3cret').ok).toBe(false);
    expect(verifySharedSecret('Bearer s3cret', undefined, 's3cret').ok).toBe(false);
    expect(verifySharedSecret(undefined, undefined, 's3cret')).toEqual({ ok: false, reason: expect.stringContaining('Missing credentials') });
  });

  it('does not fall back to the token when a wrong Authorization header is present', () => {
    expect(verifySharedSecret(basic('trustpilot:guess'), 's3cret', 's3cret').ok).toBe(false);
  });
});

describe('constantTimeEqual', () => {
  it('tells equal strings from different ones of any length', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
