/**
 * Defence in depth for "never print a secret": every line the runner logs and
 * every error it reports passes through here, with the value of every secret
 * it knows (and of every NoEcho response Data) replaced by asterisks.
 */

/** Shorter values would mask ordinary words; generated passwords are far longer. */
const MIN_LENGTH = 6;

export class Redactor {
  private readonly secrets = new Set<string>();

  public add(...values: unknown[]): void {
    for (const v of values) {
      if (typeof v === 'string' && v.length >= MIN_LENGTH) this.secrets.add(v);
    }
  }

  public redact(text: string): string {
    let result = text;
    // Longest first, so that a value containing another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (result.includes(secret)) result = result.split(secret).join('*****');
      const escaped = JSON.stringify(secret).slice(1, -1); // as it appears inside JSON
      if (escaped !== secret && result.includes(escaped)) result = result.split(escaped).join('*****');
    }
    return result;
  }
}
