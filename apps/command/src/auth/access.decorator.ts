import { SetMetadata } from '@nestjs/common';
import type { TokenRole } from '#auth';

/**
 * Authorisation as data: every route declares who may call it. The guard refuses a route without
 * a rule, and the matrix test (G7) is generated from these declarations.
 */
export type AccessRule =
  | { public: true }
  | {
      roles: readonly TokenRole[];
      /**
       * An agency token may only touch the agency named by the route's `:agencyId`. Enforced on
       * every route with an `:agencyId` unless set to `false` explicitly (security edit: fail closed).
       */
      ownAgency?: boolean;
    };

export const ACCESS_RULE = 'onemind:access-rule';
export const Access = (rule: AccessRule) => SetMetadata(ACCESS_RULE, rule);
export const Public = () => Access({ public: true });
