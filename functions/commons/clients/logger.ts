import { Logger } from '@aws-lambda-powertools/logger';

/**
 * A function's logger (POWERTOOLS_* settings come from the environment HouseFunction sets). One
 * per entry, not a shared instance: the local stack runs every entry in one process, and each
 * invocation attaches its Lambda context to its own function's logger.
 */
export function createLogger(): Logger {
  return new Logger({ serviceName: 'customer-voice' });
}
