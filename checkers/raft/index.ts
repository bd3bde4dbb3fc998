import type { Checker } from '../types.ts';
export const raftCheckers: Checker[] = [];
