import { describe, expect, it } from 'vitest';
import { commandOf } from './pglite-pool.js';

describe('commandOf', () => {
  it('reads a plain statement’s command', () => {
    expect(commandOf('  select 1')).toBe('SELECT');
    expect(commandOf('insert into t values (1)')).toBe('INSERT');
    expect(commandOf('UPDATE t set a = 1')).toBe('UPDATE');
    expect(commandOf('delete from t')).toBe('DELETE');
    expect(commandOf('create table t (a int)')).toBe('SELECT');
  });

  it('reads the main statement after CTEs, not a keyword inside them', () => {
    // A CTE whose body is "insert … (columns) select …" once read as SELECT: no affected rows.
    const sql = `with added as (
        insert into contact_tags (workspace_id, contact_id, tag) select $1, $2, $3
      ), changed as (select id, array(select x from y) as after from target)
      insert into contact_changes (id) select id from changed`;
    expect(commandOf(sql)).toBe('INSERT');
    expect(commandOf('with a as (update t set x = 1 returning id) select count(*) from a')).toBe('SELECT');
    expect(commandOf("with a as (select ')' as p) delete from t using a")).toBe('DELETE');
    expect(commandOf('with updated_rows as (select 1) update t set a = 1')).toBe('UPDATE');
  });
});
