import { describe, expect, it } from 'vitest';
import { addressKey } from '../../../sync-server/auth/address-key';

describe('addressKey', () => {
  it('keeps an IPv4 address as it is', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts an IPv6 address by its /64, however it is written', () => {
    const key = '2001:db8:a:7::/64';
    for (const a of ['2001:db8:a:7::1', '2001:0DB8:000a:0007:ffff:ffff:ffff:ffff', '[2001:db8:a:7::abcd]', '2001:db8:a:7::9%eth0', '2001:db8:a:7:0:0:1.2.3.4']) {
      expect(addressKey(a), a).toBe(key);
    }
    expect(addressKey('2001:db8:a:8::1')).toBe('2001:db8:a:8::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('2001:db8::')).toBe('2001:db8:0:0::/64');
  });

  it('an IPv4 address mapped into IPv6 is the IPv4 address', () => {
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::FFFF:cb00:7107')).toBe('203.0.113.7');
  });

  it('anything else is its own key', () => {
    expect(addressKey('unknown')).toBe('unknown');
    expect(addressKey('2001:db8::g')).toBe('2001:db8::g');
  });
});
