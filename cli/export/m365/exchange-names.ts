/**
 * The Name, DisplayName and Alias that exchange-online.ps1 gives the recipients it creates, within the rules
 * Microsoft documents for New-DistributionGroup and New-Mailbox: Name unique and at most 64 characters (and,
 * for a mailbox in Exchange Online, without accented letters such as ö, ü or ä); DisplayName at most 256;
 * Alias at most 64, of letters, digits, ! # $ % & ' * + - / = ? ^ _ ` { | } ~ and U+00A1 to U+00FF, with
 * periods only between other valid characters. Without -Alias, Exchange derives one from Name (spaces
 * removed, other characters made ?), so the script always gives one, from the primary address.
 */
import type { OrganizationScan } from '../../model';
import { oneLine, truncate } from '../vendor-common';

export { truncate };

export const EXCHANGE_LIMITS = { name: 64, displayName: 256, alias: 64 } as const;

export interface RecipientNames {
  readonly name: string;
  readonly displayName: string;
  readonly alias: string;
}

const ALIAS_CHARACTER = /[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u00a1-\u00ff.]/;

/** The local part of an address made a valid Exchange alias (empty when nothing of it is valid). */
export function exchangeAlias(address: string, max: number = EXCHANGE_LIMITS.alias): string {
  const at = address.lastIndexOf('@');
  const local = at > 0 ? address.slice(0, at) : address;
  const valid = [...local].filter((c) => ALIAS_CHARACTER.test(c)).join('').replace(/\.{2,}/g, '.').replace(/^\.+/, '');
  return truncate(valid, max).replace(/\.+$/, '');
}

/** A mailbox's Name without the accented and other non-ASCII letters Exchange Online refuses in it (é becomes e). */
export function asciiName(value: string): string {
  return value.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/\s+/g, ' ').trim();
}

/** Names for the recipients of one organization, each Name and Alias used once (ignoring case). */
export class ExchangeNames {
  private readonly names = new Set<string>();
  private readonly aliases = new Set<string>();

  constructor(org: OrganizationScan['organization'], private readonly notMapped: string[]) {
    // The admin center makes the users' aliases from their addresses: the script's must differ from those.
    for (const user of org.users) if (user.email) this.aliases.add(exchangeAlias(user.email).toLowerCase());
  }

  of(kind: 'group' | 'resource', workmailName: string, address: string): RecipientNames {
    const what = `${kind === 'group' ? 'Group' : 'Resource'} “${workmailName}”`;
    // Trimmed: Exchange would keep no leading or trailing space, and the next run would not find the name it was given.
    const text = oneLine(workmailName, `${kind} “${workmailName}”: name`, this.notMapped).trim();
    const displayName = truncate(text, EXCHANGE_LIMITS.displayName);
    if (displayName !== text) {
      this.notMapped.push(`${what}: its name is longer than the ${EXCHANGE_LIMITS.displayName} characters of Exchange's DisplayName; `
        + `it is shortened to “${displayName}”.`);
    }
    let base = kind === 'resource' ? asciiName(text) : text;
    const local = address.slice(0, Math.max(address.lastIndexOf('@'), 0)) || address;
    const alias = this.unique(this.aliases, exchangeAlias(address) || 'recipient', EXCHANGE_LIMITS.alias, '');
    if (!base) base = alias;
    const name = this.unique(this.names, base, EXCHANGE_LIMITS.name, ' ');
    if (name !== text) {
      this.notMapped.push(`${what}: Exchange's Name is “${name}”, because Name takes at most ${EXCHANGE_LIMITS.name} characters, is unique`
        + `${kind === 'resource' ? ', and takes no accented letters for a mailbox in Exchange Online' : ''}; the display name is “${displayName}”.`);
    }
    if (alias !== local) {
      this.notMapped.push(`${what}: its Exchange alias is “${alias}”, the local part of ${address} made valid for Exchange's Alias `
        + `(at most ${EXCHANGE_LIMITS.alias} of the allowed characters, periods only between others, used once).`);
    }
    return { name, displayName, alias };
  }

  /** `base` within `max`, with a number after `separator` when it is taken already. */
  private unique(taken: Set<string>, base: string, max: number, separator: string): string {
    let candidate = truncate(base, max);
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = truncate(base, max - `${separator}${n}`.length) + `${separator}${n}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  }
}
