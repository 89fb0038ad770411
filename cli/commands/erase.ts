import { parseArgs } from 'node:util';
import { printResponse, target } from './api-target';
import { UsageError, type Command } from './command';

export const erase: Command = {
  usage: `  erase --customer <email|handle>
                              erase a customer's data (GDPR): their items stay as anonymous counts; prints the receipt`,
  async run(args) {
    const { values } = parseArgs({ args, options: { customer: { type: 'string' } } });
    if (!values.customer) throw new UsageError('erase needs --customer <email or handle>');
    const { apiUrl, key } = await target('admin');
    const res = await fetch(`${apiUrl}/v1/erasure`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ customer: values.customer }),
    });
    return printResponse(res);
  },
};
