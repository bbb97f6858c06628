import { startServerProcess } from '/work/main/tests/helpers/server-process';
import { startFaultProxy } from '/work/main/tests/fault/proxy';
import { runScenario, optionsFor } from '/work/main/tests/fault/scenario';
const server = await startServerProcess();
const proxy = await startFaultProxy(server);
for (let seed = 1; seed <= 24; seed++) {
  const r = await runScenario(seed, { server, proxy, ...optionsFor(seed), kills: 0 });
  if (seed % 6 === 0) console.log(seed, r.ok, r.ms, r.mutations, r.actions, r.syncs, r.failures.slice(0,2).join(' | '));
}
await proxy.close(); await server.stop();
