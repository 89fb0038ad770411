/**
 * Activating the stack's SES receipt rule set (`-c activateInboundRuleSet=true|takeover`): a region
 * has at most one active rule set, so activating ours may switch another off. The contract between
 * the stack's custom resource (infra/constructs/inbound-rule-set-activation.ts) and its handler
 * (functions/handlers/activate-inbound-rule-set-handler.ts), and the decision, pure.
 */
// Namespace import: lets esbuild tree-shake zod.
import * as z from 'zod';

/**
 * `if-none-active` (`-c activateInboundRuleSet=true`) refuses to replace another active set;
 * `takeover` replaces it (and says which one it replaced).
 */
export const RULE_SET_ACTIVATION_MODES = ['if-none-active', 'takeover'] as const;
export type RuleSetActivationMode = (typeof RULE_SET_ACTIVATION_MODES)[number];

/** The custom resource's properties (CloudFormation passes them as strings). */
export const RuleSetActivationPropertiesSchema = z.object({
  RuleSetName: z.string().min(1),
  Mode: z.enum(RULE_SET_ACTIVATION_MODES),
});
export type RuleSetActivationProperties = z.infer<typeof RuleSetActivationPropertiesSchema>;

/** The attribute naming the set that was active before the last activation ({@link NO_ACTIVE_RULE_SET} if none). */
export const PREVIOUS_ACTIVE_RULE_SET_ATTRIBUTE = 'PreviousActiveRuleSet';
export const NO_ACTIVE_RULE_SET = '(none)';

export type RuleSetActivationStep =
  /** Nothing to call: ours is already active (create/update), or ours is not the active one (delete). */
  | { readonly kind: 'none' }
  | { readonly kind: 'activate'; readonly replacing?: string }
  /** Delete while ours is active: switch receiving off, so CloudFormation can delete the set. */
  | { readonly kind: 'deactivate' }
  /** Delete while ours is active, after it took over `ruleSet` at create: that set receives again. */
  | { readonly kind: 'restore'; readonly ruleSet: string }
  /** Another set is active and the mode does not allow replacing it. */
  | { readonly kind: 'refuse'; readonly active: string };

/**
 * What to do for one CloudFormation request, given the region's active set (undefined: none) and,
 * for a delete, the set ours replaced when it was created (from the physical id). Delete only
 * touches the active set when it is still ours: a set another stack (or a person) activated since
 * stays active.
 */
export function planRuleSetActivation(
  request: 'Create' | 'Update' | 'Delete',
  properties: RuleSetActivationProperties,
  active: string | undefined,
  replacedAtCreate?: string,
): RuleSetActivationStep {
  const ours = properties.RuleSetName;
  if (request === 'Delete') {
    if (active !== ours) return { kind: 'none' };
    return replacedAtCreate && replacedAtCreate !== ours ? { kind: 'restore', ruleSet: replacedAtCreate } : { kind: 'deactivate' };
  }
  if (active === ours) return { kind: 'none' };
  if (active === undefined) return { kind: 'activate' };
  return properties.Mode === 'takeover' ? { kind: 'activate', replacing: active } : { kind: 'refuse', active };
}

/**
 * The custom resource's physical id: the rule set's name, and the set it replaced at create when
 * it took one over (`<ours>#replaced#<theirs>`; SES set names hold no `#`). It stays the same across
 * updates (a new id would make CloudFormation delete the old one), so the delete that `cdk
 * destroy` sends still knows which set to give the region back.
 */
export const activationPhysicalId = (ruleSet: string, replaced?: string): string => (replaced ? `${ruleSet}${REPLACED_SEPARATOR}${replaced}` : ruleSet);

/** The rule set a physical id names, and the one it replaced at create (undefined if none). */
export function parseActivationPhysicalId(physicalId: string): { ruleSet: string; replaced?: string } {
  const at = physicalId.indexOf(REPLACED_SEPARATOR);
  if (at < 0) return { ruleSet: physicalId };
  const replaced = physicalId.slice(at + REPLACED_SEPARATOR.length);
  return { ruleSet: physicalId.slice(0, at), ...(replaced ? { replaced } : {}) };
}

const REPLACED_SEPARATOR = '#replaced#';

/** Why the deployment stops when another set is active and the mode is `if-none-active`: the two ways on. */
export function refusalMessage(ours: string, active: string, region: string): string {
  return (
    `SES receipt rule set "${active}" is active in ${region}, and a region has only one active set: customer-voice does not replace it ` +
    `with "${ours}" under -c activateInboundRuleSet=true. Either deploy with -c activateInboundRuleSet=takeover ("${active}" then stops receiving; ` +
    `the stack output InboundRuleSetReplaced names it), or deploy without activateInboundRuleSet and receive through "${active}" ` +
    `(add a rule delivering to the raw bucket's inbound/ prefix, see the README).`
  );
}
