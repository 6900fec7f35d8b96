/**
 * The emulator's answers where the service is undocumented, each a named question with its possible
 * answers, so that tests can run under every answer. Declared once here; the README's table follows it.
 */
import * as fs from 'fs';

export interface BehaviourQuestion {
  /** The possible answers; `default` is today's choice. */
  readonly answers: readonly string[];
  readonly default: string;
  readonly description: string;
}

export const BEHAVIOUR_QUESTIONS = {
  'list-aliases-includes-primary': {
    answers: ['included', 'omitted'],
    default: 'included',
    description: 'ListAliases lists the primary address first (included) or only the other addresses (omitted)',
  },
  'lookup-by-email': {
    answers: ['primary-only', 'primary-and-aliases'],
    default: 'primary-only',
    description: 'an entity parameter given as an address finds the entity by its primary address only, or by an alias too',
  },
  'addresses-after-deregister': {
    answers: ['freed', 'kept-until-delete'],
    default: 'freed',
    description: 'DeregisterFromWorkMail frees the primary address and aliases at once, or the entity keeps them (EmailAddressInUseException to others) until deleted',
  },
  'deleted-entities-listed': {
    answers: ['listed', 'omitted'],
    default: 'listed',
    description: 'ListUsers, ListGroups and ListResources list DELETED entities (State DELETED) or leave them out',
  },
  'delete-missing-entity': {
    answers: ['success', 'entity-not-found'],
    default: 'success',
    description: 'DeleteUser/DeleteGroup/DeleteResource of a missing or DELETED entity succeeds, or answers EntityNotFoundException',
  },
  'register-enabled-entity': {
    answers: ['entity-already-registered', 'success-when-same-email'],
    default: 'entity-already-registered',
    description: 'RegisterToWorkMail of an ENABLED entity answers EntityAlreadyRegisteredException, or succeeds (no change) with its own primary address',
  },
  'deregister-disabled-entity': {
    answers: ['success', 'entity-state-exception'],
    default: 'success',
    description: 'DeregisterFromWorkMail of a DISABLED entity succeeds (no change) or answers EntityStateException',
  },
  'update-primary-to-current': {
    answers: ['success', 'email-address-in-use'],
    default: 'success',
    description: 'UpdatePrimaryEmailAddress to the entity\'s current primary address succeeds (no change) or answers EmailAddressInUseException',
  },
  'create-alias-existing': {
    answers: ['success', 'email-address-in-use'],
    default: 'success',
    description: 'CreateAlias of an alias the entity already has succeeds (no change) or answers EmailAddressInUseException',
  },
  'delete-alias-absent': {
    answers: ['success', 'entity-not-found'],
    default: 'success',
    description: 'DeleteAlias of an address the entity does not have succeeds or answers EntityNotFoundException',
  },
  'membership-of-disabled': {
    answers: ['allowed', 'entity-state-exception'],
    default: 'allowed',
    description: 'membership and delegate changes of a DISABLED group or resource, or of a DISABLED member or delegate, succeed or answer EntityStateException',
  },
  'update-resource-absent-booking-flag': {
    answers: ['false', 'unchanged'],
    default: 'false',
    description: 'a booking flag left out of UpdateResource\'s BookingOptions becomes false, or keeps its value',
  },
  'new-resource-booking-options': {
    answers: ['accept-decline-conflicting', 'accept-only'],
    default: 'accept-decline-conflicting',
    description: 'a new resource auto-accepts and declines conflicting requests, or only auto-accepts (every decline flag off)',
  },
} as const satisfies Record<string, BehaviourQuestion>;

export type BehaviourQuestionName = keyof typeof BEHAVIOUR_QUESTIONS;

/** One answer to every question. */
export type Behaviour = { readonly [Q in BehaviourQuestionName]: (typeof BEHAVIOUR_QUESTIONS)[Q]['answers'][number] };

/** What `startEmulator({ behaviour })` takes: answers to some questions, the others at their default. */
export type BehaviourOptions = Partial<Behaviour>;

export const DEFAULT_BEHAVIOUR: Behaviour = Object.fromEntries(
  Object.entries(BEHAVIOUR_QUESTIONS).map(([name, question]) => [name, question.default]),
) as unknown as Behaviour;

export const BEHAVIOUR_QUESTION_NAMES = Object.keys(BEHAVIOUR_QUESTIONS) as BehaviourQuestionName[];

/** A behaviour that names an unknown question or answer, or is not a JSON object of strings. */
export class BehaviourError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BehaviourError';
  }
}

const isQuestion = (name: string): name is BehaviourQuestionName => Object.prototype.hasOwnProperty.call(BEHAVIOUR_QUESTIONS, name);

/** `value` checked (`{"<question>": "<answer>"}`) and completed with the defaults; `source` names it in errors. */
export function parseBehaviour(value: unknown, source = 'behaviour'): Behaviour {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BehaviourError(`${source} must be a JSON object of question: answer`);
  }
  const chosen: Record<string, string> = { ...DEFAULT_BEHAVIOUR };
  for (const [name, answer] of Object.entries(value)) {
    if (!isQuestion(name)) throw new BehaviourError(`${source}: unknown question ${name} (known: ${BEHAVIOUR_QUESTION_NAMES.join(', ')})`);
    const answers: readonly string[] = BEHAVIOUR_QUESTIONS[name].answers;
    if (answer === undefined) continue;
    if (typeof answer !== 'string' || !answers.includes(answer)) {
      throw new BehaviourError(`${source}: unknown answer ${JSON.stringify(answer)} to ${name} (answers: ${answers.join(', ')})`);
    }
    chosen[name] = answer;
  }
  return chosen as unknown as Behaviour;
}

/** A behaviour file's JSON, parsed as parseBehaviour does. */
export function loadBehaviourFile(file: string): Behaviour {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new BehaviourError(`cannot read behaviour file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BehaviourError(`behaviour file ${file} is not JSON: ${(e as Error).message}`);
  }
  return parseBehaviour(json, `behaviour file ${file}`);
}

/** Every answer of `question` with the other questions at their default: for tests under each answer. */
export function answersOf<Q extends BehaviourQuestionName>(question: Q): Array<[Behaviour[Q], Behaviour]> {
  return BEHAVIOUR_QUESTIONS[question].answers.map((answer) => [answer, { ...DEFAULT_BEHAVIOUR, [question]: answer }] as [Behaviour[Q], Behaviour]);
}
