/**
 * CloudFormation-shaped events for the handler, with properties as
 * CloudFormation sends them: strings only, absent when undefined.
 */
import type {
  CloudFormationCustomResourceCreateEvent,
  CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceUpdateEvent,
} from 'aws-lambda';
import {
  BookableResourceProperties, BookingOptionsProperties, GroupResourceProperties, UserResourceProperties, WorkMailResourceType,
} from '../../src/provider/resource-properties';

const SERVICE_TOKEN = 'arn:aws:lambda:us-east-1:123456789012:function:WorkMailProvider-framework-onEvent';
/** The stack every event comes from. */
export const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Mail/11111111-2222-3333-4444-555555555555';

let requestCounter = 0;

/** A property value as CloudFormation passes it: a string, a list of strings, or an object of strings. */
type PropertyValue = string | readonly string[] | Readonly<Record<string, string | undefined>>;
export type Properties = Readonly<Record<string, PropertyValue | undefined>>;
type CfnProperties = { ServiceToken: string; [key: string]: PropertyValue };

function cfnProperties(props: Properties): CfnProperties {
  const out: CfnProperties = { ServiceToken: SERVICE_TOKEN };
  for (const [key, value] of Object.entries(props)) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function common(resourceType: string, logicalId: string) {
  requestCounter += 1;
  return {
    ServiceToken: SERVICE_TOKEN,
    ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/response',
    StackId: STACK_ID,
    RequestId: `request-${requestCounter}`,
    LogicalResourceId: logicalId,
    ResourceType: resourceType,
  };
}

export function createEvent(props: Properties, logicalId = 'Alice', resourceType: string = WorkMailResourceType.USER): CloudFormationCustomResourceCreateEvent {
  return { ...common(resourceType, logicalId), RequestType: 'Create', ResourceProperties: cfnProperties(props) };
}

export function updateEvent(
  physicalResourceId: string,
  props: Properties,
  oldProps: Properties,
  logicalId = 'Alice',
  resourceType: string = WorkMailResourceType.USER,
): CloudFormationCustomResourceUpdateEvent {
  return {
    ...common(resourceType, logicalId),
    RequestType: 'Update',
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: cfnProperties(props),
    OldResourceProperties: cfnProperties(oldProps),
  };
}

export function deleteEvent(
  physicalResourceId: string,
  props: Properties,
  logicalId = 'Alice',
  resourceType: string = WorkMailResourceType.USER,
): CloudFormationCustomResourceDeleteEvent {
  return { ...common(resourceType, logicalId), RequestType: 'Delete', PhysicalResourceId: physicalResourceId, ResourceProperties: cfnProperties(props) };
}

/** User properties as a WorkMailUser construct would emit them (Enabled only when declared). */
export function userProps(overrides: Partial<Record<keyof UserResourceProperties, string | undefined>> = {}): Properties {
  return {
    OrganizationId: 'm-0123456789abcdef0123456789abcdef',
    Name: 'alice',
    DisplayName: 'Alice Liddell',
    Email: 'alice@acme.example.com',
    PasswordSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:alice-password-AbCdEf',
    ...overrides,
  };
}

type Overrides<P> = Partial<Record<keyof P, PropertyValue | undefined>>;

/** Group properties as a WorkMailGroup construct would emit them. */
export function groupProps(overrides: Overrides<GroupResourceProperties> = {}): Properties {
  return {
    OrganizationId: 'm-0123456789abcdef0123456789abcdef',
    Name: 'team',
    Email: 'team@acme.example.com',
    ...overrides,
  };
}

/** Bookable resource properties as a WorkMailResource construct would emit them. */
export function resourceProps(overrides: Overrides<BookableResourceProperties> = {}): Properties {
  return {
    OrganizationId: 'm-0123456789abcdef0123456789abcdef',
    Name: 'room',
    Type: 'ROOM',
    Email: 'room@acme.example.com',
    ...overrides,
  };
}

/** Booking options as CloudFormation passes them (strings), absent flags left out. */
export function bookingOptions(options: Partial<Record<keyof BookingOptionsProperties, boolean>>): Readonly<Record<string, string>> {
  return Object.fromEntries(Object.entries(options).map(([flag, value]) => [flag, String(value)]));
}

/** Create, update and delete events of one resource of a type. */
export function eventsOf(resourceType: string, logicalId: string) {
  return {
    create: (props: Properties) => createEvent(props, logicalId, resourceType),
    update: (physicalResourceId: string, props: Properties, oldProps: Properties) =>
      updateEvent(physicalResourceId, props, oldProps, logicalId, resourceType),
    delete: (physicalResourceId: string, props: Properties) => deleteEvent(physicalResourceId, props, logicalId, resourceType),
  };
}
