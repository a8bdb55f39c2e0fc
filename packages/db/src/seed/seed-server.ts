import type { DbClient } from "../client.js";
import type { Transport } from "../generated/prisma/enums.js";
import { encryptJson } from "../secrets.js";

export interface SeedServerOptions {
  organizationId: string;
  url: string;
  slug?: string;
  name?: string;
  transport?: Transport;
  /** Static upstream headers; encrypted with `secretKey`, which is then required. */
  headers?: Record<string, string>;
  secretKey?: Buffer;
  public?: boolean;
  pinTools?: boolean;
}

export async function seedServer(db: DbClient, options: SeedServerOptions) {
  if (options.headers && !options.secretKey) throw new Error("seedServer: headers need a secretKey");
  const slug = options.slug ?? "server";
  return db.server.create({
    data: {
      organizationId: options.organizationId,
      name: options.name ?? slug,
      slug,
      url: options.url,
      transport: options.transport ?? "streamable_http",
      headersEnc:
        options.headers && options.secretKey ? encryptJson(options.headers, options.secretKey) : null,
      public: options.public ?? false,
      pinTools: options.pinTools ?? false,
    },
  });
}
