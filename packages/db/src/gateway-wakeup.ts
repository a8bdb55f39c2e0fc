// The Redis pub/sub channel on which the dashboard wakes the gateways (REDIS_URL) after a change it made: every
// replica reads its change feed and the rows of the calls it holds for approval at once, instead of at its next
// poll. A message carries nothing: what changed is in the database (the ConfigChange feed, the approval rows), read
// as on every poll. Postgres NOTIFY does the same where it reaches; the polls stay for when neither does.
export function gatewayWakeupChannel(redisKeyPrefix: string): string {
  return `${redisKeyPrefix}gateway-wakeup`;
}
