/**
 * A valid, minimal request for every write route (keyed like the route matrix). The matrix test
 * sends it for each role, the actor test sends it once as a real principal, and the fuzzer
 * mutates it. A write route without a sample fails the fuzz test: add one here.
 */
import { thirdCampaignData } from '#testing';
import { MULTIPART_TYPE, SAMPLE_PARTS, multipartBody } from './multipart.js';

export interface WriteSample {
  body: Record<string, unknown> | string;
  contentType?: string;
}

export const today = new Date().toISOString().slice(0, 10);

export const PLEDGE_BODY = {
  name: 'Matrix Police Department',
  signatory: { name: 'Pat Chief', title: 'Chief of Police' },
  contact: { name: 'Sam Liaison', email: 'onemind@matrix.example' },
};

export const ROSTER_CSV =
  'officerRef,sworn,joinedOn,separatedOn,programId,completedOn,hours\ncsv-0001,true,2020-01-01,,,,\ncsv-0001,,,,cit,2024-05-01,40\n';

export const WRITE_SAMPLES: Record<string, WriteSample> = {
  'POST /v1/agencies/:agencyId/evidence': { body: multipartBody(SAMPLE_PARTS), contentType: MULTIPART_TYPE },
  'POST /v1/agencies/:agencyId/pledge': { body: PLEDGE_BODY },
  'POST /v1/pledges/bulk': {
    body: { rows: [{ ...PLEDGE_BODY, agencyId: 'bulk-sample-pd', idempotencyKey: 'bulk-sample-1' }] },
  },
  'POST /v1/agencies/:agencyId/partnerships': {
    body: { partnerName: 'County MHMR', partnerType: 'community-mental-health', establishedOn: today },
  },
  'POST /v1/agencies/:agencyId/partnerships/:partnershipId/end': {
    body: { endedOn: today, reason: 'agreement expired' },
  },
  'POST /v1/agencies/:agencyId/policies': {
    body: {
      title: 'Crisis response',
      version: '1',
      adoptedOn: today,
      effectiveOn: today,
      basedOnIacpModel: true,
    },
  },
  'POST /v1/agencies/:agencyId/officers': {
    body: { officers: [{ officerRef: 'o-0001', joinedOn: '2020-01-01' }] },
  },
  'POST /v1/agencies/:agencyId/officers/separations': {
    body: { officers: [{ officerRef: 'o-0001', separatedOn: today }] },
  },
  'POST /v1/agencies/:agencyId/trainings': {
    body: { records: [{ officerRef: 'o-0001', programId: 'cit', completedOn: today, hours: 40 }] },
  },
  'POST /v1/agencies/:agencyId/imports': { body: ROSTER_CSV, contentType: 'text/csv' },
  'POST /v1/agencies/:agencyId/submission': { body: { note: 'ready' } },
  'POST /v1/agencies/:agencyId/recertification': { body: { note: 'three years on' } },
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/pledge': { body: PLEDGE_BODY },
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/submission': { body: { note: 'ready' } },
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/recertification': { body: { note: 'three years on' } },
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/practices/:practiceId': {
    body: { implementedOn: today, note: 'in place' },
  },
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/historic-certification': {
    body: {
      ...PLEDGE_BODY,
      ruleSet: 'one-mind-2016',
      pledgedOn: '2017-03-01',
      submittedOn: '2018-02-10',
      effectiveOn: '2018-04-01',
      note: 'migrated from the 2016–2024 list',
    },
  },
  'POST /v1/agencies/:agencyId/review/requirements/:requirement': {
    body: { decision: 'changes-requested', message: 'attach the signed policy' },
  },
  'POST /v1/agencies/:agencyId/review/request-changes': {
    body: { reasons: [{ requirement: 'training', message: 'more crisis training' }] },
  },
  'POST /v1/agencies/:agencyId/review/approve': { body: { note: 'approved' } },
  'POST /v1/agencies/:agencyId/deadline-extension': {
    body: { newDeadline: '2031-01-15', reason: 'staffing' },
  },
  'POST /v1/agencies/:agencyId/withdrawal': { body: { reason: 'new chief' } },
  'POST /v1/agencies/:agencyId/certification/revoke': { body: { reason: 'misconduct' } },
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/review/requirements/:requirement': {
    body: { decision: 'changes-requested', message: 'attach the signed policy' },
  },
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/review/request-changes': {
    body: { reasons: [{ requirement: 'training', message: 'more crisis training' }] },
  },
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/review/approve': { body: { note: 'approved' } },
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/deadline-extension': {
    body: { newDeadline: '2031-01-15', reason: 'staffing' },
  },
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/withdrawal': { body: { reason: 'new chief' } },
  'POST /v1/agencies/:agencyId/campaigns/:campaignId/certification/revoke': {
    body: { reason: 'misconduct' },
  },
  'POST /v1/training-programs': {
    body: {
      programId: 'sample-crisis',
      name: 'Sample crisis course',
      provider: 'State academy',
      class: 'crisis',
      hours: 40,
    },
  },
  'POST /v1/training-programs/:programId/recognition': { body: { note: 'equivalent' } },
  // The third campaign of the domain's tests: mutations of it reach the strict campaign check.
  'POST /v1/campaigns': {
    body: thirdCampaignData(),
  },
  'POST /v1/office-holders': {
    body: {
      office: 'iacp-president',
      name: 'Chief Sample Holder',
      title: 'President, International Association of Chiefs of Police',
      from: '2025-10-21',
    },
  },
};
