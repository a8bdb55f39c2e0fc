import type { Metadata } from "next";
import { ForgotPasswordForm } from "../link-forms";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Forgot your password?</h1>
      <p className="mb-6 text-sm text-slate-600">We will mail you a link to choose a new one.</p>
      <ForgotPasswordForm />
    </>
  );
}
