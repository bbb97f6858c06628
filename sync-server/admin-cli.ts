import { parseArgs } from 'node:util';
import { AppError } from '../src/shared/errors';
import { createUser } from './auth/users';
import { readConfig } from './config';
import { openStore } from './server';

const USAGE = `Usage:
  npm run admin -- create-user --username <u> --name "<full name>" --role <role> --municipality <code> [--password <p>]
      (or the password in the environment variable GEL_PASSWORD)
  npm run admin -- list-users --municipality <code>
Roles: admin, committee, internal_control, trainer, official. DATA_DIR selects the database.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      municipality: { type: 'string' },
      password: { type: 'string' },
    },
  });
  const store = await openStore(readConfig());
  try {
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
