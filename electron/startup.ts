/**
 * What to tell the person at the PC when the app cannot start, in one Persian sentence.
 * The details go to the log, not the dialog.
 */
import path from 'node:path';
import { ConfigError } from '../hub/config/config';
import { DatabaseInUseError, DatabaseKeyError, HubSupersededError, KeyFileError } from '../hub/start';
import { SealedKeyError } from './sealedKeyError';
import { messages } from './messages';
import { SettingsError } from '../workstation/settings';
import { JoinError } from '../workstation/join';

/** A second hub on the same data folder (db/open.ts's error, re-exported by the hub). */
export function isDatabaseInUse(err: unknown): err is DatabaseInUseError {
  return err instanceof DatabaseInUseError;
}

export interface StartupFailure {
  message: string;
  /** the process exit code */
  code: number;
}

export function describeStartupFailure(err: unknown): StartupFailure {
  if (err instanceof SettingsError) return { message: messages.errors.settingsDamaged(err.file), code: 1 };
  if (err instanceof JoinError) return { message: messages.errors.joinFailed(err.code), code: 2 };
  if (err instanceof ConfigError) return { message: messages.errors.badArguments(err.message), code: 2 };
  if (isDatabaseInUse(err)) return { message: messages.errors.databaseInUse(path.dirname(err.file)), code: 1 };
  if (err instanceof DatabaseKeyError) return { message: err.problem === 'missing' ? messages.errors.keyMissing : messages.errors.keyWrong, code: 1 };
  if (err instanceof SealedKeyError || err instanceof KeyFileError) return { message: messages.errors.keyUnusable, code: 1 };
  // the exit code of `npm run standby`'s refused start (scripts/start.ts), for an installer's script alike
  if (err instanceof HubSupersededError) return { message: messages.errors.superseded(err.by), code: 4 };
  return { message: messages.errors.startFailed, code: 1 };
}
