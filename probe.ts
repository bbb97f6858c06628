import { z } from 'zod';
import { bogotaDateOf } from './src/shared/calendar';
const s = z.iso.datetime({ offset: true });
for (const v of ['2026-03-10T10:00:00+0500', '2026-03-10T10:00:00+05', '2026-03-10T10:00Z', '2026-03-10T10:00:00.123456789Z', '2026-03-10T10:00:00.1234567891Z','2026-03-10T10:00:00-05:00', '2026-02-30T10:00:00Z', '2026-03-10T24:00:00Z']) {
  let b: string; try { b = bogotaDateOf(v); } catch (e) { b = 'THROWS ' + (e as Error).message; }
  console.log(v, s.safeParse(v).success, b);
}
