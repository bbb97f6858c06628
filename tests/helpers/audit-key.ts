// A fresh audit key for a test: the store it opens and the admin CLI it runs (AUDIT_KEY in the
// environment) key and verify the chain with the same secret, and no key file is written.
import { randomBytes } from 'node:crypto';
import { auditKeyFrom, type AuditKey } from '../../sync-server/audit/audit-key';

export function testAuditKey(): { key: AuditKey; env: { AUDIT_KEY: string; AUDIT_KEY_FILE: string } } {
  const text = randomBytes(32).toString('hex');
  return { key: auditKeyFrom(text, 'the test audit key'), env: { AUDIT_KEY: text, AUDIT_KEY_FILE: '' } };
}
