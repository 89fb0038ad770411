import { SESClient } from '@aws-sdk/client-ses';

/** SES's v1 API: receipt rule sets (SESv2, which sends the emails, has no receiving operations). */
export const sesReceiptClient = new SESClient({});
