import { describe, expect, it } from 'vitest';
import { ConfigurationError, loadEnv } from '../../shared/config/env';
import { ENV } from '../../shared/resources';

describe('loadEnv: redactionKeepStaffNames', () => {
  const keep = (value: string | undefined) => loadEnv(['redactionKeepStaffNames'], { [ENV.redactionKeepStaffNames]: value }).redactionKeepStaffNames;

  it('is false when unset or empty, so staff names are redacted by default', () => {
    expect(keep(undefined)).toBe(false);
    expect(keep('')).toBe(false);
  });

  it('reads true and false as written locally or by the stack', () => {
    expect(keep('true')).toBe(true);
    expect(keep('false')).toBe(false);
  });

  it('refuses anything else at cold start, naming the variable', () => {
    expect(() => keep('sometimes')).toThrow(ConfigurationError);
    expect(() => keep('sometimes')).toThrow(ENV.redactionKeepStaffNames);
  });
});
