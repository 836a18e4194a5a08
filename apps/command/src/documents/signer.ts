import { readFile } from 'node:fs/promises';
import type { DocumentsConfig } from '#config';
import { foldStored, holderOn, officeHoldersDecider } from '#domain';
import type { EventStore } from '#event-store';
import { OFFICE_HOLDERS_STREAM } from '#events';
import type { DocumentArt, Signer } from './pdf.js';

/**
 * Who signs a document approved on `approvedOn` (DOMAIN.md "Who signs"): the IACP President of that
 * day from the office-holders stream, so a regenerated 2022 certificate names the 2022 president.
 * Before any recorded appointment: the configured neutral stand-in. The configured signature image
 * is today's President's, so it goes only on documents today's President signs.
 */
export async function signerFor(
  store: EventStore,
  config: DocumentsConfig,
  approvedOn: string,
  today: string,
): Promise<Signer> {
  const holders = foldStored(officeHoldersDecider, await store.readStream(OFFICE_HOLDERS_STREAM));
  const then = holderOn(holders, 'iacp-president', approvedOn);
  const signer = then
    ? { name: then.name, title: then.title }
    : { name: config.presidentName, title: config.presidentTitle };
  const ownSignature = then === holderOn(holders, 'iacp-president', today);
  if (!config.signatureImage || !ownSignature) return signer;
  return { ...signer, signature: await readFile(config.signatureImage) };
}

/** The configured seal and campaign mark, read for each document (a replaced file takes effect at once). */
export async function documentArt(config: DocumentsConfig): Promise<DocumentArt> {
  const [seal, mark] = await Promise.all(
    [config.sealImage, config.campaignMarkImage].map((f) => (f ? readFile(f) : undefined)),
  );
  return { seal, mark };
}
