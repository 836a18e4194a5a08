import 'reflect-metadata';
import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { validateSync, type ValidatorOptions } from 'class-validator';
import { TakePledgeRequest } from '../apps/command/src/agency/take-pledge.request.js';
import { RecordTrainingRequest } from '../apps/command/src/agency/roster.requests.js';
import { createValidationPipe, VALIDATOR_OPTIONS } from '../apps/command/src/infra/validation.js';
import { pledgeBody } from './lib/http.js';

/**
 * `node dist/bench/validation-cost.js`: what the body validation of P1's two main commands costs
 * per request, in process (no HTTP), with the app's pipe (class-transformer + class-validator's
 * async `validate`) and with the same pipe on `validateSync` (issue 15, item 3: is validation worth
 * compiling?). Prints µs per body; several rounds, because a shared machine moves each round.
 */
class SyncValidationPipe extends ValidationPipe {
  protected override validate(object: object, options?: ValidatorOptions) {
    return validateSync(object, options);
  }
}

const N = 20_000;
const pipes: [string, ValidationPipe][] = [
  ['app pipe (async validate)', createValidationPipe()],
  ['validateSync', new SyncValidationPipe({ ...VALIDATOR_OPTIONS, transform: true })],
];
const bodies: [string, ArgumentMetadata['metatype'], (i: number) => unknown][] = [
  [
    'pledge',
    TakePledgeRequest,
    (i) => pledgeBody({ name: `Agency ${i}`, ori: `TX${String(i).padStart(7, '0')}`, type: 'municipal' }),
  ],
  [
    'training (1 record)',
    RecordTrainingRequest,
    (i) => ({ records: [{ officerRef: `o-${i}`, programId: 'cit', completedOn: '2025-05-20', hours: 40 }] }),
  ],
];

async function perBody(
  pipe: ValidationPipe,
  metatype: ArgumentMetadata['metatype'],
  make: (i: number) => unknown,
) {
  const meta: ArgumentMetadata = { type: 'body', metatype, data: undefined };
  for (let i = 0; i < 2_000; i++) await pipe.transform(make(i), meta);
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await pipe.transform(make(i), meta);
  return ((performance.now() - t0) * 1000) / N;
}

for (let round = 1; round <= 3; round++)
  for (const [pipeName, pipe] of pipes)
    for (const [bodyName, metatype, make] of bodies)
      console.log(
        `round ${round} ${pipeName.padEnd(26)} ${bodyName.padEnd(20)} ${(await perBody(pipe, metatype, make)).toFixed(1)} µs`,
      );
