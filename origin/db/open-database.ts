import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type OriginDatabase = Database.Database;

/**
 * The origin's embedded SQLite (better-sqlite3), shared by the beacon collector and the resume
 * API: one file, WAL journal, each feature creating its own tables (`CREATE TABLE IF NOT EXISTS`).
 * `':memory:'` gives a throwaway database for tests. The parent folder is created when missing.
 */
export function openDatabase(file: string): OriginDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 2000');
  return db;
}
