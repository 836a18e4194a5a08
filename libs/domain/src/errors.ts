/**
 * A business rule said no. `code` is stable (clients switch on it); `errors` lists the unmet
 * requirements or the bad records. Maps to 422 (404 when the thing named does not exist, 403 when
 * the caller may not do this particular variant of an otherwise allowed command).
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errors: { path: string; message: string; code?: string }[] = [],
    readonly status: 403 | 404 | 409 | 422 = 422,
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
