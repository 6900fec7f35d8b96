/**
 * A minimal CloudFormation endpoint (awsQuery): DescribeStacks only, which the
 * handler calls to tell a rollback from a forward change and to learn when the
 * stack operation began. Answers with the stack's status, CreationTime and
 * LastUpdatedTime as the runner (or a test) reports them, and its outputs once deployed.
 */
import { randomUUID } from 'crypto';
import type { LocalResponse, Route } from './local-endpoints';
import type { LocalStackOutput } from './stack-outputs';

/** What DescribeStacks reports of one stack. */
export interface LocalStackStatus {
  readonly stackId: string;
  readonly stackName: string;
  /** e.g. CREATE_IN_PROGRESS, UPDATE_IN_PROGRESS, UPDATE_ROLLBACK_IN_PROGRESS, ROLLBACK_IN_PROGRESS, DELETE_IN_PROGRESS */
  readonly status: string;
  /** When the stack was first created. */
  readonly creationTime: Date;
  /** When its latest update began; absent until it is updated (as CloudFormation omits it). */
  readonly lastUpdatedTime?: Date;
  readonly outputs?: readonly LocalStackOutput[];
}

/** Finds a stack by name or id, as DescribeStacks' StackName accepts both. */
export type StackStatusSource = (stackNameOrId: string) => LocalStackStatus | undefined;

const XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function outputsXml(outputs: readonly LocalStackOutput[] | undefined): string {
  if (!outputs || outputs.length === 0) return '';
  const member = (o: LocalStackOutput) => `<member><OutputKey>${escapeXml(o.key)}</OutputKey><OutputValue>${escapeXml(o.value)}</OutputValue>`
    + (o.description === undefined ? '' : `<Description>${escapeXml(o.description)}</Description>`)
    + (o.exportName === undefined ? '' : `<ExportName>${escapeXml(o.exportName)}</ExportName>`) + '</member>';
  return `<Outputs>${outputs.map(member).join('')}</Outputs>`;
}

function xml(status: number, body: string): LocalResponse {
  return { status, headers: { 'content-type': 'text/xml' }, body };
}

function error(code: string, message: string): LocalResponse {
  return xml(400, `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);
}

export function cloudFormationRoute(source: StackStatusSource): Route {
  return async (request) => {
    const form = new URLSearchParams(request.body);
    if (request.method !== 'POST' || !form.has('Action')) return undefined;
    const action = form.get('Action');
    if (action !== 'DescribeStacks') {
      return error('InvalidAction', `the local CloudFormation endpoint only serves DescribeStacks, not ${action}`);
    }
    const name = form.get('StackName') ?? '';
    const stack = name === '' ? undefined : source(name);
    if (!stack) return error('ValidationError', `Stack with id ${name} does not exist`);
    return xml(200, `<DescribeStacksResponse xmlns="${XMLNS}"><DescribeStacksResult><Stacks><member>` +
      `<StackName>${escapeXml(stack.stackName)}</StackName><StackId>${escapeXml(stack.stackId)}</StackId>` +
      `<CreationTime>${stack.creationTime.toISOString()}</CreationTime>` +
      (stack.lastUpdatedTime === undefined ? '' : `<LastUpdatedTime>${stack.lastUpdatedTime.toISOString()}</LastUpdatedTime>`) +
      `<StackStatus>${escapeXml(stack.status)}</StackStatus>` +
      outputsXml(stack.outputs) +
      `</member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>` +
      '</DescribeStacksResponse>');
  };
}
