// The catalogue's search box: a plain GET form, so results have a URL (/catalog?q=…) and work without script.
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/field";

export function CatalogSearchForm({ query }: { query?: string | undefined }) {
  return (
    <search>
      <form action="/catalog" className="flex flex-wrap items-end gap-2">
        <label className="min-w-0 flex-1 space-y-1.5">
          <span className="block text-sm font-medium text-slate-800">Search servers and tools</span>
          <input
            type="search"
            name="q"
            defaultValue={query}
            placeholder="delete, snapshot, get-env…"
            className={controlClass}
          />
        </label>
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
    </search>
  );
}
