export * from './organization';
export * from './entity';
export * from './user';
export * from './group';
export * from './resource';
export * from './alias';
export * from './delegate';
export * from './provider/workmail-provider';
