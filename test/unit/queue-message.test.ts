import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { parseQueueMessage } from '../../shared/domain/queue-message';

const Schema = z.object({ kind: z.literal('cell'), n: z.number() });

describe('parseQueueMessage', () => {
  it('gives the parsed message when the body is JSON of the right shape', () => {
    expect(parseQueueMessage('{"kind":"cell","n":2,"extra":true}', Schema)).toEqual({ success: true, data: { kind: 'cell', n: 2 } });
  });

  it('tells a body that is not JSON (no json, the parser error as cause only) from JSON of the wrong shape (the json and the issues)', () => {
    // Act
    const notJson = parseQueueMessage('{"kind":', Schema);
    const wrong = parseQueueMessage('{"kind":"row"}', Schema);
    // Assess
    if (notJson.success || notJson.problem !== 'not_json') throw new Error('expected not_json');
    expect(notJson.json).toBeUndefined();
    expect(notJson.cause).toBeInstanceOf(SyntaxError);
    if (wrong.success || wrong.problem !== 'invalid') throw new Error('expected invalid');
    expect(wrong.json).toEqual({ kind: 'row' });
    expect(wrong.error.issues.map((i) => i.path.join('.'))).toEqual(['kind', 'n']);
  });
});
