// Creates a user with an argon2id password hash.
import type { DbClient } from "@gatehouse/db";
import { hashPassword } from "@gatehouse/db/passwords";
import { z } from "zod";
import { AppError } from "../errors";

export const ZSignUpSchema = z.object({
  name: z.string().trim().max(100).optional(),
  email: z.string().trim().toLowerCase().email("Enter a valid email address"),
  password: z.string().min(10, "Use at least 10 characters").max(200, "Use at most 200 characters"),
});
export type TSignUp = z.infer<typeof ZSignUpSchema>;

export async function signUpUser(db: DbClient, input: TSignUp): Promise<{ id: string; email: string }> {
  const data = ZSignUpSchema.parse(input);
  const existing = await db.user.findUnique({ where: { email: data.email }, select: { id: true } });
  if (existing) throw new AppError("conflict", "An account with this email already exists. Sign in instead.");
  const passwordHash = await hashPassword(data.password);
  const user = await db.user.create({
    data: { email: data.email, name: data.name || null, passwordHash },
    select: { id: true, email: true },
  });
  return user;
}
