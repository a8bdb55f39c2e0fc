/** Mail for the dashboard and the gateway: one mailer and one place for every mail's text. */
export { createMailer, type Mailer, type TMail, type TMailLog } from "./mailer.js";
export {
  approvalRequestedMail,
  existingUserMail,
  invitationMail,
  passwordResetMail,
  verificationMail,
} from "./templates.js";
