const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The files a record points at through a structured reference: any object with a SHA-256
 * `hash` (a request's attachments, a draft's images, their copies in conflicts and revisions).
 * A hash written in free text is not a reference.
 */
export function fileHashesIn(data: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(data)) {
    for (const v of data) fileHashesIn(v, into);
  } else if (data && typeof data === 'object') {
    const hash = (data as { hash?: unknown }).hash;
    if (typeof hash === 'string' && SHA256.test(hash)) into.add(hash);
    for (const v of Object.values(data)) if (v && typeof v === 'object') fileHashesIn(v, into);
  }
  return into;
}
