import { describe, expect, it } from 'vitest';
import { splitSql } from './splitSql.ts';

describe('splitSql', () => {
  it('splits at semicolons outside quotes and comments, dropping comments', () => {
    const sql = `-- header; not a statement
CREATE TABLE a (x String COMMENT 'a;b', y String DEFAULT 'it''s; \\'q\\'') ENGINE = Memory;
/* block; comment */ SELECT "weird;name", \`b;c\` FROM a;
-- trailing comment`;
    expect(splitSql(sql)).toEqual([
      "CREATE TABLE a (x String COMMENT 'a;b', y String DEFAULT 'it''s; \\'q\\'') ENGINE = Memory",
      'SELECT "weird;name", `b;c` FROM a',
    ]);
  });

  it('rejects an unterminated quote', () => {
    expect(() => splitSql("SELECT 'oops")).toThrow(/unterminated/);
  });
});
