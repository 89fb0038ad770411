import { BatchGetCommand, GetCommand, QueryCommand, UpdateCommand, paginateScan, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { CUSTOMER_INDEX } from '../resources';
import type { CustomerDataStore, ErasureOutcome, FeedbackStore, InterfacePartnersReader, ProcessedFeedback, Verbatim, VerbatimFilter } from '../ports/stores';
import { feedbackIndexKey, itemKey, itemOfStored, ITEM_SK, storedSentimentOf, storedTextOf, storedTopicsOf } from './dynamo-feedback-codec';
import { DynamoFeedbackWriter } from './dynamo-feedback-writer';
import { DynamoInterfacePartners } from './dynamo-interface-partners';
import { isConditionalCheckFailure } from './dynamo-client';

const VERBATIM_CHARS = 1_000;

/** True when a stored item passes every field the filter gives. */
function passes(item: ProcessedFeedback, filter: VerbatimFilter): boolean {
  if (filter.alsoDepartment && !(item.departments ?? []).some((d) => d.id === filter.alsoDepartment)) return false;
  if (filter.journey && !(item.journeys ?? []).some((j) => j.id === filter.journey)) return false;
  if (filter.sentiment && item.sentiment.label !== filter.sentiment) return false;
  if (filter.channel && item.source.channel !== filter.channel) return false;
  return !filter.topics || (item.topics ?? []).some((t) => filter.topics!.includes(t.key));
}

/** The whole store: the writer plus what the read API, alerts, erasure, recount and recompute read. */
export class DynamoFeedbackStore extends DynamoFeedbackWriter implements FeedbackStore, CustomerDataStore, InterfacePartnersReader {
  /** The interface-partners rows the writer keeps beside the items. */
  sharedPairs(departmentIds: readonly string[], from: Date, to: Date): Promise<string[]> {
    return new DynamoInterfacePartners(this.doc, this.tables.feedback).sharedPairs(departmentIds, from, to);
  }

  /** Takes an item out of one department's index rows; returns how many entries went. */
  private async removeIndexEntries(departmentId: string, item: Pick<ProcessedFeedback, 'id' | 'occurredAt'>): Promise<number> {
    let removed = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      // A row's sort key starts with its newest entry: rows that can hold this item sort at or after its time.
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tables.feedback,
          KeyConditionExpression: 'pk = :pk AND sk >= :at',
          FilterExpression: 'attribute_exists(#e.#id)',
          ExpressionAttributeNames: { '#e': 'e', '#id': item.id },
          ExpressionAttributeValues: { ':pk': feedbackIndexKey(departmentId, item.occurredAt.slice(0, 10)), ':at': item.occurredAt },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const row of page.Items ?? []) {
        try {
          await this.doc.send(
            new UpdateCommand({
              TableName: this.tables.feedback,
              Key: { pk: row.pk, sk: row.sk },
              UpdateExpression: 'REMOVE #e.#id',
              ConditionExpression: 'attribute_exists(#e.#id)',
              ExpressionAttributeNames: { '#e': 'e', '#id': item.id },
            }),
          );
          removed++;
        } catch (error) {
          if (!isConditionalCheckFailure(error)) throw error;
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return removed;
  }

  /** Rewrites an item's attribution (after a configuration change) and its index entries. */
  async updateAttribution(item: ProcessedFeedback, previous: Pick<ProcessedFeedback, 'departments' | 'journeys'>): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tables.feedback,
        Key: { pk: itemKey(item.id), sk: ITEM_SK },
        UpdateExpression: 'SET departments = :d, journeys = :j',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':d': item.departments, ':j': item.journeys },
      }),
    );
    const keep = new Set(item.departments.map((d) => d.id));
    // Readers also check the item's departments, so a stale entry left by a crash here is never shown.
    for (const id of new Set(previous.departments.map((d) => d.id))) if (!keep.has(id)) await this.removeIndexEntries(id, item);
    if (!item.textWithheld) await this.putIndexRows([item]);
  }

  /**
   * Rewrites an item's sentiment and the model that gave it (recompute --rescore). False when
   * the item is gone or was erased since it was read: its text is no longer there to score.
   */
  async updateSentiment(item: Pick<ProcessedFeedback, 'id' | 'sentiment' | 'sentimentModel'>): Promise<boolean> {
    return this.updateLiveItem(item.id, {
      UpdateExpression: 'SET sentiment = :s, sentimentModel = :m',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(erasedAt)',
      ExpressionAttributeValues: { ':s': storedSentimentOf(item.sentiment), ':m': item.sentimentModel },
    });
  }

  /** Rewrites an item's stored topics (recompute); false when the item is gone or was erased since it was read. */
  async updateTopics(item: Pick<ProcessedFeedback, 'id' | 'topics'>): Promise<boolean> {
    const topics = item.topics && item.topics.length > 0 ? storedTopicsOf(item.topics) : undefined;
    return this.updateLiveItem(item.id, {
      UpdateExpression: topics ? 'SET tp = :tp' : 'REMOVE tp',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(erasedAt)',
      ...(topics ? { ExpressionAttributeValues: { ':tp': topics } } : {}),
    });
  }

  /**
   * Rewrites an item's text, subject, metadata and redacted types (recompute --redact), the text
   * stored as a new item's is (deflated when long). The verbatim index rows hold ids and times
   * only: the verbatims read the text from here. False when the item is gone or was erased since
   * it was read.
   */
  async updateText(item: Pick<ProcessedFeedback, 'id' | 'text' | 'subject' | 'metadata' | 'redacted' | 'topics'>): Promise<boolean> {
    const text = storedTextOf(item.text);
    const [set, remove] = 'textZ' in text ? ['textZ', 'text'] : ['text', 'textZ'];
    // The topics of the new text with it: those of the old one may hold what is now redacted.
    const topics = item.topics && item.topics.length > 0 ? storedTopicsOf(item.topics) : undefined;
    return this.updateLiveItem(item.id, {
      UpdateExpression: `SET #set = :t, metadata = :m, redacted = :r${item.subject === undefined ? '' : ', subject = :s'}${topics ? ', tp = :tp' : ''} REMOVE #remove${topics ? '' : ', tp'}`,
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(erasedAt) AND (attribute_not_exists(textWithheld) OR textWithheld = :false)',
      ExpressionAttributeNames: { '#set': set, '#remove': remove },
      ExpressionAttributeValues: {
        ':t': 'textZ' in text ? text.textZ : text.text,
        ':m': item.metadata ?? {},
        ':r': item.redacted ?? [],
        ':false': false,
        ...(item.subject === undefined ? {} : { ':s': item.subject }),
        ...(topics ? { ':tp': topics } : {}),
      },
    });
  }

  /**
   * One conditional update of a stored item: true when it was applied, false when its condition
   * (the item still there, not erased since it was read…) failed.
   */
  private async updateLiveItem(id: string, update: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key'>): Promise<boolean> {
    try {
      await this.doc.send(new UpdateCommand({ TableName: this.tables.feedback, Key: { pk: itemKey(id), sk: ITEM_SK }, ...update }));
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  async eraseCustomer(customerHash: string, at: Date): Promise<ErasureOutcome> {
    const outcome: ErasureOutcome = { itemsAnonymised: 0, verbatimRowsDeleted: 0, rawObjects: [] };
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tables.feedback,
          IndexName: CUSTOMER_INDEX,
          KeyConditionExpression: 'customerHash = :h',
          ExpressionAttributeValues: { ':h': customerHash },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const key of page.Items ?? []) {
        const found = await this.doc.send(new GetCommand({ TableName: this.tables.feedback, Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }));
        const item = found.Item as (ProcessedFeedback & { pk: string }) | undefined;
        if (!item) continue;
        // The index holds ids and times, never words; entries go all the same, so nothing points at the erased item.
        for (const departmentId of new Set((item.departments ?? []).map((d) => d.id))) {
          outcome.verbatimRowsDeleted += await this.removeIndexEntries(departmentId, item);
        }
        const rawObject = (item.metadata as Record<string, unknown> | undefined)?.rawObject;
        if (typeof rawObject === 'string') outcome.rawObjects.push(rawObject);
        // What the aggregates count (sentiment, ratings, attribution, time) stays; who and what goes.
        await this.doc.send(
          new UpdateCommand({
            TableName: this.tables.feedback,
            Key: { pk: key.pk, sk: key.sk },
            UpdateExpression: 'SET #text = :empty, #customer = :anonymous, textWithheld = :true, erasedAt = :at, #metadata = :none REMOVE customerHash, subject, textZ, tp',
            ExpressionAttributeNames: { '#text': 'text', '#customer': 'customer', '#metadata': 'metadata' },
            ExpressionAttributeValues: { ':empty': '', ':anonymous': {}, ':true': true, ':at': at.toISOString(), ':none': {} },
          }),
        );
        outcome.itemsAnonymised++;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return outcome;
  }

  /**
   * Newest first: index entries in exact time order, then the items themselves (consistent
   * reads, so an item stored a moment ago is there). An entry is shown only while its item
   * still has text and still belongs to the department (erasure, consent, re-attribution), and
   * passes the filter; at most `filter.maxExamined` entries are read.
   */
  async verbatims(departmentId: string, from: Date, to: Date, limit: number, filter: VerbatimFilter = {}): Promise<Verbatim[]> {
    const out: Verbatim[] = [];
    const entries = this.indexEntries(departmentId, from, to);
    let examined = 0;
    const budget = filter.maxExamined ?? Number.POSITIVE_INFINITY;
    // A filter drops entries: read a full BatchGetItem's worth at a time rather than one round per few.
    const narrowed = Boolean(filter.alsoDepartment || filter.journey || filter.sentiment || filter.channel || filter.topics);
    while (out.length < limit && examined < budget) {
      const wanted: { id: string; at: string }[] = [];
      const batch = narrowed ? Math.max(limit - out.length, 100) : limit - out.length;
      while (wanted.length < batch && examined < budget) {
        const next = await entries.next();
        if (next.done) break;
        wanted.push(next.value);
        examined++;
      }
      if (wanted.length === 0) break;
      const items = await this.itemsById(wanted.map((w) => w.id));
      for (const { id } of wanted) {
        const item = items.get(id);
        if (!item || item.textWithheld || !item.text || !(item.departments ?? []).some((d) => d.id === departmentId)) continue;
        if (!passes(item, filter) || out.length === limit) continue;
        out.push({
          id: item.id,
          occurredAt: item.occurredAt,
          text: item.text.slice(0, VERBATIM_CHARS),
          lang: item.lang,
          sentiment: item.sentiment.label,
          ...(item.sentimentModel ? { sentimentModel: item.sentimentModel } : {}),
          departments: item.departments,
          journeys: item.journeys ?? [],
          ...(item.ratings ? { ratings: item.ratings } : {}),
          channel: item.source.channel,
          ...(item.topics ? { topics: item.topics } : {}),
          ...(item.customer?.idHash ? { customerKey: item.customer.idHash } : {}),
        });
      }
    }
    return out;
  }

  /**
   * A department's index entries between two instants, newest first and each id once. Rows come
   * newest-first by their newest entry, so an entry can be given out as soon as no unread row
   * can hold a newer one: only the rows needed are read.
   */
  private async *indexEntries(departmentId: string, from: Date, to: Date): AsyncGenerator<{ id: string; at: string }> {
    const fromIso = from.toISOString();
    const toIso = to.toISOString();
    const seen = new Set<string>();
    const firstDay = fromIso.slice(0, 10);
    for (let day = new Date(`${toIso.slice(0, 10)}T00:00:00Z`); day.toISOString().slice(0, 10) >= firstDay; day = new Date(day.getTime() - 86_400_000)) {
      const pending: { id: string; at: string }[] = [];
      const newestFirst = () => pending.sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.doc.send(
          new QueryCommand({
            TableName: this.tables.feedback,
            KeyConditionExpression: 'pk = :pk AND sk >= :from',
            ExpressionAttributeValues: { ':pk': feedbackIndexKey(departmentId, day.toISOString().slice(0, 10)), ':from': fromIso },
            ScanIndexForward: false,
            Limit: 25,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const row of page.Items ?? []) {
          const rowNewest = String(row.sk).split('#')[0]!;
          newestFirst();
          while (pending.length > 0 && pending[0]!.at >= rowNewest) yield pending.shift()!;
          for (const [id, at] of Object.entries((row.e ?? {}) as Record<string, string>)) {
            if (at < fromIso || at > toIso || seen.has(id)) continue;
            seen.add(id);
            pending.push({ id, at });
          }
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      newestFirst();
      yield* pending;
    }
  }

  /** Items by id (BatchGetItem, 100 keys a call, unprocessed keys retried). */
  private async itemsById(ids: readonly string[]): Promise<Map<string, ProcessedFeedback>> {
    const found = new Map<string, ProcessedFeedback>();
    for (let i = 0; i < ids.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = ids.slice(i, i + 100).map((id) => ({ pk: itemKey(id), sk: ITEM_SK }));
      for (let attempt = 0; keys && keys.length > 0; attempt++) {
        if (attempt > 5) throw new Error(`${keys.length} feedback item(s) could not be read`);
        if (attempt > 0) await this.sleep(Math.round(this.random() * 50 * 2 ** attempt));
        const out: BatchGetCommandOutput = await this.doc.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tables.feedback]: {
                Keys: keys,
                ConsistentRead: true,
                ProjectionExpression: 'id, occurredAt, #text, textZ, lang, sentiment, sentimentModel, departments, journeys, ratings, #source, textWithheld, customerHash, tp',
                ExpressionAttributeNames: { '#text': 'text', '#source': 'source' },
              },
            },
          }),
        );
        for (const row of out.Responses?.[this.tables.feedback] ?? []) found.set(String(row.id), itemOfStored(row));
        keys = out.UnprocessedKeys?.[this.tables.feedback]?.Keys;
      }
    }
    return found;
  }

  async *scanItems(): AsyncIterable<ProcessedFeedback> {
    const pages = paginateScan(
      { client: this.doc },
      { TableName: this.tables.feedback, FilterExpression: 'begins_with(pk, :item)', ExpressionAttributeValues: { ':item': 'FB#' } },
    );
    for await (const page of pages) {
      for (const row of page.Items ?? []) yield itemOfStored(row);
    }
  }
}
