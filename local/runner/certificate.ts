/**
 * A throw-away self-signed TLS certificate for the local CloudFormation
 * response endpoint, made with Node's crypto alone (Node can sign but has no
 * API to build a certificate, so the few DER structures of an X.509 v3
 * certificate are written by hand). No openssl binary, no npm dependency.
 *
 * The framework verifies the server as usual: the certificate names the
 * response host (subjectAltName) and the redirecting agent trusts only it.
 */
import * as crypto from 'crypto';

export interface TlsCredentials {
  /** PEM private key (PKCS#8). */
  readonly key: string;
  /** PEM certificate. */
  readonly cert: string;
}

export function selfSignedCertificate(hostname: string, validForMs = 24 * 3600 * 1000): TlsCredentials {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const name = sequence(tlv(0x31, sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from(hostname, 'utf8')))));
  const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));
  const serial = crypto.randomBytes(16);
  serial[0] = (serial[0] % 0x7f) + 1; // positive and without a leading zero byte
  const now = Date.now();
  const subjectAltName = sequence(oid('2.5.29.17'), tlv(0x04, sequence(tlv(0x82, Buffer.from(hostname, 'ascii')))));
  const tbs = sequence(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // version v3
    tlv(0x02, serial),
    ecdsaWithSha256,
    name, // issuer = subject: self-signed
    sequence(utcTime(new Date(now - 3600 * 1000)), utcTime(new Date(now + validForMs))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, sequence(subjectAltName)),
  );
  const signature = crypto.sign('sha256', tbs, privateKey);
  const der = sequence(tbs, ecdsaWithSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const base64 = der.toString('base64').match(/.{1,64}/g) ?? [];
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: `-----BEGIN CERTIFICATE-----\n${base64.join('\n')}\n-----END CERTIFICATE-----\n`,
  };
}

/** DER type-length-value. */
function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

function sequence(...content: Buffer[]): Buffer {
  return tlv(0x30, ...content);
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([0x80 + bytes.length, ...bytes]);
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first + second];
  for (const value of rest) {
    // base 128, high bit set on every byte but the last
    const chunk = [value % 128];
    for (let n = Math.floor(value / 128); n > 0; n = Math.floor(n / 128)) chunk.unshift(128 + (n % 128));
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ → YYMMDDHHMMSSZ
  const text = iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';
  return tlv(0x17, Buffer.from(text, 'ascii'));
}
