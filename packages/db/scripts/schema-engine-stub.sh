#!/bin/sh
# Prisma's CLI wants a native schema engine before `generate`, and fetches one from outside the npm registry.
# Generating the client does not use it, so a stub stands in; migrations are our own SQL and runner.
echo "gatehouse: the schema engine is not available here; migrations are applied by packages/db/src/migrate.ts" >&2
exit 1
