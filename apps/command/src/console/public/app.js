/* global document, window, location, sessionStorage, FormData, Node, atob, Blob -- browser globals (eslint.config.js sets Node globals) */
// One Mind certification console: a plain ES module, no build step, no framework. It uses only the
// public HTTP API (API.md) with the signed-in user's bearer token. Server text is only ever set as
// text (DOM text nodes / attributes), never parsed as HTML.

import { describeEvent, statusText, when } from './words.js';

const TOKEN_KEY = 'onemind.token';
const POSITION_KEY = 'onemind.position';
const main = () => document.getElementById('main');
const enc = encodeURIComponent;

// ---- DOM helpers -------------------------------------------------------------------------------
/** Replaces an element's children; skips null/false, flattens arrays, strings become text nodes. */
function set(el, ...children) {
  el.replaceChildren();
  return add(el, children);
}
function add(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value' && 'value' in el) el.value = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  return add(el, children);
}
let uidCounter = 0;
const uid = (p = 'f') => `${p}-${++uidCounter}`;

/** A labelled form control. */
function field(label, control, hint) {
  const id = control.id || (control.id = uid());
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hintEl);
}
const input = (name, attrs = {}) => h('input', { name, type: 'text', ...attrs });
function select(name, options, value) {
  return h(
    'select',
    { name },
    options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
  );
}
/**
 * A data table in a named, focusable region. On a phone (app.css) each row becomes a card and each
 * cell carries its column's name (`data-label`), so nothing is clipped and nothing scrolls sideways.
 */
function table(caption, headers, rows) {
  const body = h('tbody', { role: 'rowgroup' }, rows);
  for (const tr of body.rows) {
    tr.setAttribute('role', 'row');
    [...tr.cells].forEach((td, i) => {
      td.setAttribute('role', 'cell');
      td.setAttribute('data-label', headers[i] ?? '');
    });
  }
  return h(
    'div',
    { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption },
    // Explicit roles: the phone layout changes the cells' display, which must not cost the table semantics.
    h(
      'table',
      { class: 'cards', role: 'table' },
      h('caption', { class: 'hint' }, caption),
      h(
        'thead',
        { role: 'rowgroup' },
        h(
          'tr',
          { role: 'row' },
          headers.map((t) => h('th', { scope: 'col', role: 'columnheader' }, t)),
        ),
      ),
      body,
    ),
  );
}
const facts = (pairs) =>
  h(
    'dl',
    { class: 'facts' },
    pairs.filter(Boolean).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]),
  );
const badge = (ok, yes = 'Met', no = 'Not met') =>
  h('span', { class: `badge ${ok ? 'ok' : 'no'}` }, ok ? yes : no);
const formData = (form) =>
  Object.fromEntries(
    [...new FormData(form).entries()].map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v]),
  );

// ---- session -----------------------------------------------------------------------------------
const token = () => sessionStorage.getItem(TOKEN_KEY);

/**
 * The queue dashboard's own requests cannot carry an Authorization header: hand the staff token
 * over in a cookie scoped to its path, SameSite=Strict, for an hour (see queues/board.ts).
 */
function handOverBoardToken() {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `onemind_board_token=${token() ?? ''}; Path=/admin/queues; SameSite=Strict; Max-Age=3600${secure}`;
}
function claims() {
  const t = token();
  if (!t) return null;
  try {
    const payload = JSON.parse(atob(t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    if (typeof payload.exp === 'number' && payload.exp * 1000 < Date.now()) return null;
    return payload;
  } catch {
    return null;
  }
}
function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(POSITION_KEY);
}
const home = (c) =>
  c?.role === 'agency'
    ? '#/agency'
    : c?.role === 'staff'
      ? '#/staff'
      : c?.role === 'auditor'
        ? '#/audit'
        : '#/public';

// ---- API ---------------------------------------------------------------------------------------
class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

async function api(path, { method = 'GET', body, csv, form } = {}) {
  const headers = { accept: 'application/json' };
  const t = token();
  if (t) headers.authorization = `Bearer ${t}`;
  const position = sessionStorage.getItem(POSITION_KEY);
  if (method === 'GET' && position && path.startsWith('/v1/')) headers['x-min-position'] = position; // read your own writes
  let payload;
  if (form !== undefined) {
    payload = form; // multipart: the browser writes the Content-Type with its boundary
  } else if (csv !== undefined) {
    headers['content-type'] = 'text/csv';
    payload = csv;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(path, { method, headers, body: payload });
  const text = await res.text();
  let data;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok)
    throw new ApiError(
      res.status,
      data && typeof data === 'object' ? data : { title: res.statusText, detail: `HTTP ${res.status}` },
    );
  if (method !== 'GET' && data && typeof data.position === 'string')
    sessionStorage.setItem(POSITION_KEY, data.position);
  return data;
}

/** PDFs need the bearer token, so a plain link cannot fetch them: fetch, then save the blob. */
function pdfLink(path, label, filename) {
  return h(
    'a',
    {
      href: path,
      class: 'button',
      onclick: async (ev) => {
        ev.preventDefault();
        try {
          const res = await fetch(path, { headers: { authorization: `Bearer ${token()}` } });
          if (!res.ok)
            throw new ApiError(res.status, await res.json().catch(() => ({ detail: `HTTP ${res.status}` })));
          const url = URL.createObjectURL(await res.blob());
          const a = h('a', { href: url, download: filename, hidden: true });
          document.body.append(a);
          a.click();
          a.remove();
          setTimeout(() => URL.revokeObjectURL(url), 30_000);
        } catch (err) {
          showError(err);
        }
      },
    },
    label,
  );
}

// ---- messages (one aria-live region) -----------------------------------------------------------
function say(text) {
  set(document.getElementById('messages'), h('p', { class: 'info' }, text));
}
/**
 * A problem+json in words: the server's `detail` is the sentence (its `title` is the HTTP status,
 * jargon to a user), each listed error a line of its own; the problem code stays on the element for
 * support, not in the text.
 */
function showError(err, form) {
  const p = err instanceof ApiError ? err.problem : { title: 'Error', detail: String(err?.message ?? err) };
  const errors = Array.isArray(p.errors) ? p.errors : [];
  const sentence = (text) => {
    const t = String(text ?? '').trim();
    return t ? t[0].toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : '.') : '';
  };
  const lead = ERROR_LEAD[err?.status] ?? 'That did not work.';
  const own = PROBLEM_WORDS[p.code];
  // A form's error goes beside the form (after its button), where the eye already is; the page's
  // own errors go to the live region at the top.
  const where = form ? formErrorSlot(form) : document.getElementById('messages');
  set(
    where,
    h(
      'div',
      { class: 'error', 'data-code': p.code ?? null },
      h('p', {}, h('strong', {}, lead), ' ', own ?? sentence(p.detail ?? p.title)),
      errors.length && !own
        ? h(
            'ul',
            {},
            errors
              .slice(0, 50)
              .map((e) => h('li', {}, e.path ? `${e.path}: ${e.message}` : sentence(e.message))),
          )
        : null,
    ),
  );
}
const ERROR_LEAD = {
  400: 'Please check the form.',
  401: 'Please sign in again.',
  403: 'You are not allowed to do this.',
  404: 'Not found.',
  409: 'Someone changed this meanwhile; reload and try again.',
  413: 'The file is too large.',
  415: 'This kind of file is not accepted.',
  422: 'Not yet possible.',
  429: 'Too many requests; wait a moment and try again.',
  503: 'The service is busy; try again in a moment.',
  507: 'The server is out of storage; try again later.',
};
/** Problems whose server sentence needs the user's context: said in full, their `errors` left out. */
const PROBLEM_WORDS = {
  'second-approver-required':
    'Another IACP staff member must approve: four eyes are on, and you accepted every requirement yourself. Ask a colleague to approve (or to accept a requirement first).',
};
const clearMessages = () => set(document.getElementById('messages'));

/** The form's own live region for its errors, made once and kept (so screen readers announce changes). */
function formErrorSlot(form) {
  let slot = form.querySelector(':scope > .form-error');
  if (!slot) {
    slot = h('div', { class: 'form-error', role: 'alert' });
    form.append(slot);
  }
  return slot;
}

/** Runs a form's action, reporting errors; the submit button is disabled meanwhile. */
function onSubmit(action) {
  return async (ev) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const button = form.querySelector('button[type=submit]');
    if (button) button.disabled = true;
    try {
      clearMessages();
      set(formErrorSlot(form));
      await action(form);
    } catch (err) {
      showError(err, form);
      formErrorSlot(form).scrollIntoView({ block: 'nearest' });
    } finally {
      if (button) button.disabled = false;
    }
  };
}

// ---- shared views ------------------------------------------------------------------------------
function summary(v, camp) {
  return facts([
    ['Agency id', v.agencyId],
    // One Mind's page names no campaign (it is the console's own); another campaign is named.
    camp ? ['Campaign', h('span', { 'data-testid': 'campaign' }, camp.title)] : null,
    ['Status', h('strong', { 'data-testid': 'status', 'data-status': v.status }, statusText(v.status))],
    ['Region', [v.region, v.country].filter(Boolean).join(', ')],
    ['Rule set', v.ruleSet],
    ['Pledged on', when(v.pledgedOn)],
    ['Deadline', when(v.deadline)],
    [
      'Days to deadline',
      v.daysRemaining === undefined || v.daysRemaining === null ? '—' : String(v.daysRemaining),
    ],
  ]);
}

const REQUIREMENT_TEXT = {
  partnership: 'Partnership',
  policy: 'Policy',
  training: 'Training',
  other: 'Other',
};
const DECISION_TEXT = { accepted: 'Accepted', 'changes-requested': 'Changes requested' };

/**
 * The submission round as staff judged it, per requirement (issue 16): the agency reads why it was
 * sent back, staff see what they decided (the decision forms sit by the evidence, `evidencePanel`).
 */
function reviewSection(v, camp) {
  const r = v.review;
  if (!r) return null;
  const row = (q) =>
    h(
      'li',
      {},
      h(
        'h3',
        {},
        camp ? itemLabel(camp, q.requirement) : (REQUIREMENT_TEXT[q.requirement] ?? q.requirement),
        ' ',
        h('span', { class: 'hint' }, DECISION_TEXT[q.decision] ?? 'Not decided'),
      ),
      q.message ? h('p', { 'data-testid': `review-message-${q.requirement}` }, q.message) : null,
      q.decidedBy ? h('p', { class: 'hint' }, `${q.decidedBy}, ${when(q.decidedAt)}`) : null,
    );
  return h(
    'section',
    { 'aria-labelledby': 'rev-h' },
    h('h2', { id: 'rev-h' }, `Review, round ${r.round}`),
    facts([
      ['Submitted at', when(r.submittedAt)],
      ['Note from the agency', r.note ?? '—'],
    ]),
    h('ul', { class: 'reqs' }, r.requirements.map(row)),
  );
}

function bar(label, value, max, text) {
  const id = uid('bar');
  return h(
    'div',
    { class: 'bar' },
    h('label', { for: id }, `${label}: ${text}`),
    h('progress', { id, max: Math.max(max, 1), value: Math.min(value, Math.max(max, 1)) }, text),
  );
}

function trainingBars(t) {
  const pct = t.sworn ? Math.floor((100 * t.covered) / t.sworn) : 0;
  return [
    h('p', {}, `${t.sworn ?? 0} sworn officers`),
    bar(
      'Crisis-intervention trained',
      t.crisisTrained ?? 0,
      t.crisisRequired ?? 0,
      `${t.crisisTrained ?? 0} of ${t.crisisRequired ?? 0} required`,
    ),
    bar(
      'Covered (crisis or awareness class)',
      t.covered ?? 0,
      t.sworn ?? 0,
      `${t.covered ?? 0} of ${t.sworn ?? 0} (${pct} %)`,
    ),
    t.uncovered ? h('p', { class: 'hint' }, `${t.uncovered} officer(s) still need training`) : null,
  ];
}

function requirements(v) {
  const r = v.requirements ?? {};
  const p = r.partnership ?? {};
  const pol = r.policy ?? {};
  const t = r.training ?? {};
  return h(
    'section',
    { 'aria-labelledby': 'req-h' },
    h('h2', { id: 'req-h' }, 'Requirements'),
    h(
      'ul',
      { class: 'reqs' },
      h(
        'li',
        {},
        h('h3', {}, 'Partnership', badge(p.met)),
        h('p', {}, `${p.active ?? 0} active community mental-health partnership(s)`),
      ),
      h(
        'li',
        {},
        h('h3', {}, 'Policy', badge(pol.met)),
        h('p', {}, pol.met ? `In effect since ${when(pol.effectiveOn)}` : 'No policy in effect yet'),
      ),
      h('li', {}, h('h3', {}, 'Training', badge(t.met)), trainingBars(t)),
    ),
  );
}

/** The agency's own reads, or one campaign's when the view is a campaign's (`…/campaigns/{id}/state`). */
const viewBase = (v) =>
  v.campaignId
    ? `/v1/agencies/${enc(v.agencyId)}/campaigns/${enc(v.campaignId)}`
    : `/v1/agencies/${enc(v.agencyId)}`;
/** The view itself: the agency's, or one campaign's (issue 18 item 3: an agency in several campaigns). */
const loadView = (agencyId, campaignId) =>
  api(
    campaignId
      ? `/v1/agencies/${enc(agencyId)}/campaigns/${enc(campaignId)}/state`
      : `/v1/agencies/${enc(agencyId)}`,
  );

function documents(v) {
  const c = v.certificate;
  const base = viewBase(v);
  const section = h(
    'section',
    { 'aria-labelledby': 'docs-h', id: 'documents' },
    h('h2', { id: 'docs-h' }, 'Certificate and letter'),
  );
  if (!c) {
    section.append(h('p', {}, 'Issued once IACP staff approve the certification.'));
    return section;
  }
  section.append(
    facts([
      ['Certificate number', c.number],
      ['Verification code', c.verificationCode],
      ['Effective on', when(c.effectiveOn)],
    ]),
    h(
      'p',
      {},
      h(
        'a',
        { href: `#/verify?number=${enc(c.number)}&code=${enc(c.verificationCode)}` },
        'Check it as the public would',
      ),
    ),
  );
  const links = h('p', { class: 'inline' });
  if (c.issuedAt)
    links.append(
      pdfLink(`${base}/certificate.pdf`, 'Download the certificate (PDF)', `${c.number}-certificate.pdf`),
    );
  if (v.letter)
    links.append(
      pdfLink(`${base}/letter.pdf`, 'Download the letter of acknowledgment (PDF)', `${c.number}-letter.pdf`),
    );
  if (!c.issuedAt || !v.letter)
    links.append(
      h('span', { class: 'hint' }, 'The documents are being prepared; this page refreshes itself.'),
    );
  section.append(links);
  return section;
}

/** While documents are pending, re-read the agency every 1.5 s (for up to 2 minutes) and swap the section in. */
function pollDocuments(v) {
  if (!v.certificate || (v.certificate.issuedAt && v.letter)) return;
  const route = location.hash;
  let tries = 0;
  const tick = async () => {
    if (location.hash !== route || ++tries > 80) return;
    try {
      const next = await loadView(v.agencyId, v.campaignId);
      document.getElementById('documents')?.replaceWith(documents(next));
      if (next.certificate?.issuedAt && next.letter) return;
    } catch {
      /* keep trying */
    }
    setTimeout(tick, 1500);
  };
  setTimeout(tick, 1500);
}

function needSignIn(el, role) {
  set(
    el,
    h('h1', {}, 'Sign in needed'),
    h('p', {}, `This page is for ${role} users. `, h('a', { href: '#/sign-in' }, 'Sign in')),
  );
}

// ---- pages -------------------------------------------------------------------------------------
async function signInPage(el) {
  const c = claims();
  const devForm = h(
    'form',
    {
      'aria-labelledby': 'dev-h',
      onsubmit: onSubmit(async (form) => {
        const d = formData(form);
        let res;
        try {
          res = await api('/console/dev-token', {
            method: 'POST',
            body: { role: d.role, sub: d.sub, ...(d.role === 'agency' ? { agencyId: d.agencyId } : {}) },
          });
        } catch (err) {
          if (err.status === 404)
            throw new ApiError(404, {
              title: 'Development sign-in is disabled',
              detail:
                'this server runs in production: sign in with your identity provider and paste its token below',
            });
          throw err;
        }
        sessionStorage.setItem(TOKEN_KEY, res.token);
        sessionStorage.removeItem(POSITION_KEY);
        location.hash = home(claims());
      }),
    },
    h('h2', { id: 'dev-h' }, 'Development sign-in'),
    h(
      'p',
      { class: 'hint' },
      'Outside production the server mints a short-lived token for the role you choose. In production this is disabled and tokens come from the OIDC issuer.',
    ),
    field(
      'Role',
      select(
        'role',
        [
          ['agency', 'Agency'],
          ['staff', 'IACP staff'],
          ['auditor', 'Auditor'],
        ],
        'agency',
      ),
    ),
    field(
      'User name',
      input('sub', { required: true, maxlength: 128, autocomplete: 'username', value: 'dev-user' }),
    ),
    field('Agency id', input('agencyId', { maxlength: 64 }), 'Agency users only, e.g. tx-flower-mound-pd'),
    h('button', { type: 'submit' }, 'Sign in'),
  );

  const pasteForm = h(
    'form',
    {
      'aria-labelledby': 'paste-h',
      onsubmit: onSubmit(async (form) => {
        const t = formData(form).token;
        sessionStorage.setItem(TOKEN_KEY, t);
        if (!claims()) {
          signOut();
          throw new ApiError(400, {
            title: 'Not a usable token',
            detail: 'expected a JWT (three dot-separated parts) that has not expired',
          });
        }
        location.hash = home(claims());
      }),
    },
    h('h2', { id: 'paste-h' }, 'Use a token from your identity provider'),
    field('Bearer token', h('textarea', { name: 'token', required: true, rows: 3 })),
    h('button', { type: 'submit' }, 'Use this token'),
  );

  set(
    el,
    h('h1', {}, 'Sign in'),
    c
      ? h(
          'p',
          {},
          `Signed in as ${c.sub} (${c.role}${c.agencyId ? `, ${c.agencyId}` : ''}). `,
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: () => {
                signOut();
                render();
                say('Signed out.');
              },
            },
            'Sign out',
          ),
        )
      : null,
    devForm,
    pasteForm,
  );
}

async function agencyPage(el, [idFromPath, campaignFromPath]) {
  const c = claims();
  if (!c) return needSignIn(el, 'agency');
  const agencyId = idFromPath ?? c.agencyId;
  if (!agencyId) {
    set(
      el,
      h('h1', {}, 'Agency'),
      h(
        'p',
        {},
        'Your token names no agency. Staff can open an agency from the ',
        h('a', { href: '#/staff' }, 'review page'),
        '.',
      ),
    );
    return;
  }
  let v;
  try {
    v = await loadView(agencyId, campaignFromPath);
  } catch (err) {
    if (err.status !== 404) throw err;
    if (campaignFromPath && err.problem.code === 'campaign-not-joined') {
      // An agency of another campaign opening this one: it may pledge to it here.
      const all = await campaignList().catch(() => []);
      const camp = all.find((x) => x.campaignId === campaignFromPath);
      set(
        el,
        h('h1', {}, camp ? camp.title : campaignFromPath),
        h('p', {}, 'This agency has not pledged to this campaign yet.'),
        camp ? pledgeForm(agencyId, [camp], { joining: true }) : null,
        h('p', {}, h('a', { href: `#/agency/${enc(agencyId)}` }, '← The agency')),
      );
      return;
    }
    set(
      el,
      h('h1', {}, agencyId),
      h('p', {}, 'This agency has not taken the pledge yet.'),
      pledgeForm(agencyId, await campaignList().catch(() => [])),
    );
    return;
  }
  const camp = await campaignOf(v.ruleSet);
  const joined = await campaignsOfAgency(agencyId, v);
  if (camp) return campaignAgencyPage(el, v, camp, joined);
  const officers = await api(`/v1/agencies/${enc(agencyId)}/officers?covered=false`).catch(() => ({
    items: [],
    total: 0,
  }));
  const open = ['pledged', 'changes-requested'].includes(v.status);
  set(
    el,
    h('h1', {}, v.name),
    summary(v),
    // Once certified, the certificate and letter are what the agency came for: first on the page.
    v.certificate ? documents(v) : null,
    taskList(v, open),
    reviewSection(v),
    v.certificate ? null : documents(v),
    uncovered(officers, v.requirements?.training?.sworn ?? 0),
    importForm(agencyId),
    open ? submitForm(agencyId, v.status === 'changes-requested') : null,
    joined,
  );
  pollDocuments(v);
}

/**
 * The campaigns the agency takes part in, each with its status and a link to its page, and a
 * pledge to the campaigns it has not joined (issue 18 item 3). Null while the list is unavailable.
 */
async function campaignsOfAgency(agencyId, v) {
  const [mine, all] = await Promise.all([
    api(`/v1/agencies/${enc(agencyId)}/campaigns`).catch(() => null),
    campaignList().catch(() => []),
  ]);
  if (!mine) return null;
  const current = v.campaignId ?? mine.items[0]?.campaignId;
  const joined = new Set(mine.items.map((c) => c.campaignId));
  const others = all.filter((c) => !joined.has(c.campaignId));
  return h(
    'section',
    { 'aria-labelledby': 'camps-h', 'data-testid': 'campaigns' },
    h('h2', { id: 'camps-h' }, 'Campaigns'),
    h(
      'ul',
      {},
      mine.items.map((c) =>
        h(
          'li',
          {},
          c.campaignId === current
            ? h('strong', {}, c.title)
            : h('a', { href: `#/agency/${enc(agencyId)}/${enc(c.campaignId)}` }, c.title),
          ' — ',
          h('span', { 'data-campaign-status': c.campaignId }, statusText(c.status)),
          c.certificate ? ` (certificate ${c.certificate.number})` : '',
        ),
      ),
    ),
    others.length ? pledgeForm(agencyId, others, { joining: true, agency: v }) : null,
  );
}

/** The agency page of a campaign other than One Mind: the same page, with the steps its rule set asks. */
async function campaignAgencyPage(el, v, camp, joined = null) {
  const training = hasTraining(camp);
  const officers = training
    ? await api(`/v1/agencies/${enc(v.agencyId)}/officers?covered=false`).catch(() => ({
        items: [],
        total: 0,
      }))
    : null;
  const open = ['pledged', 'changes-requested'].includes(v.status);
  set(
    el,
    h('h1', {}, v.name),
    summary(v, camp),
    v.certificate ? documents(v) : null,
    campaignTaskList(v, open, camp),
    reviewSection(v, camp),
    v.certificate ? null : documents(v),
    training ? [uncovered(officers, v.requirements?.training?.sworn ?? 0), importForm(v.agencyId)] : null,
    open ? submitForm(v.agencyId, v.status === 'changes-requested', camp) : null,
    joined,
  );
  pollDocuments(v);
}

/**
 * The agency's task list (issue 17): each requirement with what is done, the staff's message next
 * to the requirement it concerns, and — while the agency may still change its file — the form that
 * meets it, evidence upload included, so a certification needs nothing but this page.
 */
function taskList(v, open) {
  const r = v.requirements ?? {};
  const p = r.partnership ?? {};
  const pol = r.policy ?? {};
  const t = r.training ?? {};
  const evidence = v.evidence ?? {};
  const asked = new Map(
    (v.review?.requirements ?? [])
      .filter((q) => q.decision === 'changes-requested')
      .map((q) => [q.requirement, q]),
  );
  const done = [p.met, pol.met, t.met].filter(Boolean).length;
  const next = !p.met ? 'partnership' : !pol.met ? 'policy' : !t.met ? 'training' : 'submit';
  const docs = (key) =>
    evidence[key] ? `${evidence[key]} document(s) attached` : 'No document attached yet';
  const task = (key, title, met, detail, form) =>
    h(
      'li',
      { class: `task${next === key && open ? ' next' : ''}`, 'data-testid': `task-${key}` },
      h('h3', {}, title, ' ', badge(met, 'Done', 'To do')),
      detail,
      asked.has(key)
        ? h(
            'p',
            { class: 'staff-message', 'data-testid': `asked-${key}` },
            h('strong', {}, 'IACP staff asked for changes: '),
            asked.get(key).message ?? '(no message)',
            h(
              'span',
              { class: 'hint' },
              ' — add what they ask for below, then submit again with a note that answers them.',
            ),
          )
        : null,
      // A step that is done keeps its form folded away (another partnership, a new policy version);
      // a step still to do, or one staff sent back, shows it.
      open
        ? h(
            'details',
            { class: 'task-form', open: !met || asked.has(key) },
            h('summary', {}, met ? FORM_AGAIN[key] : FORM_FIRST[key]),
            form,
          )
        : null,
    );
  return h(
    'section',
    { 'aria-labelledby': 'tasks-h' },
    h('h2', { id: 'tasks-h' }, 'Your certification, step by step'),
    h(
      'p',
      { 'data-testid': 'progress' },
      `${done} of 3 requirements met`,
      v.daysRemaining === null || v.daysRemaining === undefined ? '' : ` · ${v.daysRemaining} days left`,
      open
        ? ` · next: ${next === 'submit' && v.status === 'changes-requested' ? 'answer IACP staff and submit again' : NEXT_TEXT[next]}`
        : '',
    ),
    h(
      'ol',
      { class: 'tasks' },
      task(
        'partnership',
        'Partner with a community mental-health organisation',
        p.met,
        h('p', {}, `${p.active ?? 0} active partnership(s) · ${docs('partnership')}`),
        partnershipForm(v.agencyId),
      ),
      task(
        'policy',
        'Adopt a policy on responding to people with mental illness',
        pol.met,
        h(
          'p',
          {},
          pol.met ? `In effect since ${when(pol.effectiveOn)}` : 'No policy in effect yet',
          ` · ${docs('policy')}`,
        ),
        policyForm(v.agencyId),
      ),
      task(
        'training',
        'Train every sworn officer (at least 20 % in crisis intervention)',
        t.met,
        trainingBars(t),
        h(
          'p',
          { class: 'hint' },
          // Not an `#id` link: the console's routes live in the hash. Scroll to the form and focus it.
          h(
            'a',
            {
              href: location.hash,
              onclick: (ev) => {
                ev.preventDefault();
                document.getElementById('imp-h')?.scrollIntoView();
                document.querySelector('#imp-h ~ form input[type=file]')?.focus();
              },
            },
            'Upload the roster and training records',
          ),
          ' below.',
        ),
      ),
    ),
  );
}
// ---- campaigns other than One Mind ---------------------------------------------------------------
// One Mind's page is the page above, unchanged. An agency of another campaign (Trust Building, or a
// campaign staff published as data) gets the steps its own rule set asks, read from
// `GET /v1/campaigns`: partnership, policy and training only when the rule set has those kinds,
// each evidence document it asks for, and its practices grouped by focus area.

let campaignsCache = null;
/** The campaigns and their rule sets, fetched once a minute at most (published ones may appear). */
function campaignList() {
  if (!campaignsCache || campaignsCache.at < Date.now() - 60_000)
    campaignsCache = { at: Date.now(), list: api('/v1/campaigns') };
  campaignsCache.list.catch(() => (campaignsCache = null));
  return campaignsCache.list;
}
/** The campaign of a rule set and the rule set itself; null for One Mind or an unknown id (One Mind's page). */
async function campaignOf(ruleSetId) {
  if (!ruleSetId) return null;
  const list = await campaignList().catch(() => []);
  for (const c of list) {
    const rs = (c.ruleSets ?? []).find((r) => r.ruleSetId === ruleSetId);
    if (rs) return c.campaignId === 'one-mind' ? null : { ...c, ruleSet: rs };
  }
  return null;
}
/** What the timeline's sentences need to name a campaign and a practice (words.js). */
async function wordContext() {
  const list = await campaignList().catch(() => []);
  const byRuleSet = new Map();
  for (const c of list) for (const rs of c.ruleSets ?? []) byRuleSet.set(rs.ruleSetId, { c, rs });
  return {
    campaignTitle: (ruleSetId) => {
      const hit = byRuleSet.get(ruleSetId);
      return hit && hit.c.campaignId !== 'one-mind' ? hit.c.title : null;
    },
  };
}
const kindsOf = (camp) => new Set((camp.ruleSet.requirements ?? []).map((r) => r.kind));
const practicesOf = (camp) => (camp.ruleSet.requirements ?? []).filter((r) => r.kind === 'practice');
const hasTraining = (camp) => kindsOf(camp).has('training-ratio') || kindsOf(camp).has('training-coverage');
const practiceTitle = (p) => `Practice ${p.number}`;
/** A review item in words: "Partnership", or "Practice 14 (Leadership and Culture)". */
function itemLabel(camp, item) {
  const p = camp && practicesOf(camp).find((r) => (r.review ?? r.id) === item);
  if (p) return `${practiceTitle(p)} (${p.focusArea})`;
  const r = camp?.ruleSet.requirements.find((x) => (x.review ?? x.id) === item);
  if (r?.kind === 'evidence') return `Document: ${r.text}`;
  return REQUIREMENT_TEXT[item] ?? item;
}
/** Practices in the rule set's order, grouped by focus area (first appearance), each with its record. */
function practiceGroups(v, camp) {
  const recorded = new Map((v.practices ?? []).map((p) => [p.practiceId, p]));
  const groups = new Map();
  for (const r of practicesOf(camp)) {
    const list = groups.get(r.focusArea) ?? [];
    list.push({ ...r, record: recorded.get(r.id) ?? { implementedOn: null, evidenceIds: [], met: false } });
    groups.set(r.focusArea, list);
  }
  return [...groups];
}
const campaignPath = (agencyId, camp) => `/v1/agencies/${enc(agencyId)}/campaigns/${enc(camp.campaignId)}`;

/** The task list of a campaign other than One Mind: what its rule set asks, step by step. */
function campaignTaskList(v, open, camp) {
  const kinds = kindsOf(camp);
  const verdicts = v.verdicts ?? [];
  const metOf = (kind) => verdicts.filter((x) => x.kind === kind).every((x) => x.met);
  const training = verdicts.filter((x) => x.kind === 'training-ratio' || x.kind === 'training-coverage');
  const evidence = v.evidence ?? {};
  const asked = new Map(
    (v.review?.requirements ?? [])
      .filter((q) => q.decision === 'changes-requested')
      .map((q) => [q.requirement, q]),
  );
  const askedNote = (key) =>
    asked.has(key)
      ? h(
          'p',
          { class: 'staff-message', 'data-testid': `asked-${key}` },
          h('strong', {}, 'IACP staff asked for changes: '),
          asked.get(key).message ?? '(no message)',
        )
      : null;
  const docs = (key) =>
    evidence[key] ? `${evidence[key]} document(s) attached` : 'No document attached yet';
  const reqOf = (kind) => camp.ruleSet.requirements.find((r) => r.kind === kind);
  const practices = practicesOf(camp);
  const inPlace = (v.practices ?? []).filter((p) => p.met).length;
  const steps = [];
  if (kinds.has('partnership'))
    steps.push([
      'partnership',
      reqOf('partnership').text,
      metOf('partnership'),
      () =>
        h(
          'p',
          {},
          `${v.requirements?.partnership?.active ?? 0} active partnership(s) · ${docs('partnership')}`,
        ),
      partnershipForm(v.agencyId, `What counts: ${reqOf('partnership').partner}.`),
    ]);
  if (kinds.has('policy'))
    steps.push([
      'policy',
      reqOf('policy').text,
      metOf('policy'),
      () =>
        h(
          'p',
          {},
          v.requirements?.policy?.effectiveOn
            ? `In effect since ${when(v.requirements.policy.effectiveOn)}`
            : 'No policy in effect yet',
          ` · ${docs('policy')}`,
        ),
      policyForm(v.agencyId),
    ]);
  if (training.length)
    steps.push([
      'training',
      training
        .map((x) => camp.ruleSet.requirements.find((r) => r.id === x.requirement)?.text)
        .filter(Boolean)
        .join(' '),
      training.every((x) => x.met),
      () => [
        trainingBars(v.requirements?.training ?? {}),
        h('p', { class: 'hint' }, 'Upload the roster and training records below.'),
      ],
      null,
    ]);
  for (const r of camp.ruleSet.requirements.filter((x) => x.kind === 'evidence'))
    steps.push([
      r.review ?? r.id,
      r.text,
      verdicts.find((x) => x.requirement === r.id)?.met,
      () => h('p', {}, docs(r.document)),
      evidenceForm(v.agencyId, r),
    ]);
  const firstOpen = steps.find((s) => !s[2]);
  const next = firstOpen
    ? firstOpen[0]
    : practices.length && inPlace < practices.length
      ? 'practices'
      : 'submit';
  const task = ([key, title, met, detail, form]) =>
    h(
      'li',
      { class: `task${next === key && open ? ' next' : ''}`, 'data-testid': `task-${key}` },
      h('h3', {}, title, ' ', badge(met, 'Done', 'To do')),
      detail(),
      askedNote(key),
      open && form
        ? h(
            'details',
            { class: 'task-form', open: !met || asked.has(key) },
            h('summary', {}, met ? 'Record another' : 'Record it'),
            form,
          )
        : null,
    );
  const practiceTask = practices.length
    ? h(
        'li',
        { class: `task${next === 'practices' && open ? ' next' : ''}`, 'data-testid': 'task-practices' },
        h(
          'h3',
          {},
          `Put the ${practices.length} practices in place`,
          ' ',
          badge(inPlace === practices.length, 'Done', 'To do'),
        ),
        h(
          'p',
          { class: 'hint' },
          'A practice is in place once it is recorded with the date it was implemented and a document that shows it.',
        ),
        practiceGroups(v, camp).map(([area, list]) => {
          const done = list.filter((p) => p.record.met).length;
          const id = uid('area');
          return h(
            'section',
            { class: 'focus-area', 'aria-labelledby': id },
            h('h4', { id }, `${area} (${done} of ${list.length} in place)`),
            h(
              'ul',
              { class: 'practices' },
              list.map((p) => practiceItem(v, camp, p, open, askedNote(p.review ?? p.id), evidence[p.id])),
            ),
          );
        }),
      )
    : null;
  const counts = [
    steps.length ? `${steps.filter((s) => s[2]).length} of ${steps.length} steps done` : null,
    practices.length ? `${inPlace} of ${practices.length} practices in place` : null,
  ].filter(Boolean);
  return h(
    'section',
    { 'aria-labelledby': 'tasks-h' },
    h('h2', { id: 'tasks-h' }, `Your ${camp.title} certification, step by step`),
    h(
      'p',
      { 'data-testid': 'progress' },
      counts.join(' · '),
      v.daysRemaining === null || v.daysRemaining === undefined ? '' : ` · ${v.daysRemaining} days left`,
      open
        ? ` · next: ${next === 'submit' ? (v.status === 'changes-requested' ? 'answer IACP staff and submit again' : 'submit for certification') : next === 'practices' ? 'record the practices still to do' : `the step “${firstOpen[1]}”`}`
        : '',
    ),
    h('ol', { class: 'tasks' }, steps.map(task), practiceTask),
  );
}

/** One practice: done or not, its record, staff's message, and the form that records it. */
function practiceItem(v, camp, p, open, askedNote, docCount) {
  const r = p.record;
  return h(
    'li',
    { 'data-testid': `practice-${p.id}`, 'data-met': String(!!r.met) },
    h(
      'h5',
      {},
      `${practiceTitle(p)} `,
      badge(r.met, 'In place', r.implementedOn ? 'Needs evidence' : 'To do'),
    ),
    h('p', {}, p.text),
    r.implementedOn
      ? h(
          'p',
          { class: 'hint' },
          `Implemented on ${when(r.implementedOn)} · ${r.evidenceIds.length ? `${r.evidenceIds.length} document(s) as evidence` : 'no evidence yet'}${docCount ? ` · ${docCount} document(s) attached to it in all` : ''}`,
        )
      : null,
    r.note ? h('p', { class: 'hint', 'data-testid': `practice-note-${p.id}` }, `Your note: ${r.note}`) : null,
    askedNote,
    open
      ? h(
          'details',
          { class: 'task-form', open: !!askedNote },
          h(
            'summary',
            {},
            r.implementedOn ? `Record practice ${p.number} again` : `Record practice ${p.number}`,
          ),
          practiceForm(v.agencyId, camp, p),
        )
      : null,
  );
}

/** Uploads the document as the practice's evidence, then records the practice with it. */
function practiceForm(agencyId, camp, p) {
  const file = fileInput('document');
  const earlier = p.record.evidenceIds ?? [];
  return h(
    'form',
    {
      'aria-label': `Record practice ${p.number}`,
      onsubmit: onSubmit(async (form) => {
        const d = formData(form);
        const f = file.files?.[0];
        if (!f && earlier.length === 0)
          throw new Error('attach a document that shows the practice is in place');
        // A new document adds to the ones already recorded; recording again keeps them.
        const added = f ? [await attachEvidence(agencyId, p.id, f, `${practiceTitle(p)}: ${p.text}`)] : [];
        await api(`${campaignPath(agencyId, camp)}/practices/${enc(p.id)}`, {
          method: 'POST',
          body: {
            implementedOn: d.implementedOn,
            evidenceIds: [...earlier, ...added].slice(-50),
            ...(d.note ? { note: d.note } : {}),
          },
        });
        say(`${practiceTitle(p)} recorded${f ? `, with ${f.name} as its evidence` : ''}.`);
        await render();
      }),
    },
    field(
      'Date implemented',
      input('implementedOn', { type: 'date', required: true, value: p.record.implementedOn ?? '' }),
    ),
    field(
      'Evidence document (PDF, PNG or JPEG, up to 20 MiB)',
      file,
      earlier.length
        ? `${earlier.length} document(s) already recorded stay with the practice; a new one is added.`
        : 'Required: the policy, order, report or record that shows it.',
    ),
    field('Note (optional)', h('textarea', { name: 'note', maxlength: 2000, rows: 2 })),
    h('button', { type: 'submit' }, `Record practice ${p.number}`),
  );
}

/** An evidence requirement: a document of the kind it names, uploaded to the evidence route. */
function evidenceForm(agencyId, r) {
  const file = fileInput('document');
  file.required = true;
  return h(
    'form',
    {
      'aria-label': `Attach: ${r.text}`,
      onsubmit: onSubmit(async (form) => {
        const f = file.files?.[0];
        await attachEvidence(agencyId, r.document, f, formData(form).description || r.text);
        say(`${f.name} attached.`);
        await render();
      }),
    },
    field('Document (PDF, PNG or JPEG, up to 20 MiB)', file),
    field('Description (optional)', input('description', { maxlength: 2000 })),
    h('button', { type: 'submit' }, 'Attach document'),
  );
}

/** A campaign's requirements judged today (the verdicts), practices as a count. */
function campaignRequirements(v, camp) {
  const verdicts = (v.verdicts ?? []).filter((x) => x.kind !== 'practice');
  const practices = v.practices ?? [];
  const text = (id) => camp.ruleSet.requirements.find((r) => r.id === id)?.text ?? id;
  return h(
    'section',
    { 'aria-labelledby': 'req-h' },
    h('h2', { id: 'req-h' }, 'Requirements'),
    h(
      'ul',
      { class: 'reqs' },
      verdicts.map((x) =>
        h('li', {}, h('h3', {}, text(x.requirement), badge(x.met)), x.missing ? h('p', {}, x.missing) : null),
      ),
      practices.length
        ? h(
            'li',
            {},
            h('h3', {}, 'Practices', badge(practices.every((p) => p.met))),
            h(
              'p',
              { 'data-testid': 'practices-in-place' },
              `${practices.filter((p) => p.met).length} of ${practices.length} practices in place`,
            ),
          )
        : null,
    ),
  );
}

const FORM_FIRST = {
  partnership: 'Record your partnership',
  policy: 'Record your policy',
  training: 'How to record training',
};
const FORM_AGAIN = {
  partnership: 'Record another partnership',
  policy: 'Record a new policy or version',
  training: 'How to record more training',
};
const NEXT_TEXT = {
  partnership: 'record your partnership',
  policy: 'record your policy',
  training: 'upload your roster and training records',
  submit: 'submit for certification',
};

/** Attaches one document to a requirement and answers its evidence id (the write answer carries it). */
async function attachEvidence(agencyId, requirement, file, description) {
  const form = new FormData();
  form.append('requirement', requirement);
  if (description) form.append('description', description.slice(0, 2000));
  form.append('file', file, file.name);
  const res = await api(`/v1/agencies/${enc(agencyId)}/evidence`, { method: 'POST', form });
  return res.evidenceId;
}
const DOCUMENT_TYPES = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';
const fileInput = (name) => h('input', { type: 'file', name, accept: DOCUMENT_TYPES });

function partnershipForm(
  agencyId,
  partnerHint = 'Only a community mental-health partner counts for One Mind.',
) {
  const file = fileInput('agreement');
  return h(
    'form',
    {
      'aria-label': 'Record a partnership',
      onsubmit: onSubmit(async (form) => {
        const d = formData(form);
        const f = file.files?.[0];
        const evidenceIds = f
          ? [await attachEvidence(agencyId, 'partnership', f, `Partnership agreement with ${d.partnerName}`)]
          : undefined;
        await api(`/v1/agencies/${enc(agencyId)}/partnerships`, {
          method: 'POST',
          body: {
            partnerName: d.partnerName,
            partnerType: d.partnerType,
            establishedOn: d.establishedOn,
            evidenceIds,
          },
        });
        say(`Partnership with ${d.partnerName} recorded${f ? `, with ${f.name} attached` : ''}.`);
        await render();
      }),
    },
    field('Partner organisation', input('partnerName', { required: true, maxlength: 200 })),
    field(
      'Kind of partner',
      select(
        'partnerType',
        [
          ['community-mental-health', 'Community mental-health organisation'],
          ['community-health', 'Community health organisation'],
          ['other', 'Other'],
        ],
        'community-mental-health',
      ),
      partnerHint,
    ),
    field('Established on', input('establishedOn', { type: 'date', required: true })),
    field('Signed agreement (PDF, PNG or JPEG, up to 20 MiB)', file, 'The MOU or letter of agreement.'),
    h('button', { type: 'submit' }, 'Record partnership'),
  );
}

function policyForm(agencyId) {
  const file = fileInput('document');
  return h(
    'form',
    {
      'aria-label': 'Record a policy',
      onsubmit: onSubmit(async (form) => {
        const d = formData(form);
        const f = file.files?.[0];
        const evidenceIds = f
          ? [await attachEvidence(agencyId, 'policy', f, `Policy: ${d.title}, version ${d.version}`)]
          : undefined;
        await api(`/v1/agencies/${enc(agencyId)}/policies`, {
          method: 'POST',
          body: {
            title: d.title,
            version: d.version,
            adoptedOn: d.adoptedOn,
            effectiveOn: d.effectiveOn,
            basedOnIacpModel: d.basedOnIacpModel === 'on',
            evidenceIds,
          },
        });
        say(`Policy “${d.title}” recorded${f ? `, with ${f.name} attached` : ''}.`);
        await render();
      }),
    },
    field('Policy title', input('title', { required: true, maxlength: 300 })),
    field('Version', input('version', { required: true, maxlength: 50 })),
    field('Adopted on', input('adoptedOn', { type: 'date', required: true })),
    field('In effect from', input('effectiveOn', { type: 'date', required: true })),
    h(
      'div',
      { class: 'field check' },
      h('input', { type: 'checkbox', name: 'basedOnIacpModel', id: 'pol-model' }),
      h('label', { for: 'pol-model' }, 'Based on the IACP model policy'),
    ),
    field('Policy document (PDF, PNG or JPEG, up to 20 MiB)', file),
    h('button', { type: 'submit' }, 'Record policy'),
  );
}

function pledgeForm(agencyId, campaigns = [], { joining = false, agency = null } = {}) {
  // One Mind first and chosen; another campaign is pledged on its own route. Joining a further
  // campaign offers only the campaigns the agency is not in, the first chosen.
  const choices = campaigns.length > 1 || joining ? campaigns.map((c) => [c.campaignId, c.title]) : null;
  const chosen = joining ? campaigns[0]?.campaignId : 'one-mind';
  return h(
    'form',
    {
      'aria-labelledby': 'pledge-h',
      onsubmit: onSubmit(async (form) => {
        const d = formData(form);
        const route =
          d.campaign && d.campaign !== 'one-mind' ? `/campaigns/${enc(d.campaign)}/pledge` : '/pledge';
        await api(`/v1/agencies/${enc(agencyId)}${route}`, {
          method: 'POST',
          body: {
            name: d.name,
            ...(d.region ? { region: d.region } : {}),
            signatory: { name: d.signatoryName, title: d.signatoryTitle },
            contact: { name: d.contactName, email: d.contactEmail },
          },
        });
        say('Pledge recorded.');
        if (joining) location.hash = `#/agency/${enc(agencyId)}/${enc(d.campaign)}`;
        else await render();
      }),
    },
    h('h2', { id: 'pledge-h' }, joining ? 'Pledge to another campaign' : 'Take the pledge'),
    choices
      ? field(
          'Campaign',
          select('campaign', choices, chosen),
          'An agency may take part in several campaigns, each with its own deadline, review and certificate.',
        )
      : null,
    field('Agency name', input('name', { required: true, maxlength: 200, value: agency?.name ?? '' })),
    field('Region (state or province code)', input('region', { maxlength: 64, value: agency?.region ?? '' })),
    field('Signatory name', input('signatoryName', { required: true, maxlength: 200 })),
    field('Signatory title', input('signatoryTitle', { required: true, maxlength: 200 })),
    field('Contact name', input('contactName', { required: true, maxlength: 200 })),
    field('Contact email', input('contactEmail', { type: 'email', required: true, maxlength: 254 })),
    h('button', { type: 'submit' }, 'Take the pledge'),
  );
}

function uncovered(o, sworn) {
  const items = o.items ?? [];
  return h(
    'section',
    { 'aria-labelledby': 'unc-h' },
    h('h2', { id: 'unc-h' }, `Officers still needing training (${items.length})`),
    items.length === 0
      ? h(
          'p',
          {},
          sworn
            ? 'Every sworn officer is covered.'
            : 'No sworn officer on the roster yet: upload the roster below.',
        )
      : table(
          'Sworn officers on the roster without a crisis or awareness class',
          ['Officer', 'Joined on', 'Classes held'],
          items
            .slice(0, 500)
            .map((x) =>
              h(
                'tr',
                {},
                h('td', {}, x.officerRef),
                h('td', {}, x.joinedOn),
                h('td', {}, (x.classes ?? []).join(', ') || 'none'),
              ),
            ),
        ),
    items.length > 500 ? h('p', { class: 'hint' }, `and ${items.length - 500} more`) : null,
  );
}

function importForm(agencyId) {
  const results = h('div', { id: 'import-results' });
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,text/csv', required: true });
  return h(
    'section',
    { 'aria-labelledby': 'imp-h' },
    h('h2', { id: 'imp-h' }, 'Upload roster or training records (CSV)'),
    h(
      'p',
      { class: 'hint' },
      'Header row: officerRef,sworn,joinedOn,separatedOn,programId,completedOn,hours. Upload the whole roster each time if you like: rows already on the roster change nothing. All rows are imported or none: the rows with errors are listed below.',
    ),
    h(
      'p',
      {},
      h('a', { href: '#', class: 'button secondary', onclick: downloadTemplate }, 'Download a CSV template'),
    ),
    programmeList(),
    h(
      'form',
      {
        onsubmit: onSubmit(async () => {
          set(results);
          const f = file.files?.[0];
          if (!f) throw new Error('choose a CSV file first');
          const text = await f.text();
          try {
            const res = await api(`/v1/agencies/${enc(agencyId)}/imports`, { method: 'POST', csv: text });
            // A monthly full export mostly repeats the roster: say what was new and what was already there.
            const parts = res.import ? Object.values(res.import).filter((p) => typeof p === 'object') : [];
            const unchanged = parts.reduce((n, p) => n + p.unchanged, 0);
            say(
              `Imported ${f.name}: ${res.events?.length ?? 0} new records` +
                (unchanged ? `, ${unchanged} already on the roster (unchanged).` : '.'),
            );
            await render();
          } catch (err) {
            if (err instanceof ApiError && Array.isArray(err.problem.errors))
              set(results, rowErrors(text, err.problem.errors));
            throw err;
          }
        }),
      },
      field('CSV file', file),
      h('button', { type: 'submit' }, 'Upload'),
    ),
    results,
  );
}

const TEMPLATE_CSV =
  'officerRef,sworn,joinedOn,separatedOn,programId,completedOn,hours\r\n' +
  'badge-0412,true,2019-06-03,,cit,2024-10-18,40\r\n' +
  'badge-0877,true,2021-01-11,,mhfa-public-safety,2025-02-07,8\r\n';
function downloadTemplate(ev) {
  ev.preventDefault();
  const url = URL.createObjectURL(new Blob([TEMPLATE_CSV], { type: 'text/csv' }));
  const a = h('a', { href: url, download: 'roster-template.csv', hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** The programme ids a CSV may name (GET /v1/training-programs): nobody should have to guess `cit`. */
function programmeList() {
  const box = h('details', { class: 'programmes' }, h('summary', {}, 'Programme ids you can use'));
  api('/v1/training-programs?status=recognized')
    .then((res) =>
      box.append(
        table(
          'Recognised training programmes',
          ['programId', 'Programme', 'Counts as'],
          (res.items ?? []).map((x) =>
            h(
              'tr',
              {},
              h('td', {}, h('code', {}, x.programId)),
              h('td', {}, x.name),
              h('td', {}, x.class === 'crisis' ? 'Crisis intervention' : 'Awareness (e.g. MHFA)'),
            ),
          ),
        ),
      ),
    )
    .catch(() => box.append(h('p', { class: 'hint' }, 'The programme list could not be loaded.')));
  return box;
}

/** The server names bad rows `row N` (N = line in the file, the header being line 1). */
function rowErrors(text, errors) {
  const lines = text.split(/\r?\n/);
  const byRow = new Map();
  for (const e of errors) {
    const m = /^row (\d+)$/.exec(e.path ?? '');
    const n = m ? Number(m[1]) : 0;
    byRow.set(n, [...(byRow.get(n) ?? []), e.message]);
  }
  const rows = [];
  const showAll = lines.length <= 200;
  for (let n = 2; n <= lines.length; n++) {
    const line = lines[n - 1];
    if (line === '' && n === lines.length) break;
    const errs = byRow.get(n);
    if (!errs && !showAll) continue;
    rows.push(
      h(
        'tr',
        { class: errs ? 'bad' : null, 'data-row': n },
        h('th', { scope: 'row' }, String(n)),
        h('td', {}, h('code', {}, line)),
        h('td', { class: errs ? 'err' : null }, errs ? errs.join('; ') : 'ok'),
      ),
    );
  }
  const other = byRow.get(0);
  return h(
    'section',
    { 'aria-labelledby': 'rows-h' },
    h('h3', { id: 'rows-h' }, `Rejected: ${errors.length} error(s), nothing was imported`),
    other
      ? h(
          'ul',
          {},
          other.map((m) => h('li', {}, m)),
        )
      : null,
    table('Rows of the file with the server’s errors next to them', ['Row', 'Content', 'Error'], rows),
  );
}

/** Submit; after a send-back, "submit again" with the agency's answer to staff's reasons (required). */
function submitForm(agencyId, answering, camp) {
  // Another campaign's agency submits on its campaign's route (the plain one means One Mind).
  const path = camp
    ? `${campaignPath(agencyId, camp)}/submission`
    : `/v1/agencies/${enc(agencyId)}/submission`;
  const title = answering ? 'Submit again for certification' : 'Submit for certification';
  return h(
    'form',
    {
      'aria-labelledby': 'sub-h',
      onsubmit: onSubmit(async (form) => {
        const note = formData(form).note;
        await api(path, { method: 'POST', body: note ? { note } : {} });
        say('Submitted for certification.');
        await render();
      }),
    },
    h('h2', { id: 'sub-h' }, title),
    answering
      ? field(
          'Your answer to IACP staff (what you changed)',
          h('textarea', { name: 'note', maxlength: 2000, required: true }),
          'Staff read it beside their reasons when they review the file again.',
        )
      : field('Note to IACP staff (optional)', h('textarea', { name: 'note', maxlength: 2000 })),
    h('button', { type: 'submit' }, title),
  );
}

async function staffPage(el, [agencyId, campaignId]) {
  const c = claims();
  if (c?.role !== 'staff') return needSignIn(el, 'IACP staff');
  if (agencyId) return staffAgency(el, agencyId, campaignId);
  const [queue, proposed, nearDeadline, certified] = await Promise.all([
    api('/v1/review-queue'),
    api('/v1/training-programs?status=proposed').then((r) => r.items),
    api('/v1/agencies?status=pledged&sort=deadline&pageSize=5'),
    api('/v1/agencies?status=certified&sort=-certifiedOn&pageSize=5'),
  ]);
  const shortList = (id, title, res, render, empty) =>
    h(
      'section',
      { 'aria-labelledby': id, class: 'dash' },
      h('h2', { id }, title),
      res.items.length === 0
        ? h('p', {}, empty)
        : h(
            'ul',
            {},
            res.items.map((a) =>
              h(
                'li',
                {},
                h('a', { href: `#/staff/${enc(a.agencyId)}` }, a.name),
                ' ',
                h('span', { class: 'hint' }, render(a)),
              ),
            ),
          ),
    );
  const listBox = h('div', {});
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const filters = h(
    'form',
    {
      role: 'search',
      'aria-label': 'Filter agencies',
      class: 'inline',
      onsubmit: onSubmit(async (form) => loadList(form, 1)),
    },
    field(
      'Status',
      select(
        'status',
        [
          ['', 'Any'],
          ...[
            'pledged',
            'submitted',
            'changes-requested',
            'certified',
            'lapsed',
            'withdrawn',
            'revoked',
            'expired',
          ].map((s) => [s, statusText(s)]),
        ],
        params.get('status') ?? '',
      ),
    ),
    field('Region', input('region', { maxlength: 64, size: 6 })),
    field('Name, id or ORI', input('q', { maxlength: 100 })),
    h('button', { type: 'submit' }, 'Filter'),
  );
  async function loadList(form, page) {
    const d = formData(form);
    const qs = new URLSearchParams({ page: String(page), pageSize: '50' });
    for (const k of ['status', 'region', 'q']) if (d[k]) qs.set(k, d[k]);
    const res = await api(`/v1/agencies?${qs}`);
    const pages = Math.max(1, Math.ceil(res.total / res.pageSize));
    set(
      listBox,
      table(
        res.total === 1 ? '1 agency' : `${res.total} agencies`,
        ['Agency', 'Region', 'Status', 'Deadline'],
        res.items.map((a) =>
          h(
            'tr',
            {},
            h(
              'td',
              {},
              h('a', { href: `#/staff/${enc(a.agencyId)}` }, a.name),
              h('br'),
              h('span', { class: 'hint' }, a.agencyId),
            ),
            h('td', {}, a.region ?? ''),
            h('td', {}, statusText(a.status)),
            h('td', {}, a.deadline ? when(a.deadline) : ''),
          ),
        ),
      ),
      pages > 1 ? pager(page, pages, (p) => loadList(form, p).catch(showError)) : null,
    );
  }
  set(
    el,
    h('h1', {}, 'IACP staff'),
    h(
      'p',
      {},
      h('a', { href: '/admin/queues', onclick: handOverBoardToken }, 'Background jobs (queue dashboard)'),
    ),
    h(
      'section',
      { 'aria-labelledby': 'q-h' },
      h('h2', { id: 'q-h' }, `Review queue (${queue.length})`),
      queue.length === 0
        ? h('p', {}, 'No submission is waiting.')
        : table(
            'Submitted agencies, oldest submission first',
            ['Agency', 'Region', 'Submitted', 'Waiting', ''],
            queue.map((a) =>
              h(
                'tr',
                {},
                h(
                  'td',
                  {},
                  a.name,
                  a.campaignId && a.campaignId !== 'one-mind'
                    ? h('span', { class: 'hint' }, ` · ${a.campaignId}`)
                    : null,
                ),
                h('td', {}, a.region ?? ''),
                h('td', {}, a.submittedAt ? when(a.submittedAt) : ''),
                h('td', {}, waiting(a.waitingDays)),
                h(
                  'td',
                  {},
                  h(
                    'a',
                    {
                      // Each campaign's submission has its own review page (issue 18 item 3).
                      href: `#/staff/${enc(a.agencyId)}${a.campaignId ? `/${enc(a.campaignId)}` : ''}`,
                      'aria-label': `Review ${a.name}${a.campaignId && a.campaignId !== 'one-mind' ? ` (${a.campaignId})` : ''}`,
                    },
                    'Review',
                  ),
                ),
              ),
            ),
          ),
    ),
    h(
      'div',
      { class: 'dash-row' },
      shortList(
        'near-h',
        'Nearest deadlines',
        nearDeadline,
        (a) => `deadline ${when(a.deadline)}`,
        'No open pledge.',
      ),
      shortList(
        'cert-h',
        'Recently certified',
        certified,
        (a) => `certified ${when(a.certifiedOn)}`,
        'None yet.',
      ),
    ),
    h('section', { 'aria-labelledby': 'l-h' }, h('h2', { id: 'l-h' }, 'Agencies'), filters, listBox),
    recognizeForm(proposed),
  );
  await loadList(filters, 1);
}

const waiting = (days) => (!days ? 'since today' : days === 1 ? '1 day' : `${days} days`);

/** The proposals waiting for recognition (GET /v1/training-programs?status=proposed): picked, not typed. */
function recognizeForm(proposed) {
  const heading = h('h2', { id: 'rec-h' }, `Proposed training programmes (${proposed.length})`);
  if (proposed.length === 0)
    return h(
      'section',
      { 'aria-labelledby': 'rec-h' },
      heading,
      h('p', {}, 'No programme is waiting for recognition.'),
    );
  return h(
    'section',
    { 'aria-labelledby': 'rec-h' },
    heading,
    table(
      'Proposed by agencies, oldest first; records against them count once recognised',
      ['Programme', 'Id', 'Class', 'Hours', 'Proposed by', 'Proposed'],
      proposed.map((p) =>
        h(
          'tr',
          {},
          h('td', {}, `${p.name} (${p.provider})`),
          h('td', {}, p.programId),
          h('td', {}, p.class),
          h('td', {}, p.hours ?? ''),
          h('td', {}, p.proposedBy ?? ''),
          h('td', {}, (p.proposedAt ?? '').slice(0, 10)),
        ),
      ),
    ),
    h(
      'form',
      {
        'aria-label': 'Recognise a proposed training programme',
        onsubmit: onSubmit(async (form) => {
          const d = formData(form);
          await api(`/v1/training-programs/${enc(d.programId)}/recognition`, {
            method: 'POST',
            body: d.note ? { note: d.note } : {},
          });
          say(`Programme ${d.programId} recognised: its training records now count.`);
          await render();
        }),
      },
      h(
        'div',
        { class: 'inline' },
        field(
          'Programme',
          select(
            'programId',
            proposed.map((p) => [p.programId, `${p.name} (${p.programId})`]),
          ),
        ),
        field('Note (optional)', input('note', { maxlength: 2000 })),
        h('button', { type: 'submit' }, 'Recognise'),
      ),
    ),
  );
}

async function staffAgency(el, agencyId, campaignId) {
  // A campaign in the path (a submission of the agency's second campaign, issue 18 item 3): its
  // view, its review page and its decision routes; the history stays the agency's.
  const v = await loadView(agencyId, campaignId);
  const base = `/v1/agencies/${enc(agencyId)}`;
  const decisions = viewBase(v);
  const detail = await api(`${decisions}/review`);
  const camp = await campaignOf(v.ruleSet);
  // The history holds what staff asked last round (a second round) and each practice's note.
  const history =
    (v.review?.round ?? 0) > 1 || (camp && practicesOf(camp).length)
      ? await api(`${base}/history`).catch(() => null)
      : null;
  // A second round: what staff asked last time, beside the agency's answer (from the history).
  const asked = (v.review?.round ?? 0) > 1 && history ? lastAsk(history, v.review.note) : null;
  const decided = async (message) => {
    say(message);
    await render();
  };
  const approve = h(
    'form',
    {
      'aria-labelledby': 'ap-h',
      onsubmit: onSubmit(async (form) => {
        const d = formData(form);
        await api(`${decisions}/review/approve`, {
          method: 'POST',
          body: {
            ...(d.effectiveOn ? { effectiveOn: d.effectiveOn } : {}),
            ...(d.note ? { note: d.note } : {}),
          },
        });
        await decided('Certification approved. The certificate and letter are being prepared.');
      }),
    },
    h('h2', { id: 'ap-h' }, 'Approve'),
    h(
      'div',
      { class: 'inline' },
      field('Effective on (optional)', input('effectiveOn', { type: 'date' })),
      field('Note (optional)', input('note', { maxlength: 2000 })),
      h('button', { type: 'submit' }, 'Approve certification'),
    ),
  );
  const decisionOf = (requirement) => v.review?.requirements?.find((q) => q.requirement === requirement);
  const decideForm = (requirement, label = requirement) => [
    // What stands now, so the form under the evidence is not mistaken for an undecided one.
    h(
      'p',
      { class: 'hint', 'data-testid': `decision-${requirement}` },
      decisionOf(requirement)?.decision
        ? `${DECISION_TEXT[decisionOf(requirement).decision]} by ${decisionOf(requirement).decidedBy}, ${when(decisionOf(requirement).decidedAt)}`
        : 'Not decided yet',
    ),
    h(
      'form',
      {
        class: 'inline',
        'aria-label': `Decide on ${label}`,
        onsubmit: onSubmit(async (form) => {
          const d = formData(form);
          await api(`${decisions}/review/requirements/${enc(requirement)}`, {
            method: 'POST',
            body: { decision: d.decision, ...(d.message ? { message: d.message } : {}) },
          });
          await decided(
            `${camp ? itemLabel(camp, requirement) : (REQUIREMENT_TEXT[requirement] ?? requirement)}: ${DECISION_TEXT[d.decision]}.`,
          );
        }),
      },
      field(
        'Decision',
        select('decision', [
          ['accepted', 'Accept'],
          ['changes-requested', 'Request changes'],
        ]),
      ),
      field('Message (required to request changes)', input('message', { maxlength: 2000 })),
      h('button', { type: 'submit' }, 'Record decision'),
    ),
  ];
  // Reasons typed here: One Mind's items and "other"; another campaign's partnership, policy and
  // training when it has them (its practices are sent back through their decisions above).
  const reasonKeys = camp
    ? [
        ...['partnership', 'policy'].filter((k) => kindsOf(camp).has(k)),
        ...(hasTraining(camp) ? ['training'] : []),
        'other',
      ]
    : ['partnership', 'policy', 'training', 'other'];
  const changes = h(
    'form',
    {
      'aria-labelledby': 'rc-h',
      onsubmit: onSubmit(async (form) => {
        const d = formData(form);
        const reasons = reasonKeys.filter((r) => d[r]).map((r) => ({ requirement: r, message: d[r] }));
        // Without reasons, the messages of the requirements at changes-requested are sent.
        await api(`${decisions}/review/request-changes`, {
          method: 'POST',
          body: reasons.length ? { reasons } : {},
        });
        await decided('Changes requested.');
      }),
    },
    h('h2', { id: 'rc-h' }, 'Request changes'),
    h(
      'p',
      { class: 'hint' },
      'Sends the submission back with the messages of the requirements at “changes requested” above, and any reason added here.',
    ),
    reasonKeys.map((r) =>
      field(`Reason: ${REQUIREMENT_TEXT[r]}`, h('textarea', { name: r, maxlength: 2000, rows: 2 })),
    ),
    h('button', { type: 'submit' }, 'Request changes'),
  );
  const extend = h(
    'form',
    {
      'aria-labelledby': 'ex-h',
      onsubmit: onSubmit(async (form) => {
        const d = formData(form);
        await api(`${decisions}/deadline-extension`, {
          method: 'POST',
          body: { newDeadline: d.newDeadline, reason: d.reason },
        });
        await decided(`Deadline extended to ${d.newDeadline}.`);
      }),
    },
    h('h2', { id: 'ex-h' }, 'Extend the deadline'),
    h(
      'div',
      { class: 'inline' },
      field('New deadline', input('newDeadline', { type: 'date', required: true })),
      field('Reason', input('reason', { required: true, maxlength: 2000 })),
      h('button', { type: 'submit' }, 'Extend deadline'),
    ),
  );
  set(
    el,
    h('p', {}, h('a', { href: '#/staff' }, '← Review queue')),
    h('h1', {}, v.name),
    summary(v, camp),
    h('p', {}, h('a', { href: `#/audit/${enc(agencyId)}` }, 'Timeline and audit')),
    reviewSection(v, camp),
    camp ? campaignRequirements(v, camp) : requirements(v),
    camp
      ? campaignEvidencePanel(
          detail,
          v,
          camp,
          v.status === 'submitted' && v.review ? decideForm : undefined,
          asked,
          practiceNotes(history),
        )
      : evidencePanel(detail, v.status === 'submitted' && v.review ? decideForm : undefined, asked),
    documents(v),
    v.status === 'submitted' ? [approve, changes] : null,
    ['pledged', 'submitted', 'changes-requested', 'lapsed'].includes(v.status) ? extend : null,
  );
  pollDocuments(v);
}

/**
 * What the agency sent, per requirement (GET …/review), beside a viewer: the records (partners and
 * their dates, policies with title and version, the roster's numbers at submission and today) and
 * each evidence document, opened in place (fetched with the token, shown from a blob: URL), and
 * while a submission waits, the decision on each requirement right under its evidence.
 */
function evidencePanel(d, decide, asked) {
  const atSub = d.evaluation?.atSubmission?.training;
  const now = d.evaluation?.today?.training ?? {};
  const numbers = (t) =>
    t ? `${t.crisisTrained} of ${t.crisisRequired} crisis-trained, ${t.covered} of ${t.sworn} covered` : '—';
  const part = (key, title, records) => evidencePart(d, { key, title, records, decide, asked });
  return h(
    'section',
    { 'aria-labelledby': 'evp-h' },
    h('h2', { id: 'evp-h' }, 'What the agency sent'),
    part('partnership', 'Partnership', partnershipRecords(d)),
    part('policy', 'Policy', policyRecords(d)),
    part('training', 'Training', h('p', {}, `At submission: ${numbers(atSub)}. Today: ${numbers(now)}.`)),
    (d.evidence?.other ?? []).length ? part('other', 'Other documents', null) : null,
  );
}
const recordList = (items, render) =>
  items.length
    ? h(
        'ul',
        {},
        items.map((x) => h('li', {}, render(x))),
      )
    : null;
const partnershipRecords = (d) =>
  recordList(
    d.partnerships ?? [],
    (x) =>
      `${x.partnerName} (${x.partnerType}), since ${when(x.establishedOn)}${x.endedOn ? `, ended ${when(x.endedOn)}` : ''}${x.activeToday ? '' : ' — not active today'}`,
  );
const policyRecords = (d) =>
  recordList(
    d.policies ?? [],
    (x) =>
      `“${x.title}”, version ${x.version}, adopted ${when(x.adoptedOn)}, in effect from ${when(x.effectiveOn)}${x.countsToday ? '' : ' — does not count today'}`,
  );

/**
 * One review item of "What the agency sent": its records, its documents (each opened in the viewer
 * beside them), what staff asked last round with the agency's answer, and the decision form.
 * `docs` overrides the documents listed (a practice shows those its record names first).
 */
function evidencePart(d, { key, title, records, decide, asked, docs: given, level = 'h3', label }) {
  const viewer = h('div', { class: 'viewer', 'data-testid': `viewer-${key}` });
  const docs = given ?? d.evidence?.[key] ?? [];
  return h(
    'article',
    { class: 'evidence-req', 'aria-labelledby': `ev-${key}`, 'data-testid': `evidence-${key}` },
    h(
      'div',
      {},
      h(level, { id: `ev-${key}` }, title),
      records,
      docs.length
        ? h(
            'ul',
            { class: 'docs' },
            docs.map((doc) =>
              h(
                'li',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'secondary',
                    onclick: () => openEvidence(d.agencyId, doc, viewer).catch(showError),
                  },
                  `Open ${doc.filename}`,
                ),
                h(
                  'span',
                  { class: 'hint' },
                  ` ${Math.ceil(doc.size / 1024)} KB, attached ${when(doc.attachedAt)} by ${doc.attachedBy}${doc.description ? ` — ${doc.description}` : ''}`,
                ),
              ),
            ),
          )
        : h('p', { class: 'hint' }, 'No document attached.'),
      asked?.reasons.has(key)
        ? h(
            'div',
            { class: 'staff-message', 'data-testid': `asked-before-${key}` },
            h(
              'p',
              {},
              h('strong', {}, 'Asked last round: '),
              asked.reasons.get(key),
              h('span', { class: 'hint' }, ` — ${asked.by}, ${when(asked.at)}`),
            ),
            h('p', {}, h('strong', {}, 'The agency answered: '), asked.answer ?? '(no note)'),
          )
        : null,
      // Judged where it is read: the decision on this requirement sits under its evidence.
      decide && key !== 'other' ? decide(key, label) : null,
    ),
    viewer,
  );
}

/**
 * "What the agency sent" for another campaign: the kinds its rule set has (partnership, policy,
 * training, documents it asks for), then each practice by focus area with the date it was
 * implemented, the agency's note (from its PracticeImplemented, in the history) and its evidence,
 * each judged on its own under it.
 */
function campaignEvidencePanel(d, v, camp, decide, asked, notes) {
  const kinds = kindsOf(camp);
  const part = (key, title, records, extra = {}) =>
    evidencePart(d, { key, title, records, decide, asked, ...extra });
  const t = d.roster;
  const byId = new Map(
    Object.values(d.evidence ?? {})
      .flat()
      .map((x) => [x.evidenceId, x]),
  );
  return h(
    'section',
    { 'aria-labelledby': 'evp-h' },
    h('h2', { id: 'evp-h' }, 'What the agency sent'),
    kinds.has('partnership') ? part('partnership', 'Partnership', partnershipRecords(d)) : null,
    kinds.has('policy') ? part('policy', 'Policy', policyRecords(d)) : null,
    hasTraining(camp)
      ? part(
          'training',
          'Training',
          h(
            'p',
            {},
            t
              ? `Today: ${t.crisisTrained} of ${t.crisisRequired} crisis-trained, ${t.covered} of ${t.sworn} covered.`
              : '—',
          ),
        )
      : null,
    camp.ruleSet.requirements
      .filter((r) => r.kind === 'evidence')
      .map((r) =>
        part(r.review ?? r.id, `Document: ${r.text}`, null, { docs: d.evidence?.[r.document] ?? [] }),
      ),
    practiceGroups(v, camp).map(([area, list]) => {
      const id = uid('area');
      return h(
        'section',
        { class: 'focus-area', 'aria-labelledby': id },
        h('h3', { id }, `${area} (${list.filter((p) => p.record.met).length} of ${list.length} in place)`),
        list.map((p) => {
          const r = p.record;
          const named = r.evidenceIds.map((e) => byId.get(e)).filter(Boolean);
          // The documents its record names first, then any other attached to the practice.
          const others = (d.evidence?.[p.id] ?? []).filter((x) => !r.evidenceIds.includes(x.evidenceId));
          const note = notes.get(p.id);
          return part(
            p.review ?? p.id,
            `${practiceTitle(p)}: ${p.text}`,
            h(
              'p',
              { 'data-testid': `practice-record-${p.id}` },
              r.implementedOn
                ? `Implemented on ${when(r.implementedOn)}${r.evidenceIds.length ? '' : ', no evidence named'}`
                : 'Not recorded yet',
              note ? [h('br'), `Note: “${note}”`] : null,
            ),
            { docs: [...named, ...others], level: 'h4', label: `practice ${p.number}` },
          );
        }),
      );
    }),
    (d.evidence?.other ?? []).length ? part('other', 'Other documents', null) : null,
  );
}

/** Each practice's latest note, from the history (the read models keep date and evidence, not the note). */
function practiceNotes(history) {
  const notes = new Map();
  for (const e of history ?? [])
    if (e.type === 'PracticeImplemented') notes.set(e.data?.practiceId, e.data?.note ?? null);
  return notes;
}

/** The last send-back of the history: when, by whom, each requirement's message; and the agency's answer. */
function lastAsk(history, answer) {
  const e = history.findLast((x) => x.type === 'CertificationChangesRequested');
  if (!e) return null;
  return {
    at: e.recordedAt,
    by: e.metadata?.actor?.sub ?? 'IACP staff',
    reasons: new Map((e.data?.reasons ?? []).map((r) => [r.requirement, r.message])),
    answer,
  };
}

async function openEvidence(agencyId, doc, viewer) {
  const res = await fetch(`/v1/agencies/${enc(agencyId)}/evidence/${enc(doc.evidenceId)}`, {
    headers: { authorization: `Bearer ${token()}` },
  });
  if (!res.ok)
    throw new ApiError(res.status, await res.json().catch(() => ({ detail: `HTTP ${res.status}` })));
  const blob = new Blob([await res.blob()], { type: doc.mediaType });
  const old = viewer.querySelector('iframe')?.src;
  const url = URL.createObjectURL(blob);
  set(
    viewer,
    h('iframe', { src: url, title: `Evidence: ${doc.filename}`, 'data-sha256': doc.sha256 }),
    h('p', { class: 'hint' }, `${doc.filename}, SHA-256 ${doc.sha256}`),
  );
  if (old) URL.revokeObjectURL(old);
}

async function auditPage(el, [agencyId]) {
  const c = claims();
  if (!c) return needSignIn(el, 'auditor or staff');
  const chooser = h(
    'form',
    {
      role: 'search',
      'aria-label': 'Open an agency',
      class: 'inline',
      onsubmit: (ev) => {
        ev.preventDefault();
        const id = formData(ev.currentTarget).agencyId;
        if (id) location.hash = `#/audit/${enc(id)}`;
      },
    },
    field(
      'Agency id',
      input('agencyId', { required: true, maxlength: 64, value: agencyId ?? c.agencyId ?? '' }),
    ),
    h('button', { type: 'submit' }, 'Open'),
  );
  if (!agencyId) {
    set(el, h('h1', {}, 'Audit'), chooser);
    return;
  }
  const base = `/v1/agencies/${enc(agencyId)}`;
  const [history, verification, words] = await Promise.all([
    api(`${base}/history`),
    api(`${base}/verification`).catch((err) => ({ error: err })),
    wordContext(),
  ]);
  const verdict = verification.error
    ? h('p', {}, `Verification not available: ${verification.error.message}`)
    : verification.valid
      ? h(
          'p',
          { class: 'verdict ok' },
          `Hash chain intact: ${verification.events} events, head hash `,
          h('code', {}, verification.headHash),
        )
      : h(
          'p',
          { class: 'verdict no' },
          `Hash chain BROKEN at revision ${verification.firstBadRevision ?? '?'}: ${verification.reason ?? ''}`,
        );
  const stateBox = h('div', { id: 'state-as-of', class: 'side-by-side' });
  const asOf = h(
    'form',
    {
      class: 'inline',
      onsubmit: onSubmit(async (form) => {
        const date = formData(form).asOf;
        // The state on that date beside today's, so what changed since reads at a glance.
        const [then, now] = await Promise.all([
          api(`${base}/state?asOf=${enc(date)}`).catch((err) => {
            if (err.status === 404) return null;
            throw err;
          }),
          api(base),
        ]);
        const [campThen, campNow] = await Promise.all([campaignOf(then?.ruleSet), campaignOf(now.ruleSet)]);
        // The state in its campaign's terms: One Mind's three requirements, or another's verdicts.
        const reqs = (x, camp) => (camp ? campaignRequirements(x, camp) : requirements(x));
        set(
          stateBox,
          h(
            'div',
            {},
            h('h3', {}, `On ${when(date)}`),
            then
              ? [summary(then, campThen), reqs(then, campThen)]
              : h('p', {}, `No pledge existed on ${when(date)}.`),
          ),
          h('div', {}, h('h3', {}, 'Today'), summary(now, campNow), reqs(now, campNow)),
        );
      }),
    },
    field('Date', input('asOf', { type: 'date', required: true })),
    h('button', { type: 'submit' }, 'Show state'),
  );
  set(
    el,
    h('h1', {}, `Audit: ${agencyId}`),
    chooser,
    h('section', { 'aria-labelledby': 'v-h' }, h('h2', { id: 'v-h' }, 'Verification'), verdict),
    h('section', { 'aria-labelledby': 's-h' }, h('h2', { id: 's-h' }, 'State as of a date'), asOf, stateBox),
    timeline(history, words),
  );
}

const TIMELINE_PAGE = 50;

/**
 * The agency's events in words, 50 to a page, filtered by event type and by the day they were
 * recorded; each row keeps its type, hash and the raw event one click away (issue 17 item 3).
 */
function timeline(history, words) {
  const types = [...new Set(history.map((e) => e.type))].sort();
  const box = h('div', {});
  const heading = h('h2', { id: 't-h' }, `Timeline (${history.length} events)`);
  const filters = h(
    'form',
    {
      role: 'search',
      'aria-label': 'Filter the timeline',
      class: 'inline',
      onchange: () => show(1),
      onsubmit: (ev) => {
        ev.preventDefault();
        show(1);
      },
    },
    field('Event type', select('type', [['', 'All events'], ...types.map((t) => [t, t])], '')),
    field('From', input('from', { type: 'date' })),
    field('To', input('to', { type: 'date' })),
  );
  function show(page) {
    const f = formData(filters);
    const hits = history.filter(
      (e) =>
        (!f.type || e.type === f.type) &&
        (!f.from || e.recordedAt.slice(0, 10) >= f.from) &&
        (!f.to || e.recordedAt.slice(0, 10) <= f.to),
    );
    const pages = Math.max(1, Math.ceil(hits.length / TIMELINE_PAGE));
    const current = Math.min(page, pages);
    const rows = hits.slice((current - 1) * TIMELINE_PAGE, current * TIMELINE_PAGE);
    set(
      box,
      h(
        'p',
        { 'aria-live': 'polite', 'data-testid': 'timeline-count' },
        `${hits.length} of ${history.length} events`,
      ),
      rows.length === 0
        ? h('p', {}, 'No event matches these filters.')
        : table(
            'Events of the agency in order',
            ['#', 'Recorded', 'What happened', 'Event', 'Hash'],
            rows.map((e) =>
              h(
                'tr',
                {},
                h('td', {}, e.revision),
                h('td', {}, h('time', { datetime: e.recordedAt }, when(e.recordedAt))),
                h(
                  'td',
                  {},
                  describeEvent(e, words),
                  h(
                    'details',
                    {},
                    h('summary', {}, 'Raw event'),
                    h('pre', { class: 'hash' }, JSON.stringify(e, null, 1)),
                  ),
                ),
                h('td', {}, h('code', {}, e.type)),
                h('td', { class: 'hash' }, e.hash),
              ),
            ),
          ),
      pages > 1 ? pager(current, pages, show) : null,
    );
  }
  show(1);
  return h('section', { 'aria-labelledby': 't-h' }, heading, filters, box);
}

/** Previous / next for a list that is already in memory. */
function pager(page, pages, go) {
  return h(
    'div',
    { class: 'pager' },
    h(
      'button',
      { type: 'button', class: 'secondary', disabled: page <= 1, onclick: () => go(page - 1) },
      'Previous page',
    ),
    h('span', {}, `Page ${page} of ${pages}`),
    h(
      'button',
      { type: 'button', class: 'secondary', disabled: page >= pages, onclick: () => go(page + 1) },
      'Next page',
    ),
  );
}

const PUBLIC_PAGE = 50;

/**
 * Pledged Agencies (issue 17 item 4): the public list, loaded once and filtered in place — search,
 * state and status apply as they change — 50 to a page, with a chart of certified agencies by
 * state. The CSV link names what it downloads: the agencies these filters show.
 */
async function publicPage(el) {
  const [items, campaigns] = await Promise.all([api('/v1/public/agencies'), api('/v1/campaigns')]);
  const campaignTitle = new Map(campaigns.map((c) => [c.campaignId, c.title]));
  const regions = [...new Set(items.map((a) => a.region).filter(Boolean))].sort();
  const listBox = h('div', {});
  const csv = h('a', { href: '/v1/public/agencies?format=csv', download: 'pledged-agencies.csv' });
  const form = h(
    'form',
    {
      role: 'search',
      'aria-label': 'Find an agency',
      class: 'inline',
      oninput: () => show(1),
      onsubmit: (ev) => {
        ev.preventDefault();
        show(1);
      },
    },
    field('Search by name', input('q', { type: 'search', maxlength: 100 })),
    field(
      'Campaign',
      select('campaign', [['', 'All campaigns'], ...campaigns.map((c) => [c.campaignId, c.title])], ''),
    ),
    field('State or region', select('region', [['', 'All'], ...regions.map((r) => [r, r])], '')),
    field(
      'Status',
      select(
        'status',
        [
          ['', 'All'],
          ['pledged', 'Pledged'],
          ['certified', 'One Mind Certified'],
        ],
        '',
      ),
    ),
  );
  function show(page) {
    const d = formData(form);
    const needle = (d.q ?? '').toLowerCase();
    const shown = items.filter(
      (a) =>
        (!d.status || a.status === d.status) &&
        (!d.campaign || a.campaign === d.campaign) &&
        (!d.region || a.region === d.region) &&
        (!needle || `${a.name} ${a.agencyId}`.toLowerCase().includes(needle)),
    );
    const qs = new URLSearchParams();
    if (d.status) qs.set('status', d.status);
    if (d.region) qs.set('region', d.region);
    if (d.campaign) qs.set('campaign', d.campaign);
    qs.set('format', 'csv');
    csv.href = `/v1/public/agencies?${qs}`;
    // The server's CSV filters by status and state, not by the search words: say which it is.
    set(
      csv,
      d.status || d.region || d.campaign
        ? `Download the ${d.status === 'certified' ? 'certified' : d.status || 'listed'} agencies${d.campaign ? ` of ${campaignTitle.get(d.campaign)}` : ''}${d.region ? ` in ${d.region}` : ''} as CSV`
        : 'Download all agencies as CSV',
    );
    const pages = Math.max(1, Math.ceil(shown.length / PUBLIC_PAGE));
    const current = Math.min(page, pages);
    set(
      listBox,
      h(
        'p',
        { 'aria-live': 'polite', 'data-testid': 'public-count' },
        `${shown.length} of ${items.length} agencies`,
      ),
      shown.length === 0
        ? h('p', {}, 'No agency matches. Try fewer words or another state.')
        : table(
            'Pledged and certified agencies',
            ['Agency', 'Campaign', 'State or region', 'Country', 'Status', 'Pledged on', 'Certified on'],
            shown
              .slice((current - 1) * PUBLIC_PAGE, current * PUBLIC_PAGE)
              .map((a) =>
                h(
                  'tr',
                  {},
                  h('td', {}, a.name),
                  h('td', {}, campaignTitle.get(a.campaign) ?? a.campaign ?? ''),
                  h('td', {}, a.region ?? ''),
                  h('td', {}, a.country ?? ''),
                  h(
                    'td',
                    {},
                    a.status !== 'certified'
                      ? 'Pledged'
                      : a.campaign === 'one-mind'
                        ? 'One Mind Certified'
                        : 'Certified',
                  ),
                  h('td', {}, when(a.pledgedOn)),
                  h('td', {}, a.certifiedOn ? when(a.certifiedOn) : ''),
                ),
              ),
          ),
      pages > 1 ? pager(current, pages, show) : null,
    );
  }
  set(
    el,
    h('h1', {}, 'Pledged Agencies'),
    h('p', {}, 'Law-enforcement agencies that took the One Mind pledge, and those certified.'),
    certifiedByState(items),
    form,
    h('p', {}, csv),
    listBox,
  );
  show(1);
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/** Certified agencies per state, the ten largest, as a bar chart drawn in SVG (no library needed). */
function certifiedByState(items) {
  const counts = new Map();
  for (const a of items)
    if (a.status === 'certified') counts.set(a.region ?? '—', (counts.get(a.region ?? '—') ?? 0) + 1);
  const top = [...counts].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).slice(0, 10);
  const total = [...counts.values()].reduce((n, c) => n + c, 0);
  const caption = h(
    'figcaption',
    {},
    `Certified agencies by state (${total} in all${counts.size > 10 ? ', the ten states with most' : ''})`,
  );
  if (top.length === 0)
    return h('figure', { class: 'chart' }, caption, h('p', {}, 'No agency is certified yet.'));
  const max = top[0][1];
  const row = 26;
  const chart = svg(
    'svg',
    {
      viewBox: `0 0 400 ${top.length * row}`,
      role: 'img',
      'aria-label': top.map(([r, n]) => `${r}: ${n}`).join(', '),
      class: 'bars',
    },
    ...top.map(([region, n], i) =>
      svg(
        'g',
        { transform: `translate(0 ${i * row})`, 'data-region': region },
        svg('text', { x: 0, y: 17, class: 'label' }, region),
        svg('rect', {
          x: 60,
          y: 4,
          height: 18,
          width: Math.max(2, Math.round((280 * n) / max)),
          class: 'bar',
        }),
        svg('text', { x: 66 + Math.max(2, Math.round((280 * n) / max)), y: 17, class: 'value' }, n),
      ),
    ),
  );
  return h('figure', { class: 'chart' }, caption, chart);
}

/**
 * Certificate verification by number and code. Opened with both in the URL (the agency's "check it
 * as the public would" link), the check runs at once; a valid answer links the human page the QR
 * code opens (`/verify/{number}?code=…`), the one to share.
 */
async function verifyPage(el) {
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const result = h('div', { id: 'verify-result' });
  async function check(number, code) {
    set(result, h('p', {}, 'Checking…'));
    let r;
    try {
      r = await api(`/v1/public/certificates/${enc(number)}?code=${enc(code)}`);
    } catch (err) {
      if (err.status !== 404) throw err;
      set(result, h('p', { class: 'verdict no' }, 'No certificate has this number and verification code.'));
      return;
    }
    const page = `/verify/${enc(number)}?code=${enc(code)}`;
    set(
      result,
      h(
        'p',
        { class: `verdict ${r.valid ? 'ok' : 'no'}` },
        r.valid ? 'Valid certificate' : r.revoked ? 'This certificate was revoked' : 'Not valid',
      ),
      facts([
        ['Agency', r.agencyName],
        ['Certificate number', r.number ?? number],
        ['Certified since', when(r.effectiveOn)],
        ['Document SHA-256', h('code', {}, r.sha256 ?? '—')],
      ]),
      h(
        'p',
        {},
        h('a', { href: page }, 'Open the verification page to share'),
        h('span', { class: 'hint' }, ' (the page the certificate’s QR code opens)'),
      ),
    );
  }
  const form = h(
    'form',
    {
      'aria-labelledby': 'vf-h',
      onsubmit: onSubmit(async (f) => {
        const d = formData(f);
        await check(d.number, d.code);
      }),
    },
    h('h2', { id: 'vf-h', class: 'hint' }, 'Both are printed on the certificate.'),
    field(
      'Certificate number',
      input('number', { required: true, maxlength: 128, value: params.get('number') ?? '' }),
    ),
    field(
      'Verification code',
      input('code', { required: true, maxlength: 64, autocomplete: 'off', value: params.get('code') ?? '' }),
    ),
    h('button', { type: 'submit' }, 'Verify'),
  );
  set(el, h('h1', {}, 'Verify a certificate'), form, h('section', { 'aria-live': 'polite' }, result));
  if (params.get('number') && params.get('code')) await check(params.get('number'), params.get('code'));
}

// ---- routing -----------------------------------------------------------------------------------
const ROUTES = {
  'sign-in': { title: 'Sign in', page: signInPage },
  agency: { title: 'My agency', page: agencyPage, roles: ['agency'] },
  staff: { title: 'Review', page: staffPage, roles: ['staff'] },
  audit: { title: 'Audit', page: auditPage, roles: ['staff', 'auditor'] },
  public: { title: 'Pledged Agencies', page: publicPage },
  verify: { title: 'Verify a certificate', page: verifyPage },
};
const NAV = ['agency', 'staff', 'audit', 'public', 'verify', 'sign-in'];

function renderNav(current) {
  const c = claims();
  document
    .getElementById('nav')
    .replaceChildren(
      ...NAV.filter((n) => !ROUTES[n].roles || ROUTES[n].roles.includes(c?.role)).map((n) =>
        h(
          'li',
          {},
          h(
            'a',
            { href: `#/${n}`, 'aria-current': n === current ? 'page' : null },
            n === 'sign-in' && c ? `Account (${c.sub})` : ROUTES[n].title,
          ),
        ),
      ),
    );
}

let renders = 0;
async function render() {
  const hash = location.hash;
  if (hash && !hash.startsWith('#/')) return; // e.g. the skip link's #main
  if (!hash) {
    location.replace(home(claims()));
    return;
  }
  const [path] = hash.slice(2).split('?');
  const [name, ...rest] = path.split('/').map((s) => decodeURIComponent(s));
  const route = ROUTES[name];
  renderNav(name);
  const el = main();
  if (!route) {
    set(el, h('h1', {}, 'Not found'), h('p', {}, h('a', { href: home(claims()) }, 'Go to the start page')));
    return;
  }
  document.title = `${route.title} · One Mind console`;
  el.setAttribute('aria-busy', 'true');
  const mine = ++renders;
  try {
    await route.page(el, rest.filter(Boolean));
  } catch (err) {
    if (mine === renders) {
      if (err instanceof ApiError && err.status === 401) {
        signOut();
        renderNav(name);
      }
      set(el, h('h1', {}, route.title));
      showError(err);
    }
  } finally {
    el.removeAttribute('aria-busy');
  }
  if (mine > 1) el.querySelector('h1')?.setAttribute('tabindex', '-1');
  if (mine > 1) el.querySelector('h1')?.focus();
}

// The skip link moves focus to the content without touching the hash (which holds the route).
document.getElementById('skip')?.addEventListener('click', (ev) => {
  ev.preventDefault();
  main().focus();
});
window.addEventListener('hashchange', () => {
  clearMessages();
  render();
});
render();
