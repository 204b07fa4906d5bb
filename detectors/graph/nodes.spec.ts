import { describe, expect, it } from 'vitest';
import { NonRetriableEventError } from '../../lib/errors.ts';
import { addressNode, isNodeId, kindOf, personNode, phoneNode } from './nodes.ts';
import { tok } from './testFixtures.ts';

describe('graph node ids', () => {
  it('links addresses that differ only in width, case, spaces and punctuation', () => {
    expect(addressNode('福州市鼓楼区 五一路１号, Unit 3')).toBe(addressNode('福州市鼓楼区五一路1号unit3'));
    expect(addressNode('福州市鼓楼区五一路1号')).not.toBe(addressNode('福州市鼓楼区五一路2号'));
    expect(addressNode('福州市鼓楼区五一路1号')).toMatch(/^addr:[0-9a-f]{24}$/);
  });

  it('refuses a raw phone or ID number, so personal data cannot reach the store', () => {
    expect(() => phoneNode('13812345678')).toThrow(NonRetriableEventError);
    expect(() => personNode('110101199003074514')).toThrow(NonRetriableEventError);
    expect(phoneNode(tok('x'))).toBe(`phone:${tok('x')}`);
  });

  it('reads the kind of a node id', () => {
    expect(kindOf('ent:91350100MA0000001X')).toBe('ent');
    expect(kindOf('app:A-1')).toBe('app');
    expect(kindOf('company:1')).toBeNull();
    expect(isNodeId('person:')).toBe(false);
    expect(isNodeId('device:abc|def')).toBe(true);
  });
});
