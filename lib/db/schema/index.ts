export * from './auth';
export * from './api-keys';
export * from './connections';
export * from './connect';
export * from './templates';
export * from './tasks';
export * from './runtime';
export * from './events';
