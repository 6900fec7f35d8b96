import { Template } from 'aws-cdk-lib/assertions';
import { DOMAIN, newStack, ORG_ID, resourceOf, workmailPolicies } from './helpers';
import { BookableResourceType, WorkMailDelegate, WorkMailGroup, WorkMailResource, WorkMailUser } from '../../src';

describe('WorkMailResource', () => {
  test('type Custom::WorkMailBookableResource with booking options, delegates and description', () => {
    const { stack, organization } = newStack();
    const facilities = new WorkMailGroup(stack, 'Facilities', { organization, name: 'facilities' });
    const room = new WorkMailResource(stack, 'Room', {
      organization,
      name: 'room-1',
      type: BookableResourceType.ROOM,
      description: 'Ground floor, 8 seats',
      email: `room-1@${DOMAIN}`,
      bookingOptions: { autoAcceptRequests: false, autoDeclineConflictingRequests: true },
      delegates: [facilities],
      exclusiveDelegates: true,
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::WorkMailResource', 0);
    expect(resourceOf(template, 'Custom::WorkMailBookableResource', 'Room').resource.Properties).toEqual({
      ServiceToken: expect.anything(),
      OrganizationId: ORG_ID,
      Name: 'room-1',
      Type: 'ROOM',
      Description: 'Ground floor, 8 seats',
      Email: `room-1@${DOMAIN}`,
      AdoptExisting: 'false',
      BookingOptions: { AutoAcceptRequests: 'false', AutoDeclineConflictingRequests: 'true' },
      Delegates: [{ 'Fn::GetAtt': [expect.stringMatching(/^Facilities/), 'GroupId'] }],
      ExclusiveDelegates: 'true',
    });
    expect(stack.resolve(room.resourceId)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Room/), 'ResourceId'] });
  });

  test('auto-accept off without a delegate declared on the resource fails at synth', () => {
    const { stack, organization } = newStack();
    const room = new WorkMailResource(stack, 'Room', {
      organization, name: 'room', type: BookableResourceType.ROOM, bookingOptions: { autoAcceptRequests: false },
    });
    // A delegation made elsewhere cannot be ordered before the booking options.
    const alice = new WorkMailUser(stack, 'Alice', { organization, name: 'alice' });
    new WorkMailDelegate(stack, 'Delegation', { resource: room, delegate: alice });
    expect(() => Template.fromStack(stack)).toThrow(/autoAcceptRequests is false but the resource declares no delegate/);
  });

  test('addDelegate satisfies the rule; names, descriptions and delegates are checked', () => {
    const { stack, organization } = newStack();
    const alice = new WorkMailUser(stack, 'Alice', { organization, name: 'alice' });
    const room = new WorkMailResource(stack, 'Room', {
      organization, name: 'room', type: BookableResourceType.EQUIPMENT, bookingOptions: { autoAcceptRequests: false },
    });
    room.addDelegate(alice);
    expect(() => Template.fromStack(stack)).not.toThrow();
    expect(() => room.addDelegate(alice)).toThrow('is already a delegate');
    const projector = new WorkMailResource(stack, 'Projector', { organization, name: 'projector', type: BookableResourceType.EQUIPMENT });
    expect(() => room.addDelegate(projector)).toThrow('delegates are users or groups');
    expect(() => new WorkMailResource(stack, 'Long', { organization, name: 'a-very-long-room-name-1', type: BookableResourceType.ROOM }))
      .toThrow('must be 1 to 20 characters long');
    expect(() => new WorkMailResource(stack, 'D', { organization, name: 'd', type: BookableResourceType.ROOM, description: 'x'.repeat(65) }))
      .toThrow('description must be at most 64 characters long');
  });

  test('WorkMailDelegate: one delegation, deleted with its declaration, granted only the delegate actions', () => {
    const { stack, organization } = newStack();
    const alice = new WorkMailUser(stack, 'Alice', { organization, name: 'alice' });
    const room = WorkMailResource.fromResourceAttributes(stack, 'Imported', { organization, resourceId: 'r-0123456789abcdef0123456789abcdef' });
    new WorkMailDelegate(stack, 'Delegation', { resource: room, delegate: alice });
    const template = Template.fromStack(stack);
    const { resource } = resourceOf(template, 'Custom::WorkMailDelegate', 'Delegation');
    expect(resource.Properties).toEqual({
      ServiceToken: expect.anything(),
      OrganizationId: ORG_ID,
      ResourceId: 'r-0123456789abcdef0123456789abcdef',
      EntityId: { 'Fn::GetAtt': [expect.stringMatching(/^Alice/), 'UserId'] },
    });
    expect(resource.DeletionPolicy).toBeUndefined();
    const delegatePolicy = workmailPolicies(template).find((p) => p.actions.includes('workmail:AssociateDelegateToResource'))!;
    expect(delegatePolicy.actions).toEqual([
      'workmail:AssociateDelegateToResource', 'workmail:DisassociateDelegateFromResource', 'workmail:ListResourceDelegates',
    ]);
    expect(resource.DependsOn).toContain(delegatePolicy.id);
  });
});
