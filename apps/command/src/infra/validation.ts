import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException, problem } from './problem.js';

export function flatten(errors: ValidationError[], parent = ''): { path: string; message: string }[] {
  return errors.flatMap((e) => {
    const path = parent
      ? /^\d+$/.test(e.property)
        ? `${parent}[${e.property}]`
        : `${parent}.${e.property}`
      : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** class-validator's options for every body, also for rows validated one by one (bulk pledges). */
export const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

/** Unknown fields are refused, nested objects validated, every bad field named (G8). */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => {
      const list = flatten(errors).slice(0, 100);
      return new ProblemException(
        problem(
          400,
          `${list.length} invalid field(s): ${list
            .slice(0, 3)
            .map((e) => e.path)
            .join(', ')}`,
          { errors: list },
        ),
      );
    },
  });
}
