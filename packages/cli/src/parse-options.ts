import { InvalidArgumentError } from 'commander';

export function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  return parsed;
}

export function ratio(value: string): number {
  const parsed = Number(value);
  if (!(parsed > 0 && parsed < 1)) throw new InvalidArgumentError(`expected a number between 0 and 1, got "${value}"`);
  return parsed;
}

/** `--alias 'gpt-4*=meta-llama/Llama-3.3-70B'`, repeatable. */
export function collectPairs(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1) throw new InvalidArgumentError(`expected NAME=VALUE, got "${value}"`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

/** `--model-window 'my-model=131072:8192'` (window, optional output limit), repeatable. */
export function collectWindows(value: string, previous: Record<string, { contextWindow: number; maxOutputTokens?: number }> = {}): Record<string, { contextWindow: number; maxOutputTokens?: number }> {
  const [name, limits] = Object.entries(collectPairs(value))[0] as [string, string];
  const [window, output] = limits.split(':');
  const contextWindow = positiveInt(window ?? '');
  return { ...previous, [name]: output === undefined ? { contextWindow } : { contextWindow, maxOutputTokens: positiveInt(output) } };
}
