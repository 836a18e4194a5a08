import { createHash } from 'node:crypto';
import type { CertificateCheck } from '../queries/certificate-check.js';

const STYLE = `
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1b1f24;background:#f4f6f9}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem 3rem}
.org{margin:0;color:#1f3a5f;font-size:.9rem;letter-spacing:.02em}
h1{margin:.25rem 0 1.25rem;font-size:1.6rem;color:#1f3a5f}
.result{background:#fff;border:1px solid #d0d7de;border-left:.5rem solid #57606a;border-radius:.4rem;padding:1rem 1.25rem}
.valid{border-left-color:#1a7f37}.revoked,.unknown{border-left-color:#cf222e}
.verdict{margin:0 0 .75rem;font-size:1.35rem;font-weight:700}
.valid .verdict{color:#1a7f37}.revoked .verdict,.unknown .verdict{color:#cf222e}
dl{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem}
dt{font-weight:600}dd{margin:0;min-width:0}
code{font-size:.85rem;overflow-wrap:anywhere}
.note{color:#57606a;font-size:.9rem;margin:1rem 0 0}
a{color:#0b5cad}
@media (max-width:30rem){dl{grid-template-columns:1fr}dd{margin-bottom:.4rem}}
`;

/**
 * The page's Content-Security-Policy: nothing loads from anywhere (no script at all; the check ran
 * on the server), and the one inline stylesheet is allowed by its hash.
 */
export const VERIFY_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** "7 December 2026", as the console writes dates (the PDFs keep the US letter style). */
const longDate = (date: string): string =>
  new Date(`${date.slice(0, 10)}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `GET /verify/{number}?code=…`: the check's answer in words, for the person who scanned the QR code. */
export function verifyPage(number: string, check: CertificateCheck | null): string {
  const n = escape(number.slice(0, 128));
  const body = check ? result(check) : unknown(n);
  const verdict = !check ? 'not found' : check.valid ? 'valid' : check.revoked ? 'revoked' : 'expired';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Certificate ${n}: ${verdict} · One Mind Campaign</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="org">International Association of Chiefs of Police · One Mind Campaign</p>
<h1>Certificate verification</h1>
${body}
<p class="note"><a href="/">Open the One Mind console</a></p>
</main>
</body>
</html>
`;
}

function result(c: CertificateCheck): string {
  const status = c.valid
    ? 'Certified: this certificate is valid'
    : c.revoked
      ? 'Revoked: this certificate is no longer valid'
      : `Expired: this certification was valid until ${escape(longDate(c.expiredOn ?? ''))}`;
  const word = c.valid ? 'Valid' : c.revoked ? 'Revoked' : 'Expired';
  const sha = c.sha256
    ? `<code>${escape(c.sha256)}</code>`
    : 'not issued yet (the PDF is being prepared; try again in a minute)';
  return `<section class="result ${c.valid ? 'valid' : 'revoked'}" aria-labelledby="verdict">
<p class="verdict" id="verdict">${word}</p>
<dl>
<dt>Agency</dt><dd>${escape(c.agencyName ?? c.agencyId)}</dd>
<dt>Certified since</dt><dd>${escape(longDate(c.effectiveOn))}</dd>
<dt>Status</dt><dd>${status}</dd>
<dt>Certificate number</dt><dd>${escape(c.number)}</dd>
<dt>Document SHA-256</dt><dd>${sha}</dd>
</dl>
<p class="note">A PDF of this certificate is the genuine one if its SHA-256 is the one above
(for example <code>sha256sum certificate.pdf</code>).</p>
</section>`;
}

function unknown(number: string): string {
  return `<section class="result unknown" aria-labelledby="verdict">
<p class="verdict" id="verdict">Not found</p>
<p>No certificate has the number <strong>${number}</strong> with this verification code. Check both
against the certificate: the code is printed under its number.</p>
</section>`;
}
