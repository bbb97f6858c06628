// The PNG receipt's drawing: the municipality's logo from its profile in the band's right end
// (aspect kept, text kept clear of it), and a profile without a logo still draws everything.
// The pixels themselves are checked in real Chromium (tests/e2e/municipality-profile.spec.ts).
import { describe, expect, it } from 'vitest';
import { seedProfile } from '#shared/municipality/municipality-schema';
import { drawReceipt, loadLogo, LOGO_BOX, logoRect, type LogoImage } from '../../../src/ui/pqrsd/receipt-image';

type Call = { op: string; args: unknown[] };

/** A 2-D context that records what is drawn (the drawing code's only collaborator). */
function recordingContext(): { g: CanvasRenderingContext2D; calls: Call[] } {
  const calls: Call[] = [];
  const state: Record<string, unknown> = {};
  const g = new Proxy(state, {
    get: (_t, op: string) => (op in state ? state[op] : (...args: unknown[]) => void calls.push({ op, args })),
    set: (_t, op: string, value) => {
      state[op] = value;
      calls.push({ op: `set ${op}`, args: [value] });
      return true;
    },
  });
  return { g: g as unknown as CanvasRenderingContext2D, calls };
}

const LINES = [
  ['Radicado', '95200-2026-000123'],
  ['Fecha y hora de recepción', '10/07/2026 10:00'],
] as const;
const profile = { ...seedProfile('95200'), address: 'Calle 4 # 5-12', phone: '608 123 4567' };
const texts = (calls: Call[]) => calls.filter((c) => c.op === 'fillText').map((c) => c.args[0]);

describe('the PNG receipt', () => {
  it('draws the profile logo, fitted in its box with its proportions, and keeps the text clear of it', () => {
    const logo = { width: 200, height: 100 } as unknown as LogoImage;
    const { g, calls } = recordingContext();
    drawReceipt(g, LINES, { ...profile, logo: 'data:image/png;base64,AAAA' }, logo, 'gel.example');
    const drawn = calls.filter((c) => c.op === 'drawImage');
    expect(drawn).toHaveLength(1);
    expect(drawn[0]?.args[0]).toBe(logo);
    // 200×100 into 90×90: 90×45, centred vertically.
    expect(drawn[0]?.args.slice(1)).toEqual([LOGO_BOX.x, LOGO_BOX.y + 23, 90, 45]);
    expect(logoRect(50, 100)).toEqual({ x: LOGO_BOX.x + 23, y: LOGO_BOX.y, w: 45, h: 90 });
    const entity = calls.find((c) => c.op === 'fillText' && c.args[0] === 'Alcaldía Municipal de Miraflores (Guaviare)');
    expect(entity?.args[3]).toBe(LOGO_BOX.x - 15 - 40);
    expect(texts(calls)).toEqual(expect.arrayContaining(['95200-2026-000123', 'Calle 4 # 5-12 · 608 123 4567']));
  });

  it('without a logo: no image, the same text at full width', async () => {
    const { g, calls } = recordingContext();
    drawReceipt(g, LINES, profile, await loadLogo(profile.logo), 'gel.example');
    expect(calls.some((c) => c.op === 'drawImage')).toBe(false);
    const entity = calls.find((c) => c.op === 'fillText' && c.args[0] === 'Alcaldía Municipal de Miraflores (Guaviare)');
    expect(entity?.args[3]).toBe(900 - 80);
    expect(texts(calls)).toEqual(expect.arrayContaining(['Radicado', '95200-2026-000123', 'Fecha y hora de recepción', 'Calle 4 # 5-12 · 608 123 4567']));
  });
});
