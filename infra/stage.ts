import type { IConstruct } from 'constructs';
import { METRICS_NAMESPACE } from '../shared/metrics';

/** Node context key the stack sets before creating its children, so any construct finds its stage. */
const STAGE_CONTEXT_KEY = 'customer-voice:stage';

/** The stage whose physical names are those of the deployments made before stages existed. */
export const PROD_STAGE = 'prod';

/** CloudFormation stack name of the prod stage (and cloud assembly artifact id). */
export const STACK_NAME = 'CustomerVoice';

/**
 * Physical names of one stage: `prod` keeps the historical names (stack CustomerVoice, dashboard
 * customer-voice, rule set customer-voice-inbound…), any other stage prefixes each with `<stage>-`,
 * so two stages never claim the same name in one account and region.
 */
export interface StageNames {
  readonly stage: string;
  readonly stackName: string;
  /** A fixed physical name (dashboard, API, SES rule set or rule) for this stage. */
  physical(base: string): string;
  /**
   * The CloudWatch namespace the stage's functions publish their metrics to and its dashboard and
   * alarms read: prod's stays CustomerVoice, so staging's counts never land on prod's graphs and alarms.
   */
  readonly metricsNamespace: string;
}

export function stageNames(stage: string): StageNames {
  const prefix = stage === PROD_STAGE ? '' : `${stage}-`;
  return { stage, stackName: `${prefix}${STACK_NAME}`, physical: (base) => `${prefix}${base}`, metricsNamespace: `${prefix}${METRICS_NAMESPACE}` };
}

export function stackNameOf(stage: string): string {
  return stageNames(stage).stackName;
}

/** Called by the stack before it creates any child. */
export function setStage(stack: IConstruct, stage: string): void {
  stack.node.setContext(STAGE_CONTEXT_KEY, stage);
}

/** The stage names of the stack `scope` belongs to (prod outside a stage-aware stack). */
export function stageOf(scope: IConstruct): StageNames {
  const stage = scope.node.tryGetContext(STAGE_CONTEXT_KEY) as string | undefined;
  return stageNames(stage ?? PROD_STAGE);
}
