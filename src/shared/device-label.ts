/**
 * A name an admin recognises a device by, from its browser's User-Agent and the day it first
 * synced: "Chrome en Android · 30/11/2026". Only well-known families are named; anything else
 * is "Navegador" / "otro sistema". The admin may rename it afterwards.
 */
export function deviceLabel(userAgent: string | undefined, firstSeen: string): string {
  const ua = userAgent ?? '';
  const browser =
    /EdgA?\//.test(ua) ? 'Edge'
    : /SamsungBrowser\//.test(ua) ? 'Samsung Internet'
    : /OPR\/|Opera/.test(ua) ? 'Opera'
    : /Firefox\/|FxiOS\//.test(ua) ? 'Firefox'
    : /Chrome\/|CriOS\/|Chromium\//.test(ua) ? 'Chrome'
    : /Safari\//.test(ua) ? 'Safari'
    : 'Navegador';
  const os =
    /Android/.test(ua) ? 'Android'
    : /iPhone|iPod/.test(ua) ? 'iPhone'
    : /iPad/.test(ua) ? 'iPad'
    : /CrOS/.test(ua) ? 'ChromeOS'
    : /Windows/.test(ua) ? 'Windows'
    : /Mac OS X|Macintosh/.test(ua) ? 'macOS'
    : /Linux/.test(ua) ? 'Linux'
    : 'otro sistema';
  const [y, m, d] = firstSeen.slice(0, 10).split('-');
  return `${browser} en ${os} · ${d}/${m}/${y}`;
}

/** Longest device name an admin may give. */
export const DEVICE_NAME_MAX = 60;
