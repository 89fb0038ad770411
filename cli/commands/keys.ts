import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../../shared/adapters/dynamo-client';
import { DynamoControlStore } from '../../shared/adapters/dynamo-control-store';
import { API_ROLES, generateApiKey, hashApiKey, looksLikeApiKey, type ApiRole } from '../../shared/domain/api-keys';
import { ENV } from '../../shared/resources';
import { localClientConfig } from '../local/local-aws';
import { UsageError, type Command } from './command';
import { localStackInfo } from './local-stack-info';

/** The control table: from CONTROL_TABLE_NAME (deployed, with AWS credentials) or the local stack.json. */
async function controlTarget(): Promise<{ control: DynamoControlStore; destroy: () => void }> {
  let table = process.env[ENV.controlTable];
  let client: DynamoDBClient;
  if (table) client = new DynamoDBClient({});
  else {
    const info = await localStackInfo();
    table = info.resources.tables.control;
    client = new DynamoDBClient(localClientConfig(info.endpoints.dynamodb));
  }
  return { control: new DynamoControlStore(documentClient(client), table), destroy: () => client.destroy() };
}

export const keys: Command = {
  usage: `  keys create --role ingest|read|admin --source <name> | keys list | keys disable <key or id>
                              create an API key (printed once; only its hash is stored), list keys, disable one:
                              rotate without downtime by creating the new key, rolling it out, then disabling the old.
                              Deployed: set CONTROL_TABLE_NAME (stack output) and AWS credentials.`,
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { role: { type: 'string' }, source: { type: 'string' } } });
    const { control, destroy } = await controlTarget();
    try {
      if (positionals[0] === 'create') {
        const role = values.role as ApiRole;
        if (!API_ROLES.includes(role)) throw new UsageError(`--role must be one of ${API_ROLES.join(', ')}`);
        if (!values.source || !/^[a-z0-9][a-z0-9._-]*$/i.test(values.source)) throw new UsageError('--source names who holds the key, e.g. --source zendesk');
        const key = generateApiKey(role);
        await control.putApiKey({ keyHash: hashApiKey(key), role, source: values.source, createdAt: new Date().toISOString() });
        process.stdout.write(`${key}\n`);
        process.stderr.write(`Created a ${role} key for "${values.source}" (id ${hashApiKey(key).slice(0, 12)}). It is shown only now; store it in your secret manager.\n`);
      } else if (positionals[0] === 'list') {
        for (const k of await control.listApiKeys()) {
          process.stdout.write(`${JSON.stringify({ id: k.keyHash.slice(0, 12), role: k.role, source: k.source, createdAt: k.createdAt, disabled: k.disabled ?? false, disabledAt: k.disabledAt })}\n`);
        }
      } else if (positionals[0] === 'disable' && positionals[1]) {
        // A key, or the id that 'keys list' shows (the first 12 hex characters of its hash).
        const given = positionals[1];
        const matches = looksLikeApiKey(given) ? [hashApiKey(given)] : (await control.listApiKeys()).map((k) => k.keyHash).filter((h) => /^[0-9a-f]{12,}$/.test(given) && h.startsWith(given));
        if (matches.length !== 1) throw new UsageError(matches.length === 0 ? `No key matches "${given}" (see 'keys list').` : `"${given}" matches several keys; give more characters.`);
        if (!(await control.disableApiKey(matches[0]!, new Date()))) throw new UsageError(`No key matches "${given}" (see 'keys list').`);
        process.stderr.write(`Disabled key ${matches[0]!.slice(0, 12)}; running functions stop accepting it within a minute (their key cache).\n`);
      } else {
        throw new UsageError('usage: customer-voice keys create --role ingest|read|admin --source <name> | keys list | keys disable <key or id>');
      }
    } finally {
      destroy();
    }
  },
};
