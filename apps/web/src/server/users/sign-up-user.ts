// Signs up a user: argon2id password hash, strength checked by zxcvbn-ts, and a confirmation link by mail. The
// answer is the same whether or not the email already has a user (that address gets a "you already have a
// user" mail instead), and both paths do the same work, so neither the answer nor its time tells them apart.
import type { DbClient } from "@gatehouse/db";
import { hashPassword } from "@gatehouse/db/passwords";
import { existingUserMail, type Mailer, verificationMail } from "@gatehouse/mail";
import { z } from "zod";
import { emailWords, passwordWeakness } from "../security/password-strength";
import { createEmailToken } from "./email-tokens";

export const ZPasswordSchema = z
  .string()
  .min(10, "Use at least 10 characters")
  .max(200, "Use at most 200 characters");

export const ZSignUpSchema = z
  .object({
    name: z.string().trim().max(100).optional(),
    email: z.string().trim().toLowerCase().max(320).email("Enter a valid email address"),
    password: ZPasswordSchema,
  })
  .superRefine((value, issue) => {
    const weakness = passwordWeakness(value.password, [...emailWords(value.email), value.name ?? ""]);
    if (weakness) issue.addIssue({ code: "custom", path: ["password"], message: weakness });
  });
export type TSignUp = z.input<typeof ZSignUpSchema>;

export interface TMailLinks {
  mailer: Mailer;
  /** The dashboard's public base URL, for the links in mails. */
  webUrl: string;
}

export async function signUpUser(
  db: DbClient,
  input: TSignUp,
  links: TMailLinks,
  next?: string,
): Promise<{ email: string }> {
  const data = ZSignUpSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  const existing = await db.user.findUnique({ where: { email: data.email }, select: { id: true } });
  if (existing) {
    await links.mailer.send(
      existingUserMail(data.email, `${links.webUrl}/signin`, `${links.webUrl}/forgot-password`),
    );
    return { email: data.email };
  }
  const user = await db.user
    .create({ data: { email: data.email, name: data.name || null, passwordHash }, select: { id: true } })
    .catch(() => null); // a concurrent sign-up of the same email won the unique index: answered as above
  if (!user) return { email: data.email };
  await sendVerificationMail(db, { id: user.id, email: data.email }, links, next);
  return { email: data.email };
}

export async function sendVerificationMail(
  db: DbClient,
  user: { id: string; email: string },
  links: TMailLinks,
  next?: string,
): Promise<void> {
  const token = await createEmailToken(db, "verify", user.id);
  const query = next ? `&next=${encodeURIComponent(next)}` : "";
  await links.mailer.send(
    verificationMail(user.email, `${links.webUrl}/verify-email?token=${token}${query}`),
  );
}
