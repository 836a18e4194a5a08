import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The HTTP types every controller, guard and filter uses: Fastify's (ADR 0007). One alias, so a
 * module says what it needs (a request, a reply) rather than which framework provides it.
 */
export type HttpRequest = FastifyRequest;
export type HttpReply = FastifyReply;
