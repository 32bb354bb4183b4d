import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built command, run as a user runs it (`pnpm test` builds first). */
export const bin = fileURLToPath(new URL('../bin/llm-relay.js', import.meta.url));

/** The banner's first line, which carries the URL the command listens on. */
export const LISTENING = /listening on (http:\/\/\S+)/;

/** What a started command printed, collected from its start, and its exit. */
export interface CommandOutput {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Starts collecting a command's output (call it right after spawning it). */
export function collectOutput(child: ChildProcess): CommandOutput {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/**
 * Waits until the command's stderr matches `pattern` (by default its `listening on` line) and returns the
 * match; fails, with all it printed, when it exits first or takes longer than `timeoutMs`.
 */
export async function waitForStderr(output: CommandOutput, pattern: RegExp = LISTENING, timeoutMs = 10_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(output.stderr());
    if (match !== null) return match;
    const { exitCode, signalCode } = output.child;
    if (exitCode !== null || signalCode !== null || Date.now() > deadline) {
      const why = exitCode !== null || signalCode !== null ? `exited (${exitCode ?? signalCode})` : `printed nothing matching within ${timeoutMs} ms`;
      throw new Error(`the command ${why} before ${pattern}:\nstderr:\n${output.stderr()}\nstdout:\n${output.stdout()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
