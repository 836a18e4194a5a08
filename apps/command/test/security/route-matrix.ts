/**
 * G7: who may call what. EVERY route of the running app has one line here, checked in and reviewed;
 * the matrix test fails when a route has no line or a line has no route, and it sends a real request
 * for every route × role. 'allow' means neither 401 nor 403 (a business 4xx such as 404 or 422 is
 * fine). `agencyOwn` is an agency token for the agency in the path, `agencyOther` one for another
 * agency (for routes without `:agencyId` both are just "an agency").
 * Keys are `METHOD /path` as the Fastify router holds it; `USE /path` is a sub-application (a
 * plugin registered with that prefix: the console's files, Bull Board), probed with GET.
 */
export type Outcome = 'allow' | 401 | 403;
export const ROLES = ['anonymous', 'agencyOwn', 'agencyOther', 'staff', 'auditor'] as const;
export type Role = (typeof ROLES)[number];
export type Expectation = Record<Role, Outcome>;

const row = (
  anonymous: Outcome,
  agencyOwn: Outcome,
  agencyOther: Outcome,
  staff: Outcome,
  auditor: Outcome,
): Expectation => ({
  anonymous,
  agencyOwn,
  agencyOther,
  staff,
  auditor,
});

/** Anyone, no token needed. */
const PUBLIC = row('allow', 'allow', 'allow', 'allow', 'allow');
/** The agency itself (only its own) and staff. */
const OWN_OR_STAFF = row(401, 'allow', 403, 'allow', 403);
/** Any agency and staff (no agency in the path). */
const AGENCY_OR_STAFF = row(401, 'allow', 'allow', 'allow', 403);
/** IACP staff decisions (G7: only staff approve, extend, revoke, recognise). */
const STAFF = row(401, 403, 403, 'allow', 403);
/** Reads of one agency: the agency itself, staff, auditors. */
const OWN_STAFF_AUDITOR = row(401, 'allow', 403, 'allow', 'allow');
/** Reads across agencies: staff and auditors. */
const STAFF_AUDITOR = row(401, 403, 403, 'allow', 'allow');
/** Anyone signed in, whatever the role (the programme catalogue). */
const SIGNED_IN = row(401, 'allow', 'allow', 'allow', 'allow');

export const ROUTE_MATRIX: Record<string, Expectation> = {
  // OpenAPI and Swagger UI: the API's own published contract (API.md)
  'GET /docs': PUBLIC,
  'GET /docs/': PUBLIC,
  'GET /docs-json': PUBLIC,
  'GET /docs-yaml': PUBLIC,
  'GET /docs/docs/swagger-ui-init.js': PUBLIC,
  'GET /docs/index.html': PUBLIC,
  'GET /docs/LICENSE': PUBLIC,
  'GET /docs/swagger-ui-init.js': PUBLIC,
  'GET /docs/*': PUBLIC, // Swagger UI's static files (@fastify/static)
  // the web console: a static page and its assets (no data; every API call carries the user's token),
  // and the development sign-in inside /console (404 in production or with an OIDC issuer)
  'GET /': PUBLIC,
  'USE /console': PUBLIC,
  // health and metrics (metrics: "anyone on the internal network" — keep /metrics off the public ingress)
  'GET /health/live': PUBLIC,
  'GET /health/ready': PUBLIC,
  'GET /metrics': PUBLIC,
  // the BullMQ dashboard: staff only (a sub-application behind its own bearer check)
  'USE /admin/queues': STAFF,
  // public pages (G9: certificate checks are rate limited per IP)
  'GET /v1/public/agencies': PUBLIC,
  'GET /v1/public/certificates/:number': PUBLIC,
  'GET /v1/public/stats': PUBLIC,
  'GET /v1/public/newsletter.atom': PUBLIC,
  // the campaigns and their rule sets: data compiled into the engine, nothing about any agency
  'GET /v1/campaigns': PUBLIC,
  // staff publish a campaign or a new rule-set version as data (the campaigns stream)
  'POST /v1/campaigns': STAFF,
  // reads of one agency
  'GET /v1/agencies/:agencyId': OWN_STAFF_AUDITOR,
  'GET /v1/agencies/:agencyId/campaigns': OWN_STAFF_AUDITOR,
  'GET /v1/agencies/:agencyId/officers': OWN_STAFF_AUDITOR,
  'GET /v1/agencies/:agencyId/history': OWN_STAFF_AUDITOR,
  'GET /v1/agencies/:agencyId/state': OWN_STAFF_AUDITOR,
  'GET /v1/agencies/:agencyId/campaigns/:campaignId/state': OWN_STAFF_AUDITOR,
  'GET /v1/agencies/:agencyId/certificate.pdf': OWN_STAFF_AUDITOR,
  'GET /v1/agencies/:agencyId/letter.pdf': OWN_STAFF_AUDITOR,
  'GET /v1/agencies/:agencyId/campaigns/:campaignId/certificate.pdf': OWN_STAFF_AUDITOR,
  'GET /v1/agencies/:agencyId/campaigns/:campaignId/letter.pdf': OWN_STAFF_AUDITOR,
  'GET /v1/agencies/:agencyId/evidence': OWN_STAFF_AUDITOR,
  'GET /v1/agencies/:agencyId/evidence/:evidenceId': OWN_STAFF_AUDITOR,
  // reads across agencies, and the hash-chain check
  'GET /v1/agencies': STAFF_AUDITOR,
  'GET /v1/agencies/:agencyId/verification': STAFF_AUDITOR,
  'GET /v1/review-queue': STAFF,
  'GET /v1/agencies/:agencyId/review': STAFF,
  'GET /v1/agencies/:agencyId/campaigns/:campaignId/review': STAFF,
  // agency writes
  'POST /v1/agencies/:agencyId/pledge': OWN_OR_STAFF,
  // staff migrations: many agencies' pledges in one request
  'POST /v1/pledges/bulk': STAFF,
  'POST /v1/agencies/:agencyId/partnerships': OWN_OR_STAFF,
  'POST /v1/agencies/:agencyId/partnerships/:partnershipId/end': OWN_OR_STAFF,
  'POST /v1/agencies/:agencyId/policies': OWN_OR_STAFF,
  'POST /v1/agencies/:agencyId/officers': OWN_OR_STAFF,
  'POST /v1/agencies/:agencyId/officers/separations': OWN_OR_STAFF,
  'POST /v1/agencies/:agencyId/trainings': OWN_OR_STAFF,
  'POST /v1/agencies/:agencyId/imports': OWN_OR_STAFF,
  'POST /v1/agencies/:agencyId/evidence': OWN_OR_STAFF,
  'POST /v1/agencies/:agencyId/submission': OWN_OR_STAFF,
  'POST /v1/agencies/:agencyId/recertification': OWN_OR_STAFF,
  'POST /v1/agencies/:agencyId/withdrawal': OWN_OR_STAFF,
  // the general form of the agency routes, by campaign (API-next.md), and a campaign's practices
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/pledge': OWN_OR_STAFF,
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/submission': OWN_OR_STAFF,
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/recertification': OWN_OR_STAFF,
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/practices/:practiceId': OWN_OR_STAFF,
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/withdrawal': OWN_OR_STAFF,
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/review/requirements/:requirement': STAFF,
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/review/request-changes': STAFF,
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/review/approve': STAFF,
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/deadline-extension': STAFF,
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/certification/revoke': STAFF,
  // staff decisions
  'POST /v1/agencies/:agencyId/review/requirements/:requirement': STAFF,
  'POST /v1/agencies/:agencyId/review/request-changes': STAFF,
  'POST /v1/agencies/:agencyId/review/approve': STAFF,
  'POST /v1/agencies/:agencyId/deadline-extension': STAFF,
  'POST /v1/agencies/:agencyId/certification/revoke': STAFF,
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/historic-certification': STAFF,
  // programme catalogue
  'GET /v1/training-programs': SIGNED_IN,
  'POST /v1/training-programs': AGENCY_OR_STAFF,
  'POST /v1/training-programs/:programId/recognition': STAFF,
  // who held an office when (the documents' signer, DOMAIN.md "Who signs")
  'POST /v1/office-holders': STAFF,
  // the human certificate check the QR code opens (G9: anyone, per-IP budget)
  'GET /verify/:number': PUBLIC,
};

/** Shapes for new lines (reads of API.md): kept exported so a new route's line is one word. */
export const SHAPES = {
  PUBLIC,
  OWN_OR_STAFF,
  AGENCY_OR_STAFF,
  STAFF,
  OWN_STAFF_AUDITOR,
  STAFF_AUDITOR,
  SIGNED_IN,
  row,
};
