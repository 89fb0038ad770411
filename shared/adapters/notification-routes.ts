import { existsSync, readFileSync } from 'node:fs';
import * as z from 'zod';
import { DeployedTargetRefSchema, NotificationConfigError, parseNotificationTargets, type DeployedTargetRef, type NamedTarget, type TargetRoute } from '../domain/notifications/targets';
import type { NotificationTargets, ResolvedTarget } from '../ports/notification-delivery';

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new NotificationConfigError(`${where} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The local stack's targets: CV_NOTIFY_CONFIG, JSON text or the path of a JSON file, URLs and secrets inline. */
export class ConfiguredNotificationTargets implements NotificationTargets {
  private readonly targets: NamedTarget[];

  constructor(config: string) {
    const text = config.trim();
    let json: unknown;
    if (text.startsWith('[')) json = parseJson(text, 'CV_NOTIFY_CONFIG');
    else if (existsSync(text)) json = parseJson(readFileSync(text, 'utf8'), `CV_NOTIFY_CONFIG file ${text}`);
    else throw new NotificationConfigError(`CV_NOTIFY_CONFIG is neither a JSON list nor the path of an existing file: ${text.slice(0, 80)}`);
    this.targets = parseNotificationTargets(json);
  }

  routes() {
    return this.targets;
  }

  async resolve(name: string): Promise<ResolvedTarget | undefined> {
    return this.targets.find((t) => t.name === name);
  }
}

/** NOTIFY_TARGETS, which the stack sets: each target's routing and the ARN of its secret. */
export function parseDeployedRefs(json: string): DeployedTargetRef[] {
  const parsed = z.array(DeployedTargetRefSchema).safeParse(parseJson(json, 'NOTIFY_TARGETS'));
  if (!parsed.success) throw new NotificationConfigError(`NOTIFY_TARGETS is not the stack's list of targets: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}

const routeOf = ({ name, kind, departments, events }: TargetRoute): TargetRoute => ({ name, kind, departments, events });

/**
 * What a producer fans out over: the targets' routing from CV_NOTIFY_CONFIG (local) or
 * NOTIFY_TARGETS (AWS), without reading any secret. Empty when nothing is configured.
 */
export function notificationRoutesFromEnv(env: { notifyConfig?: string; notifyTargets?: string }): TargetRoute[] {
  if (env.notifyConfig?.trim()) return new ConfiguredNotificationTargets(env.notifyConfig).routes().map(routeOf);
  if (env.notifyTargets?.trim()) return parseDeployedRefs(env.notifyTargets).map(routeOf);
  return [];
}
