// The acknowledgement as a PNG, so it can be shared from a phone with no printer. It carries the
// municipality's logo from its profile: the logo is a data URL stored in the profile record the
// device pulled, so it draws offline with no request.
import type { MunicipalityProfile } from '#shared/municipality/municipality-schema';
import { messages as m } from '../i18n/es-CO';
import { contactLine, entityLine } from '../municipality/entity-heading';

export const RECEIPT_WIDTH = 900;
const HEADER_HEIGHT = 110;
/** The logo sits in the green band's right end, inside this square, keeping its proportions. */
export const LOGO_BOX = { x: RECEIPT_WIDTH - 40 - 90, y: 10, size: 90 } as const;
const TEXT_X = 40;

/** The logo fitted into LOGO_BOX, centred, aspect kept. */
export function logoRect(width: number, height: number): { x: number; y: number; w: number; h: number } {
  const scale = Math.min(LOGO_BOX.size / width, LOGO_BOX.size / height);
  const w = Math.round(width * scale);
  const h = Math.round(height * scale);
  return { x: LOGO_BOX.x + Math.round((LOGO_BOX.size - w) / 2), y: LOGO_BOX.y + Math.round((LOGO_BOX.size - h) / 2), w, h };
}

export function receiptHeight(lineCount: number): number {
  return 260 + lineCount * 84;
}

/** What the drawing needs of an image: its intrinsic size (an HTMLImageElement, an ImageBitmap). */
export type LogoImage = CanvasImageSource & { width: number; height: number };

/**
 * Draws the receipt on a 2-D context of RECEIPT_WIDTH × receiptHeight(lines): the band with the
 * title, the entity and its logo (when it has one), the lines, how to reach the entity and how to
 * look the request up.
 */
export function drawReceipt(
  g: CanvasRenderingContext2D,
  lines: readonly (readonly [string, string])[],
  profile: MunicipalityProfile,
  logo: LogoImage | null,
  host: string,
): void {
  const height = receiptHeight(lines.length);
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, RECEIPT_WIDTH, height);
  g.fillStyle = '#0b6e4f';
  g.fillRect(0, 0, RECEIPT_WIDTH, HEADER_HEIGHT);
  if (logo && logo.width > 0 && logo.height > 0) {
    // A white tile behind the logo: a logo drawn for white paper stays legible on the green band.
    g.fillStyle = '#ffffff';
    g.fillRect(LOGO_BOX.x - 5, LOGO_BOX.y - 5, LOGO_BOX.size + 10, LOGO_BOX.size + 10);
    const r = logoRect(logo.width, logo.height);
    g.drawImage(logo, r.x, r.y, r.w, r.h);
  }
  // The text stops before the logo's tile.
  const textWidth = (logo ? LOGO_BOX.x - 15 : RECEIPT_WIDTH - TEXT_X) - TEXT_X;
  g.fillStyle = '#ffffff';
  g.font = 'bold 34px sans-serif';
  g.fillText(m.receipt.title, TEXT_X, 55, textWidth);
  g.font = '24px sans-serif';
  g.fillText(entityLine(profile), TEXT_X, 92, textWidth);
  g.fillStyle = '#1a202c';
  let y = 170;
  for (const [label, value] of lines) {
    g.font = '22px sans-serif';
    g.fillText(label, TEXT_X, y);
    g.font = 'bold 30px sans-serif';
    g.fillText(value, TEXT_X, y + 36);
    y += 84;
  }
  g.font = '20px sans-serif';
  g.fillText(contactLine(profile), TEXT_X, height - 50);
  g.fillText(m.receipt.lookupHint(host), TEXT_X, height - 20);
}

/**
 * The profile's logo as a drawable image, or null without one. A logo that does not decode is
 * reported and left out: the citizen still gets the receipt (the profile schema only admits PNG
 * or JPEG data URLs, so this is a damaged file, not an ordinary case).
 */
export async function loadLogo(dataUrl: string | null): Promise<LogoImage | null> {
  if (!dataUrl) return null;
  const img = new Image();
  img.src = dataUrl;
  try {
    await img.decode();
    return img;
  } catch (err) {
    console.warn('The municipality logo does not decode; the receipt goes without it:', err);
    return null;
  }
}

/** The receipt as a PNG blob, logo included. */
export async function receiptImage(lines: readonly (readonly [string, string])[], profile: MunicipalityProfile, host: string): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = RECEIPT_WIDTH;
  canvas.height = receiptHeight(lines.length);
  const g = canvas.getContext('2d');
  if (!g) throw new Error('canvas 2d context unavailable');
  drawReceipt(g, lines, profile, await loadLogo(profile.logo), host);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas'))), 'image/png'));
}
