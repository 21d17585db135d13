import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { BUNDLE_STATIC } from '../plugins/bundle-files.js';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** Serves the demo page at `/` and the built components at `/components/dictation-bar.js`. */
const staticRoutes: FastifyPluginAsync = async (app) => {
  await app.register(fastifyStatic, { root: root('demo'), prefix: '/', index: 'index.html' });
  await app.register(fastifyStatic, { ...BUNDLE_STATIC, prefix: '/components/', decorateReply: false });
};

export default staticRoutes;
