// The linearizability checker's public entry; see checkers/linearizability/index.ts.
export * from './linearizability/index.ts';
