import type { DbClient } from "../client.js";
import type { Prisma } from "../generated/prisma/client.js";

/** Creates (or reuses) a named policy of the server and publishes `document` as its next version. */
export async function seedPolicy(
  db: DbClient,
  options: { serverId: string; document: unknown; name?: string; comment?: string },
) {
  const server = await db.server.findUniqueOrThrow({ where: { id: options.serverId } });
  const name = options.name ?? "default";
  const document = options.document as Prisma.InputJsonValue;
  return db.$transaction(async (tx) => {
    const existing = await tx.policy.findUnique({ where: { serverId_name: { serverId: server.id, name } } });
    const isDefault =
      existing?.isDefault ?? (await tx.policy.count({ where: { serverId: server.id } })) === 0;
    const policy =
      existing ??
      (await tx.policy.create({
        data: {
          organizationId: server.organizationId,
          serverId: server.id,
          name,
          isDefault,
          draft: document,
        },
      }));
    const number = (policy.currentVersion ?? 0) + 1;
    await tx.policyVersion.create({
      data: {
        organizationId: server.organizationId,
        policyId: policy.id,
        number,
        document,
        comment: options.comment ?? null,
      },
    });
    return tx.policy.update({ where: { id: policy.id }, data: { currentVersion: number, draft: document } });
  });
}
