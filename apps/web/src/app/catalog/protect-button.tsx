// "Protect this server": through sign-in (and sign-up) if needed, to registering the server with its
// recommended policy as a draft (app/protect/[server]).
import { LinkButton } from "@/components/ui/button";

export function ProtectButton({ slug }: { slug: string }) {
  return <LinkButton href={`/protect/${slug}`}>Protect this server →</LinkButton>;
}
