import { readFile } from 'node:fs/promises';
import { printResponse, target } from './api-target';
import { UsageError, type Command } from './command';

export const send: Command = {
  usage: '  send <file.json>            POST a feedback item or { "items": [...] } to the ingestion API',
  async run([file]) {
    if (!file) throw new UsageError('send needs a JSON file: customer-voice send feedback.json');
    const { apiUrl, key } = await target('ingest');
    const res = await fetch(`${apiUrl}/v1/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: await readFile(file),
    });
    return printResponse(res);
  },
};
