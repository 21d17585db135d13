import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { checkAutoTextName, checkVocabularyEntry, ErrorCode, parseAutoText, type VocabularyEntry } from '../../protocol/index.js';
import type { ContentConfig } from '../config.js';
import { ContentLimitError, type ContentStore, type Owner } from '../content/index.js';
import { AppError } from '../errors.js';

export interface ContentRoutesOptions {
  store: ContentStore;
  limits: ContentConfig['limits'];
}

const wordSchema = {
  body: {
    type: 'object',
    required: ['phrase'],
    additionalProperties: false,
    properties: { phrase: { type: 'string', maxLength: 200 }, soundsLike: { type: 'string', maxLength: 200 }, phones: { type: 'string', maxLength: 400 } },
  },
} as const;

const autoTextSchema = {
  body: {
    type: 'object',
    required: ['name', 'body'],
    additionalProperties: false,
    properties: { name: { type: 'string', maxLength: 200 }, body: { type: 'string', maxLength: 10000 } },
  },
} as const;

/**
 * `<prefix>/vocabulary`, `<prefix>/auto-texts`: a clinician's own words and auto-texts (issue 24). Every change is
 * checked as the bar's panel checks it (protocol/) and refused with the reason, changing nothing; a full list is
 * 409 LIMIT_REACHED.
 */
const contentRoutes: FastifyPluginAsync<ContentRoutesOptions> = async (app, { store, limits }) => {
  const { checkOrigin, requireSession } = app.dictation;
  const own = (request: FastifyRequest): Owner => ({ kind: 'user', id: request.dictationSession!.user });
  const guarded = async <T>(write: () => Promise<T>): Promise<T> => {
    try {
      return await write();
    } catch (err) {
      if (err instanceof ContentLimitError) throw new AppError(409, ErrorCode.LimitReached, `This list is full: ${err.message}. Remove some first.`);
      throw err;
    }
  };
  const invalid = (problem: string) => new AppError(400, ErrorCode.ValidationError, problem.charAt(0).toUpperCase() + problem.slice(1) + '.');

  app.get('/vocabulary', { preHandler: requireSession }, async (request) => ({ words: await store.words(own(request)) }));

  app.put<{ Body: VocabularyEntry }>('/vocabulary/words', { schema: wordSchema, preHandler: [checkOrigin, requireSession] }, async (request) => {
    const problem = checkVocabularyEntry(request.body);
    if (problem) throw invalid(problem);
    return { word: await guarded(() => store.putWord(own(request), request.body, limits.user)) };
  });

  app.delete<{ Params: { phrase: string } }>('/vocabulary/words/:phrase', { preHandler: [checkOrigin, requireSession] }, async (request, reply) => {
    if (!(await store.deleteWord(own(request), request.params.phrase))) throw new AppError(404, ErrorCode.NotFound, `"${request.params.phrase.slice(0, 80)}" is not in your vocabulary.`);
    return reply.code(204).send();
  });

  app.get('/auto-texts', { preHandler: requireSession }, async (request) => ({ autoTexts: await store.autoTexts(own(request)) }));

  app.put<{ Body: { name: string; body: string } }>('/auto-texts', { schema: autoTextSchema, preHandler: [checkOrigin, requireSession] }, async (request) => {
    const { name, body } = request.body;
    const problem = checkAutoTextName(name);
    if (problem) throw invalid(problem);
    const parsed = parseAutoText(body);
    if (!parsed.ok) throw invalid(parsed.problem);
    return { autoText: await guarded(() => store.putAutoText(own(request), name, body, limits.user)) };
  });

  app.delete<{ Params: { name: string } }>('/auto-texts/:name', { preHandler: [checkOrigin, requireSession] }, async (request, reply) => {
    if (!(await store.deleteAutoText(own(request), request.params.name))) throw new AppError(404, ErrorCode.NotFound, `There is no auto-text "${request.params.name.slice(0, 80)}".`);
    return reply.code(204).send();
  });
};

export default contentRoutes;
