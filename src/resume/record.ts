/** Reading a ResumeRecord from untrusted JSON (storage, HTTP). PURE. The record and its reading are shared with the origin. */
import type { ResumeRecord } from '../../contracts/resume-record.js';

/** The record in `value`, or null when it is not a well-formed one. Extra fields are dropped. */
export { parseResumeRecord as parseRecord } from '../../contracts/resume-record.js';

/** Positions closer than this (seconds) are the same place in the video. */
export const SAME_PLACE_SEC = 1;

/** True when both put the viewer at the same place (within SAME_PLACE_SEC, same `completed`), whenever saved. */
export function samePlace(a: ResumeRecord, b: ResumeRecord): boolean {
  return a.completed === b.completed && Math.abs(a.positionSec - b.positionSec) < SAME_PLACE_SEC;
}
