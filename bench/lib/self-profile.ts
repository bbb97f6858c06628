// A CPU profile of this process (the devices, Dexie on fake-indexeddb, the link emulator) while
// a phase runs, through the inspector: where the client side of a sync spends its time.
import { Session } from 'node:inspector/promises';
import type { CpuProfile } from './profile';

export async function withCpuProfile<T>(fn: () => Promise<T>): Promise<{ result: T; profile: CpuProfile }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 1000 });
    await session.post('Profiler.start');
    const settled = await fn().then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    if (!settled.ok) throw settled.error;
    return { result: settled.value, profile };
  } finally {
    session.disconnect();
  }
}
