// `npm start`: the synthetic ladder (first run only), the media origin and the Vite dev server for the demo.
import { resolve } from 'node:path';
import { createServer } from 'vite';
import { createOrigin } from '../origin/control/create-origin.js';
import { prepareLadder, repoRoot } from './stack.js';

const ORIGIN_PORT = Number(process.env.VOD_ORIGIN_PORT ?? 8080);
// The dev traces next to the repository (never copied into it): `?trace=<name>` and the control
// API may name them after the built-in network profiles. The origin has no default folder.
const TRACES_DIR = resolve(import.meta.dirname, '../../shared/traces');

const ladderDir = await prepareLadder();
const origin = await createOrigin({ dir: ladderDir, port: ORIGIN_PORT, tracesDir: TRACES_DIR }).catch(() =>
  createOrigin({ dir: ladderDir, port: 0, tracesDir: TRACES_DIR }),
);
process.env.VITE_VOD_ORIGIN = origin.url;
process.env.VITE_VOD_TELEMETRY = `${origin.url}/beacons`;
const vite = await createServer({ root: repoRoot, server: { host: '127.0.0.1', port: Number(process.env.PORT ?? 5173) } });
await vite.listen();
const demoUrl = `${vite.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/'}demo/index.html`;
console.log(`\n  media origin  ${origin.url}  (ladder in ${ladderDir})`);
console.log(`  control API   ${origin.url}/_origin/sessions  ·  request log ${origin.url}/_origin/log`);
console.log(`  demo          ${demoUrl}\n`);

const stop = async (): Promise<void> => {
  await Promise.all([vite.close(), origin.close()]);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
