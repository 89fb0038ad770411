import { Logger } from '@aws-lambda-powertools/logger';

/** The functions' logger (POWERTOOLS_* settings come from the environment HouseFunction sets). */
export const logger = new Logger({ serviceName: 'customer-voice' });
