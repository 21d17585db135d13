import { buildHostApp } from './app.js';

const app = await buildHostApp({ LOG_LEVEL: 'info', RECOGNIZER: 'pocketsphinx', ...process.env });
await app.listen({ port: Number(process.env['PORT'] ?? 3100), host: '127.0.0.1' });
