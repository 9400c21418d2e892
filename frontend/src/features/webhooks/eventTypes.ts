/**
 * The change feed's event types (api/events/catalog.py; tests/test_frontend_catalog.py keeps
 * this list equal to it). A webhook subscribes to exact types, to `resource.*` or to `*`.
 */
export const EVENT_TYPES = [
  'acknowledgement.created',
  'acknowledgement.deleted',
  'acknowledgement.updated',
  'commitment.created',
  'commitment.deleted',
  'commitment.updated',
  'concern.created',
  'concern.deleted',
  'concern.updated',
  'conversation.created',
  'conversation.deleted',
  'conversation.updated',
  'focus_challenge.updated',
  'import.completed',
  'member.created',
  'member.deleted',
  'member.updated',
  'readings.recomputed',
  'scoring_settings.updated',
  'signal.created',
  'signal.deleted',
  'signal.updated',
  'stakeholder.category_changed',
  'stakeholder.created',
  'stakeholder.deleted',
  'stakeholder.updated',
  'team.created',
  'team.deleted',
  'team.updated',
  'webhook.created',
  'webhook.deleted',
  'webhook.test',
  'webhook.updated',
  'workspace.created',
  'workspace.updated',
] as const;

/** What a webhook can subscribe to: everything, each resource's wildcard, then each type. */
export function subscriptionOptions(): string[] {
  const resources = [...new Set(EVENT_TYPES.map((t) => t.split('.')[0]))];
  return ['*', ...resources.map((r) => `${r}.*`), ...EVENT_TYPES];
}

/** In words, for the list: `*`, `concern.*`, or the type itself. */
export function describeSubscription(pattern: string): string {
  if (pattern === '*') return 'every event';
  if (pattern.endsWith('.*')) return `every ${pattern.slice(0, -2).replace('_', ' ')} event`;
  return pattern;
}
