import type { NotificationEvent } from '../domain/notifications/contract';
import type { Notifier } from '../ports/notifier';

/** The Notifier of a deployment with no notification target configured: events go nowhere (the emails still go out). */
export class NoTargetsNotifier implements Notifier {
  async publish(_event: NotificationEvent): Promise<void> {}
}
