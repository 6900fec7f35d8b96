/** A local, in-memory Amazon WorkMail emulator speaking the service's awsJson1_1 protocol. */
export { startEmulator } from './server';
export { loadSeedFile, validateSeed, DEFAULT_SEED, SeedError } from './seed';
export type {
  CallRecord, EmulatorOptions, EmulatorSeed, EmulatorSnapshot, EntityState, FaultOptions, MemberType, ResourceType, RunningEmulator,
  SeedOrganization, SnapshotBookingOptions, SnapshotGroup, SnapshotMember, SnapshotOrganization, SnapshotResource, SnapshotUser, UserRole,
} from './types';
