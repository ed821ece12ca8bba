import type { EngineCmcdOptions } from '../types.js';

/** dash.js's own CMCD (`streaming.cmcd` settings): it encodes and adds the data to its segment and manifest requests. */
export function dashCmcdSettings(cmcd: EngineCmcdOptions): { streaming: { cmcd: { enabled: boolean; sid: string; cid: string | null; mode: 'query' | 'header' } } } {
  return { streaming: { cmcd: { enabled: true, sid: cmcd.sessionId, cid: cmcd.contentId ?? null, mode: cmcd.mode } } };
}
