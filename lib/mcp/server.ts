import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { assertStorableJson, readBodyText } from '@/lib/api/read-body';
import { tooDeepInText } from '@/lib/api/json-guard';
import { limitApiRequests } from '@/lib/api/rate-limit';
import { verifyApiKey } from '@/lib/auth/api-keys';
import { describeError } from '@/lib/describe-error';
import { AppError } from '@/lib/errors';
import { tools, type ToolContext, type ToolDefinition } from './tools';

// POST /api/mcp (DESIGN §3.4): the Model Context Protocol over Streamable HTTP, stateless. Every
// request gets its own server and transport, so any web process can answer any request and
// nothing lives between requests (no session id, no server-sent event stream to resume).

const SERVER_INFO = { name: 'outpost', title: 'Outpost', version: '1.0.0' };

const INSTRUCTIONS = [
  'Outpost delivers results to the outside world with the user\'s own connected accounts: X threads, WordPress drafts, Slack and Discord messages, HTTP calls.',
  'Typical flow: list_connections (or create_connect_link when the needed account is missing) → preview → create_task → get_task until the status is succeeded, failed or skipped.',
].join(' ');

type JsonSchema = Record<string, unknown>;

function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Tool['inputSchema'] {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  // Clients validate with draft-07 validators (the SDK's own uses Ajv's default), which reject a
  // $schema they do not know; the keywords used here mean the same in both drafts.
  delete json.$schema;
  return json as Tool['inputSchema'];
}

// Built once per process: a tool list is the same for every user.
let listed: Tool[] | undefined;
function toolList(): Tool[] {
  listed ??= tools.map((tool) => ({
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: jsonSchemaOf(tool.input, 'input'),
    ...(tool.output ? { outputSchema: jsonSchemaOf(tool.output, 'output') as Tool['outputSchema'] } : {}),
    annotations: { title: tool.title, ...tool.annotations },
  }));
  return listed;
}

/** A tool failure as the model reads it: the REST error envelope, so its message names the field. */
function errorResult(error: AppError): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: JSON.stringify(error.toJSON()) }] };
}

async function callTool(tool: ToolDefinition, ctx: ToolContext, args: Record<string, unknown>): Promise<CallToolResult> {
  try {
    // The same check REST bodies get (NUL, lone surrogates), with paths relative to the arguments.
    assertStorableJson(args);
    const structured = await tool.run(ctx, args);
    return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
  } catch (error) {
    if (error instanceof AppError) return errorResult(error);
    console.error(`[mcp] ${tool.name} failed:`, describeError(error));
    return errorResult(new AppError('internal_error', 'Something went wrong on our side; the error was logged.'));
  }
}

export function createMcpServer(ctx: ToolContext): Server {
  const server = new Server(SERVER_INFO, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: toolList() }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = tools.find((t) => t.name === request.params.name);
    // An unknown tool is the client's protocol mistake, not a tool outcome (MCP: -32602).
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    return callTool(tool, ctx, request.params.arguments ?? {});
  });
  return server;
}

function jsonRpcError(status: number, code: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ jsonrpc: '2.0', error: { code, message }, id: null }, { status, headers });
}

/** Like the REST API: `Authorization: Bearer <api key>`. Cookies are not accepted here. */
async function authenticate(request: Request): Promise<string> {
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  const userId = match ? await verifyApiKey(match[1]!) : null;
  if (userId) return userId;
  throw new AppError(
    'unauthorized',
    !header ? 'Authentication required: send "Authorization: Bearer <api key>"' : match ? 'Invalid or revoked API key' : 'Authorization header must be "Bearer <api key>"',
    [],
    { 'www-authenticate': 'Bearer realm="outpost"' },
  );
}

/** Reads the JSON-RPC body under the REST limits (1 MiB, nesting depth) before the SDK sees it. */
async function readMessage(request: Request): Promise<unknown> {
  const text = await readBodyText(request);
  const tooDeep = tooDeepInText(text);
  if (tooDeep) throw new AppError('bad_request', `Request body is nested too deeply at ${tooDeep.path}`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid_json', `Request body is not valid JSON: ${error instanceof SyntaxError ? error.message : 'unparseable'}`);
  }
}

export async function handleMcpRequest(request: Request, origin: string): Promise<Response> {
  try {
    const userId = await authenticate(request);
    await limitApiRequests(userId);
    // Stateless: no stream to open with GET and no session to end with DELETE (the spec's answer
    // for a server that offers neither is 405).
    if (request.method !== 'POST') return jsonRpcError(405, ErrorCode.ConnectionClosed, 'Method not allowed: this server is stateless; send JSON-RPC messages with POST', { allow: 'POST' });
    const message = await readMessage(request);
    const server = createMcpServer({ userId, origin });
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    const response = await transport.handleRequest(request, { parsedBody: message });
    // A JSON answer is complete once returned; nothing else will be sent on this transport.
    void transport.close().then(() => server.close());
    return response;
  } catch (error) {
    if (error instanceof AppError) {
      const code = error.code === 'invalid_json' ? ErrorCode.ParseError : error.code === 'bad_request' ? ErrorCode.InvalidRequest : ErrorCode.ConnectionClosed;
      return jsonRpcError(error.status, code, error.message, error.headers);
    }
    console.error('[mcp] request failed:', describeError(error));
    return jsonRpcError(500, ErrorCode.InternalError, 'Something went wrong on our side; the error was logged.');
  }
}
