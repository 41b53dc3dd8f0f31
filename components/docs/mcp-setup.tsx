/** How to add Outpost to an MCP client (DESIGN §3.4); `endpoint` is this instance's /api/mcp. */
export function McpSetup({ endpoint }: { endpoint: string }) {
  const claudeCode = `claude mcp add --transport http outpost ${endpoint} --header "Authorization: Bearer $OUTPOST_API_KEY"`;
  const claudeDesktop = JSON.stringify(
    {
      mcpServers: {
        outpost: {
          command: 'npx',
          args: ['-y', 'mcp-remote', endpoint, '--header', 'Authorization:${AUTH_HEADER}'],
          env: { AUTH_HEADER: 'Bearer op_your_api_key' },
        },
      },
    },
    null,
    2,
  );
  const generic = JSON.stringify({ mcpServers: { outpost: { type: 'http', url: endpoint, headers: { Authorization: 'Bearer op_your_api_key' } } } }, null, 2);
  const inspector = `npx @modelcontextprotocol/inspector --cli ${endpoint} --transport http --method tools/list --header "Authorization: Bearer $OUTPOST_API_KEY"`;
  // Wrapped rather than scrolled: a scrolling block would need to be keyboard-focusable (axe).
  const code = 'block rounded bg-slate-900 p-3 text-xs leading-relaxed break-all whitespace-pre-wrap text-slate-50';
  return (
    <section id="mcp" aria-labelledby="mcp-heading" className="mx-auto max-w-6xl space-y-3 px-4 py-6 text-sm text-slate-800 sm:px-6">
      <h2 id="mcp-heading" className="text-lg font-semibold text-slate-900">
        MCP server for agents
      </h2>
      <p>
        Outpost speaks the Model Context Protocol at <code className="rounded bg-slate-100 px-1">{endpoint}</code> (Streamable HTTP, stateless), authenticated
        with an API key like the REST API: <code className="rounded bg-slate-100 px-1">Authorization: Bearer &lt;api key&gt;</code>. Its tools —{' '}
        <code>list_integrations</code>, <code>list_connections</code>, <code>preview</code>, <code>create_task</code>, <code>get_task</code>,{' '}
        <code>list_tasks</code>, <code>cancel_task</code>, <code>retry_task</code>, <code>create_connect_link</code>, <code>list_templates</code> — take the
        same fields as the REST routes below and answer with the same objects.
      </p>
      <h3 className="font-semibold text-slate-900">Claude Code</h3>
      <pre className={code}>
        <code>{claudeCode}</code>
      </pre>
      <h3 className="font-semibold text-slate-900">Claude Desktop (claude_desktop_config.json)</h3>
      <pre className={code}>
        <code>{claudeDesktop}</code>
      </pre>
      <h3 className="font-semibold text-slate-900">Any Streamable HTTP client (Cursor, VS Code and others that take a URL and headers)</h3>
      <pre className={code}>
        <code>{generic}</code>
      </pre>
      <h3 className="font-semibold text-slate-900">Check it with the MCP Inspector</h3>
      <pre className={code}>
        <code>{inspector}</code>
      </pre>
      <p>
        It lists the ten tools. In the Inspector&apos;s web UI (<code>npx @modelcontextprotocol/inspector</code>) choose the transport “Streamable HTTP”, enter the URL
        and the <code>Authorization</code> header, then Connect and List Tools.
      </p>
    </section>
  );
}
