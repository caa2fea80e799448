import { describe, expect, it } from 'vitest';
import { visitorIdSchema } from './schemas/index';
import { isVisitorId, VISITOR_ID_PATTERN } from './visitor-id';

describe('the visitor id (one definition in core)', () => {
  const good = [
    '3b241101-e2bb-4255-8caf-4136c566a962',
    'q9Xb2_fK-0aZr1TtYy3wLg',
    'vis_3f2c1a97',
    'a'.repeat(64),
  ];
  const bad = ['short', 'a'.repeat(65), 'bad|id;x', 'has space 12', '', 42, undefined];

  it.each(good)('accepts %s', (value) => {
    expect(isVisitorId(value)).toBe(true);
    expect(visitorIdSchema.safeParse(value).success).toBe(true);
  });

  it.each(bad)('refuses %j, as visitorIdSchema does', (value) => {
    expect(isVisitorId(value)).toBe(false);
    expect(visitorIdSchema.safeParse(value).success).toBe(false);
  });

  it('is the pattern visitorIdSchema checks', () => {
    expect(VISITOR_ID_PATTERN.source).toBe('^[A-Za-z0-9_-]{8,64}$');
  });
});
