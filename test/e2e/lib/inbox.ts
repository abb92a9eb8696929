// Reads the local mail server's inbox (MailDev's REST API, userServices.ts), as a person reads
// the web inbox: who got which mail, its subject and its text.
import type { MailServerInfo } from './userServices';

export interface Mail {
	id: string;
	subject: string;
	from: string[];
	to: string[];
	text: string;
	html: string;
	time: string;
}

interface MailDevAddress {
	address: string;
}

interface MailDevEmail {
	id: string;
	subject: string;
	from: MailDevAddress[];
	to: MailDevAddress[];
	text?: string;
	html?: string;
	time: string;
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

export class Inbox {
	constructor(private readonly server: Pick<MailServerInfo, 'inboxUrl'>) {}

	get url(): string {
		return this.server.inboxUrl;
	}

	/** Every mail received so far, oldest first. */
	async mails(): Promise<Mail[]> {
		const response = await fetch(`${this.server.inboxUrl}/api/email?sort=asc`);
		if (!response.ok) throw new Error(`inbox: HTTP ${response.status}`);
		const emails = (await response.json()) as MailDevEmail[];
		return emails.map((email) => ({
			id: email.id,
			subject: email.subject,
			from: email.from.map((address) => address.address),
			to: email.to.map((address) => address.address),
			text: email.text ?? '',
			html: email.html ?? '',
			time: email.time,
		}));
	}

	/** Mails whose subject contains `subject`. */
	async mailsAbout(subject: string): Promise<Mail[]> {
		return (await this.mails()).filter((mail) => mail.subject.includes(subject));
	}

	/**
	 * Waits until `count` mails match, then `settleMs` longer so that a mail sent twice shows up
	 * too, and returns the matching mails (fewer when `timeoutMs` ran out first).
	 */
	async waitFor(
		match: (mail: Mail) => boolean,
		{ count = 1, timeoutMs = 30_000, settleMs = 1_000 } = {},
	): Promise<Mail[]> {
		const deadline = Date.now() + timeoutMs;
		const matching = async () => (await this.mails()).filter(match);
		while ((await matching()).length < count && Date.now() <= deadline) await sleep(200);
		if ((await matching()).length >= count) await sleep(settleMs);
		return await matching();
	}

	/**
	 * Waits until `count` mails about `subject` arrived, then a little longer to see that no
	 * further one follows (a mail sent twice is a bug), and returns them.
	 */
	async waitForMails(subject: string, count = 1, timeoutMs = 30_000): Promise<Mail[]> {
		const mails = await this.waitFor((mail) => mail.subject.includes(subject), {
			count,
			timeoutMs,
		});
		if (mails.length < count) {
			const subjects = (await this.mails()).map((mail) => mail.subject);
			throw new Error(`no ${count} mail(s) about "${subject}" in time; inbox: ${subjects}`);
		}
		return mails;
	}
}
