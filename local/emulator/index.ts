/** A local, in-memory Amazon WorkMail emulator speaking the service's awsJson1_1 protocol. */
export { startEmulator } from './server';
export { answersOf, BEHAVIOUR_QUESTION_NAMES, BEHAVIOUR_QUESTIONS, BehaviourError, DEFAULT_BEHAVIOUR, loadBehaviourFile, parseBehaviour } from './behaviour';
export type { Behaviour, BehaviourOptions, BehaviourQuestion, BehaviourQuestionName } from './behaviour';
export { createClock } from './clock';
export type { ClockOptions, EmulatorClock } from './clock';
export { exportLogKey, exportObjectKey, exportS3Path, S3_PATH_FORMS } from './export/layout';
export type { S3PathForm } from './export/layout';
export type { ExportLog } from './export/content';
export type { ExportFailure, ExportJobOptions } from './export/jobs';
export { loadSeedFile, validateSeed, DEFAULT_SEED, SeedError } from './seed';
export { seedOf } from './seed-dump';
export type {
  CallRecord, CallRecordJson, EmulatorOptions, EmulatorSeed, EmulatorSnapshot, EntityState, FailExportJobOptions, FaultCounts, FaultOptions,
  DnsRecordVerificationStatus, MemberType, RateLimitOptions, ResourceType,
  RunningEmulator,
  SeedBookingOptions, SeedDnsRecord, SeedGrant, SeedGroup, SeedMailDomain, SeedMailEntity, SeedOrganization, SeedResource, SeedUser,
  SnapshotBookingOptions, SnapshotGrant, SnapshotGroup, SnapshotMember, SnapshotOrganization, SnapshotResource, SnapshotUser, UserRole,
} from './types';
