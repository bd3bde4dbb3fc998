// Public API of the linearizability checker: check a history against a model, the model
// registry, and the history readers and writers.

export { checkHistory, checkHistory as checkLinearizability, checkOperations, checkerStepsMax, checkerQuantumSteps, type CheckOptions } from './check.ts';
export type { LinearizabilityResult, OperationView, PartitionFailure, PrefixStep } from './result.ts';
export { pairOperations, type PairedHistory } from './operations.ts';
export { generateKvHistory, type KvHistoryOptions } from './generate.ts';
export { models } from '../models/index.ts';
export type { AnyModel, Conversion, Model, Operation } from '../models/model.ts';
export {
  HistoryFormatError,
  detectFormat,
  historyFormats,
  historyWriters,
  isHistoryFormat,
  readHistory,
  readJepsenEdn,
  readJsonLines,
  readPorcupineEtcd,
  writeJepsenEdn,
  writeJsonLines,
  type HistoryFormat,
  type ReadHistoryResult,
} from '../formats/index.ts';
