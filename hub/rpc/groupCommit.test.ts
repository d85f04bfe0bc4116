import { describe, expect, it, vi } from 'vitest';
import { SqliteDatabase } from '../../db/sqlite';
import { EventBus } from '../events';
import { silentLogger } from '../log';
import { GroupCommit } from './groupCommit';

function setup() {
  const db = new SqliteDatabase(':memory:');
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent (id)); CREATE TABLE t (x INTEGER)');
  const events = new EventBus();
  const heard: string[] = [];
  events.on('queue.changed', (p) => heard.push(p.at));
  const gc = new GroupCommit(db, events, silentLogger);
  const insert = db.transaction((x: number) => {
    db.prepare('INSERT INTO t VALUES (?)').run(x);
    if (x < 0) throw new Error('negative');
    events.emit('queue.changed', { at: `e${x}` });
    return x;
  });
  const rows = () => db.prepare('SELECT x FROM t ORDER BY x').pluck().all();
  return { db, gc, insert, rows, heard, events };
}

describe('GroupCommit', () => {
  it('runs the calls of one turn in one transaction and answers after the commit', async () => {
    const { db, gc, insert, rows } = setup();
    const exec = vi.spyOn(db, 'exec');
    const answers = await Promise.all([1, 2, 3].map((x) => gc.submit(async () => insert.immediate(x), () => -1)));
    expect(answers).toEqual([1, 2, 3]);
    expect(rows()).toEqual([1, 2, 3]);
    expect(exec.mock.calls.map((c) => c[0])).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
  });

  it('rolls back only the call that failed', async () => {
    const { gc, insert, rows, heard } = setup();
    const answers = await Promise.all([1, -2, 3].map((x) => gc.submit(async () => insert.immediate(x), () => 0).catch(() => 'rejected')));
    expect(answers).toEqual([1, 0, 3]);
    expect(rows()).toEqual([1, 3]);
    expect(heard).toEqual(['e1', 'e3']);
  });

  it('holds events until the commit and drops them all when the commit fails', async () => {
    const { db, gc, insert, rows, heard } = setup();
    // a deferred foreign-key violation passes each statement and fails at COMMIT
    const poison = () => {
      db.pragma('defer_foreign_keys = ON');
      db.prepare('INSERT INTO child VALUES (1, 99)').run();
      return 0;
    };
    const answers = await Promise.all([
      gc.submit(async () => insert.immediate(1), () => -1),
      gc.submit(async () => poison(), () => -1),
      gc.submit(async () => insert.immediate(2), () => -1),
    ]);
    expect(answers).toEqual([-1, -1, -1]);
    expect(rows()).toEqual([]);
    expect(heard).toEqual([]);
    expect(db.inTransaction).toBe(false);
    // and the next turn works again
    expect(await gc.submit(async () => insert.immediate(5), () => -1)).toBe(5);
    expect(heard).toEqual(['e5']);
  });

  it('lets an async call finish its later writes in its own transaction after the batch', async () => {
    const { db, gc, insert, rows } = setup();
    const answer = await gc.submit(async () => {
      insert.immediate(1);
      await new Promise((r) => setTimeout(r, 5));
      expect(db.inTransaction).toBe(false); // the batch committed before this continuation ran
      insert.immediate(2);
      return 'done';
    }, () => 'aborted');
    expect(answer).toBe('done');
    expect(rows()).toEqual([1, 2]);
  });

  it('splits a flood of calls into bounded batches', async () => {
    const db = new SqliteDatabase(':memory:');
    db.exec('CREATE TABLE t (x INTEGER)');
    const gc = new GroupCommit(db, new EventBus(), silentLogger, 10);
    const exec = vi.spyOn(db, 'exec');
    await Promise.all(Array.from({ length: 25 }, (_, i) => gc.submit(async () => db.prepare('INSERT INTO t VALUES (?)').run(i), () => null)));
    expect(exec.mock.calls.filter((c) => c[0] === 'COMMIT')).toHaveLength(3);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(25);
  });
});
