/**
 * Malformed input records for end-to-end tests: each kind of breakage the processor must
 * dead-letter with a reason, derived from a valid event so only one thing is wrong.
 */
export interface MalformedRecord {
  readonly kind: string;
  readonly value: Buffer;
}

const KINDS = ['missing_field', 'wrong_type', 'bad_credit_code', 'bad_id_check', 'bad_phone', 'not_json', 'invalid_utf8', 'deep_nesting', 'empty', 'array', 'unknown_field'] as const;

/** The `i`-th malformed variant of a valid applications event (cycles through the kinds). */
export function malformedApplication(valid: Record<string, unknown>, i: number): MalformedRecord {
  const kind = KINDS[i % KINDS.length]!;
  const e = structuredClone(valid) as Record<string, unknown> & { applicant: Record<string, unknown> };
  e.eventId = `bad-${i}`;
  switch (kind) {
    case 'missing_field':
      delete e.enterpriseId;
      break;
    case 'wrong_type':
      e.requestedAmount = 'a lot';
      break;
    case 'bad_credit_code': {
      const code = String(e.enterpriseId);
      e.enterpriseId = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
      break;
    }
    case 'bad_id_check': {
      const id = String(e.applicant.idNumber);
      e.applicant.idNumber = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
      break;
    }
    case 'bad_phone':
      e.applicant.phone = '12345';
      break;
    case 'not_json':
      return { kind, value: Buffer.from(`{"eventId": "bad-${i}", oops`) };
    case 'invalid_utf8':
      return { kind, value: Buffer.concat([Buffer.from('{"eventId":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]) };
    case 'deep_nesting':
      return { kind, value: Buffer.from('['.repeat(5000) + ']'.repeat(5000)) };
    case 'empty':
      return { kind, value: Buffer.alloc(0) };
    case 'array':
      return { kind, value: Buffer.from('[1,2,3]') };
    case 'unknown_field':
      e.surprise = true;
      break;
  }
  return { kind, value: Buffer.from(JSON.stringify(e)) };
}
