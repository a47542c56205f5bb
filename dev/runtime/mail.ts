/** MailApp: mail is recorded, never sent, against the consumer quota of 100 recipients a day. */
import { exception, type RuntimeEnv, requirePermission, SCOPES } from './env';

type MailOptions = GoogleAppsScript.Mail.MailAdvancedParameters;

export const DAILY_RECIPIENT_QUOTA = 100;

export interface SentMail {
  to: string;
  subject: string;
  body: string;
  htmlBody?: string;
  cc?: string;
  bcc?: string;
  replyTo?: string;
  name?: string;
  /** When it was sent, on the virtual clock. */
  at: number;
}

export interface MailFake {
  MailApp: GoogleAppsScript.Mail.MailApp;
  sent: SentMail[];
}

const recipientsOf = (mail: SentMail) =>
  [mail.to, mail.cc, mail.bcc]
    .flatMap((list) => (list ?? '').split(','))
    .filter((address) => address.trim() !== '').length;

/** The overloads of sendEmail, as one message. */
function messageOf(args: unknown[]): MailOptions {
  if (args.length === 1) return { ...(args[0] as MailOptions) };
  if (args.length === 4 && typeof args[3] === 'string') {
    const [to, replyTo, subject, body] = args as string[];
    return { to, replyTo, subject, body };
  }
  const [to, subject, body, options] = args as [string, string, string, MailOptions?];
  return { ...options, to, subject, body };
}

export function createMail(env: RuntimeEnv): MailFake {
  const sent: SentMail[] = [];
  const usedToday = () => {
    const today = Math.floor(env.clock.now() / 86_400_000);
    return sent
      .filter((mail) => Math.floor(mail.at / 86_400_000) === today)
      .reduce((sum, mail) => sum + recipientsOf(mail), 0);
  };

  const MailApp: GoogleAppsScript.Mail.MailApp = {
    getRemainingDailyQuota: () => Math.max(0, DAILY_RECIPIENT_QUOTA - usedToday()),
    sendEmail(...args: unknown[]) {
      requirePermission(env, 'MailApp.sendEmail', SCOPES.sendMail);
      const message = messageOf(args);
      const mail: SentMail = {
        ...message,
        to: String(message.to ?? ''),
        subject: String(message.subject ?? ''),
        body: String(message.body ?? ''),
        at: env.clock.now(),
      };
      if (recipientsOf(mail) === 0)
        throw exception(env.realm, 'Failed to send email: no recipient');
      if (usedToday() + recipientsOf(mail) > DAILY_RECIPIENT_QUOTA) {
        throw exception(env.realm, 'Service invoked too many times for one day: email.');
      }
      sent.push(mail);
    },
  } as GoogleAppsScript.Mail.MailApp;

  return { MailApp, sent };
}
