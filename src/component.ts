// Entry without registration: the class and its types, for embedders who pick their own tag name.
export { VodPlayer } from './vod-player.component.js';
export { defineVodPlayer } from './vod-player.js';
export { VodPlayerError } from './errors.js';
export type { VodErrorCode, VodErrorDetail } from './errors.js';
export type * from './events.js';
export type { EngineName, Quality, EngineAdapter } from './engines/types.js';
// Resume: stores (local, remote, synced), the ResumeStore interface, policy and conflict rule.
export * from './resume/index.js';
