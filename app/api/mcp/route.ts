import { appOrigin } from '@/lib/connect/origin';
import { handleMcpRequest } from '@/lib/mcp/server';

// /api/mcp: the Model Context Protocol endpoint (DESIGN §3.4); lib/mcp does the work.
const handle = (request: Request) => handleMcpRequest(request, appOrigin(request));

export const POST = handle;
export const GET = handle;
export const DELETE = handle;
