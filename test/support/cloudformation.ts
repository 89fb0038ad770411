/** Reading synthesized CloudFormation templates in the infra suites. */

type Json = Record<string, unknown>;

/** Logical IDs a CloudFormation value points at (Ref, Fn::GetAtt, `${Id}` in Fn::Sub), however deeply nested in Fn::Join. */
export function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (value && typeof value === 'object') {
    const obj = value as Json;
    if (typeof obj.Ref === 'string') return [obj.Ref];
    if (Array.isArray(obj['Fn::GetAtt'])) return [obj['Fn::GetAtt'][0] as string];
    if (typeof obj['Fn::Sub'] === 'string') return [...obj['Fn::Sub'].matchAll(/\$\{([A-Za-z0-9]+)[.}]/g)].map((m) => m[1]!);
    return Object.values(obj).flatMap(referencedIds);
  }
  return [];
}

/** cdk-nag's findings on a synthesized stack (AwsSolutions and Serverless packs), one line each: `[]` when clean. */
export async function nagFindings(stack: import('aws-cdk-lib').Stack): Promise<string[]> {
  const { Annotations, Match } = await import('aws-cdk-lib/assertions');
  const annotations = Annotations.fromStack(stack);
  const findings = [
    ...annotations.findError('*', Match.stringLikeRegexp('(AwsSolutions|Serverless)-.*')),
    ...annotations.findWarning('*', Match.stringLikeRegexp('(AwsSolutions|Serverless)-.*')),
  ];
  return findings.map((e) => `${e.id}: ${String(e.entry.data).split('\n')[0]}`);
}
