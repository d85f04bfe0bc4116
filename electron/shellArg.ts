/**
 * How the main process tells a window's preload which screen it is: one extra argument on the
 * renderer's command line (`webPreferences.additionalArguments`). The page cannot change it.
 * Pure and dependency-free: the sandboxed preload bundles this file.
 */
import { shells, type Shell } from '../core/roles';

const PREFIX = '--daftaryar-shell=';

export function shellArgument(shell: Shell): string {
  return `${PREFIX}${shell}`;
}

/** The shell named on the command line, or null when it is missing or not one of ours. */
export function shellFromArgv(argv: readonly string[]): Shell | null {
  const found = argv.filter((a) => a.startsWith(PREFIX));
  // More than one would mean something else appended arguments: trust none of them.
  if (found.length !== 1) return null;
  const value = found[0]!.slice(PREFIX.length);
  return (shells as readonly string[]).includes(value) ? (value as Shell) : null;
}

/** The first-run window (choose: this PC is the hub, or it joins one) is opened with this argument instead of a shell. */
export const FIRST_RUN_ARG = '--daftaryar-first-run';
