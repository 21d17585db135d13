// Worker threads do not inherit tsx's loader from the server process: load the TypeScript worker through tsx.
import { tsImport } from 'tsx/esm/api';

await tsImport('./decoder-worker.ts', import.meta.url);
