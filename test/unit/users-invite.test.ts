import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { inviteCognitoUser, userPoolIdFromOutputs } from '../../cli/commands/users';

const cognito = mockClient(CognitoIdentityProviderClient);
const POOL = 'eu-west-3_AbCdEf123';

beforeEach(() => cognito.reset());

describe('inviteCognitoUser', () => {
  it('creates an officer with a verified email, invited by email, and adds them to the officer group', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: { Username: 'cco@example.com' } });
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const outcome = await inviteCognitoUser(new CognitoIdentityProviderClient({ region: 'eu-west-3' }), { userPoolId: POOL, email: ' CCO@Example.com ', officer: true });
    expect(outcome).toEqual({ created: true, addedToOfficers: true });
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]!.args[0].input).toEqual({
      UserPoolId: POOL,
      Username: 'cco@example.com',
      UserAttributes: [
        { Name: 'email', Value: 'cco@example.com' },
        { Name: 'email_verified', Value: 'true' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]!.args[0].input).toEqual({ UserPoolId: POOL, Username: 'cco@example.com', GroupName: 'officer' });
  });

  it('puts an owner in no group: the API scopes them by the departments they own', async () => {
    cognito.on(AdminCreateUserCommand).resolves({});
    const outcome = await inviteCognitoUser(new CognitoIdentityProviderClient({ region: 'eu-west-3' }), { userPoolId: POOL, email: 'head@example.com', officer: false });
    expect(outcome).toEqual({ created: true, addedToOfficers: false });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
  });

  it('inviting an existing user again still sets the officer group; other failures are not swallowed', async () => {
    cognito.on(AdminCreateUserCommand).rejects(new UsernameExistsException({ message: 'User account already exists', $metadata: {} }));
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const client = new CognitoIdentityProviderClient({ region: 'eu-west-3' });
    expect(await inviteCognitoUser(client, { userPoolId: POOL, email: 'cco@example.com', officer: true })).toEqual({ created: false, addedToOfficers: true });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(1);
    cognito.on(AdminCreateUserCommand).rejects(new Error('AccessDeniedException'));
    await expect(inviteCognitoUser(client, { userPoolId: POOL, email: 'x@example.com', officer: false })).rejects.toThrow('AccessDeniedException');
  });
});

describe('userPoolIdFromOutputs', () => {
  it('finds DashboardUserPoolId in cdk deploy --outputs-file, refuses to guess between two stacks', () => {
    expect(userPoolIdFromOutputs({ 'customer-voice': { ApiUrl: 'https://x', DashboardUserPoolId: POOL } })).toBe(POOL);
    expect(userPoolIdFromOutputs({ 'customer-voice': { ApiUrl: 'https://x' } })).toBeUndefined();
    expect(() => userPoolIdFromOutputs({ a: { DashboardUserPoolId: POOL }, b: { DashboardUserPoolId: 'eu-west-1_Other123' } })).toThrow(/--user-pool-id/);
  });
});
