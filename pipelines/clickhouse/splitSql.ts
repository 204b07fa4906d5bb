/**
 * Splits a migration file into statements at `;` outside quotes, backquotes and comments
 * (ClickHouse's HTTP interface and chdb's raw insert run one statement per call). Comments
 * are dropped from the statements; statements that are only whitespace are skipped.
 */
export function splitSql(text: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  const push = (): void => {
    const s = current.trim();
    if (s.length > 0) statements.push(s);
    current = '';
  };
  while (i < text.length) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end; // keep the newline as a separator
      continue;
    }
    if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) throw new Error('unterminated /* comment in SQL');
      current += ' ';
      i = end + 2;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      // Quoted literal or identifier: ClickHouse escapes with a backslash or by doubling.
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new Error(`unterminated ${c} quote in SQL`);
        const d = text[j];
        if (d === '\\') { j += 2; continue; }
        if (d === c) {
          if (text[j + 1] === c) { j += 2; continue; }
          break;
        }
        j++;
      }
      current += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === ';') {
      push();
      i++;
      continue;
    }
    current += c;
    i++;
  }
  push();
  return statements;
}
