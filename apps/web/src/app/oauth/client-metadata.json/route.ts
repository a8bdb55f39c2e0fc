// Gatehouse's client ID metadata document: authorization servers that support them fetch it to learn who the
// client at `{WEB_PUBLIC_URL}/oauth/client-metadata.json` is and where it may be redirected.
import { gatehouseClientMetadata } from "@gatehouse/upstream";
import { settings } from "@/server/auth";
import { clientMetadataUrl, oauthCallbackUrl } from "@/server/connections/oauth-urls";

export const dynamic = "force-dynamic";

export function GET(): Response {
  const current = settings();
  return Response.json(
    gatehouseClientMetadata({
      clientMetadataUrl: clientMetadataUrl(current),
      redirectUri: oauthCallbackUrl(current),
    }),
    { headers: { "cache-control": "public, max-age=300" } },
  );
}
