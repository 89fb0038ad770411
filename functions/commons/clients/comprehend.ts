import { ComprehendClient } from '@aws-sdk/client-comprehend';

// Our own retries (with jitter) wrap each Comprehend call; the SDK's would multiply them.
export const comprehendClient = new ComprehendClient({ maxAttempts: 1 });
