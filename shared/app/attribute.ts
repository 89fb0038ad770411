import { attributeDepartments, attributeJourneys, type Attribution } from '../domain/departments/attribution';
import type { DepartmentsConfig } from '../domain/departments/schema';
import type { FeedbackEnvelope } from '../domain/feedback';

/** The processor's, the classify dry run's and recompute's one way to attribute an item. */
export function attributorFor(config: DepartmentsConfig) {
  return (envelope: Pick<FeedbackEnvelope, 'text' | 'subject' | 'department' | 'journey' | 'lang' | 'source'>): {
    departments: Attribution[];
    journeys: Attribution[];
  } => ({
    departments: attributeDepartments({ ...envelope, channel: envelope.source.channel }, config),
    journeys: attributeJourneys(envelope, config),
  });
}
