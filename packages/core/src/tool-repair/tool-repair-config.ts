import type { FamilyName } from './tool-call-family.js';

/** Tool-call repair settings; on by default for every request that offers tools. */
export interface ToolRepairConfig {
  /** The families whose text markup is read. Default: all of them. */
  families?: FamilyName[];
  /**
   * Longest markup a stream holds back before it goes out as text, in characters. Default 1 MiB: a call that
   * writes a whole file is held whole, since its arguments are useless to an agent until they are complete.
   */
  maxHeldChars?: number;
}

export const DEFAULT_MAX_HELD_CHARS = 1024 * 1024;
