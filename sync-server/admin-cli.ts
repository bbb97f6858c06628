import { parseArgs } from 'node:util';
import { AppError } from '../src/shared/errors';
import { verifyAuditChain } from './audit/audit-chain';
import { createUser } from './auth/users';
import { backup, blobsBackupDir, restore } from './backup/backup';
import { readConfig } from './config';
import { openStore } from './server';

const USAGE = `Usage:
  npm run admin -- create-user --username <u> --name "<full name>" --role <role> --municipality <code> [--password <p>]
      (or the password in the environment variable GEL_PASSWORD)
  npm run admin -- list-users --municipality <code>
  npm run admin -- verify-audit          (checks the hash chain of the audit log; exit 1 if broken)
  npm run admin -- backup <file>         (database + attachment files in <file>.blobs/; safe while running)
  npm run admin -- restore <file>        (replaces database and files: stop the server first)
Roles: admin, committee, internal_control, trainer, official.
DATABASE_URL selects PostgreSQL, else DATA_DIR the SQLite database; BLOB_DIR the files.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      municipality: { type: 'string' },
      password: { type: 'string' },
    },
  });
  const config = readConfig();
  if (command === 'backup' || command === 'restore') {
    const [file] = positionals;
    if (!file) {
      console.error(USAGE);
      return 2;
    }
    try {
      if (command === 'backup') {
        const target = await backup(config, file);
        console.log(`Backup written to ${target} (files in ${blobsBackupDir(target)}).`);
      } else {
        await restore(config, file);
        console.log(`Restored from ${file}.`);
      }
      return 0;
    } catch (err) {
      console.error(`${command} failed: ${(err as Error).message}`);
      return 1;
    }
  }
  const store = await openStore(config);
  try {
    if (command === 'verify-audit') {
      const verdict = await verifyAuditChain((after, limit) => store.auditEntries(after, limit));
      if (verdict.ok) {
        console.log(`OK ${verdict.count} entries`);
        return 0;
      }
      console.error(`BROKEN at seq ${verdict.seq}: ${verdict.reason} (${verdict.count} entries verified before it)`);
      return 1;
    }
    if (command === 'create-user') {
      const user = await createUser(store, {
        username: values.username,
        displayName: values.name,
        role: values.role,
        municipality: values.municipality,
        password: values.password ?? process.env.GEL_PASSWORD,
      });
      console.log(`Created ${user.username} (${user.role}, ${user.municipality}).`);
      return 0;
    }
    if (command === 'list-users') {
      for (const u of await store.listUsers(values.municipality ?? '95200')) {
        console.log(`${u.username}\t${u.role}\t${u.municipality}\t${u.active ? 'active' : 'disabled'}\t${u.displayName}`);
      }
      return 0;
    }
    console.error(USAGE);
    return 2;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`${err.code}: ${err.message}${err.details ? ` ${JSON.stringify(err.details)}` : ''}`);
      return 1;
    }
    throw err;
  } finally {
    await store.close();
  }
}

process.exit(await main(process.argv.slice(2)));
