import type { FastifyPluginAsync } from 'fastify';

/**
 * `GET <prefix>/health`: 204 while the process answers (for a load balancer), and readable by any page: a page whose
 * own requests fail asks it in `no-cors` mode to tell "the service refuses my origin" from "the service is down".
 * It carries nothing, so any origin may see that it exists.
 */
const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/health', { schema: { response: { 204: { type: 'null' } } } }, async (_request, reply) =>
    reply.code(204).header('cross-origin-resource-policy', 'cross-origin').send(),
  );
};

export default healthRoutes;
