/**
 * `customer-voice users invite`: who may open the dashboard. Locally the running stack signs a
 * link for the address; on AWS the user is created in the dashboard's Cognito user pool, which
 * emails the invitation (and a temporary password) itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import * as z from 'zod';
import { DASHBOARD_OUTPUTS, OFFICER_GROUP } from '../../shared/domain/dashboard/contract';
import { DEFAULT_DEPARTMENTS, parseDepartmentsConfig, type DepartmentsConfig } from '../../shared/domain/departments/schema';
import { departmentsOwnedBy, LOCAL_SIGN_IN_LINKS_PATH, type SignInLinkResponse } from '../local/dashboard-sign-in';
import { UsageError, type Command } from './command';
import { deploymentConfig, deploymentContext } from './doctor';
import { localStackInfo } from './local-stack-info';

const emailSchema = z.email();
/** Cognito user pool ids are `<region>_<id>`, e.g. `eu-west-3_AbCdEf123`. */
const USER_POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d)_[A-Za-z0-9]+$/;

export interface CognitoInvitation {
  /** False when the address already had an account (its group is still set). */
  created: boolean;
  addedToOfficers: boolean;
}

/**
 * Creates the user with a verified email (Cognito emails the invitation) and, for an officer,
 * adds them to the `officer` group. Inviting an existing user again only sets the group.
 */
export async function inviteCognitoUser(client: CognitoIdentityProviderClient, invite: { userPoolId: string; email: string; officer: boolean }): Promise<CognitoInvitation> {
  const email = invite.email.trim().toLowerCase();
  let created = true;
  try {
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: invite.userPoolId,
        Username: email,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    );
  } catch (error) {
    if (!(error instanceof UsernameExistsException)) throw error;
    created = false;
  }
  if (invite.officer) await client.send(new AdminAddUserToGroupCommand({ UserPoolId: invite.userPoolId, Username: email, GroupName: OFFICER_GROUP }));
  return { created, addedToOfficers: invite.officer };
}

/** The user pool id from `cdk deploy --outputs-file`'s JSON: the one stack output named DashboardUserPoolId. */
export function userPoolIdFromOutputs(outputs: unknown): string | undefined {
  const found = new Set<string>();
  if (outputs && typeof outputs === 'object') {
    for (const stack of Object.values(outputs)) {
      const id = stack && typeof stack === 'object' ? (stack as Record<string, unknown>)[DASHBOARD_OUTPUTS.userPoolId] : undefined;
      if (typeof id === 'string') found.add(id);
    }
  }
  if (found.size > 1) throw new UsageError(`Several stacks in the outputs file have a ${DASHBOARD_OUTPUTS.userPoolId}: give --user-pool-id.`);
  return [...found][0];
}

function userPoolId(given: string | undefined, outputsFile: string): string {
  let id = given ?? process.env.CV_USER_POOL_ID;
  if (!id && existsSync(outputsFile)) {
    try {
      id = userPoolIdFromOutputs(JSON.parse(readFileSync(outputsFile, 'utf8')));
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`${outputsFile} is not the JSON "cdk deploy --outputs-file" writes: ${(error as Error).message}`);
    }
  }
  if (!id) {
    throw new UsageError(
      `Which user pool? Give --user-pool-id (the stack output ${DASHBOARD_OUTPUTS.userPoolId}), set CV_USER_POOL_ID, or deploy with "cdk deploy --outputs-file ${outputsFile}".`,
    );
  }
  if (!USER_POOL_ID.test(id)) throw new UsageError(`--user-pool-id looks like eu-west-3_AbCdEf123 (region, "_", id), not "${id}"`);
  return id;
}

function ownerWarning(email: string, owned: readonly string[]): string {
  return owned.length > 0
    ? `${email} owns ${owned.join(', ')}: that is what the dashboard will show them.`
    : `Warning: no department lists ${email} among its owners, so the dashboard will show them nothing. Add the address to a department's "owners" (DEPARTMENTS_CONFIG locally, the "departments" context on AWS), or invite them with --officer.`;
}

async function inviteLocally(email: string, officer: boolean, next: string | undefined): Promise<void> {
  const info = await localStackInfo();
  let res: Response;
  try {
    res = await fetch(`${info.apiUrl}${LOCAL_SIGN_IN_LINKS_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': info.keys.admin },
      body: JSON.stringify({ email, officer, ...(next ? { next } : {}) }),
    });
  } catch (error) {
    throw new UsageError(`The local stack at ${info.apiUrl} does not answer (${(error as Error).message}): start it with "npm start".`);
  }
  const body = (await res.json().catch(() => undefined)) as (SignInLinkResponse & { error?: { message: string } }) | undefined;
  if (!res.ok || !body?.url) throw new UsageError(`The local stack refused the invitation: ${body?.error?.message ?? `HTTP ${res.status}`}`);
  process.stdout.write(`${body.url}\n`);
  process.stderr.write(`Sign-in link for ${body.email}${officer ? ' (officer: every department)' : ''}, valid until the stack restarts.\n`);
  if (!officer) process.stderr.write(`${ownerWarning(body.email, body.ownedDepartments)}\n`);
}

async function inviteOnAws(email: string, officer: boolean, poolId: string, departments: DepartmentsConfig): Promise<void> {
  const region = USER_POOL_ID.exec(poolId)![1]!;
  const client = new CognitoIdentityProviderClient({ region });
  try {
    const outcome = await inviteCognitoUser(client, { userPoolId: poolId, email, officer });
    process.stdout.write(`${JSON.stringify({ email: email.toLowerCase(), userPoolId: poolId, created: outcome.created, officer })}\n`);
    process.stderr.write(
      outcome.created
        ? `Created ${email} in ${poolId}; Cognito emails them the invitation and a temporary password.\n`
        : `${email} already has an account in ${poolId}${officer ? '; added to the officer group' : ''}.\n`,
    );
    if (!officer) process.stderr.write(`${ownerWarning(email, departmentsOwnedBy(departments, email))}\n`);
  } finally {
    client.destroy();
  }
}

export const users: Command = {
  usage: `  users invite --email <address> [--officer] [--next /departments/<id>]
                              locally: prints a sign-in link for that user (the officer sees every department, anyone
                              else the departments whose owners list them; warns when none does)
  users invite --email <address> [--officer] --aws [--user-pool-id <id>] [--outputs-file cdk-outputs.json]
                              on AWS: creates the user in the dashboard's Cognito pool (Cognito emails the invitation),
                              in the officer group with --officer. Pool id: --user-pool-id, CV_USER_POOL_ID, or the
                              DashboardUserPoolId output in cdk deploy's --outputs-file. AWS credentials from the usual chain.`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        email: { type: 'string' },
        officer: { type: 'boolean', default: false },
        aws: { type: 'boolean', default: false },
        'user-pool-id': { type: 'string' },
        'outputs-file': { type: 'string', default: 'cdk-outputs.json' },
        next: { type: 'string' },
      },
    });
    if (positionals[0] !== 'invite' || positionals.length > 1) throw new UsageError('usage: customer-voice users invite --email <address> [--officer] [--aws]');
    const email = values.email?.trim();
    if (!email || !emailSchema.safeParse(email).success) throw new UsageError('users invite needs --email <address>, e.g. --email head.of.billing@example.com');
    // AWS when asked, or when the other commands would talk to a deployed stack too (CV_API_URL).
    const onAws = values.aws || values['user-pool-id'] !== undefined || (Boolean(process.env.CV_API_URL) && Boolean(process.env.CV_API_KEY));
    if (!onAws) return inviteLocally(email, values.officer, values.next);
    const poolId = userPoolId(values['user-pool-id'], resolve(values['outputs-file']));
    // The deployed departments' owners, as cdk deploy reads them (cdk.json's context).
    const deployed = deploymentConfig(deploymentContext({})).departments;
    return inviteOnAws(email, values.officer, poolId, typeof deployed === 'string' ? parseDepartmentsConfig(deployed, 'the "departments" context') : (deployed ?? DEFAULT_DEPARTMENTS));
  },
};
