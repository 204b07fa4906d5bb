/**
 * Plain-words rendering of a relationship path, in English and Chinese, from edge labels:
 *   星辰贸易 [ent 9135…] —[shareholder 35%]→ … ←[legal rep]— person pii_3f2a9c01…
 * An arrow shows the stored direction of the edge, so "A ←[shareholder 35%]— P" reads "P holds
 * 35% of A". Persons, phones and accounts appear only as pseudonym tokens (shortened), never raw.
 */
import { keyOf, kindOf } from './nodes.ts';
import type { PathStep } from './shortestPath.ts';
import type { EdgeAttrs, EdgeType, NodeId, NodeKind } from './types.ts';

export type Language = 'en' | 'zh';

const KIND_LABEL: Record<NodeKind, Record<Language, string>> = {
  person: { en: 'person', zh: '自然人' },
  ent: { en: 'enterprise', zh: '企业' },
  phone: { en: 'phone', zh: '电话' },
  device: { en: 'device', zh: '设备' },
  addr: { en: 'address', zh: '地址' },
  ip: { en: 'IP', zh: 'IP' },
  acct: { en: 'account', zh: '账户' },
  app: { en: 'application', zh: '申请' },
};

const OFFICER_ROLE: Record<string, Record<Language, string>> = {
  director: { en: 'director', zh: '董事' },
  supervisor: { en: 'supervisor', zh: '监事' },
  manager: { en: 'manager', zh: '经理' },
  legal_rep: { en: 'legal rep', zh: '法定代表人' },
};

const CASE_TYPE: Record<string, Record<Language, string>> = {
  loan_dispute: { en: 'loan dispute', zh: '借款纠纷' },
  contract_dispute: { en: 'contract dispute', zh: '合同纠纷' },
  labour_dispute: { en: 'labour dispute', zh: '劳动争议' },
  other: { en: 'other', zh: '其他' },
};

const yuan = (value: string | number | undefined): string =>
  value === undefined ? '' : ` ¥${Number(value).toLocaleString('en-US', { maximumFractionDigits: 0 })}`;

/** Label of an edge type with its attributes, e.g. "shareholder 35%" / "持股 35%". */
export function edgeLabel(type: EdgeType, attrs: EdgeAttrs | null, lang: Language): string {
  const a = attrs ?? {};
  const zh = lang === 'zh';
  switch (type) {
    case 'shareholder_of':
      return `${zh ? '持股' : 'shareholder'}${a.pct !== undefined ? ` ${a.pct}%` : ''}`;
    case 'officer_of': {
      const role = typeof a.role === 'string' ? OFFICER_ROLE[a.role] : undefined;
      return role ? role[lang] : zh ? '高管' : 'officer';
    }
    case 'legal_rep_of':
      return zh ? '法定代表人' : 'legal rep';
    case 'guarantees':
      return `${zh ? '担保' : 'guarantees'}${yuan(a.amount)}`;
    case 'litigation_with': {
      const caseType = typeof a.caseType === 'string' ? CASE_TYPE[a.caseType]?.[lang] : undefined;
      return `${zh ? '起诉' : 'sued'}${caseType ? ` (${caseType})` : ''}`;
    }
    case 'transfers_to':
      return zh ? '转账' : 'pays';
    case 'applied_with':
      return zh ? '申请使用' : 'applied with';
    case 'registered_phone':
      return zh ? '登记电话' : 'registry phone';
    case 'registered_at':
      return zh ? '注册地址' : 'registered at';
    case 'account_of':
      return zh ? '账户属于' : 'account of';
  }
}

/** Label of a node: enterprise name with its code when known, otherwise kind and (shortened) key. */
export function nodeLabel(node: NodeId, names: ReadonlyMap<NodeId, string>, lang: Language): string {
  const kind = kindOf(node);
  const key = keyOf(node);
  const name = names.get(node);
  if (kind === 'ent') return name ? `${name} [${key}]` : `${KIND_LABEL.ent[lang]} ${key}`;
  const short = key.startsWith('pii_') ? `${key.slice(0, 12)}…` : key;
  return `${kind ? KIND_LABEL[kind][lang] : ''} ${short}`.trim();
}

/** The path as one line in the language. */
export function explainPath(start: NodeId, steps: readonly PathStep[], names: ReadonlyMap<NodeId, string>, lang: Language): string {
  let text = nodeLabel(start, names, lang);
  for (const step of steps) {
    const label = edgeLabel(step.type, step.attrs, lang);
    text += step.forward ? ` —[${label}]→ ` : ` ←[${label}]— `;
    text += nodeLabel(step.to, names, lang);
  }
  return text;
}
