import { LinkButton } from "@/components/ui/button";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-md py-24 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-600">There is nothing here, or you do not have access to it.</p>
      <div className="mt-6">
        <LinkButton href="/">Go to your dashboard</LinkButton>
      </div>
    </div>
  );
}
