import { parseArgs } from 'node:util';
import { AppError } from '#shared/errors';
import { auditHead, checkAnchor, formatAnchor, parseAnchor } from './audit/audit-anchor';
import { AuditChainError, verifyAuditChain } from './audit/audit-chain';
import { chainReader, sealAuditChain } from './audit/audit-seal';
import { resetPassword } from './auth/user-admin';
import { createUser } from './auth/users';
import { backup, blobsBackupDir, restore } from './backup/backup';
import { readConfig } from './config';
import { MUNICIPALITY_OPTIONS, MUNICIPALITY_USAGE, municipalityCommand } from './municipality/profile-cli';
import { openStore } from './server';

const USAGE = `Usage:
  npm run admin -- create-user --username <u> --name "<full name>" --role <role> --municipality <code>
        [--dependencia "<office>"] [--password <p>]
      (or the password in the environment variable GEL_PASSWORD)
  npm run admin -- list-users [--municipality <code>]
${MUNICIPALITY_USAGE}
  npm run admin -- reset-password <username>   (prints a temporary password once; the user must change it)
  npm run admin -- verify-audit [--anchor <chain>/<seq>:<hash>]
      (checks every keyed chain of the audit log, one per municipality, with the audit key, and
      that its chain still holds the anchored entry; exit 1 if not)
  npm run admin -- audit-head            (the newest entry of each chain {chain, seq, hash, at}, one line
      per chain: keep them outside the system)
  npm run admin -- seal-audit            (once, after upgrading from a version without AUDIT_KEY:
      checks the old unkeyed log, then continues it keyed)
  npm run admin -- backup <file>         (database + attachment files in <file>.blobs/; safe while running)
  npm run admin -- restore <file>        (replaces database and files: stop the server first)
Roles: admin, committee, internal_control, trainer, official.
DATABASE_URL selects PostgreSQL, else DATA_DIR the SQLite database; BLOB_DIR the files;
AUDIT_KEY or AUDIT_KEY_FILE the audit key (default: gel-campo-audit.key next to DATA_DIR).`;

const STORE_COMMANDS = ['verify-audit', 'seal-audit', 'audit-head', 'reset-password', 'create-user', 'list-users', 'municipality'];

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
      dependencia: { type: 'string' },
      password: { type: 'string' },
      anchor: { type: 'string' },
      ...MUNICIPALITY_OPTIONS,
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
        const key = 'env' in config.auditKey ? 'the AUDIT_KEY variable' : config.auditKey.file;
        console.log(`The audit key (${key}) is not in it: keep a copy of the key apart from the backups.`);
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
  if (!STORE_COMMANDS.includes(command ?? '')) {
    // Before opening anything: an unknown command creates no database and no key file.
    console.error(USAGE);
    return 2;
  }
  // Notes (a key file just made) on stderr: stdout stays what the command prints (audit-head's JSON).
  const { store, auditKey } = await openStore(config, (msg) => console.error(msg));
  try {
    if (command === 'verify-audit') {
      const anchor = values.anchor === undefined ? null : parseAnchor(values.anchor);
      if (values.anchor !== undefined && !anchor) {
        console.error('--anchor must be <chain>/<seq>:<hash> as printed by audit-head');
        return 2;
      }
      // Each municipality's chain on its own (and the legacy one, from before the partition).
      const chains = await store.auditChains();
      let count = 0;
      let unkeyed = 0;
      for (const chain of chains) {
        const verdict = await verifyAuditChain(chainReader(store, chain), auditKey);
        if (!verdict.ok) {
          console.error(`BROKEN at seq ${verdict.seq}: ${verdict.reason} (chain ${chain}; ${verdict.count} of its entries verified before it)`);
          return 1;
        }
        count += verdict.count;
        unkeyed += verdict.unkeyed;
      }
      const held = anchor ? await checkAnchor(chainReader(store, anchor.chain), anchor) : { ok: true as const };
      if (!held.ok) {
        console.error(`BROKEN: ${held.reason}`);
        return 1;
      }
      // Only the legacy chain can hold unkeyed entries, and only as its first ones.
      const legacy = unkeyed > 0 ? ` (the first ${unkeyed} from before the audit key, by their plain hashes)` : '';
      console.log(`OK ${count} entries${legacy}, audit key ${auditKey.id}, ${chains.length} chain(s)${anchor ? `, anchor ${anchor.chain}/${anchor.seq} holds` : ''}`);
      return 0;
    }
    if (command === 'seal-audit') {
      const result = await sealAuditChain(store, auditKey);
      if (!result.sealed) {
        console.log(result.reason);
        return 0;
      }
      console.log(`Sealed: entry ${result.sealed.seq} links the ${result.sealed.seq - 1} unkeyed entries before it to the audit key ${auditKey.id}.`);
      return 0;
    }
    if (command === 'audit-head') {
      const chains = await store.auditChains();
      if (chains.length === 0) {
        console.error('The audit log is empty.');
        return 1;
      }
      for (const chain of chains) {
        const head = await auditHead(chainReader(store, chain));
        if (head) console.log(JSON.stringify({ chain, seq: head.seq, hash: head.hash, at: head.at, anchor: formatAnchor({ ...head, chain }) }));
      }
      return 0;
    }
    if (command === 'reset-password') {
      // For when the only admin is locked out: whoever runs this has the server's console.
      const [username] = positionals;
      const user = username ? await store.findUserByUsername(username.trim().toLowerCase()) : null;
      if (!user) {
        console.error(username ? `No user '${username}'.` : USAGE);
        return username ? 1 : 2;
      }
      const { temporaryPassword, revokedSessions } = await resetPassword(store, { userId: null, municipality: user.municipality }, user);
      if (!user.active) await store.updateUser(user.id, { active: true });
      console.log(`Temporary password for ${user.username}: ${temporaryPassword}`);
      console.log(`It must be changed at the next sign-in. ${revokedSessions} session(s) closed.${user.active ? '' : ' The account was disabled and is active again.'}`);
      return 0;
    }
    if (command === 'create-user') {
      const user = await createUser(store, {
        username: values.username,
        displayName: values.name,
        role: values.role,
        municipality: values.municipality,
        dependencia: values.dependencia,
        password: values.password ?? process.env.GEL_PASSWORD,
      });
      console.log(`Created ${user.username} (${user.role}, ${user.municipality}).`);
      return 0;
    }
    if (command === 'municipality') {
      return await municipalityCommand(store, positionals[0], values, (s) => console.log(s));
    }
    if (command === 'list-users') {
      // Without --municipality: every municipality's users.
      const codes = values.municipality ? [values.municipality] : await store.listMunicipalities();
      for (const u of (await Promise.all(codes.map((code) => store.listUsers(code)))).flat()) {
        console.log(`${u.username}\t${u.role}\t${u.municipality}\t${u.active ? 'active' : 'disabled'}\t${u.displayName}\t${u.dependencia ?? ''}`);
      }
      return 0;
    }
    console.error(USAGE);
    return 2;
  } catch (err) {
    if (err instanceof AppError) {
      // Validation issues one per line, with their Spanish reason (e.g. why a password is weak).
      const issues = Array.isArray(err.details) ? (err.details as { path: string; message: string }[]) : null;
      console.error(`${err.code}: ${err.message}${err.details && !issues ? ` ${JSON.stringify(err.details)}` : ''}`);
      for (const i of issues ?? []) console.error(`  ${i.path || '-'}: ${i.message}`);
      return 1;
    }
    if (err instanceof AuditChainError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    await store.close();
  }
}

process.exit(
  await main(process.argv.slice(2)).catch((err: Error) => {
    // A configuration it cannot run with (a too-short AUDIT_KEY, an unwritable key file…): the reason, not a stack.
    console.error(err.message);
    return 1;
  }),
);
