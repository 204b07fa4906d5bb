/** The statement's first words, for error context without dumping whole queries into logs. */
export function firstWords(sql: string): string {
  const flat = sql.replace(/--[^\n]*(\n|$)/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}
