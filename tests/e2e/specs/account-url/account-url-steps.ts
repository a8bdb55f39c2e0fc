// Steps of the account-URL journey: setting servers and policies up through the REST API with the signed-in
// session (the dashboard's own fetches), reading an agent's preview from its page, and checking a page fits a phone.
import { expect, type Page } from "@playwright/test";

/** One tool of an agent's account-URL preview, as its row's data attributes give it. */
export interface TPreviewRow {
  server: string;
  tool: string;
  accountName: string;
  effect: string;
  listed: boolean;
}

export class RestSession {
  private readonly headers: Record<string, string>;

  constructor(
    private readonly page: Page,
    account: string,
  ) {
    this.headers = { "x-gatehouse-account": account };
  }

  async get<T>(path: string): Promise<T> {
    const response = await this.page.request.get(`/api/v1${path}`, { headers: this.headers });
    expect(response.status(), `GET ${path}`).toBe(200);
    return (await response.json()) as T;
  }

  async send<T>(method: "POST" | "PUT" | "PATCH", path: string, data: unknown): Promise<T> {
    const response = await this.page.request.fetch(`/api/v1${path}`, { method, headers: this.headers, data });
    expect(response.status(), `${method} ${path}: ${await response.text()}`).toBeLessThan(300);
    return (await response.json()) as T;
  }

  patch(path: string, data: unknown): Promise<unknown> {
    return this.send("PATCH", path, data);
  }

  /** Registers a server, syncs its tools and answers its id. */
  async registerAndSync(name: string, slug: string, url: string): Promise<string> {
    const { id } = await this.send<{ id: string }>("POST", "/servers", { name, slug, url });
    const { tools } = await this.send<{ tools: unknown[] }>("POST", `/servers/${id}/sync`, {});
    expect(tools.length).toBeGreaterThan(0);
    return id;
  }

  async createPolicy(serverId: string, name: string): Promise<string> {
    return (await this.send<{ id: string }>("POST", `/servers/${serverId}/policies`, { name })).id;
  }

  /** Publishes `document` as the server's default policy, or as the named policy `policyId`. */
  async publish(serverId: string, policyId: string | undefined, document: unknown): Promise<void> {
    const path = policyId ? `/servers/${serverId}/policies/${policyId}` : `/servers/${serverId}/policy`;
    await this.send("PUT", path, document);
  }
}

export async function previewRows(page: Page): Promise<TPreviewRow[]> {
  const rows = page.getByTestId("account-preview").getByTestId("preview-tool");
  await expect(rows.first()).toBeVisible();
  return rows.evaluateAll((elements) =>
    elements.map((element) => {
      const data = (element as HTMLElement).dataset;
      return {
        server: data.server ?? "",
        tool: data.tool ?? "",
        accountName: data.accountName ?? "",
        effect: data.effect ?? "",
        listed: data.listed === "true",
      };
    }),
  );
}

/** The page itself does not scroll sideways (wide tables and code may scroll inside their own boxes). */
export async function checkNoOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 1) {
    // The widest elements that no scrolling box of their own contains.
    const wide = await page.evaluate(() => {
      const scrolls = (element: Element | null): boolean =>
        element !== null &&
        element !== document.body &&
        (["auto", "scroll", "hidden"].includes(getComputedStyle(element).overflowX) ||
          scrolls(element.parentElement));
      return Array.from(document.querySelectorAll("body *"))
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
        .filter((element) => !scrolls(element.parentElement))
        .slice(0, 8)
        .map((element) => `${element.tagName}.${String(element.className).slice(0, 60)}`);
    });
    throw new Error(`the page is ${overflow}px wider than the screen: ${wide.join(", ")}`);
  }
}
