export * from './organization';
export * from './user';
export * from './provider/workmail-provider';
