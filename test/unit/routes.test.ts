import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../shared/resources';

const routes = [
  { method: 'POST', path: '/v1/exports', fn: 'a' },
  { method: 'POST', path: '/v1/exports/uploads', fn: 'b' },
  { method: 'GET', path: '/v1/exports/{jobId}', fn: 'c' },
  { method: 'POST', path: '/v1/social/{provider}', fn: 'd' },
] as const;

describe('matchRoute', () => {
  it('prefers an exact path over a parameterised one', () => {
    expect(matchRoute('POST', '/v1/exports/uploads', routes)?.route.fn).toBe('b');
  });

  it('gives path parameters decoded, and needs the method to match', () => {
    expect(matchRoute('GET', '/v1/exports/job%201', routes)).toEqual({ route: routes[2], pathParameters: { jobId: 'job 1' } });
    expect(matchRoute('POST', '/v1/exports/job-1', routes)).toBeUndefined();
  });

  it('does not match empty, extra or malformed segments', () => {
    expect(matchRoute('POST', '/v1/social/', routes)).toBeUndefined();
    expect(matchRoute('POST', '/v1/social/x/extra', routes)).toBeUndefined();
    expect(matchRoute('POST', '/v1/social/%E0%A4%A', routes)).toBeUndefined();
  });
});
