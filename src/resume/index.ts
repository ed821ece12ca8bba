/** Resume-position sync: stores, policy, conflict rule. See README "Resume". */
export type { QueueStorage, ResumeRecord, ResumeReading, ResumeSource, ResumeStore, Scheduler, StorageLike } from './types.js';
export { DEFAULT_RESUME_CONFIG, resolveResumeConfig, type ResumeConfig } from './config.js';
export { decideStart, isCompleted, recordAt, type StartDecision } from './policy.js';
export { pickRecord, compareRecords, DEFAULT_SKEW_TOLERANCE_MS, type ConflictOptions } from './conflict.js';
export { deriveMediaId, isMediaId, MEDIA_ID_PATTERN } from './media-id.js';
export { ResumeStoreError, type ResumeStoreErrorCode } from './errors.js';
export { createLocalStore, DEFAULT_LOCAL_KEY_PREFIX, type LocalResumeStore, type LocalStoreOptions } from './local-store.js';
export { createRemoteStore, DEFAULT_REMOTE_TIMEOUT_MS, type RemoteResumeStore, type RemoteStoreOptions } from './remote-store.js';
export {
  createSyncedStore,
  type LockManagerLike,
  type StorageChange,
  type SyncedResumeStore,
  type SyncedStoreEvent,
  type SyncedStoreEventType,
  type SyncedStoreListener,
  type SyncedStoreOptions,
} from './synced-store.js';
export { DEFAULT_RESUME_RETRY_POLICY, type ResumeRetryPolicy } from './retry-policy.js';
export type { ResumeOffer } from './resume-session.js';
