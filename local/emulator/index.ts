/** A local, in-memory Amazon WorkMail emulator speaking the service's awsJson1_1 protocol. */
export { startEmulator } from './server';
export { loadSeedFile, validateSeed, DEFAULT_SEED, SeedError } from './seed';
export { seedOf } from './seed-dump';
export type {
  CallRecord, CallRecordJson, EmulatorOptions, EmulatorSeed, EmulatorSnapshot, EntityState, FaultOptions, MemberType, RateLimitOptions, ResourceType,
  RunningEmulator,
  SeedBookingOptions, SeedGroup, SeedMailEntity, SeedOrganization, SeedResource, SeedUser,
  SnapshotBookingOptions, SnapshotGroup, SnapshotMember, SnapshotOrganization, SnapshotResource, SnapshotUser, UserRole,
} from './types';
