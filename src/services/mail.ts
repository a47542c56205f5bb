/** MailApp: messages to the user the script runs as. */

export function emailMe(subject: string, body: string): void {
  MailApp.sendEmail(Session.getEffectiveUser().getEmail(), subject, body);
}
