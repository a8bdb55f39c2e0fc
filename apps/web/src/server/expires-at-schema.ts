// When a credential (an agent key or an API token) stops working, as every create operation accepts it.
import { z } from "zod";

/** A date in the future: an ISO string from forms and the API, or a Date. */
export const ZExpiresAtSchema = z.coerce
  .date({ error: "The expiry is not a date; use a date such as 2026-12-24" })
  .refine((date) => date.getTime() > Date.now(), "The expiry must be in the future");
