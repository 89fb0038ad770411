import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FeedbackInputSchema } from '../../shared/domain/feedback';
import { UnrecognisedPayloadError, type ParsedDelivery } from '../../shared/domain/social-mentions/delivery';
import { parseGenericDelivery } from '../../shared/domain/social-mentions/generic';
import { parseMetaDelivery } from '../../shared/domain/social-mentions/meta';
import { parseTrustpilotDelivery } from '../../shared/domain/social-mentions/trustpilot';
import { parseXDelivery } from '../../shared/domain/social-mentions/x';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/social/${name}`, import.meta.url), 'utf8'));

/** Every item a parser produces must be a valid feedback item as /v1/feedback defines it. */
function expectValidItems(parsed: ParsedDelivery) {
  for (const { item } of parsed.items) expect(FeedbackInputSchema.safeParse(item).error).toBeUndefined();
}

describe('parseXDelivery (Account Activity tweet_create_events)', () => {
  it('keeps customers’ posts, with the whole text of long posts, and skips the account’s own posts and retweets', () => {
    // Act
    const parsed = parseXDelivery(fixture('x-tweet-create-events.json'));
    // Assess
    expect(parsed.items.map((i) => i.item.externalId)).toEqual(['1993012345678901234', '1993013999999999999']);
    expect(parsed.skipped).toEqual([
      { id: '1993015000000000001', reason: 'own_account' },
      { id: '1993015300000000002', reason: 'retweet' },
    ]);
    expect(parsed.rejected).toEqual([]);
    const [fr, en] = parsed.items.map((i) => i.item);
    expect(fr).toMatchObject({ lang: 'fr', occurredAt: '2026-11-23T21:14:07.000Z', customer: { id: '@camille_d' } });
    expect(fr!.metadata).toMatchObject({ url: 'https://x.com/camille_d/status/1993012345678901234' });
    expect(en!.text).toMatch(/Five stars for the team in Manchester!$/);
    expectValidItems(parsed);
  });

  it('uses id_str: the numeric id has lost precision in JSON.parse', () => {
    const parsed = parseXDelivery(fixture('x-tweet-create-events.json'));
    expect(String((fixture('x-tweet-create-events.json') as { tweet_create_events: { id: number }[] }).tweet_create_events[0]!.id)).not.toBe('1993012345678901234');
    expect(parsed.items[0]!.item.externalId).toBe('1993012345678901234');
  });

  it('skips other event kinds (likes) with a reason, and produces no item', () => {
    const parsed = parseXDelivery(fixture('x-favorite-events.json'));
    expect(parsed).toEqual({ items: [], skipped: [{ id: 'a7ba59eab0bfcba386f7acedac279542', reason: 'not_a_mention:favorite_events' }], rejected: [] });
  });

  it('skips configured own accounts besides the subscribed one', () => {
    const parsed = parseXDelivery(fixture('x-tweet-create-events.json'), { x: ['99887766'] });
    expect(parsed.skipped).toContainEqual({ id: '1993013999999999999', reason: 'own_account' });
    expect(parsed.items).toHaveLength(1);
  });

  it('falls back to created_at without timestamp_ms, and drops "und" languages', () => {
    const parsed = parseXDelivery({
      for_user_id: '1',
      tweet_create_events: [{ id_str: '5', text: '@acme 👍', created_at: 'Mon Nov 23 21:14:07 +0000 2026', lang: 'und', user: { id_str: '2', screen_name: 'z' } }],
    });
    expect(parsed.items[0]!.item).toMatchObject({ occurredAt: '2026-11-23T21:14:07.000Z', lang: undefined });
  });

  it('rejects one malformed post by index without losing its neighbours', () => {
    const parsed = parseXDelivery({ for_user_id: '1', tweet_create_events: [{ text: 'no id' }, { id_str: '7', text: 'ok', user: { id_str: '3' } }] });
    expect(parsed.rejected).toEqual([{ index: 0, error: expect.stringContaining('tweet_create_events[0].id_str') }]);
    expect(parsed.items.map((i) => i.index)).toEqual([1]);
    expect(parsed.items[0]!.item.customer).toEqual({ id: 'x:3' });
  });

  it('refuses a body that is not an Account Activity event', () => {
    expect(() => parseXDelivery({ tweet_create_events: [] })).toThrow(UnrecognisedPayloadError);
    expect(() => parseXDelivery([])).toThrow(UnrecognisedPayloadError);
  });
});

describe('parseMetaDelivery', () => {
  it('keeps a visitor’s comment on the page and skips the page’s reply, reactions and removals', () => {
    const parsed = parseMetaDelivery(fixture('meta-page-feed.json'));
    expect(parsed.items).toHaveLength(1);
    expect(parsed.items[0]!.item).toMatchObject({
      externalId: '123456789012345_987654321098765',
      occurredAt: '2026-11-23T21:31:20.000Z',
      customer: { id: 'facebook:7349128765432101' },
      metadata: { network: 'facebook', item: 'comment', url: 'https://www.facebook.com/AcmeTelecom/posts/pfbid02abc' },
    });
    expect(parsed.skipped).toEqual([
      { id: '123456789012345_987654321098766', reason: 'own_account' },
      { id: '104512345678901_123456789012345', reason: 'not_a_mention:reaction' },
      { id: '123456789012345_987654321098765', reason: 'verb_remove' },
    ]);
    expectValidItems(parsed);
  });

  it('keeps Instagram comments by others and skips the account’s own reply and text-less mentions', () => {
    const parsed = parseMetaDelivery(fixture('meta-instagram-comments.json'));
    expect(parsed.items.map((i) => i.item)).toEqual([
      expect.objectContaining({ externalId: '17865799348089039', customer: { id: '@lea.voyage' }, occurredAt: '2026-11-23T21:33:20.000Z' }),
    ]);
    expect(parsed.skipped).toEqual([
      { id: '17865799348089040', reason: 'own_account' },
      { id: '17894227972186120', reason: 'mention_without_text' },
    ]);
    expectValidItems(parsed);
  });

  it('reads the Business Login for Instagram shape (field and value in the entry)', () => {
    const parsed = parseMetaDelivery({
      object: 'instagram',
      entry: [{ id: '9', time: 1795469600000, field: 'comments', value: { id: 'c1', text: 'Super appli', from: { id: '5', username: 'u' } } }],
    });
    expect(parsed.items[0]!.item).toMatchObject({ externalId: 'c1', occurredAt: '2026-11-23T21:33:20.000Z' });
  });

  it('skips configured own accounts', () => {
    const parsed = parseMetaDelivery(fixture('meta-page-feed.json'), { meta: ['7349128765432101'] });
    expect(parsed.items).toEqual([]);
  });

  it('answers an object it does not handle with a skip, and refuses what is not a Meta webhook', () => {
    expect(parseMetaDelivery({ object: 'permissions', entry: [] }).skipped).toEqual([{ id: 'permissions', reason: 'not_a_mention:object_permissions' }]);
    expect(() => parseMetaDelivery({ object: 'page' })).toThrow(UnrecognisedPayloadError);
    expect(() => parseMetaDelivery({ entry: [] })).toThrow(UnrecognisedPayloadError);
  });
});

describe('parseTrustpilotDelivery', () => {
  it('turns a service review into an item with its stars as CSAT, its title as subject, and skips deletions', () => {
    const parsed = parseTrustpilotDelivery(fixture('trustpilot-service-reviews.json'));
    expect(parsed.items).toHaveLength(1);
    expect(parsed.items[0]!.item).toMatchObject({
      externalId: '6741f2c9a3b1d20012345678',
      text: 'Ordered a router that never arrived. It took four weeks and five calls to get my money back.',
      subject: 'Refund took a month',
      ratings: { csat: 2 },
      lang: 'en',
      occurredAt: '2026-11-23T18:02:11.000Z',
      customer: { id: 'trustpilot:5f3c2b1a0000640001a2b3c4' },
      metadata: { referenceId: 'ORD-2026-118842', verified: true, url: 'https://api.trustpilot.com/v1/reviews/6741f2c9a3b1d20012345678' },
    });
    expect(parsed.skipped).toEqual([{ id: '6741f2c9a3b1d20012340000', reason: 'not_a_review:service-review-deleted' }]);
    expectValidItems(parsed);
  });

  it('rejects a review whose stars are out of 1–5', () => {
    const parsed = parseTrustpilotDelivery({ events: [{ eventName: 'service-review-created', eventData: { id: 'r', stars: 6, text: 't', createdAt: '2026-11-23T18:02:11Z' } }] });
    expect(parsed.rejected).toEqual([{ index: 0, error: expect.stringContaining('eventData.stars') }]);
  });

  it('refuses a body without events', () => {
    expect(() => parseTrustpilotDelivery({ eventName: 'service-review-created' })).toThrow(UnrecognisedPayloadError);
  });
});

describe('parseGenericDelivery', () => {
  it('maps our documented mention: rating to CSAT, author handle to customer id, url to metadata', () => {
    const parsed = parseGenericDelivery(fixture('generic-mentions.json'));
    expect(parsed.items.map((i) => i.item)).toEqual([
      expect.objectContaining({ externalId: 'forum-88412', ratings: { csat: 5 }, customer: { id: '@marie.l' }, lang: 'fr', metadata: { url: 'https://forum.example.fr/t/88412' } }),
      expect.objectContaining({ externalId: 'forum-88413', ratings: undefined, customer: { id: 'tom_r' } }),
    ]);
    expectValidItems(parsed);
  });

  it('accepts one bare mention', () => {
    const parsed = parseGenericDelivery({ id: 'm1', text: 'ok', author: { handle: 'a' }, createdAt: '2026-11-23T10:00:00Z' });
    expect(parsed.items).toHaveLength(1);
  });

  it('says what to fix in each bad mention', () => {
    const parsed = parseGenericDelivery({ mentions: [{ id: 'm1', text: 'x', author: {}, createdAt: 'yesterday', rating: 9 }] });
    expect(parsed.rejected[0]!.error).toMatch(/author\.handle.*createdAt.*rating/s);
  });

  it('skips the company’s own handles, case-insensitively', () => {
    const parsed = parseGenericDelivery(fixture('generic-mentions.json'), { generic: ['TOM_R'] });
    expect(parsed.skipped).toEqual([{ id: 'forum-88413', reason: 'own_account' }]);
  });

  it('refuses an empty or oversized batch and a bare array', () => {
    expect(() => parseGenericDelivery({ mentions: [] })).toThrow(UnrecognisedPayloadError);
    expect(() => parseGenericDelivery({ mentions: Array.from({ length: 101 }, () => ({})) })).toThrow(/1 to 100/);
    expect(() => parseGenericDelivery([{}])).toThrow(UnrecognisedPayloadError);
  });
});
