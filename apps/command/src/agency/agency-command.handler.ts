import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  agencyDecider,
  catalogueDecider,
  decideRosterImport,
  type AgencyCommand,
  type AgencyDecisionContext,
  type AgencyState,
  type Decider,
  type RosterImport,
  UnknownRuleSetError,
} from '#domain';
import type { AgencyEvent } from '#events';
import type { EventStore } from '#event-store';
import { PROGRAM_CATALOGUE_STREAM, agencyIdClaim, agencyStream, certificateNumberClaim } from '#events';
import { CampaignsRefresh } from '../infra/campaigns-refresh.js';
import { handleCommand, loadState, type CommandOutcome } from '../infra/handle-command.js';
import { StateCache } from '../infra/state-cache.js';
import type { Config } from '#config';
import { CLOCK, CONFIG, EVENT_STORE, type Clock } from '../infra/tokens.js';
import { commandRequestBasics, type WriteMeta } from '../infra/write-request.js';

/** A whole CSV roster import, decided as one command so that it is all rows or none. */
export interface ImportRoster {
  type: 'ImportRoster';
  data: RosterImport;
}
export type AgencyRequest = AgencyCommand | ImportRoster;

const engineDecider: Decider<AgencyRequest, AgencyEvent, AgencyState, AgencyDecisionContext> = {
  ...agencyDecider,
  decide: (c, s, ctx) =>
    c.type === 'ImportRoster' ? decideRosterImport(c.data, s, ctx) : agencyDecider.decide(c, s, ctx),
};

/** Dispatched by controllers and by BullMQ workers alike: one path into the agency streams. */
export class ExecuteAgencyCommand extends Command<CommandOutcome> {
  constructor(
    readonly agencyId: string,
    readonly command: AgencyRequest,
    readonly meta: WriteMeta,
  ) {
    super();
  }
}

/** Verification codes: 10 characters from an alphabet without look-alikes (0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export function randomVerificationCode(length = 10): string {
  return Array.from(randomBytes(length), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

/** The state cache's key for an agency's folded state (also filled by the start-up warm-up). */
export const agencyCacheKey = (agencyId: string): string => `agency:${agencyId}`;

/** Shared with the catalogue's own command handler, which keeps the same cached state current. */
export const CATALOGUE_CACHE_KEY = 'catalogue';

const givenNumberClaim = (c: AgencyRequest): string[] =>
  c.type === 'RecordHistoricCertification' && c.data.certificateNumber
    ? [certificateNumberClaim(c.data.certificateNumber)]
    : [];

@CommandHandler(ExecuteAgencyCommand)
export class AgencyCommandHandler implements ICommandHandler<ExecuteAgencyCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly cache: StateCache,
    @Inject(CONFIG) private readonly config: Config,
    private readonly campaigns: CampaignsRefresh,
  ) {}

  /**
   * A stream or command naming a rule set this process has not learnt yet (another instance
   * published it a moment ago) refreshes the campaigns and is decided again, once: nothing was
   * appended, the failure came before the decision.
   */
  async execute(request: ExecuteAgencyCommand): Promise<CommandOutcome> {
    try {
      return await this.decide(request);
    } catch (error) {
      if (!(error instanceof UnknownRuleSetError) || (await this.campaigns.refresh()) === 0) throw error;
      return this.decide(request);
    }
  }

  private decide({ agencyId, command, meta }: ExecuteAgencyCommand): Promise<CommandOutcome> {
    const { principal } = meta;
    return handleCommand(this.store, {
      streamId: agencyStream(agencyId),
      decider: engineDecider,
      command,
      context: async () => ({
        now: this.clock.now(),
        actor: principal,
        random: { id: randomUUID, verificationCode: () => randomVerificationCode() },
        catalogue: await this.catalogue(),
        fourEyes: this.config.review.fourEyes,
      }),
      ...commandRequestBasics(meta, this.clock),
      // API.md: two agency ids that differ only in letter case may not both exist.
      // A migrated certificate's given number belongs to one agency (it always creates the stream).
      claimsOnCreate: [agencyIdClaim(agencyId), ...givenNumberClaim(command)],
      cache: { store: this.cache, key: agencyCacheKey(agencyId) },
    });
  }

  private async catalogue() {
    const loaded = await loadState(this.store, {
      streamId: PROGRAM_CATALOGUE_STREAM,
      decider: catalogueDecider,
      cache: { store: this.cache, key: CATALOGUE_CACHE_KEY },
    });
    return loaded.state;
  }
}
