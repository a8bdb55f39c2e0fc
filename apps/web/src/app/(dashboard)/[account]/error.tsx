"use client";
// A page that failed to load says so and offers a retry, instead of a blank screen.
import { Button } from "@/components/ui/button";

export default function DashboardError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-md py-24 text-center" role="alert">
      <h1 className="text-xl font-semibold">This page could not be loaded</h1>
      <p className="mt-2 text-slate-600">
        Something went wrong on our side. Try again; if it keeps happening, check the server logs.
      </p>
      <div className="mt-6">
        <Button onClick={reset}>Try again</Button>
      </div>
    </div>
  );
}
