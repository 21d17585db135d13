import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { SAMPLE_RATE, UnavailableEngine, type EngineFactory } from '../engine.js';
import { prepareVocabulary } from '../vocabulary.js';
import { PocketSphinxEngine } from './pocketsphinx-engine.js';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** PocketSphinx from Debian's packages, with the domain vocabulary interpolated into its language model. */
export const startPocketSphinx: EngineFactory = async (config, log) => {
  const hmm = join(config.modelDir, 'en-us');
  const lm = join(config.modelDir, 'en-us.lm.bin');
  const dict = join(config.modelDir, 'cmudict-en-us.dict');
  for (const path of [hmm, lm, dict]) {
    if (!(await exists(path))) {
      const reason = `The PocketSphinx model is missing (${path}); install the Debian package pocketsphinx-en-us.`;
      log.error(`Speech recognition is not available: ${reason}`);
      return new UnavailableEngine(reason);
    }
  }

  let decoderDict = dict;
  let domainLm: { path: string; weight: number } | null = null;
  if (config.vocabularyFile) {
    try {
      const vocabulary = await prepareVocabulary(config.vocabularyFile, dict);
      for (const warning of vocabulary.warnings) log.warn(warning);
      decoderDict = vocabulary.dictPath;
      domainLm = { path: vocabulary.arpaPath, weight: config.vocabularyWeight };
      log.info(`Domain vocabulary ${config.vocabularyFile}: ${vocabulary.phrases} phrases, ${vocabulary.extraWords.length} added words.`);
    } catch (err) {
      log.error(`Domain vocabulary ${config.vocabularyFile} not used: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  const engine = await PocketSphinxEngine.start({
    workers: config.workers,
    streamsPerWorker: config.streamsPerWorker,
    settings: {
      hmm,
      lm,
      dict: decoderDict,
      secondPass: config.secondPass,
      vadPostspeech: Math.max(1, Math.round(config.endOfSpeechMs / 10)),
      maxUtteranceSamples: config.maxUtteranceSeconds * SAMPLE_RATE,
      domainLm,
    },
    log,
  });
  const status = engine.status();
  if (!status.available) {
    const reason = /libpocketsphinx|libsphinxbase|cannot open shared object/i.test(status.reason)
      ? `PocketSphinx is not installed (${status.reason}); install the Debian packages libpocketsphinx3 and pocketsphinx-en-us.`
      : status.reason;
    log.error(`Speech recognition is not available: ${reason}`);
    return new UnavailableEngine(reason);
  }
  return engine;
};
