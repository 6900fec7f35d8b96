/**
 * One run's bridge to the real provider framework: it starts the local
 * endpoints, loads the framework runtime and the handler bundles, and turns a
 * resource event into a CloudFormation request sent to the framework's
 * onEvent, whose PUT to the ResponseURL is the event's outcome.
 *
 *   runner ──request──► framework.onEvent ──Lambda Invoke──► local Lambda endpoint ──► handler asset
 *     ▲                        │                                                         │ WorkMail, Secrets Manager, CloudFormation
 *     └──── HTTPS PUT to ResponseURL (local TLS server) ◄─┘                              ▼ (AWS_ENDPOINT_URL_*)
 */
import { randomUUID } from 'crypto';
import * as os from 'os';
import * as path from 'path';
import { cloudFormationRoute, LocalStackStatus } from './cloudformation-endpoint';
import { CfnRequest, FrameworkRuntime, loadFramework, locateFramework, TESTED_AWS_CDK_LIB_VERSION } from './framework-runtime';
import { HandlerFunction } from './handler-function';
import { HandlerPermissions } from './iam-enforcement';
import { lambdaRoute } from './lambda-endpoint';
import { LocalEndpoints } from './local-endpoints';
import { applicationLogLevelOf, baseEnv, installSandbox, LogLevel, withEnv, withLogLevel } from './process-sandbox';
import { MAX_RESPONSE_BYTES, ResponseEndpoint } from './response-endpoint';
import { secretsManagerRoute } from './secrets-endpoint';
import type { ProviderTemplate, StackContext } from './stack-context';
import type { StackTimes } from './state';
import type { CrashInjection } from './types';
import { WorkMailProxy } from './workmail-proxy';

/** The framework's marker for a failed Create; its Delete is skipped by the framework. */
export const CREATE_FAILED_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

export interface ResourceEvent {
  readonly requestType: 'Create' | 'Update' | 'Delete';
  readonly logicalId: string;
  readonly resourceType: string;
  /** Logical id of the provider framework function. */
  readonly provider: string;
  readonly properties: Record<string, unknown>;
  readonly oldProperties?: Record<string, unknown>;
  readonly physicalId?: string;
}

/** What a run's requests to the providers came to. */
export interface EventCounts {
  readonly events: number;
  readonly maxInFlight: number;
}

export interface EventResult {
  readonly status: 'SUCCESS' | 'FAILED';
  /** CloudFormation's Reason ('SUCCESS' on success, as the framework sends it). */
  readonly reason: string;
  readonly physicalId: string;
  readonly data: Record<string, string>;
  readonly noEcho: boolean;
}

interface Provider {
  readonly handler: HandlerFunction;
  /** What the handler's role may call (undefined: IAM enforcement is off). */
  readonly permissions?: HandlerPermissions;
  /** The IAM-enforcing proxy the handler calls WorkMail through, once started. */
  proxy?: WorkMailProxy;
  /** The framework function's application log level (its LoggingConfig; aws-cdk-lib sets FATAL by default). */
  readonly frameworkLogLevel: LogLevel | undefined;
  /** The framework function's environment: its template variables plus the local Lambda endpoint. */
  frameworkEnv(): Record<string, string>;
}

/** Dummy credentials: nothing local checks signatures, and real ones must never be used. */
const DUMMY_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };

export class Session {
  /** Prepares the given provider framework functions (fails before any event if a bundle is missing). */
  public static async open(ctx: StackContext, providerIds: Iterable<string>): Promise<Session> {
    const location = locateFramework();
    if (location.version !== TESTED_AWS_CDK_LIB_VERSION) {
      ctx.log(`NOTICE aws-cdk-lib ${location.version} is installed; the local runner's use of the provider framework runtime was tested with ${TESTED_AWS_CDK_LIB_VERSION}`);
    }
    const framework = loadFramework(location);
    const responseHost = `cloudformation-custom-resource-response-${ctx.pseudo.region.replace(/-/g, '')}.s3.${ctx.pseudo.urlSuffix}`;
    const session = new Session(ctx, framework, responseHost);
    try {
      for (const id of providerIds) session.prepare(id);
      session.responses = await ResponseEndpoint.start(responseHost);
      session.endpoints = await LocalEndpoints.start([
        lambdaRoute([...session.providers.values()].map(p => p.handler)),
        secretsManagerRoute(ctx.secrets),
        cloudFormationRoute(name => session.describeStack(name)),
      ]);
      for (const provider of session.providers.values()) {
        const permissions = provider.permissions;
        if (!permissions) continue;
        provider.proxy = await WorkMailProxy.start({
          target: ctx.options.workmailEndpoint,
          authorize: (operation, organizationId) => permissions.authorize(operation, organizationId),
          log: line => session.functionLog(line),
        });
      }
      session.responses.redirectGlobalAgent();
      session.uninstallSandbox = installSandbox(line => session.functionLog(line));
    } catch (e) {
      await session.close();
      throw e;
    }
    return session;
  }

  /** What DescribeStacks answers as the stack's status while the events run (deploy and destroy set it). */
  public stackStatus: string | undefined;
  /** What DescribeStacks answers as the stack's CreationTime and LastUpdatedTime (deploy and destroy set them). */
  public stackTimes: StackTimes = { creationTime: new Date(0) };
  private readonly providers = new Map<string, Provider>();
  private readonly base = baseEnv();
  /** SDK config files that do not exist, so that no developer profile is read. */
  private readonly noConfigFile = path.join(os.tmpdir(), `workmail-local-${randomUUID()}`, 'none');
  private responses: ResponseEndpoint | undefined;
  /** Events sent so far per logical id, for crash injection. */
  private readonly eventsPerResource = new Map<string, number>();
  private endpoints: LocalEndpoints | undefined;
  private uninstallSandbox: (() => void) | undefined;
  private events = 0;
  private inFlight = 0;
  private maxInFlight = 0;

  private constructor(private readonly ctx: StackContext, private readonly framework: FrameworkRuntime, private readonly responseHost: string) {}

  /** The requests sent so far, and the most that were in flight at once. */
  public get eventCounts(): EventCounts {
    return { events: this.events, maxInFlight: this.maxInFlight };
  }

  /** Sends one CloudFormation request through the framework and returns its response; several may be in flight. */
  public async send(event: ResourceEvent): Promise<EventResult> {
    const observe = this.ctx.options.onEvent;
    const record = { logicalId: event.logicalId, resourceType: event.resourceType, requestType: event.requestType };
    this.events++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let result: EventResult | undefined;
    try {
      observe?.({ ...record, phase: 'start', time: performance.now() });
      result = await this.request(event);
      return result;
    } finally {
      this.inFlight--;
      observe?.({ ...record, phase: 'end', status: result?.status ?? 'FAILED', time: performance.now() });
    }
  }

  private async request(event: ResourceEvent): Promise<EventResult> {
    const provider = this.providers.get(event.provider);
    if (!provider || !this.responses) {
      return this.failed(event, `the provider framework function ${event.provider} is neither in the template nor in the deployed template the state file keeps, ` +
        `so the local runner cannot send this ${event.requestType}`);
    }
    const requestId = randomUUID();
    const { stackId } = this.ctx.pseudo;
    const key = encodeURIComponent(`${stackId}|${event.logicalId}|${requestId}`);
    const request: CfnRequest = {
      RequestType: event.requestType,
      ServiceToken: String(event.properties.ServiceToken ?? ''),
      ResponseURL: `https://${this.responseHost}/${key}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=local&X-Amz-Signature=local`,
      StackId: stackId,
      RequestId: requestId,
      LogicalResourceId: event.logicalId,
      ResourceType: event.resourceType,
      ResourceProperties: structuredClone(event.properties),
      ...(event.oldProperties ? { OldResourceProperties: structuredClone(event.oldProperties) } : {}),
      ...(event.physicalId !== undefined ? { PhysicalResourceId: event.physicalId } : {}),
    };

    let thrown: unknown;
    const runFramework = async () => {
      try {
        await this.framework.onEvent(request);
      } catch (e) {
        thrown = e;
      }
    };
    const deliver = () => withEnv(provider.frameworkEnv(), () => withLogLevel(provider.frameworkLogLevel, runFramework));
    const crash = this.crashFor(event.logicalId);
    if (!crash) {
      await deliver();
    } else {
      let crashed = false;
      const responses = this.responses;
      const onCrash = () => {
        crashed = true;
        // With redelivery, the framework invocation dies with its handler: what it would answer never arrives.
        if (crash.redeliver) responses.loseResponses(requestId, true);
      };
      provider.handler.armCrash(requestId, { atCall: crash.atCall, when: crash.when, onCrash });
      await deliver();
      responses.loseResponses(requestId, false);
      if (crashed) this.ctx.log(`CRASHED ${event.resourceType} ${event.logicalId} at WorkMail call ${crash.atCall} (${crash.when})`);
      if (crashed && crash.redeliver) {
        // Lambda's retry of a failed asynchronous invocation: the same request, to the framework again.
        this.ctx.log(`REDELIVER ${event.resourceType} ${event.logicalId} ${event.requestType} (same RequestId ${requestId})`);
        thrown = undefined;
        await deliver();
      }
    }

    const body = this.responses.take(requestId);
    if (body === undefined) {
      const why = thrown instanceof Error ? thrown.message : String(thrown ?? 'no error');
      return this.failed(event, `the provider framework sent no response (${why})`);
    }
    let response: { Status?: string; Reason?: string; PhysicalResourceId?: string; Data?: Record<string, unknown>; NoEcho?: boolean };
    try {
      response = JSON.parse(body);
    } catch {
      return this.failed(event, 'the provider framework sent a response that is not JSON');
    }
    const data = Object.fromEntries(Object.entries(response.Data ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    if (response.NoEcho) this.ctx.redactor.add(...Object.values(data));
    const physicalId = response.PhysicalResourceId ?? event.physicalId ?? requestId;
    if (Buffer.byteLength(body, 'utf8') > MAX_RESPONSE_BYTES) {
      // CloudFormation refuses such a response, whatever its Status.
      return { status: 'FAILED', reason: 'Response object is too long.', physicalId, data: {}, noEcho: false };
    }
    return {
      status: response.Status === 'SUCCESS' ? 'SUCCESS' : 'FAILED',
      reason: response.Reason ?? String(response.Status),
      physicalId,
      data,
      noEcho: !!response.NoEcho,
    };
  }

  /** The stack as DescribeStacks reports it, found by its name or its StackId. */
  public describeStack(nameOrId: string): LocalStackStatus | undefined {
    const { stackName, stackId } = this.ctx.pseudo;
    if (this.stackStatus === undefined || (nameOrId !== stackName && nameOrId !== stackId)) return undefined;
    return { stackName, stackId, status: this.stackStatus, ...this.stackTimes };
  }

  public async close(): Promise<void> {
    this.uninstallSandbox?.();
    this.responses?.restoreGlobalAgent();
    for (const provider of this.providers.values()) await provider.proxy?.close();
    await this.endpoints?.close();
    await this.responses?.close();
  }

  /** The crash injection for this event of `logicalId`, if the run has one (it counts the resource's events). */
  private crashFor(logicalId: string): CrashInjection | undefined {
    const crash = this.ctx.options.crash;
    const count = (this.eventsPerResource.get(logicalId) ?? 0) + 1;
    this.eventsPerResource.set(logicalId, count);
    return crash && crash.logicalId === logicalId && (crash.event ?? 1) === count ? crash : undefined;
  }

  private failed(event: ResourceEvent, reason: string): EventResult {
    return { status: 'FAILED', reason, physicalId: event.physicalId ?? CREATE_FAILED_MARKER, data: {}, noEcho: false };
  }

  private functionLog(line: string): void {
    this.ctx.options.functionLog?.(this.ctx.redactor.redact(line));
  }

  /** Finds a framework function's handler function and its bundle, in the template the function runs from. */
  private prepare(frameworkId: string): void {
    if (this.providers.has(frameworkId)) return;
    const { pseudo } = this.ctx;
    const source = this.ctx.providerTemplate(frameworkId);
    const functions = source?.model.provider(frameworkId);
    if (!source || !functions) throw new Error(`${frameworkId} is not a provider framework function of the template`);
    const { model, resolver } = source;
    const frameworkEnv = this.resolveVariables(source, frameworkId);
    const frameworkLogging = this.logging(source, frameworkId);
    const handlerFn = model.resource(functions.handlerId)!;
    const handlerWhere = `${functions.handlerId} (the provider's handler function)`;
    const props = handlerFn.Properties ?? {};
    const arn = frameworkEnv.USER_ON_EVENT_FUNCTION_ARN;
    const name = arn.split(':').pop() ?? functions.handlerId;
    if (typeof props.Runtime === 'string' && !props.Runtime.startsWith('nodejs')) {
      throw new Error(`${handlerWhere}: runtime ${props.Runtime} cannot run in the local runner (Node.js handlers only)`);
    }
    const code = (props.Code ?? {}) as Record<string, unknown>;
    if (code.S3Key === undefined) {
      throw new Error(`${handlerWhere}: its Code is not an S3 asset (inline or image code is not supported by the local runner)`);
    }
    const objectKey = String(resolver.resolve(code.S3Key, handlerWhere));
    const assetDir = source.assetsByObjectKey.get(objectKey);
    if (!assetDir) {
      throw new Error(`${handlerWhere}: its code asset ${objectKey} (in ${source.label}) is not in the cloud assembly's asset manifest: run npx projen bundle / synth first`);
    }
    const handlerLogging = this.logging(source, functions.handlerId);
    const permissions = this.ctx.options.enforceIam === false ? undefined : HandlerPermissions.of(this.ctx, source, functions.handlerId, name);
    const handler = new HandlerFunction({
      logicalId: functions.handlerId,
      arn,
      name,
      assetDir,
      handler: typeof props.Handler === 'string' ? props.Handler : 'index.handler',
      timeoutSeconds: Number(props.Timeout ?? 3),
      memorySize: Number(props.MemorySize ?? 128),
      logLevel: handlerLogging.level,
      isolate: this.ctx.options.isolateHandler,
      environment: () => ({
        ...this.base,
        ...this.resolveVariables(source, functions.handlerId),
        ...this.awsEnv(),
        ...handlerLogging.env,
        AWS_LAMBDA_FUNCTION_NAME: name,
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(props.MemorySize ?? 128),
        AWS_ENDPOINT_URL_WORKMAIL: this.providers.get(frameworkId)?.proxy?.url ?? this.ctx.options.workmailEndpoint,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: this.endpoints!.url,
        AWS_ENDPOINT_URL_CLOUDFORMATION: this.endpoints!.url,
      }),
    });
    this.providers.set(frameworkId, {
      handler,
      permissions,
      frameworkLogLevel: frameworkLogging.level,
      frameworkEnv: () => ({
        ...this.base,
        ...frameworkEnv,
        ...this.awsEnv(),
        ...frameworkLogging.env,
        AWS_LAMBDA_FUNCTION_NAME: `${pseudo.stackName}-${frameworkId}`.slice(0, 64),
        AWS_ENDPOINT_URL_LAMBDA: this.endpoints!.url,
      }),
    });
  }

  /** What Lambda and the SDK need to know, and nothing of the developer's own AWS configuration. */
  private awsEnv(): Record<string, string> {
    return {
      ...DUMMY_CREDENTIALS,
      AWS_REGION: this.ctx.pseudo.region,
      AWS_DEFAULT_REGION: this.ctx.pseudo.region,
      AWS_CONFIG_FILE: this.noConfigFile,
      AWS_SHARED_CREDENTIALS_FILE: this.noConfigFile,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
  }

  /** A function's LoggingConfig as Lambda applies it: the level of its console lines, and the variables Lambda sets. */
  private logging(source: ProviderTemplate, functionId: string): { level: LogLevel | undefined; env: Record<string, string> } {
    const config = source.resolver.resolve(source.model.resource(functionId)?.Properties?.LoggingConfig, `${functionId} (LoggingConfig)`);
    const level = applicationLogLevelOf(config);
    const format = (config as { LogFormat?: unknown } | undefined)?.LogFormat === 'JSON' ? 'JSON' : 'Text';
    return { level, env: { AWS_LAMBDA_LOG_FORMAT: format, ...(level ? { AWS_LAMBDA_LOG_LEVEL: level } : {}) } };
  }

  /** A function's Environment.Variables from the template, resolved. */
  private resolveVariables(source: ProviderTemplate, functionId: string): Record<string, string> {
    const where = `${functionId} (Environment.Variables)`;
    const env = source.model.resource(functionId)?.Properties?.Environment as { Variables?: unknown } | undefined;
    const resolved = source.resolver.resolve(env?.Variables ?? {}, where) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(resolved).map(([k, v]) => [k, String(v)]));
  }
}
