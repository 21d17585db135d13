import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { BUNDLE_STATIC } from '../plugins/bundle-files.js';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** Serves the demo page at `/` and the built components at `/components/dictation-bar.js`. */
const staticRoutes: FastifyPluginAsync = async (app) => {
  await app.register(fastifyStatic, { root: root('demo'), prefix: '/', index: 'index.html' });
  await app.register(fastifyStatic, { ...BUNDLE_STATIC, prefix: '/components/', decorateReply: false });
  // The demo's rich-text example (CKEditor 5's browser build), when the devDependencies are installed.
  const ckeditor = root('node_modules/ckeditor5/dist/browser');
  if (existsSync(ckeditor)) {
    await app.register(fastifyStatic, { root: ckeditor, prefix: '/vendor/ckeditor5/', decorateReply: false, allowedPath: (path) => /^\/?ckeditor5\.(js|css)$/.test(path) });
  }
};

export default staticRoutes;
