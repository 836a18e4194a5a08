import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import type { Principal } from '#auth';
import type { CommandOutcome } from '../infra/handle-command.js';
import { writeMetaFrom } from '../infra/write-request.js';
import { sendWriteResult } from '../infra/write-response.js';
import { ExecuteAgencyCommand, type AgencyRequest } from './agency-command.handler.js';

/** The shared tail of every agency write endpoint: headers → command bus → API.md's answer. */
@Injectable()
export class AgencyWrites {
  constructor(private readonly commands: CommandBus) {}

  async run(
    req: Request,
    res: Response,
    principal: Principal,
    agencyId: string,
    command: AgencyRequest,
    body: unknown = req.body,
    /** Fields a route adds to the answer (the CSV import's counts). */
    extra?: (outcome: CommandOutcome) => Record<string, unknown>,
  ): Promise<void> {
    const meta = writeMetaFrom(req, principal, body);
    const outcome = await this.commands.execute(new ExecuteAgencyCommand(agencyId, command, meta));
    sendWriteResult(res, outcome, extra?.(outcome));
  }
}
