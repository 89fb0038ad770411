import { describe, expect, it } from 'vitest';
import { CONTROL_ACCESS, CONTROL_FAMILIES, controlStatements, writesControl, type ControlAction, type ControlFamily } from '../../infra/constructs/control-access';
import { EXPORT_JOB_KEYS } from '../../shared/adapters/dynamo-export-jobs';
import { CONTROL_KEYS } from '../../shared/adapters/dynamo-control-keys';
import { recipientHash } from '../../shared/adapters/dynamo-delivery-budget';
import { deliveryKey } from '../../shared/app/deliver-notification';
import { generateApiKey, hashApiKey } from '../../shared/domain/api-keys';
import { FUNCTIONS, type FunctionName } from '../../shared/resources';
import { isAllowed, stringLike, type IamRequest } from '../support/iam-policy';

const TABLE_ARN = 'arn:aws:dynamodb:eu-west-3:123456789012:table/customer-voice-control';
const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];
const FAMILIES = Object.keys(CONTROL_FAMILIES) as ControlFamily[];
const ACTIONS: ControlAction[] = ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'];

/** Partition keys exactly as the stores build them, for each family. */
const KEYS_BUILT_BY_THE_STORES: Record<ControlFamily, string[]> = {
  apiKeys: (['ingest', 'read', 'admin'] as const).map((role) => CONTROL_KEYS.apiKey(hashApiKey(generateApiKey(role))).pk),
  customerSalt: [CONTROL_KEYS.customerSalt.pk],
  alertStates: [CONTROL_KEYS.alertStatesPk, CONTROL_KEYS.alertState('dept:billing|negativeRate|day').pk],
  incidents: [CONTROL_KEYS.incidentsPk, CONTROL_KEYS.incident('billing-2026-12-02').pk, CONTROL_KEYS.openIncident('billing+delivery').pk],
  deliveryBudgets: [CONTROL_KEYS.deliveryBudget(recipientHash('cco@example.com'), '2026-12-02').pk],
  sendMarkers: [CONTROL_KEYS.sendMarker('a'.repeat(64)).pk],
  notificationMarkers: [CONTROL_KEYS.notificationMarker(deliveryKey('incident:billing-2026-12-02:incident:2026-12-02T10:00:00.000Z', 'ops-slack')).pk],
  erasureReceipts: [CONTROL_KEYS.erasureReceipt('2026-06-15T10:00:00.000Z', '6f1c2a9e-1d2b-4c3d-8e4f-5a6b7c8d9e0f').pk],
  exportJobs: [EXPORT_JOB_KEYS.jobPk('0b7e3c1a-2f4d-4e5a-9b6c-7d8e9f0a1b2c'), EXPORT_JOB_KEYS.jobPk('drop-3f2a9c')],
};

const policyOf = (fn: FunctionName) => controlStatements(fn).map((s) => ({ ...s, Resource: TABLE_ARN }));
const request = (action: string, leadingKeys?: string[]): IamRequest => ({ action: `dynamodb:${action}`, resource: TABLE_ARN, keys: { 'dynamodb:LeadingKeys': leadingKeys } });

describe('the control table keys the stores build', () => {
  it.each(FAMILIES)('%s: each key matches its family’s LeadingKeys pattern, and no other family’s', (family) => {
    // Prepare: keys from the adapters' own builders (renaming a prefix there changes them).
    const keys = KEYS_BUILT_BY_THE_STORES[family];
    expect(keys.length).toBeGreaterThan(0);
    for (const pk of keys) {
      // Act
      const matching = FAMILIES.filter((f) => stringLike(CONTROL_FAMILIES[f], pk));
      // Assess
      expect(matching, pk).toEqual([family]);
    }
  });
});

describe('controlStatements', () => {
  it.each(FUNCTION_NAMES)('%s: allows exactly the CONTROL_ACCESS actions on exactly its families’ keys', (fn) => {
    const grant: Partial<Record<ControlFamily, readonly ControlAction[]>> = CONTROL_ACCESS[fn];
    for (const family of FAMILIES) {
      for (const pk of KEYS_BUILT_BY_THE_STORES[family]) {
        for (const action of ACTIONS) {
          expect(isAllowed(policyOf(fn), request(action, [pk])), `${fn} ${action} ${pk}`).toBe(grant[family]?.includes(action) ?? false);
        }
      }
    }
  });

  it.each(FUNCTION_NAMES)('%s: never allows a Scan, a request without a leading key, or one that mixes in another family', (fn) => {
    const policy = policyOf(fn);
    expect(isAllowed(policy, request('Scan'))).toBe(false);
    expect(isAllowed(policy, request('GetItem'))).toBe(false);
    expect(isAllowed(policy, request('BatchGetItem', [CONTROL_KEYS.customerSalt.pk, CONTROL_KEYS.apiKey('a'.repeat(64)).pk]))).toBe(false);
    // Near misses of the patterns: the salt's pk is exact, the API key prefix keeps its '#'.
    for (const action of ACTIONS) {
      expect(isAllowed(policy, request(action, ['CONFIGX']))).toBe(false);
      expect(isAllowed(policy, request(action, ['APIKEY']))).toBe(false);
      expect(isAllowed(policy, request(action, ['ALERTS']))).toBe(false);
      expect(isAllowed(policy, request(action, ['INCIDENTS']))).toBe(false);
      expect(isAllowed(policy, request(action, ['BUDGET']))).toBe(false);
    }
  });

  it('no function may write API keys: the CLI creates and disables them with the operator’s credentials', () => {
    const apiKey = KEYS_BUILT_BY_THE_STORES.apiKeys[0]!;
    for (const fn of FUNCTION_NAMES) {
      for (const write of ['PutItem', 'UpdateItem', 'DeleteItem'] as const) expect(isAllowed(policyOf(fn), request(write, [apiKey])), `${fn} ${write}`).toBe(false);
    }
    const readers = FUNCTION_NAMES.filter((fn) => isAllowed(policyOf(fn), request('GetItem', [apiKey])));
    expect(readers.sort()).toEqual(['adminApi', 'ingestApi', 'readApi']);
  });

  it('ingest functions read the salt but cannot write it, alert states, erasure receipts or API keys', () => {
    const [alert, receipt] = [KEYS_BUILT_BY_THE_STORES.alertStates[1]!, KEYS_BUILT_BY_THE_STORES.erasureReceipts[0]!];
    for (const fn of ['ingestApi', 'ingestEmail', 'ingestExportFile', 'ingestSocial'] as const) {
      expect(isAllowed(policyOf(fn), request('GetItem', [CONTROL_KEYS.customerSalt.pk]))).toBe(true);
      for (const write of ['PutItem', 'UpdateItem', 'DeleteItem'] as const) {
        expect(isAllowed(policyOf(fn), request(write, [CONTROL_KEYS.customerSalt.pk])), `${fn} ${write} salt`).toBe(false);
      }
      for (const write of ['PutItem', 'UpdateItem', 'DeleteItem'] as const) {
        expect(isAllowed(policyOf(fn), request(write, [alert])), `${fn} ${write} alert`).toBe(false);
        expect(isAllowed(policyOf(fn), request(write, [receipt])), `${fn} ${write} receipt`).toBe(false);
      }
    }
  });

  it('nothing writes alert states any more (the evaluator lists them once, to upgrade them) and only adminApi writes erasure receipts', () => {
    const writers = (pk: string) => FUNCTION_NAMES.filter((fn) => ['PutItem', 'UpdateItem', 'DeleteItem'].some((a) => isAllowed(policyOf(fn), request(a, [pk]))));
    expect(writers(KEYS_BUILT_BY_THE_STORES.alertStates[1]!)).toEqual([]);
    expect(FUNCTION_NAMES.filter((fn) => isAllowed(policyOf(fn), request('Query', [CONTROL_KEYS.alertStatesPk])))).toEqual(['evaluateAlerts']);
    expect(writers(KEYS_BUILT_BY_THE_STORES.erasureReceipts[0]!)).toEqual(['adminApi']);
  });

  it('incidents: the evaluator, the admin API (ack, assign, resolve) and the daily summary write them; budgets are the evaluator\'s, markers the daily summary\'s and the weekly digest\'s (briefs, notes of recognition)', () => {
    const incident = KEYS_BUILT_BY_THE_STORES.incidents[1]!;
    const writers = FUNCTION_NAMES.filter((fn) => ['PutItem', 'UpdateItem', 'DeleteItem'].some((a) => isAllowed(policyOf(fn), request(a, [incident]))));
    expect(writers.sort()).toEqual(['adminApi', 'evaluateAlerts', 'sendDailySummary']);
    const listers = FUNCTION_NAMES.filter((fn) => isAllowed(policyOf(fn), request('Query', [CONTROL_KEYS.incidentsPk])));
    expect(listers.sort()).toEqual(['evaluateAlerts', 'readApi', 'sendDailySummary', 'sendDigest']);
    const budget = KEYS_BUILT_BY_THE_STORES.deliveryBudgets[0]!;
    expect(FUNCTION_NAMES.filter((fn) => isAllowed(policyOf(fn), request('UpdateItem', [budget])))).toEqual(['evaluateAlerts']);
    const marker = KEYS_BUILT_BY_THE_STORES.sendMarkers[0]!;
    expect(FUNCTION_NAMES.filter((fn) => isAllowed(policyOf(fn), request('PutItem', [marker]))).sort()).toEqual(['sendDailySummary', 'sendDigest']);
    // The digest function claims markers and lists incidents, nothing more.
    expect(FUNCTION_NAMES.filter((fn) => ['PutItem', 'UpdateItem', 'DeleteItem'].some((a) => isAllowed(policyOf(fn), request(a, [incident]))))).not.toContain('sendDigest');
  });

  it('readApi, processFeedback and the email and social channels write nothing (and so get no encrypt permission on the key)', () => {
    for (const fn of ['readApi', 'processFeedback', 'ingestEmail', 'ingestSocial'] as const) expect(writesControl(fn)).toBe(false);
    expect(controlStatements('processFeedback')).toEqual([]);
    for (const fn of ['ingestApi', 'adminApi', 'evaluateAlerts', 'ingestExportFile', 'sendDigest'] as const) expect(writesControl(fn)).toBe(true);
  });
});

describe('isAllowed (the evaluator the tests above rely on)', () => {
  it('follows IAM: ForAllValues is vacuously true without values, a Deny wins, unknown operators throw', () => {
    const loose = [{ Effect: 'Allow', Action: 'dynamodb:Scan', Resource: TABLE_ARN, Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['APIKEY#*'] } } }];
    expect(isAllowed(loose, request('Scan'))).toBe(true);
    const denied = [...loose, { Effect: 'Deny', Action: 'dynamodb:*', Resource: '*' }];
    expect(isAllowed(denied, request('Scan'))).toBe(false);
    expect(() => isAllowed([{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020' } } }], request('Scan'))).toThrow(/not modelled/);
    expect(stringLike('APIKEY#*', 'APIKEY#')).toBe(true);
    expect(stringLike('a?c', 'abc')).toBe(true);
    expect(stringLike('a.c', 'abc')).toBe(false);
  });
});
