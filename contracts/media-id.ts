/**
 * Media ids: the key under which a video's saved position lives, in the player (`media-id`
 * attribute, derived ids) and in the origin's resume API (`/progress/<mediaId>`). PURE.
 */

/** 1 to 128 of letters, digits and `. _ ~ : @ -`: safe in a URL path segment and a storage key. */
export const MEDIA_ID_PATTERN = /^[A-Za-z0-9._~:@-]{1,128}$/;

/** MEDIA_ID_PATTERN in words, for error messages. */
export const MEDIA_ID_RULE = '1 to 128 of A-Z a-z 0-9 . _ ~ : @ -';

export function isMediaId(value: string): boolean {
  return MEDIA_ID_PATTERN.test(value);
}
