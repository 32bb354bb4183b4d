import { describe, expect, it } from 'vitest';
import { workerExecArgv, YOUNG_GENERATION_FLAG } from './young-generation.js';

describe('workerExecArgv', () => {
  it("adds the young generation's size to the primary's own flags", () => {
    expect(workerExecArgv(['--enable-source-maps'], undefined)).toEqual(['--enable-source-maps', YOUNG_GENERATION_FLAG]);
  });

  it('leaves a size someone set alone, on the command line or in NODE_OPTIONS', () => {
    expect(workerExecArgv(['--max-semi-space-size=8'], undefined)).toEqual(['--max-semi-space-size=8']);
    expect(workerExecArgv([], '--max-old-space-size=512 --max-semi-space-size=64')).toEqual([]);
    expect(workerExecArgv([], '--max_semi_space_size=64')).toEqual([]);
  });
});
