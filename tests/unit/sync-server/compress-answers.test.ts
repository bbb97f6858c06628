import { describe, expect, it } from 'vitest';
import { acceptsBrotli } from '../../../sync-server/http/compress-answers';

describe('acceptsBrotli', () => {
  it('takes br when the client names it with a q above 0', () => {
    expect(acceptsBrotli('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsBrotli('br;q=0.5, gzip')).toBe(true);
    expect(acceptsBrotli(' BR ')).toBe(true);
  });
  it('not when it is absent, refused, or only a wildcard', () => {
    expect(acceptsBrotli(undefined)).toBe(false);
    expect(acceptsBrotli('gzip, deflate')).toBe(false);
    expect(acceptsBrotli('br;q=0, gzip')).toBe(false);
    expect(acceptsBrotli('*')).toBe(false);
    expect(acceptsBrotli('brotli')).toBe(false);
  });
});
