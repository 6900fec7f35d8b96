/**
 * Every kind's lifecycle as a reviewer would change its declaration, step by step, with the WorkMail API's
 * minimum number of calls for each step: the writes the change needs plus the reads the API forces (a read
 * the handler makes to reconcile drift is not forced; the bench allows one such read per step).
 *
 * Entities a declaration only refers to (members, delegates, the owner of an alias set, the room of a
 * delegation) are made by hand before the kind's lifecycle starts, so that their calls are not counted.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  BookableResourceType, BookingOptions, IWorkMailEntity, IWorkMailOrganization, WorkMailAlias, WorkMailDelegate, WorkMailGroup,
  WorkMailOrganization, WorkMailResource, WorkMailUser, WorkMailUserProps,
} from '../src';

export const BENCH_ORGANIZATION_ID = 'm-0123456789abcdef0123456789abcdef';
export const BENCH_ORGANIZATION_ALIAS = 'acme';
export const BENCH_DOMAIN = 'acme.example.com';

/** A user or bookable resource made by hand (registered), which declarations refer to by id. */
export interface HandMadeEntity {
  readonly id: string;
  readonly email: string;
}

/** What exists before the lifecycles start. */
export interface HandMade {
  /** Registered users: members, delegates, the owner of an alias set. */
  readonly ann: HandMadeEntity;
  readonly bob: HandMadeEntity;
  /** A user only ever added by hand (the member that exclusive mode removes). */
  readonly eve: HandMadeEntity;
  /** A registered room, the resource of a standalone delegation. */
  readonly hall: HandMadeEntity;
}

/** The hand-made users that entities are made for. */
export const HAND_MADE_USERS = ['ann', 'bob', 'eve'] as const;
export const HAND_MADE_ROOM = 'hall';

/** A hand-made change made (and not counted) before a step, through the WorkMail API. */
export type HandChange = 'add-eve-to-group';

export interface LifecycleStepDeclaration {
  readonly step: string;
  /** Declares the step's app in the stack; absent: the stack is destroyed. */
  readonly declare?: (stack: Stack, org: IWorkMailOrganization, made: HandMade) => void;
  /** A change made by hand before the step. */
  readonly before?: HandChange;
  /** WorkMail operation → the API's minimum number of calls for the step. */
  readonly minimum: Readonly<Record<string, number>>;
  /** Why that is the minimum. */
  readonly why: string;
  /** Where the handler stays above the minimum + one read on purpose: why it cannot do with less. */
  readonly limit?: string;
}

export interface KindLifecycle {
  readonly kind: string;
  readonly steps: readonly LifecycleStepDeclaration[];
}

const DESTROY = RemovalPolicy.DESTROY;
const address = (local: string) => `${local}@${BENCH_DOMAIN}`;

function importUser(stack: Stack, org: IWorkMailOrganization, name: string, entity: HandMadeEntity): IWorkMailEntity {
  return WorkMailUser.fromUserAttributes(stack, name, { organization: org, userId: entity.id, email: entity.email });
}

// ---------------------------------------------------------------------------------------------- user
type UserDeclaration = Omit<WorkMailUserProps, 'organization' | 'removalPolicy'>;
const user = (props: UserDeclaration) => (stack: Stack, organization: IWorkMailOrganization) => {
  new WorkMailUser(stack, 'User', { organization, removalPolicy: DESTROY, ...props });
};
const mulder = { name: 'mulder', displayName: 'Mulder', email: address('mulder') };

const USER: KindLifecycle = {
  kind: 'user',
  steps: [
    {
      step: 'create (registered)',
      declare: user(mulder),
      minimum: { CreateUser: 1, RegisterToWorkMail: 1 },
      why: 'CreateUser carries name, display name and password; the mailbox needs RegisterToWorkMail. A new name needs no read.',
    },
    {
      step: 'redeploy, nothing changed',
      declare: user(mulder),
      minimum: {},
      why: 'Unchanged properties: CloudFormation sends no event at all.',
    },
    {
      step: 'display name',
      declare: user({ ...mulder, displayName: 'Fox Mulder' }),
      minimum: { UpdateUser: 1 },
      why: 'UpdateUser sets the display name; nothing forces a read.',
    },
    {
      step: 'directory attribute',
      declare: user({ ...mulder, displayName: 'Fox Mulder', department: 'X-Files' }),
      minimum: { UpdateUser: 1 },
      why: 'UpdateUser sets the department; nothing forces a read.',
    },
    {
      step: 'primary email',
      declare: user({ ...mulder, displayName: 'Fox Mulder', department: 'X-Files', email: address('fox') }),
      minimum: { UpdatePrimaryEmailAddress: 1 },
      why: 'One UpdatePrimaryEmailAddress; the old address becomes an alias by itself.',
    },
    {
      step: 'disable',
      declare: user({ ...mulder, displayName: 'Fox Mulder', department: 'X-Files', email: address('fox'), enabled: false }),
      minimum: { DeregisterFromWorkMail: 1 },
      why: 'One DeregisterFromWorkMail.',
    },
    {
      step: 'enable',
      declare: user({ ...mulder, displayName: 'Fox Mulder', department: 'X-Files', email: address('fox') }),
      minimum: { RegisterToWorkMail: 1 },
      why: 'One RegisterToWorkMail with the declared address.',
    },
    {
      step: 'rename (replacement)',
      declare: user({ name: 'fox.mulder', displayName: 'Fox Mulder', department: 'X-Files', email: address('fox.mulder') }),
      minimum: { CreateUser: 1, UpdateUser: 1, RegisterToWorkMail: 1, DeregisterFromWorkMail: 1, DeleteUser: 1 },
      why: 'A user name cannot change in place: CreateUser (name, display name, password), UpdateUser (CreateUser takes no '
        + 'department), RegisterToWorkMail; then the cleanup deregisters and deletes the old user (DeleteUser needs it DISABLED). '
        + 'The new name is free, so no read is forced.',
    },
    {
      step: 'destroy',
      minimum: { DeregisterFromWorkMail: 1, DeleteUser: 1 },
      why: 'DeleteUser only takes a DISABLED user: deregister, then delete.',
    },
  ],
};

// ---------------------------------------------------------------------------------------------- group
interface GroupDeclaration {
  readonly name?: string;
  readonly email?: string;
  readonly members: ReadonlyArray<'ann' | 'bob'>;
  readonly exclusiveMembers?: boolean;
  readonly hiddenFromAddressList?: boolean;
}
const group = (props: GroupDeclaration) => (stack: Stack, organization: IWorkMailOrganization, made: HandMade) => {
  new WorkMailGroup(stack, 'Group', {
    organization,
    name: props.name ?? 'gunmen',
    email: props.email ?? address('gunmen'),
    members: props.members.map((member) => importUser(stack, organization, member, made[member])),
    exclusiveMembers: props.exclusiveMembers,
    hiddenFromAddressList: props.hiddenFromAddressList,
    removalPolicy: DESTROY,
  });
};

const GROUP: KindLifecycle = {
  kind: 'group',
  steps: [
    {
      step: 'create with a member',
      declare: group({ members: ['ann'] }),
      minimum: { CreateGroup: 1, RegisterToWorkMail: 1, AssociateMemberToGroup: 1 },
      why: 'CreateGroup, RegisterToWorkMail, one AssociateMemberToGroup per member; a new group has no members to read.',
    },
    {
      step: 'add member',
      declare: group({ members: ['ann', 'bob'] }),
      minimum: { AssociateMemberToGroup: 1 },
      why: 'One AssociateMemberToGroup; the previous declaration says what is new, so no read is forced.',
    },
    {
      step: 'remove member',
      declare: group({ members: ['bob'] }),
      minimum: { DisassociateMemberFromGroup: 1 },
      why: 'One DisassociateMemberFromGroup; the previous declaration names the member dropped.',
    },
    {
      step: 'hidden flag',
      declare: group({ members: ['bob'], hiddenFromAddressList: true }),
      minimum: { UpdateGroup: 1 },
      why: 'One UpdateGroup (HiddenFromGlobalAddressList).',
    },
    {
      step: 'primary email',
      declare: group({ members: ['bob'], hiddenFromAddressList: true, email: address('lone.gunmen') }),
      minimum: { UpdatePrimaryEmailAddress: 1 },
      why: 'One UpdatePrimaryEmailAddress.',
    },
    {
      step: 'exclusive: remove a hand-added member',
      before: 'add-eve-to-group',
      declare: group({ members: ['bob'], hiddenFromAddressList: true, email: address('lone.gunmen'), exclusiveMembers: true }),
      minimum: { ListGroupMembers: 1, DisassociateMemberFromGroup: 1 },
      why: 'Only ListGroupMembers can show a member nobody declared (a forced read), then one DisassociateMemberFromGroup.',
    },
    {
      step: 'rename (replacement)',
      declare: group({ name: 'lone.gunmen', members: ['bob'], hiddenFromAddressList: true, email: address('the.lone.gunmen'), exclusiveMembers: true }),
      minimum: { CreateGroup: 1, RegisterToWorkMail: 1, AssociateMemberToGroup: 1, DeregisterFromWorkMail: 1, DeleteGroup: 1 },
      why: 'A group name cannot change in place: CreateGroup (takes the hidden flag), RegisterToWorkMail, one '
        + 'AssociateMemberToGroup; a new group has no members to read even in exclusive mode. The cleanup deregisters and '
        + 'deletes the old group (DeleteGroup needs it DISABLED).',
    },
    {
      step: 'destroy',
      minimum: { DeregisterFromWorkMail: 1, DeleteGroup: 1 },
      why: 'DeleteGroup only takes a DISABLED group: deregister, then delete.',
    },
  ],
};

// ---------------------------------------------------------------------------------------------- bookable resource
interface ResourceDeclaration {
  readonly name?: string;
  readonly type?: BookableResourceType;
  readonly email?: string;
  readonly description?: string;
  readonly bookingOptions: BookingOptions;
  readonly delegates: ReadonlyArray<'ann' | 'bob'>;
}
const room = (props: ResourceDeclaration) => (stack: Stack, organization: IWorkMailOrganization, made: HandMade) => {
  new WorkMailResource(stack, 'Room', {
    organization,
    name: props.name ?? 'basement',
    type: props.type ?? BookableResourceType.ROOM,
    email: props.email ?? address('basement'),
    description: props.description,
    bookingOptions: props.bookingOptions,
    delegates: props.delegates.map((delegate) => importUser(stack, organization, delegate, made[delegate])),
    removalPolicy: DESTROY,
  });
};
const ACCEPT = { autoAcceptRequests: true, autoDeclineConflictingRequests: true };

const RESOURCE: KindLifecycle = {
  kind: 'resource',
  steps: [
    {
      step: 'create with booking options + delegate',
      declare: room({ bookingOptions: ACCEPT, delegates: ['ann'] }),
      minimum: { CreateResource: 1, RegisterToWorkMail: 1, AssociateDelegateToResource: 1, UpdateResource: 1 },
      why: 'CreateResource takes no booking options: UpdateResource sets them; RegisterToWorkMail; one '
        + 'AssociateDelegateToResource. A new resource has no delegates to read.',
    },
    {
      step: 'description',
      declare: room({ description: 'Hoover building, basement', bookingOptions: ACCEPT, delegates: ['ann'] }),
      minimum: { UpdateResource: 1 },
      why: 'One UpdateResource (Description).',
    },
    {
      step: 'booking option',
      declare: room({ description: 'Hoover building, basement', bookingOptions: { ...ACCEPT, autoDeclineRecurringRequests: true }, delegates: ['ann'] }),
      minimum: { UpdateResource: 1 },
      why: 'One UpdateResource (BookingOptions).',
    },
    {
      step: 'add delegate, auto-accept off',
      declare: room({
        description: 'Hoover building, basement',
        bookingOptions: { ...ACCEPT, autoDeclineRecurringRequests: true, autoAcceptRequests: false },
        delegates: ['ann', 'bob'],
      }),
      minimum: { AssociateDelegateToResource: 1, UpdateResource: 1 },
      why: 'One AssociateDelegateToResource, then UpdateResource turning auto-accept off (a resource with delegates may); '
        + 'the previous declaration says what is new.',
    },
    {
      step: 'remove delegates, auto-accept on',
      declare: room({ description: 'Hoover building, basement', bookingOptions: { ...ACCEPT, autoDeclineRecurringRequests: true }, delegates: [] }),
      minimum: { UpdateResource: 1, DisassociateDelegateFromResource: 2 },
      why: 'UpdateResource turning auto-accept on first (a resource without delegates must auto-accept), then one '
        + 'DisassociateDelegateFromResource per dropped delegate.',
    },
    {
      step: 'rename in place',
      declare: room({ name: 'basement.office', description: 'Hoover building, basement', bookingOptions: { ...ACCEPT, autoDeclineRecurringRequests: true }, delegates: [] }),
      minimum: { UpdateResource: 1 },
      why: 'UpdateResource takes the Name: one call, no replacement.',
    },
    {
      step: 'type change (replacement)',
      declare: room({
        name: 'basement.gear',
        type: BookableResourceType.EQUIPMENT,
        email: address('basement.gear'),
        description: 'Hoover building, basement',
        bookingOptions: { ...ACCEPT, autoDeclineRecurringRequests: true },
        delegates: [],
      }),
      minimum: { CreateResource: 1, UpdateResource: 1, RegisterToWorkMail: 1, DeregisterFromWorkMail: 1, DeleteResource: 1 },
      why: 'The type cannot change in place: CreateResource (name, type, description), UpdateResource (booking options), '
        + 'RegisterToWorkMail, then the cleanup\'s DeregisterFromWorkMail and DeleteResource. The new resource takes a new name '
        + 'and address: the old one holds both until the cleanup.',
    },
    {
      step: 'destroy',
      minimum: { DeregisterFromWorkMail: 1, DeleteResource: 1 },
      why: 'DeleteResource only takes a DISABLED resource: deregister, then delete.',
    },
  ],
};

// ---------------------------------------------------------------------------------------------- alias set
const aliases = (...locals: string[]) => (stack: Stack, organization: IWorkMailOrganization, made: HandMade) => {
  const entity = importUser(stack, organization, 'ann', made.ann);
  new WorkMailAlias(stack, 'Aliases', { entity, aliases: locals.map(address), removalPolicy: DESTROY });
};

/** Why every alias set step that adds with nothing known before, or removes, reads twice. */
const READ_BACK = 'Then one ListAliases reads the set back, as concurrent changes of one entity\'s aliases can lose each other. Minimum + 2 reads.';
const PRIMARY_FIRST = 'DeleteAlias needs the primary address known first (a declared alias becomes the primary when the entity\'s email '
  + 'changes to it, and is never to be deleted): only Describe* tells it, as ListAliases lists the primary among the aliases. ' + READ_BACK;
const HELD_FIRST = 'A create cannot know which declared addresses the entity holds already (an organization made by hand, taken over): '
  + 'it reads them first, so that a take-over writes nothing and a failed create never takes back an address it did not add. ' + READ_BACK;

const ALIAS: KindLifecycle = {
  kind: 'alias set',
  steps: [
    {
      step: 'create',
      declare: aliases('annie'),
      minimum: { CreateAlias: 1 },
      why: 'One CreateAlias per declared address; CreateAlias of a taken address fails by itself, so no read is forced.',
      limit: HELD_FIRST,
    },
    {
      step: 'add alias',
      declare: aliases('annie', 'ann.a'),
      minimum: { CreateAlias: 1 },
      why: 'One CreateAlias; the previous declaration says what is new.',
    },
    {
      step: 'remove alias',
      declare: aliases('ann.a'),
      minimum: { DeleteAlias: 1 },
      why: 'One DeleteAlias; the previous declaration names the address dropped.',
      limit: PRIMARY_FIRST,
    },
    {
      step: 'destroy',
      minimum: { DeleteAlias: 1 },
      why: 'One DeleteAlias per declared address.',
      limit: PRIMARY_FIRST,
    },
  ],
};

// ---------------------------------------------------------------------------------------------- delegate
const delegation = (stack: Stack, organization: IWorkMailOrganization, made: HandMade) => {
  const resource = WorkMailResource.fromResourceAttributes(stack, 'Hall', { organization, resourceId: made.hall.id, email: made.hall.email });
  new WorkMailDelegate(stack, 'Delegate', { resource, delegate: importUser(stack, organization, 'bob', made.bob) });
};

const DELEGATE: KindLifecycle = {
  kind: 'delegate',
  steps: [
    { step: 'create', declare: delegation, minimum: { AssociateDelegateToResource: 1 }, why: 'One AssociateDelegateToResource.' },
    { step: 'destroy', minimum: { DisassociateDelegateFromResource: 1 }, why: 'One DisassociateDelegateFromResource.' },
  ],
};

// ---------------------------------------------------------------------------------------------- organization lookup
const ORGANIZATION: KindLifecycle = {
  kind: 'organization lookup',
  steps: [
    {
      step: 'create',
      declare: (stack) => {
        WorkMailOrganization.fromAlias(stack, 'Lookup', BENCH_ORGANIZATION_ALIAS);
      },
      minimum: { ListOrganizations: 1 },
      why: 'Only ListOrganizations maps an alias to an id (one page here); its summaries carry State and DefaultMailDomain.',
    },
    { step: 'destroy', minimum: {}, why: 'A lookup owns nothing: no call.' },
  ],
};

/** Every kind's lifecycle, in the order the bench runs them. */
export const LIFECYCLES: readonly KindLifecycle[] = [USER, GROUP, RESOURCE, ALIAS, DELEGATE, ORGANIZATION];

/** Reads are the operations that change nothing. */
export function isRead(operation: string): boolean {
  return /^(Describe|List|Get)/.test(operation);
}

/**
 * 'ok' when the calls made are the minimum plus at most one read (of any kind), 'OVER' otherwise.
 * Fewer calls than the minimum can only mean a wrong minimum, so they are 'UNDER', which needs a look too.
 */
export function verdict(made: Readonly<Record<string, number>>, minimum: Readonly<Record<string, number>>): 'ok' | 'OVER' | 'UNDER' {
  const operations = new Set([...Object.keys(made), ...Object.keys(minimum)]);
  let extraReads = 0;
  for (const operation of operations) {
    const extra = (made[operation] ?? 0) - (minimum[operation] ?? 0);
    if (extra < 0) return 'UNDER';
    if (extra > 0 && !isRead(operation)) return 'OVER';
    extraReads += extra;
  }
  return extraReads <= 1 ? 'ok' : 'OVER';
}
