import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';
import { isCalendarDate } from '../../../../libs/domain/src/index.js';

/** A real calendar date `YYYY-MM-DD` (2025-02-30 is refused), between 1900 and 2200. */
export function IsCalendarDate(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (v: unknown) => typeof v === 'string' && isCalendarDate(v) && v >= '1900-01-01' && v <= '2200-12-31',
        defaultMessage: buildMessage((each) => `${each}$property must be a real calendar date YYYY-MM-DD`, options),
      },
    },
    options,
  );
}
