import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';
import { findCampaign, findRuleSet, isInputDate, knownCampaigns } from '#domain';
import { hasControlChars } from './control-chars.js';

/** A real calendar date `YYYY-MM-DD` (2025-02-30 is refused), between 1900 and 2200. */
export function IsCalendarDate(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (v: unknown) => typeof v === 'string' && isInputDate(v),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a real calendar date YYYY-MM-DD`,
          options,
        ),
      },
    },
    options,
  );
}

/**
 * At most `places` decimal places. Security fix (G8 fuzz): class-validator's
 * `IsNumber({ maxDecimalPlaces })` throws a TypeError on numbers JSON writes in exponent form
 * (`-1e-308`), which answered 500; this one refuses them with a 400 like any other bad value.
 */
export function MaxDecimalPlaces(places: number, options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'maxDecimalPlaces',
      validator: {
        validate: (v: unknown) =>
          typeof v === 'number' && Number.isFinite(v) && Number(v.toFixed(places)) === v,
        defaultMessage: buildMessage(
          (each) => `${each}$property must have at most ${places} decimal places`,
          options,
        ),
      },
    },
    options,
  );
}

/**
 * ISO 3166-1 alpha-2 codes are stored upper case (`us` → `US`), so filters and exports see one
 * spelling; accepted rather than refused because `us` is unambiguous and clients already send it.
 * ASCII letters only: `'ı'.toUpperCase()` is `I`, and `ıe` must not become Ireland.
 */
export const upperCaseCountry = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^[a-z]{2}$/i.test(value) ? value.toUpperCase() : value;

/**
 * No C0/C1 control characters (G8); `multiline` texts (notes, reasons) keep tab, LF and CR.
 * Every string field of a DTO carries it: the DTO-bounds test fails the build on one without.
 */
export function NoControlChars(options?: ValidationOptions & { multiline?: boolean }) {
  const multiline = options?.multiline ?? false;
  return ValidateBy(
    {
      name: 'noControlChars',
      constraints: [multiline],
      validator: {
        validate: (v: unknown) => typeof v !== 'string' || !hasControlChars(v, multiline),
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must not contain control characters (U+0000–U+001F, U+007F–U+009F${multiline ? ' other than tab and line breaks' : ''})`,
          options,
        ),
      },
    },
    options,
  );
}

/**
 * A campaign or rule-set id the engine knows at the time of the request: built in or published by
 * staff (campaigns/registry.ts), so not a fixed list. The message names the ones known now.
 */
export function IsKnownCampaign(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isKnownCampaign',
      validator: {
        validate: (v: unknown) => typeof v === 'string' && findCampaign(v) !== undefined,
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be one of ${knownCampaigns()
              .map((c) => c.campaignId)
              .join(', ')}`,
          options,
        ),
      },
    },
    options,
  );
}

export function IsKnownRuleSet(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isKnownRuleSet',
      validator: {
        validate: (v: unknown) => typeof v === 'string' && findRuleSet(v) !== undefined,
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be one of ${knownCampaigns()
              .flatMap((c) => c.ruleSets.map((r) => r.id))
              .join(', ')}`,
          options,
        ),
      },
    },
    options,
  );
}
