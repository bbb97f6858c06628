import { AppError } from '../errors';

const MAX_DEPTH = 64;

/**
 * One serialisation per JSON value, whatever the order its keys were written in: object keys
 * sorted, no whitespace, `undefined` members dropped (as JSON.stringify does). A seal is a MAC
 * of this text, so the device and the server agree on the bytes without sharing the file's.
 */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) throw new AppError('VALIDATION_FAILED', `Nested deeper than ${MAX_DEPTH} levels`);
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const members = Object.keys(obj)
    .filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function')
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k], depth + 1)}`);
  return `{${members.join(',')}}`;
}
