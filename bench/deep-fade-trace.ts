// Writes the synthetic deep-fade trace `deep-fade-3g.json` (the shared trace format) into a folder,
// for `bench:abr` through BENCH_ABR_TRACES_DIR: a 3G-like link at 1.2–2.0 Mbps in 2 s steps, with a
// 14 s outage at 40 s and a 25 s outage at 90 s, 201 s in all (the issue's "3G trace with 14 s and
// 25 s outages", which is not among the dev traces).
//
//   npx tsx bench/deep-fade-trace.ts /tmp/fades
//   BENCH_ABR_TRACES_DIR=/tmp/fades BENCH_ABR_TRACES=deep-fade-3g npm run bench:abr
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const dir = process.argv[2] ?? '/tmp/fades';
const RATES_KBPS = [1500, 1800, 1200, 2000, 1400, 1700, 1300, 1900];
const steps: Array<[number, number]> = [];
let tSec = 0;
let i = 0;
const link = (untilSec: number): void => {
  while (tSec < untilSec) {
    steps.push([2, RATES_KBPS[i++ % RATES_KBPS.length]!]);
    tSec += 2;
  }
};
link(40);
steps.push([14, 0]);
tSec += 14;
link(90);
steps.push([25, 0]);
tSec += 25;
link(200);
await mkdir(dir, { recursive: true });
await writeFile(join(dir, 'deep-fade-3g.json'), `${JSON.stringify({ name: 'deep-fade-3g', kind: 'synthetic', steps })}\n`);
console.log(`wrote ${join(dir, 'deep-fade-3g.json')}: ${steps.length} steps, ${tSec} s`);
