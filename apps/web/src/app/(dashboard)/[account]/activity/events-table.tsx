// The activity table: one row per event, newest first; each row opens the event's detail view.
import Link from "next/link";
import { DecisionBadge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, Td, Th } from "@/components/ui/table";
import type { TAuditEventDto } from "@/server/audit/list-audit-events";
import { EventRow } from "./event-row";

export function EventsTable({ account, events }: { account: string; events: TAuditEventDto[] }) {
  return (
    <Table label="Events">
      <thead>
        <tr>
          <Th>Time</Th>
          <Th>Decision</Th>
          <Th>Tool</Th>
          <Th>Server</Th>
          <Th>Agent</Th>
          <Th>Rule and reason</Th>
          <Th className="text-right">ms</Th>
        </tr>
      </thead>
      <TBody>
        {events.map((event) => {
          const href = `/${account}/activity/${event.id}`;
          return (
            <EventRow key={event.id} href={href} data-decision={event.decision} data-tool={event.tool ?? ""}>
              <Td className="text-xs whitespace-nowrap">
                <Link href={href} className="font-medium text-brand-700 hover:underline">
                  <RelativeTime iso={event.createdAt} />
                </Link>
              </Td>
              <Td>
                <DecisionBadge decision={event.decision} />
              </Td>
              <Td className="font-mono text-xs">{event.tool ?? event.method}</Td>
              <Td className="text-xs">{event.serverSlug}</Td>
              <Td className="text-xs">{event.agentName}</Td>
              <Td className="max-w-sm text-xs">
                {event.rule ? <code className="text-slate-500">{event.rule}</code> : null}
                {event.reason ? <div>{event.reason}</div> : null}
              </Td>
              <Td className="text-right text-xs tabular-nums">{event.latencyMs ?? ""}</Td>
            </EventRow>
          );
        })}
      </TBody>
    </Table>
  );
}
