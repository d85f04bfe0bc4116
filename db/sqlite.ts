/**
 * The SQLite driver. better-sqlite3-multiple-ciphers is a drop-in better-sqlite3 that can
 * encrypt at rest (SQLCipher scheme); the security issue turns that on without a code migration.
 */
import Sqlite from 'better-sqlite3-multiple-ciphers';

export type Database = Sqlite.Database;
export const SqliteDatabase = Sqlite;
