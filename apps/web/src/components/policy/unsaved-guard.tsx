"use client";
// Nothing typed is lost by leaving: while there are unsaved edits, a reload or closing the tab asks the browser's
// beforeunload question, and a link inside the app asks in the app's own dialog first.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

export function UnsavedGuard({ when, detail }: { when: boolean; detail: string }) {
  const router = useRouter();
  const [target, setTarget] = useState<string | null>(null);
  useEffect(() => {
    if (!when) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers need returnValue set to show the question.
      event.returnValue = "";
    };
    // Capture phase on the document runs before React's (and next/link's) handlers on the root.
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!(anchor instanceof HTMLAnchorElement) || (anchor.target && anchor.target !== "_self")) return;
      const url = new URL(anchor.href, window.location.href);
      if (url.origin !== window.location.origin) return;
      if (url.pathname === window.location.pathname && url.search === window.location.search) return;
      event.preventDefault();
      event.stopPropagation();
      setTarget(`${url.pathname}${url.search}${url.hash}`);
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [when]);
  return (
    <Dialog open={target !== null} onClose={() => setTarget(null)} title="Leave with unsaved changes?">
      <p className="mb-4 text-sm text-slate-700">{detail}</p>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={() => setTarget(null)}>
          Stay
        </Button>
        <Button
          variant="danger"
          onClick={() => {
            const href = target;
            setTarget(null);
            if (href) router.push(href);
          }}
        >
          Leave anyway
        </Button>
      </div>
    </Dialog>
  );
}
