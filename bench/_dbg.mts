import { runRural } from './rural.ts';
const shared = {};
const r = await runRural({ quick: process.argv.includes('--quick'), seed: 20260310 }, shared);
const raw = r.raw as any;
console.log(raw.push.stats.timeline.join('\n'));
console.log('---');
console.log(raw.pull.stats.timeline.join('\n'));
console.log(raw.push.ms, raw.pull.ms);
process.exit(0);
