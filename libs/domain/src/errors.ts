/**
 * A business rule said no. `code` is stable (clients switch on it); `errors` lists the unmet
 * requirements or the bad records. No HTTP here: the domain runs in workers and jobs too, and
 * the command app maps codes to statuses at its edge (apps/command/src/infra/problem-codes.ts).
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errors: { path: string; message: string; code?: string }[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const rejectIf = (
  condition: boolean,
  code: string,
  message: string,
  errors?: { path: string; message: string }[],
): void => {
  if (condition) throw new DomainError(code, message, errors);
};
