// Prisma 7 reads the datasource URL from here; the schema and committed SQL migrations live in prisma/.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/gatehouse" },
});
