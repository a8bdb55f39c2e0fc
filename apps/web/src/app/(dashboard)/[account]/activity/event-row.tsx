"use client";
// A row of the activity table that opens the event's detail view wherever it is clicked; the time cell holds the
// real link, for the keyboard and for assistive technology.
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";

export function EventRow({
  href,
  children,
  ...data
}: {
  href: string;
  children: ReactNode;
  "data-decision": string;
  "data-tool": string;
}) {
  const router = useRouter();
  return (
    <tr
      data-testid="audit-row"
      {...data}
      onClick={(event) => {
        // A click on the link itself, or a text selection, is left alone.
        if ((event.target as HTMLElement).closest("a") || window.getSelection()?.toString()) return;
        router.push(href);
      }}
      className="cursor-pointer hover:bg-slate-50"
    >
      {children}
    </tr>
  );
}
