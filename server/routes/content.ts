import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  checkAutoTextName,
  checkVocabularyEntry,
  ErrorCode,
  formatVocabularyFile,
  parseAutoText,
  parseVocabularyFile,
  type VocabularyEntry,
  type VocabularyFormat,
} from '../../protocol/index.js';
import type { ContentConfig } from '../config.js';
import { ContentLimitError, type ContentLimits, type ContentStore, type Owner } from '../content/index.js';
import { effectiveLists } from '../content/effective-lists.js';
import { AppError } from '../errors.js';
import type { TeamMembership } from '../users/user-directory.js';

/** The teams a user belongs to: from the users file, or the host's own identity system (plugin option `teams`). */
export type TeamResolver = (user: string) => TeamMembership[] | Promise<TeamMembership[]>;

export interface ContentRoutesOptions {
  store: ContentStore;
  limits: ContentConfig['limits'];
  teams: TeamResolver;
  /** A list was changed here: running recordings are told now rather than at the next poll. */
  onChange?: () => void;
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

interface Lists {
  /** Whose list a request reads or writes; throws (404) when the user may not even read it. */
  owner(request: FastifyRequest): Promise<Owner>;
  /** Throws (403) when the user may read the list but not change it. */
  mayWrite(request: FastifyRequest): Promise<void>;
  limits: ContentLimits;
}

/** A vocabulary file: a team's 5,000 entries of up to ~100 bytes each, with room. */
const IMPORT_BODY_LIMIT = 1024 * 1024;

const invalid = (problem: string) => new AppError(400, ErrorCode.ValidationError, `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`);

/** The routes of one kind of list (the user's own, a team's) under `app`'s prefix. */
function listRoutes(app: FastifyInstance, store: ContentStore, lists: Lists): void {
  const { checkOrigin, requireSession } = app.dictation;
  const write = [checkOrigin, requireSession, lists.mayWrite];
  const guarded = async <T>(body: () => Promise<T>): Promise<T> => {
    try {
      return await body();
    } catch (err) {
      if (err instanceof ContentLimitError) throw new AppError(409, ErrorCode.LimitReached, `This list is full: ${err.message}. Remove some first.`);
      throw err;
    }
  };

  app.get('/vocabulary', { preHandler: requireSession }, async (request) => ({ words: await store.words(await lists.owner(request)) }));

  app.put<{ Body: VocabularyEntry }>('/vocabulary/words', { schema: wordSchema, preHandler: write }, async (request) => {
    const problem = checkVocabularyEntry(request.body);
    if (problem) throw invalid(problem);
    const owner = await lists.owner(request);
    return { word: await guarded(() => store.putWord(owner, request.body, lists.limits)) };
  });

  // Export and import as a file (protocol/vocabulary-files.ts): text, or CSV for a spreadsheet.
  app.get<{ Querystring: { format?: VocabularyFormat } }>(
    '/vocabulary/export',
    { schema: { querystring: { type: 'object', properties: { format: { enum: ['text', 'csv'] } }, additionalProperties: false } }, preHandler: requireSession },
    async (request, reply) => {
      const format = request.query.format ?? 'text';
      const file = formatVocabularyFile(await store.words(await lists.owner(request)), format);
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'text/plain; charset=utf-8')
        .header('content-disposition', `attachment; filename="vocabulary.${format === 'csv' ? 'csv' : 'txt'}"`)
        .send(file);
    },
  );

  app.put<{ Body: string }>('/vocabulary', { preHandler: write, bodyLimit: IMPORT_BODY_LIMIT }, async (request, reply) => {
    if (typeof request.body !== 'string') throw invalid('send the file as text/plain (one entry a line) or text/csv');
    const format: VocabularyFormat = String(request.headers['content-type']).startsWith('text/csv') ? 'csv' : 'text';
    const parsed = parseVocabularyFile(request.body, format);
    if (!parsed.ok) throw invalid(`nothing was imported: ${parsed.problems.join('; ')}`);
    const owner = await lists.owner(request);
    await guarded(() => store.replaceWords(owner, parsed.entries, lists.limits));
    return reply.code(204).send();
  });

  app.delete<{ Params: { phrase: string } }>('/vocabulary/words/:phrase', { preHandler: write }, async (request, reply) => {
    if (!(await store.deleteWord(await lists.owner(request), request.params.phrase))) {
      throw new AppError(404, ErrorCode.NotFound, `"${request.params.phrase.slice(0, 80)}" is not in this vocabulary.`);
    }
    return reply.code(204).send();
  });

  app.get('/auto-texts', { preHandler: requireSession }, async (request) => ({ autoTexts: await store.autoTexts(await lists.owner(request)) }));

  app.put<{ Body: { name: string; body: string } }>('/auto-texts', { schema: autoTextSchema, preHandler: write }, async (request) => {
    const { name, body } = request.body;
    const problem = checkAutoTextName(name);
    if (problem) throw invalid(problem);
    const parsed = parseAutoText(body);
    if (!parsed.ok) throw invalid(parsed.problem);
    const owner = await lists.owner(request);
    return { autoText: await guarded(() => store.putAutoText(owner, name, body, lists.limits)) };
  });

  app.delete<{ Params: { name: string } }>('/auto-texts/:name', { preHandler: write }, async (request, reply) => {
    if (!(await store.deleteAutoText(await lists.owner(request), request.params.name))) {
      throw new AppError(404, ErrorCode.NotFound, `There is no auto-text "${request.params.name.slice(0, 80)}".`);
    }
    return reply.code(204).send();
  });
}

/**
 * A clinician's own words and auto-texts (`<prefix>/vocabulary`, `<prefix>/auto-texts`) and her teams'
 * (`<prefix>/teams/:team/...`: members read, admins change). Every change is checked as the bar's panel checks it
 * (protocol/) and refused with the reason, changing nothing; a full list is 409 LIMIT_REACHED.
 */
const contentRoutes: FastifyPluginAsync<ContentRoutesOptions> = async (app, { store, limits, teams, onChange }) => {
  // Imports come as a spreadsheet's CSV too (text/plain is Fastify's own).
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.addHook('onResponse', (request, reply, done) => {
    if (request.method !== 'GET' && reply.statusCode < 300) onChange?.();
    done();
  });
  const user = (request: FastifyRequest) => request.dictationSession!.user;
  listRoutes(app, store, { owner: async (request) => ({ kind: 'user', id: user(request) }), mayWrite: async () => {}, limits: limits.user });

  app.get('/teams', { preHandler: app.dictation.requireSession }, async (request) => ({ teams: await teams(user(request)) }));

  // What applies to her: her own entries, then her teams' (her own wins over a team's of the same phrase or name).
  app.get('/my-lists', { preHandler: app.dictation.requireSession }, async (request) =>
    effectiveLists(store, user(request), (await teams(user(request))).map((m) => m.team)),
  );

  await app.register(
    async (team) => {
      const membership = async (request: FastifyRequest) => {
        const id = (request.params as { team: string }).team;
        const found = (await teams(user(request))).find((m) => m.team === id);
        // Not a member: the team is not hers to know about.
        if (!found) throw new AppError(404, ErrorCode.NotFound, `You are not in a team "${id.slice(0, 64)}".`);
        return found;
      };
      listRoutes(team, store, {
        owner: async (request) => ({ kind: 'team', id: (await membership(request)).team }),
        mayWrite: async (request) => {
          if (!(await membership(request)).admin) throw new AppError(403, ErrorCode.NotTeamAdmin, "Only the team's admins change its words and auto-texts.");
        },
        limits: limits.team,
      });
    },
    { prefix: '/teams/:team' },
  );
};

export default contentRoutes;
