// The admin CLI (sync-server/admin-cli.ts) run from the sources, as an operator runs it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REPO_ROOT } from './launch-server';

const exec = promisify(execFile);

/**
 * Runs it with `env` over this process's environment (an `undefined` value leaves a variable
 * out). Throws on a non-zero exit, with what it printed.
 */
export function adminCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string }> {
  return exec(process.execPath, ['--import', 'tsx', 'sync-server/admin-cli.ts', ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
}

/** The same, for a test of its verdict: the exit code and everything it printed, whatever the code. */
export async function adminCliResult(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string }> {
  try {
    const r = await adminCli(args, env);
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** An admin of Calamar (95015), made with the CLI: a second municipality on the same server. */
export async function createCalamarAdmin(env: NodeJS.ProcessEnv, password: string): Promise<void> {
  await adminCli(['create-user', '--username', 'calamar', '--name', 'Funcionaria de Calamar', '--role', 'admin', '--municipality', '95015'], { ...env, GEL_PASSWORD: password });
}
