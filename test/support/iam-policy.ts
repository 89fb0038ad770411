/**
 * Enough of IAM's policy evaluation to decide whether a role's statements allow one DynamoDB
 * request: Allow/Deny, Action and Resource wildcards, and the condition operators our policies
 * use. An operator it does not know fails loudly, so a new kind of condition cannot pass a test
 * by being ignored. Not a general IAM engine: it exists because DynamoDB Local enforces nothing.
 */

export interface IamStatement {
  Effect: string;
  Action?: string | string[];
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** One request as IAM sees it: the action, the resource ARN, and the condition keys' values. */
export interface IamRequest {
  action: string;
  resource: string;
  /** Multi-valued keys (e.g. dynamodb:LeadingKeys); absent when the request carries none. */
  keys: Record<string, readonly string[] | undefined>;
}

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** IAM's StringLike: `*` any run of characters, `?` exactly one; case-sensitive. */
export function stringLike(pattern: string, value: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 's').test(value);
}

/** Actions match case-insensitively (IAM's rule), with wildcards. */
const actionMatches = (pattern: string, action: string) => stringLike(pattern.toLowerCase(), action.toLowerCase());

function conditionHolds(operator: string, key: string, expected: unknown, request: IamRequest): boolean {
  const values = request.keys[key];
  const patterns = asArray(expected as string | string[]).map(String);
  switch (operator) {
    case 'Null':
      // "true": the key must be absent; "false": present.
      return patterns[0] === 'true' ? values === undefined : values !== undefined;
    case 'ForAllValues:StringLike':
      // True for a request with no value at all: why our statements pair it with Null=false.
      return (values ?? []).every((v) => patterns.some((p) => stringLike(p, v)));
    case 'ForAnyValue:StringLike':
      return (values ?? []).some((v) => patterns.some((p) => stringLike(p, v)));
    case 'StringLike':
      return values !== undefined && values.length === 1 && patterns.some((p) => stringLike(p, values[0]!));
    case 'StringEquals':
      return values !== undefined && values.length === 1 && patterns.includes(values[0]!);
    default:
      throw new Error(`iam-policy: condition operator ${operator} is not modelled; add it before relying on it`);
  }
}

function applies(statement: IamStatement, request: IamRequest, resourceMatches: (resource: unknown, arn: string) => boolean): boolean {
  if (!asArray(statement.Action).some((a) => actionMatches(a, request.action))) return false;
  if (!asArray(statement.Resource as unknown[]).some((r) => resourceMatches(r, request.resource))) return false;
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => conditionHolds(operator, key, expected, request)),
  );
}

/**
 * Whether the statements allow the request: some Allow applies and no Deny does. Resources in a
 * synthesized template are tokens (Fn::GetAtt), so how a resource matches an ARN is the caller's.
 */
export function isAllowed(
  statements: readonly IamStatement[],
  request: IamRequest,
  resourceMatches: (resource: unknown, arn: string) => boolean = (r, arn) => typeof r === 'string' && stringLike(r, arn),
): boolean {
  const matching = statements.filter((s) => applies(s, request, resourceMatches));
  return matching.some((s) => s.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny');
}
